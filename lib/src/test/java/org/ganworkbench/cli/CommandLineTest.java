package org.ganworkbench.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void helpListsEveryCommandAndEachCommandHasItsOwnHelp() {
        CliRun help = CliRun.gan("--help");
        assertEquals(0, help.exit(), help.err());
        for (String command : new String[] {"bench", "train-classifier", "evaluate-folder", "msssim", "swd",
                "metric-bench", "sweep", "run-one", "options", "doctor"}) {
            assertTrue(help.out().contains(command), command + " missing from: " + help.out());
            CliRun one = CliRun.gan(command, "--help");
            assertEquals(0, one.exit(), command + ": " + one.err());
            assertTrue(one.out().startsWith("Usage: gan " + command), one.out());
        }
        assertFalse(help.out().contains("generate-completion"), "the completion generator is a hidden command");
        CliRun completion = CliRun.gan("generate-completion");
        assertEquals(0, completion.exit(), completion.err());
        assertTrue(completion.out().contains("complete -F"), "not a bash completion script");
    }

    @Test
    void mistakesExitTwoAndSayWhatWasWrong() {
        CliRun none = CliRun.gan();
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no command given"), none.err());
        CliRun unknown = CliRun.gan("frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("frobnicate"), unknown.err());
        CliRun enumValue = CliRun.gan("bench", "--upsampler", "bilinear");
        assertEquals(2, enumValue.exit());
        assertTrue(enumValue.err().contains("--upsampler") && enumValue.err().contains("bilinear"), enumValue.err());
        CliRun metric = CliRun.gan("metric-bench", "--metric", "fid", "--n", "4", "--sizes", "16");
        assertEquals(2, metric.exit());
        assertTrue(metric.err().startsWith("metric-bench: --metric must be swd or msssim, got 'fid'"), metric.err());
    }

    @Test
    void theMetricBenchTimesBothPixelMetricsAndAnswersToItsOldName() {
        CliRun swd = CliRun.gan("swd-bench", "--n", "8", "--sizes", "16");
        assertEquals(0, swd.exit(), swd.err());
        CliRun msssim = CliRun.gan("metric-bench", "--metric", "msssim", "--n", "8", "--sizes", "32");
        assertEquals(0, msssim.exit(), msssim.err());
    }
}
