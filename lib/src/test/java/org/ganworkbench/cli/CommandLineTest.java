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
        for (String command : new String[] {"bench", "train-classifier", "train-segmenter", "evaluate-folder", "msssim", "swd",
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
        assertTrue(enumValue.err().contains("must be one of transposed, resize, pixel-shuffle"),
                "the names users write, not Java's constants: " + enumValue.err());
        CliRun domain = CliRun.gan("train-classifier", "--domain", "cifar");
        assertEquals(2, domain.exit(), domain.err());
        assertTrue(domain.err().contains("--domain") && domain.err().contains("must be one of fmnist, shapes, got 'cifar'"),
                domain.err());
        CliRun side = CliRun.gan("train-segmenter", "--size", "30");
        assertEquals(2, side.exit(), side.err());
        assertTrue(side.err().startsWith("train-segmenter: ") && side.err().contains("power of two from 8 to 1024")
                && side.err().contains("got 30"), side.err());
        CliRun zero = CliRun.gan("bench", "--steps", "0");
        assertEquals(2, zero.exit(), zero.err());
        assertTrue(zero.err().startsWith("bench: --steps must be at least 1"), zero.err());
        CliRun soakSteps = CliRun.gan("soak", "--steps", "5");
        assertEquals(2, soakSteps.exit(), soakSteps.err());
        assertTrue(soakSteps.err().startsWith("soak: --steps must be at least 10"), soakSteps.err());
        CliRun soakFamily = CliRun.gan("soak", "--families", "mlp,stylegan");
        assertEquals(2, soakFamily.exit(), soakFamily.err());
        assertTrue(soakFamily.err().contains("unknown family 'stylegan'; the families are mlp, wgan-gp, dcgan, began, "
                + "progressive, sagan"), soakFamily.err());
        CliRun help = CliRun.gan("bench", "--help");
        assertTrue(help.out().contains("transposed, resize, pixel-shuffle") && help.out().contains("(default: transposed)"),
                help.out());
        CliRun metric = CliRun.gan("metric-bench", "--metric", "nope", "--n", "4", "--sizes", "16");
        assertEquals(2, metric.exit());
        assertTrue(metric.err().startsWith("metric-bench: --metric must be swd, msssim or a feature kind [fid, kid,"),
                metric.err());
    }

    @Test
    void badFilesExitTwoWithAMessageAndNoStackTraceUnlessDebug(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        CliRun missing = CliRun.gan("sweep", dir.resolve("nope.json").toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().startsWith("sweep: " + dir.resolve("nope.json") + ": no such sweep file"), missing.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace: " + missing.err());
        CliRun debug = CliRun.gan("sweep", dir.resolve("nope.json").toString(), "--debug");
        assertEquals(2, debug.exit());
        assertTrue(debug.err().contains("\tat org.ganworkbench."), "--debug shows where: " + debug.err());
        CliRun folder = CliRun.gan("run-one", dir.toString(), dir.resolve("out").toString());
        assertEquals(2, folder.exit(), folder.err());
        assertTrue(folder.err().contains(dir + ": is a folder, not a spec file"), folder.err());
        java.nio.file.Path commented = java.nio.file.Files.writeString(dir.resolve("c.json"),
                "{\"name\": \"c\", // a comment\n \"base\": {\"data\": \"ring8\"}}");
        CliRun comment = CliRun.gan("sweep", commented.toString());
        assertEquals(2, comment.exit(), comment.err());
        assertTrue(comment.err().contains("c.json: not valid JSON") && comment.err().contains("line 1"), comment.err());
        java.nio.file.Path sweep = java.nio.file.Files.writeString(dir.resolve("s.json"),
                "{\"name\": \"s\", \"base\": {\"data\": \"ring8\", \"steps\": 2}, \"seeds\": [1]}");
        CliRun both = CliRun.gan("sweep", sweep.toString(), "--spark", "local[2]", "--parallel", "2");
        assertEquals(2, both.exit(), both.err());
        assertTrue(both.err().contains("--parallel and --spark exclude each other"), both.err());
        CliRun master = CliRun.gan("sweep", sweep.toString(), "--spark", "localhost:7077");
        assertEquals(2, master.exit(), master.err());
        assertTrue(master.err().contains("--spark: 'localhost:7077' is not a Spark master URL"), master.err());
        CliRun conf = CliRun.gan("sweep", sweep.toString(), "--spark-conf", "spark.executor.memory=4g");
        assertEquals(2, conf.exit(), conf.err());
        assertTrue(conf.err().contains("--spark-conf goes with --spark"), conf.err());
        CliRun noFolder = CliRun.gan("evaluate-folder", dir.resolve("absent").toString());
        assertEquals(2, noFolder.exit(), noFolder.err());
        assertTrue(noFolder.err().contains("absent") && !noFolder.err().contains("\tat "), noFolder.err());
    }

    @Test
    void theMetricBenchTimesBothPixelMetricsAndAnswersToItsOldName() {
        CliRun swd = CliRun.gan("swd-bench", "--n", "8", "--sizes", "16");
        assertEquals(0, swd.exit(), swd.err());
        CliRun msssim = CliRun.gan("metric-bench", "--metric", "msssim", "--n", "8", "--sizes", "32");
        assertEquals(0, msssim.exit(), msssim.err());
        CliRun pr = CliRun.gan("metric-bench", "--metric", "pr", "--n", "20");   // a feature metric on Gaussian rows
        assertEquals(0, pr.exit(), pr.err());
    }
}
