package org.ganworkbench.experiments;

import org.ganworkbench.models.GrowthSchedule;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.training.Checkpoint;
import org.ganworkbench.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run specs of model "progressive": every key round-trips and builds; a tiny run grows and reloads at its stage. */
class ProgressiveRunTest {

    static final String SPEC = """
            {"data": "fashion-mnist-32",
             "model": {"name": "progressive", "latent_dim": 8, "feature_maps": [8, 8, 4, 4], "growing": true,
                       "fade_images": 16, "stable_images": 16, "minibatch_stddev": true, "stddev_group": 4,
                       "equalized_lr": false, "pixelnorm": true, "normalize_latent": true},
             "loss": {"name": "lsgan"},
             "optimizer": {"name": "adam", "lr_d": 0.001, "lr_g": 0.001, "beta1": 0, "beta2": 0.99},
             "tricks": {"ema_decay": 0.999},
             "batch_size": 8, "steps": 8, "log_every": 2, "seed": 3, "engine": "MXNet",
             "evaluation": {"n": 20, "metrics": ["msssim"]}, "samples": 16}""";

    @Test
    void aProgressiveSpecRoundTripsAndBuildsTheModelItNames() {
        RunSpec spec = RunSpec.fromJson(SPEC);
        RunSpec back = RunSpec.fromJson(spec.toJson());
        assertEquals(spec, back);
        assertEquals(spec.id(), back.id());
        assertEquals(List.of(8L, 8L, 4L, 4L), spec.model().get("feature_maps"));
        TrainingConfig config = spec.toTrainingConfig();
        ProgressiveGan arch = (ProgressiveGan) config.architecture();
        assertEquals("progressive-32-noeqlr", arch.name());
        assertArrayEquals(new int[] {8, 8, 4, 4}, arch.featureMaps());
        assertEquals(new GrowthSchedule(4, 16, 16, true), arch.schedule());
        assertEquals(8, arch.latent().dim());
        assertEquals(4, arch.settings().get("stddev_group"));
        // every switch reaches the model
        assertEquals("progressive-32-nogrow-nostddev-nopixelnorm-nolatentnorm", RunSpec.fromJson(SPEC
                .replace("\"growing\": true", "\"growing\": false")
                .replace("\"minibatch_stddev\": true", "\"minibatch_stddev\": false")
                .replace("\"equalized_lr\": false", "\"equalized_lr\": true")
                .replace("\"pixelnorm\": true", "\"pixelnorm\": false")
                .replace("\"normalize_latent\": true", "\"normalize_latent\": false"))
                .toTrainingConfig().architecture().name());
        assertFalse(arch.resetsOptimizerEachPhase());
        assertTrue(((ProgressiveGan) RunSpec.fromJson(SPEC.replace("\"normalize_latent\": true",
                "\"normalize_latent\": true, \"reset_optimizer\": true")).toTrainingConfig().architecture())
                .resetsOptimizerEachPhase());
        // the width rule instead of explicit widths; defaults for what is not given
        ProgressiveGan rule = (ProgressiveGan) RunSpec.fromJson("""
                {"data": "fashion-mnist-32", "model": {"name": "progressive", "fmap_base": 64, "fmap_max": 16}}""")
                .toTrainingConfig().architecture();
        assertArrayEquals(new int[] {16, 16, 8, 4}, rule.featureMaps());
        assertEquals(ProgressiveGan.DEFAULT_PHASE_IMAGES, rule.schedule().fadeImages());
        assertEquals("progressive-32", rule.name());
    }

