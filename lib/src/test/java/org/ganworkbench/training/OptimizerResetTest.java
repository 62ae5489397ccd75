package org.ganworkbench.training;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Latent;
import org.ganworkbench.models.ProgressiveGan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A growing architecture can have the loop start Adam afresh at every phase, as the official PGGAN code does. */
@Tag("slow")   // trains for real or starts child JVMs: test.sh runs these in a step of their own
class OptimizerResetTest {

    private static TrainingConfig config(boolean reset) {
        Random r = new Random(5);
        float[] px = new float[64 * 256];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) Math.tanh(r.nextGaussian());
        }
        ImageSet data = new ImageSet("noise", 1, 16, 16, px, null, null);
        // batch 4: 4x4 for steps 1-2 (8 images), 8x8 fade-in from step 3, its stable phase from step 5
        ProgressiveGan arch = ProgressiveGan.builder(new Shape(1, 16, 16)).featureMaps(4, 4, 4).latent(Latent.gaussian(4))
                .schedule(8, 8).resetOptimizerEachPhase(reset).build();
        return TrainingConfig.builder(data, arch).loss(Losses.lsgan()).batchSize(4).steps(6).seed(2)
                .engine(Engines.MXNET).build();
    }

    private static float[] weightsAfter(GanTraining run, int steps) {
        run.run(steps);
        return run.gan().generator().getParameters().valueAt(0).getArray().toFloatArray();
    }

    @Test
    void theOptimizersStartAfreshExactlyAtEachNewPhase() {
        try (GanTraining on = GanTraining.start(config(true)); GanTraining off = GanTraining.start(config(false))) {
            assertArrayEquals(weightsAfter(off, 2), weightsAfter(on, 2), "the same run until the first new phase");
            float[] a = weightsAfter(off, 4);
            float[] b = weightsAfter(on, 4);
            assertEquals(List.of(3, 5), on.optimizerResets(), "8x8 fade-in at step 3, its stable phase at step 5");
            assertEquals(List.of(), off.optimizerResets());
            boolean differ = false;
            for (int i = 0; i < a.length && !differ; i++) {
                differ = a[i] != b[i];
            }
            assertTrue(differ, "a fresh Adam takes other steps than one with 2 steps of history");
        }
    }
}
