package org.ganworkbench.experiments;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep's notebook views: progress lines, the contact sheet, events and smoke overrides. */
@Tag("slow")   // trains for real or starts child JVMs: test.sh runs these in a step of their own
class SweepViewsTest {

    @Test
    void progressPrintsOneLinePerRunAndTheContactSheetHasOneCellPerVariant(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("views", 20, "[1, 2]", 1), "views.json");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream old = System.out;
        Results results;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            results = new SweepRunner(sweep, dir).listener(new SweepProgress(dir)).run();
        } finally {
            System.setOut(old);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("4/4 runs done"), out);
        assertTrue(out.contains("all 4 runs finished"), out);
        BufferedImage sheet = SweepPictures.samples(results, 1, "modes_covered", 100, 2);
        assertTrue(sheet.getWidth() >= 200 && sheet.getHeight() >= 100, sheet.getWidth() + "x" + sheet.getHeight());
        assertThrows(IllegalArgumentException.class, () -> SweepPictures.samples(results, 99, null, 100, 2));
        for (SweepRun run : sweep.runs()) {
            assertTrue(Files.exists(run.dir(dir).resolve(RunFolder.EVENTS)), "events.jsonl of " + run.relativeDir());
            assertTrue(Files.exists(run.dir(dir).resolve(RunFolder.CHECKPOINT).resolve("generator.params")));
        }
    }

    @Test
    void smokeOverridesApplyToTheBaseAndKeepTheVariants() {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("smoke", 50, "[1, 2, 3]", 2), "smoke.json");
        Sweep small = sweep.withBase(Map.of("steps", 5)).withSeeds(List.of(7L)).withParallel(1);
        assertEquals(2, small.runs().size());
        for (SweepRun run : small.runs()) {
            assertEquals(5, run.spec().toTrainingConfig().steps());
            assertEquals(7L, run.seed());
        }
        assertEquals(0.1, small.runs().get(1).spec().toTrainingConfig().tricks().instanceNoise(), 1e-12);
    }
}