    @Test
    void refusesWhatCannotWork() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> RunSpec.fromJson(
                SPEC.replace("\"latent_dim\": 8,", "\"latent_dim\": 8, \"fmap_base\": 64,")).toTrainingConfig());
        assertTrue(both.getMessage().contains("feature_maps"), both.getMessage());
        IllegalArgumentException widths = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC.replace("[8, 8, 4, 4]", "[8, 8, 4]")).toTrainingConfig());
        assertTrue(widths.getMessage().contains("one width per resolution"), widths.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC.replace("fashion-mnist-32", "fashion-mnist")).toTrainingConfig());
        assertTrue(size.getMessage().contains("power-of-two"), size.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC).with("model.width", 8));
        assertTrue(key.getMessage().contains("fade_images"), key.getMessage());
        IllegalArgumentException gp = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC.replace("\"lsgan\"", "\"wgan-gp\", \"drift\": 0.001")).toTrainingConfig());
        assertTrue(gp.getMessage().contains("PyTorch"), gp.getMessage());
    }

    @Test
    void aTinyRunGrowsLogsItsStagesAndReloadsAtTheLastOne(@TempDir Path dir) throws Exception {
        RunResult r = Experiment.run(RunSpec.fromJson(SPEC), dir);
        assertFalse(r.failed(), String.valueOf(r));
        List<String> log = Files.readAllLines(dir.resolve(RunFolder.LOG));
        List<String> header = List.of(log.get(0).split(","));
        assertTrue(header.contains("resolution") && header.contains("alpha"), log.get(0));
        assertEquals(5, log.size(), "four rows of two steps");
        RunHistory h = RunHistory.of(dir);
        // steps 2, 4, 6, 8 start with 8, 24, 40, 56 images shown: (4, 1), (8, 0.5), (8, 1), (16, 0.5)
        assertArrayEquals(new double[] {4, 8, 8, 16}, h.log().column("resolution"));
        assertArrayEquals(new double[] {1, 0.5, 1, 0.5}, h.log().column("alpha"), 1e-7);
        // the x axes of the paper's Figure 4: images shown and training seconds, summed from the log's rates
        var overImages = h.overImages("resolution");
        assertEquals(List.of("step", RunHistory.IMAGES, RunHistory.SECONDS, "resolution"),
                overImages.columnNames().subList(0, 4));
        assertEquals(8 * 8, overImages.doubleColumn(RunHistory.IMAGES).get(0), "8 steps of 8 images");
        double seconds = 0;
        for (double rate : h.log().column("images_per_s")) {
            seconds += 2 * 8 / rate;
        }
        assertEquals(seconds, overImages.doubleColumn(RunHistory.SECONDS).get(0), 1e-9 * seconds);
        assertEquals(r.trainingSeconds(), seconds, 0.01 * seconds + 1e-3, "the log's intervals add up to the run's time");
        // with 5 D steps per step, each step shows 5 batches
        Path other = Files.createDirectories(dir.resolve("k5"));
        Files.copy(dir.resolve(RunFolder.LOG), other.resolve(RunFolder.LOG));
        Files.copy(dir.resolve("metrics.jsonl"), other.resolve("metrics.jsonl"));
        Files.writeString(other.resolve(RunFolder.SPEC), RunSpec.fromJson(SPEC).with("optimizer.d_steps", 5).toJson());
        assertEquals(40, RunHistory.of(other).imagesPerStep());
        assertEquals(5 * seconds, RunHistory.of(other).overImages().doubleColumn(RunHistory.SECONDS).get(0), 1e-9 * seconds,
                "the logged rate counts all 5 batches");
        assertEquals(2.0, RunHistory.interpolate(new double[] {0, 2, 4}, new double[] {0, 1, 3}, 3), 1e-12);
        assertTrue(Double.isNaN(RunHistory.interpolate(new double[] {0, 2}, new double[] {0, 1}, 3)), "beyond the log");
        double end = overImages.doubleColumn(RunHistory.SECONDS).get(0);
        assertEquals(64.0, RunHistory.at(overImages, RunHistory.SECONDS, end, RunHistory.IMAGES), 1e-9);
        assertTrue(Double.isNaN(RunHistory.at(overImages, RunHistory.SECONDS, 2 * end, RunHistory.IMAGES)));
        try (var gan = Experiment.loadGan(dir)) {
            ProgressiveGan arch = (ProgressiveGan) gan.architecture();
            assertEquals(new GrowthSchedule.Stage(2, 0.5f), arch.stage(gan), "loaded at the stage it was trained at");
        }
        // the run has the EMA trick: its checkpoint holds G's average too, and loadGan gives that G by default
        Path checkpoint = dir.resolve(RunFolder.CHECKPOINT);
        assertTrue(Checkpoint.hasAveragedGenerator(checkpoint));
        float[] averaged;
        float[] live;
        try (var byDefault = Experiment.loadGan(dir); var ema = Experiment.loadGan(dir, true);
             var plain = Experiment.loadGan(dir, false)) {
            averaged = ema.sampleToArray(new java.util.Random(4), 3);
            live = plain.sampleToArray(new java.util.Random(4), 3);
            assertArrayEquals(averaged, byDefault.sampleToArray(new java.util.Random(4), 3));
        }
        assertFalse(java.util.Arrays.equals(averaged, live), "after 8 steps at decay 0.999 the average is not the live G");
    }
}
