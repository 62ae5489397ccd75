package org.ganworkbench.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A BEGAN run spec end to end: padded Fashion-MNIST, the autoencoder model, γ, lr decay, MS-SSIM. */
class BeganRunTest {

    static final String SPEC = """
            {"data": "fashion-mnist-32",
             "model": {"name": "began", "width": 4, "hidden": 8, "latent_dim": 8},
             "loss": {"name": "began", "gamma": 0.7},
             "optimizer": {"name": "recommended", "lr_decay_window": 2, "lr_decay_tolerance": 0.5},
             "batch_size": 8, "steps": 6, "log_every": 2, "seed": 3,
             "evaluation": {"n": 20, "metrics": ["msssim"], "every": 2}, "samples": 16}""";

    @Test
    void runsIntoAFolderWithTheControllerColumnsAndMsSsim(@TempDir Path dir) throws Exception {
        RunSpec spec = RunSpec.fromJson(SPEC);
        RunResult r = Experiment.run(spec, dir);
        assertTrue(!r.failed(), String.valueOf(r));
        List<String> log = Files.readAllLines(dir.resolve(RunFolder.LOG));
        String header = log.get(0);
        for (String c : List.of("k", "m_global", "l_real", "l_fake", "lr_scale")) {
            assertTrue(List.of(header.split(",")).contains(c), "log.csv lacks " + c + ": " + header);
        }
        assertEquals(4, log.size(), "three rows of two steps each");
        double ms = r.metric("msssim_20");
        double real = r.metric("msssim_20_real");
        assertTrue(ms > 0 && ms <= 1, "msssim " + ms);
        assertTrue(real > 0 && real < 1, "real baseline " + real);
        // the run's course: evaluations at steps 2 and 4 (with snapshots) and the final one at 6
        RunHistory h = RunHistory.of(dir);
        assertEquals(List.of(2, 4, 6), h.steps());
        var table = h.table("m_global", "k");
        assertEquals(3, table.rowCount());
        assertEquals(List.of("step", "m_global", "k", "msssim_20", "msssim_20_real"), table.columnNames());
        assertEquals(h.log().column("m_global")[0], table.doubleColumn("m_global").get(0), 1e-12);
        assertEquals(3, h.pictures().size());
        assertTrue(Files.exists(dir.resolve("snapshots/step-4.png")));
        // the final weights load back into a GAN that scores images as an autoencoder
        try (var gan = Experiment.loadGan(dir); var m = gan.manager().newSubManager()) {
            float[] e = gan.discriminate(gan.sample(m, new java.util.Random(1), 3), false).toFloatArray();
            assertEquals(3, e.length);
            for (float v : e) {
                assertTrue(v > 0 && Float.isFinite(v), "energy " + v);
            }
        }
        // no EMA trick: no average to load, and asking for one says which file is missing
        assertFalse(org.ganworkbench.training.Checkpoint.hasAveragedGenerator(dir.resolve(RunFolder.CHECKPOINT)));
        java.io.UncheckedIOException none = assertThrows(java.io.UncheckedIOException.class,
                () -> Experiment.loadGan(dir, true).close());
        assertTrue(none.getMessage().contains("generator-ema.params"), none.getMessage());
        String config = Files.readString(dir.resolve(RunFolder.CONFIG));
        assertTrue(config.contains("\"gamma\": 0.7") && config.contains("\"lr_decay_window\": 2"), config);
    }

    @Test
    void refusesWhatCannotWork(@TempDir Path dir) {
        // a score loss on the autoencoder D
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC.replace("\"name\": \"began\", \"gamma\": 0.7", "\"name\": \"hinge\""))
                        .toTrainingConfig());
        assertTrue(loss.getMessage().contains("energy loss"), loss.getMessage());
        // BEGAN on 28 x 28
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC.replace("fashion-mnist-32", "fashion-mnist")).toTrainingConfig());
        assertTrue(size.getMessage().contains("power of two"), size.getMessage());
        // decay refinements without a window
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC.replace("\"lr_decay_window\": 2, ", "")).toTrainingConfig());
        assertTrue(decay.getMessage().contains("lr_decay_window"), decay.getMessage());
        // MS-SSIM on 28 x 28 images, at configuration time
        String dcgan28 = SPEC.replace("fashion-mnist-32", "fashion-mnist")
                .replace("{\"name\": \"began\", \"width\": 4, \"hidden\": 8, \"latent_dim\": 8}", "{\"name\": \"dcgan\", \"width\": 4}")
                .replace("{\"name\": \"began\", \"gamma\": 0.7}", "\"non-saturating\"")
                .replace("\"name\": \"recommended\", \"lr_decay_window\": 2, \"lr_decay_tolerance\": 0.5", "\"name\": \"adam\"");
        IllegalArgumentException ms = assertThrows(IllegalArgumentException.class,
                () -> Experiment.run(RunSpec.fromJson(dcgan28), dir));
        assertTrue(ms.getMessage().contains("fashion-mnist-32"), ms.getMessage());
    }
}
