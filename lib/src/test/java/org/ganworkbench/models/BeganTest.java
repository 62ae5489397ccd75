package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.BeganLoss;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.LrDecay;
import org.ganworkbench.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeganTest {

    /** 64 random 1×32×32 images in [-1, 1] (blobs on a dark background, so an autoencoder has something to learn). */
    static ImageSet blobs(int n, int channels, int size, long seed) {
        Random rng = new Random(seed);
        float[] px = new float[n * channels * size * size];
        for (int i = 0; i < n; i++) {
            double cx = 8 + rng.nextDouble() * (size - 16);
            double cy = 8 + rng.nextDouble() * (size - 16);
            double r = 3 + rng.nextDouble() * 4;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double d = Math.hypot(x - cx, y - cy);
                        px[((i * channels + c) * size + y) * size + x] = d < r ? 0.8f : -1f;
                    }
                }
            }
        }
        return new ImageSet("blobs", channels, size, size, px, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void shapesOfGeneratorAndAutoencoderOnBothEngines(String engine) {
        Began arch = Began.builder(new Shape(1, 32, 32)).width(8).hidden(16).latent(Latent.uniform(12)).build();
        assertEquals(3, arch.scales());
        assertTrue(arch.discriminatorGivesEnergy());
        try (Gan gan = Gan.create(arch, Engines.get(engine), 3); NDManager m = gan.manager().newSubManager()) {
            NDArray x = gan.sample(m, new Random(1), 5);
            assertEquals(new Shape(5, 1, 32, 32), x.getShape());
            NDList out = gan.discriminatorOutputs(x, false);
            assertEquals(new Shape(5), out.get(0).getShape());
            assertEquals(new Shape(5, 16), out.get(1).getShape());
            assertEquals(new Shape(5, 1, 32, 32), out.get(2).getShape());
            // the score is the mean absolute reconstruction error per image
            float[] xs = x.toFloatArray();
            float[] rs = out.get(2).toFloatArray();
            float[] e = out.get(0).toFloatArray();
            for (int i = 0; i < 5; i++) {
                double sum = 0;
                for (int j = 0; j < 1024; j++) {
                    sum += Math.abs(xs[i * 1024 + j] - rs[i * 1024 + j]);
                }
                assertEquals(sum / 1024, e[i], 1e-5);
            }
            assertArrayEquals(e, gan.discriminate(x, false).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rgb64ForImageFoldersHasFourScales() {
        Began arch = Began.builder(new Shape(3, 64, 64)).width(4).hidden(8).build();
        assertEquals(4, arch.scales());
        assertEquals("began-64-n4", arch.name());
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1); NDManager m = gan.manager().newSubManager()) {
            NDArray x = gan.sample(m, new Random(1), 2);
            assertEquals(new Shape(2, 3, 64, 64), x.getShape());
            assertEquals(new Shape(2, 3, 64, 64), gan.discriminatorOutputs(x, false).get(2).getShape());
        }
    }

    @Test
    void sameWeightsAndSamplesOnBothEngines() {
        Began arch = Began.builder(new Shape(3, 16, 16)).width(4).hidden(8).latent(Latent.uniform(6)).build();
        float[][] out = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int i = 0; i < 2; i++) {
            try (Gan gan = Gan.create(arch, Engines.get(engines[i]), 9); NDManager m = gan.manager().newSubManager()) {
                out[i] = gan.discriminate(gan.sample(m, new Random(2), 3), false).toFloatArray();
            }
        }
        assertArrayEquals(out[0], out[1], 1e-4f);
    }

    @Test
    void parameterCountsAndFlopsFollowTheLayout() {
        // 16x16, n 4, h 8, z 6, one channel: 2 scales (8 -> 16)
        Began arch = Began.builder(new Shape(1, 16, 16)).width(4).hidden(8).latent(Latent.uniform(6)).build();
        long conv = 9L * 4 * 4 + 4;                      // 3x3 n -> n with bias
        long decoderFromH = 8L * 256 + 256 + 4 * conv + 9L * 4 + 1;
        long generator = 6L * 256 + 256 + 4 * conv + 9L * 4 + 1;
        long encoder = (9L * 4 + 4)                       // image -> n
                + 2 * conv + conv                        // scale 0: two convs + stride-2 conv, n channels
                + (9L * 4 * 8 + 8) + (9L * 8 * 8 + 8)    // scale 1: n -> 2n, 2n -> 2n
                + 8L * 64 * 8 + 8;                       // 8x8x2n -> h
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1)) {
            assertEquals(generator, gan.generatorSize());
            assertEquals(encoder + decoderFromH, gan.discriminatorSize());
        }
        Dcgan.Flops f = arch.flops();
        long g = 2L * 6 * 256 + 2 * (2L * 9 * 16 * 64) + 2 * (2L * 9 * 16 * 256) + 2L * 9 * 4 * 256;
        assertEquals(g, f.generator());
        assertTrue(f.discriminator() > f.generator());
    }

    @Test
    void refusesBadShapesAndLossMismatches() {
        assertThrows(IllegalArgumentException.class, () -> Began.builder(new Shape(1, 28, 28)));
        assertThrows(IllegalArgumentException.class, () -> Began.builder(new Shape(2, 32, 32)));
        ImageSet data = blobs(8, 1, 32, 1);
        Began began = Began.builder(data.sampleShape()).width(4).build();
        IllegalArgumentException scoreLoss = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(data, began).loss(Losses.nonSaturating()).build());
        assertTrue(scoreLoss.getMessage().contains("energy loss"), scoreLoss.getMessage());
        IllegalArgumentException energyLoss = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(data, Dcgan.builder(data.sampleShape()).width(4).build())
                        .loss(Losses.began()).build());
        assertTrue(energyLoss.getMessage().contains("autoencoder"), energyLoss.getMessage());
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(data, Dcgan.builder(data.sampleShape()).width(4).build())
                        .lrDecay(LrDecay.halveOnPlateau(10)).build());
        assertTrue(decay.getMessage().contains("convergence measure"), decay.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void trainingLogsTheControllerAndLearnsToReconstruct(String engine) {
        ImageSet data = blobs(64, 1, 16, 4);
        Began arch = Began.builder(data.sampleShape()).width(8).hidden(16).latent(Latent.uniform(8)).build();
        BeganLoss loss = Losses.began(0.5);
        TrainingConfig config = TrainingConfig.builder(data, arch).loss(loss).recommendedOptimizer()
                .learningRate(1e-3f).batchSize(16).steps(60).logEvery(10).seed(5).engine(engine).build();
        try (GanTraining run = GanTraining.train(config)) {
            var log = run.log();
            assertEquals(6, log.size());
            double[] k = log.column("k");
            double[] m = log.column("m_global");
            double[] lReal = log.column("l_real");
            double[] lFake = log.column("l_fake");
            for (int i = 0; i < k.length; i++) {
                assertTrue(k[i] >= 0 && k[i] <= 1, "k out of [0, 1]: " + k[i]);
                assertTrue(m[i] >= lReal[i] - 1e-9, "M_global below L(x)");
            }
            assertTrue(lReal[5] < lReal[0], "D did not learn to reconstruct real images: " + lReal[0] + " -> " + lReal[5]);
            BeganLoss state = (BeganLoss) run.loss();
            assertNotEquals(0.0, state.k(), "k never moved");
            assertEquals(0.0, loss.k(), "the config's loss instance must not carry a run's state");
        }
    }

    @Test
    void twoRunsOfOneConfigStartFromTheSameK() {
        ImageSet data = blobs(32, 1, 16, 4);
        Began arch = Began.builder(data.sampleShape()).width(4).hidden(8).latent(Latent.uniform(4)).build();
        TrainingConfig config = TrainingConfig.builder(data, arch).loss(Losses.began()).batchSize(8).steps(12)
                .logEvery(12).seed(3).build();
        double[][] k = new double[2][];
        for (int i = 0; i < 2; i++) {
            try (GanTraining run = GanTraining.train(config)) {
                k[i] = run.log().column("k");
            }
        }
        assertArrayEquals(k[0], k[1], 1e-9);
    }
}
