package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Latent;
import org.ganworkbench.models.ProgressiveGan;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mode-collapse measure of a growing architecture compares G with the reals of its current stage. */
class GrowingDiversityTest {

    @Test
    void diversityOfAGrowingGIsMeasuredAgainstRealsAtItsStage() {
        Random r = new Random(3);
        float[] px = new float[300 * 256];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) Math.tanh(r.nextGaussian());   // full of fine detail that 4x4 averages away
        }
        ImageSet data = new ImageSet("noise", 1, 16, 16, px, null, null);
        ProgressiveGan arch = ProgressiveGan.builder(new Shape(1, 16, 16)).featureMaps(4, 4, 4).latent(Latent.gaussian(4))
                .build();
        TrainingConfig config = TrainingConfig.builder(data, arch).loss(Losses.lsgan()).batchSize(4).steps(1)
                .seed(2).engine(Engines.MXNET).build();
        try (GanTraining run = GanTraining.start(config); NDManager m = run.gan().manager().newSubManager()) {
            double ratio = run.diversityRatio();   // the new GAN works at 4x4
            NDArray real = data.sample(m, new Random(config.seed() + 101), DiversityProbe.SAMPLES);
            double fakes = DiversityProbe.meanPairDistance(run.sampleToArray(new Random(config.seed() + 202),
                    DiversityProbe.SAMPLES));
            double atStage = DiversityProbe.meanPairDistance(arch.realBatch(run.gan(), real).toFloatArray());
            double full = DiversityProbe.meanPairDistance(real.toFloatArray());
            assertTrue(atStage < 0.5 * full, "4x4 reals are far less spread than full-size noise: " + atStage + " vs " + full);
            assertEquals(fakes / atStage, ratio, 1e-9 * ratio);
        }
    }
}
