package org.ganworkbench.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs on the Shapes RGB data, scored by the pixel metrics (SWD per level, MS-SSIM with its baseline). */
class PixelMetricsRunTest {

    static final String SPEC = """
            {"data": "shapes-32", "model": {"name": "dcgan", "width": 4, "latent_dim": 8},
             "batch_size": 8, "steps": 3, "log_every": 1, "seed": 2,
             "evaluation": {"n": 64, "metrics": ["swd", "msssim"]}, "samples": 16}""";

    @Test
    void swdPerLevelAndMsSsimWithItsBaseline(@TempDir Path dir) {
        RunResult r = Experiment.run(RunSpec.fromJson(SPEC), dir);
        assertFalse(r.failed(), String.valueOf(r));
        double avg = r.metric("swd_64");
        double l32 = r.metric("swd_64_32");
        double l16 = r.metric("swd_64_16");
        assertEquals((l32 + l16) / 2, avg, 1e-9, "the headline is the mean over levels");
        assertTrue(avg > 0, "an untrained G is far from the data");
        double ms = r.metric("msssim_64");
        double real = r.metric("msssim_64_real");
        assertTrue(ms >= 0 && ms <= 1 && real >= 0 && real <= 1, ms + " " + real);
        assertTrue(Double.isNaN(r.metric("msssim_64_std")), "spreads stay in metrics.jsonl, not in the result");
    }

    @Test
    void unknownOrUnfitMetricsFailBeforeTraining(@TempDir Path dir) {
        IllegalArgumentException lpips = assertThrows(IllegalArgumentException.class,
                () -> Experiment.run(RunSpec.fromJson(SPEC.replace("\"swd\", \"msssim\"", "\"lpips\"")), dir));
        assertTrue(lpips.getMessage().contains("'lpips'") && lpips.getMessage().contains("swd")
                && lpips.getMessage().contains("fid"), lpips.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> Experiment.run(RunSpec.fromJson(SPEC.replace("\"n\": 64", "\"n\": 63")), dir));
        assertTrue(odd.getMessage().contains("msssim"), odd.getMessage());
    }
}
