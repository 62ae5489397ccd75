package org.ganworkbench.experiments;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Translation models as run specs: scored on the test maps, with reference rows scored the same way. */
class TranslationRunTest {

    private static Sweep sweep(String evaluation) {
        return Sweep.fromJson("""
                {"name": "scenes", "base": {"data": "shape-scenes-32", "model": {"name": "pix2pix", "width": 4,
                 "d_width": 4}, "loss": "lsgan", "steps": 3, "batch_size": 8, "samples": 4,
                 "evaluation": %s}, "variants": {"a": {}, "spade": {"model.name": "spade", "model.hidden": 4,
                 "model.latent_dim": 8}}, "seeds": [1]}""".formatted(evaluation), "scenes.json");
    }

    @Test
    void aRunIsScoredOnTheTestMapsAndItsReferencesCarryTheSameNames(@TempDir Path dir) {
        Sweep s = sweep("{\"n\": 64, \"metrics\": [\"swd\"]}");
        for (SweepRun r : s.runs()) {
            RunResult run = Experiment.run(r.spec(), dir.resolve(r.variant()));
            assertFalse(run.failed(), String.valueOf(run));
            assertEquals(java.util.Set.of("swd_64", "swd_64_32", "swd_64_16"), run.metrics().keySet(), r.variant());
            assertTrue(Files.exists(dir.resolve(r.variant()).resolve("samples.png")), "maps, G's images and the real ones");
        }
        Map<String, List<Map<String, Double>>> rows = Results.of(s, dir.resolve("refs")).referenceRows(2);
        assertEquals(List.of("reference: real scenes of their own maps", "reference: real scenes of other maps",
                "reference: uniform noise images"), List.copyOf(rows.keySet()));
        // other real scenes lie close to the reference images, noise far off
        double real = rows.get("reference: real scenes of their own maps").get(0).get("swd_64");
        assertTrue(rows.get("reference: uniform noise images").get(0).get("swd_64") > 5 * real, rows.toString());
    }

    /** With the scene segmenter (trained on a fresh clone once, about 3 minutes on 2 cores). */
    @Test
    @Tag("slow")
    void theSegmentationScoreBracketsRunsBetweenRealScenesAndOtherScenesMaps(@TempDir Path dir) {
        Sweep s = sweep("{\"n\": 200, \"metrics\": [\"seg\", \"swd\"]}");
        RunResult run = Experiment.run(s.runs().get(0).spec(), dir.resolve("run"));
        assertFalse(run.failed(), String.valueOf(run));
        Map<String, List<Map<String, Double>>> rows = Results.of(s, dir).referenceRows(1);
        for (List<Map<String, Double>> draws : rows.values()) {
            assertEquals(run.metrics().keySet(), draws.get(0).keySet(), "scored exactly like the runs");
        }
        Map<String, Double> real = rows.get("reference: real scenes of their own maps").get(0);
        Map<String, Double> other = rows.get("reference: real scenes of other maps").get(0);
        assertTrue(real.get("miou_scenes_200") > 0.8 && real.get("pixacc_scenes_200") > 0.95, real.toString());
        assertTrue(other.get("miou_scenes_200") < 0.3, other.toString());
        double m = run.metrics().get("miou_scenes_200");
        assertTrue(m >= 0 && m <= 1, run.toString());
        // the run's history (curves, Results.meanCurves) names the scores as its results do
        var history = RunHistory.of(dir.resolve("run")).overImages();
        assertTrue(history.columnNames().containsAll(List.of("miou_scenes_200", "pixacc_scenes_200")),
                history.columnNames().toString());
        assertEquals(m, history.numberColumn("miou_scenes_200").getDouble(history.rowCount() - 1), 1e-12);
    }

    @Test
    void theSegmentationScoreReportsItsMiouAndPixelAccuracyUnderTheirOwnNames() {
        var values = new java.util.LinkedHashMap<String, Double>(Map.of("miou", 0.5, "pixel_accuracy", 0.9));
        values.put("iou_circle", 0.4);
        assertEquals(Map.of("miou_scenes_100", 0.5, "pixacc_scenes_100", 0.9),
                org.ganworkbench.metrics.MetricRegistry.reported("seg_scenes_100", values));
        var missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.ganworkbench.metrics.MetricRegistry.reported("seg_scenes_100", Map.of("miou", 0.5)));
        assertTrue(missing.getMessage().contains("pixel_accuracy"), missing.getMessage());
    }
}
