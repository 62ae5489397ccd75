package org.ganworkbench.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.DiscriminatorOptions;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.MlpGan;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spectral norm, minibatch discrimination, minibatch stddev and the discriminator assembly. */
class DiscriminatorLayersTest {

    private static final String[] ENGINES = {Engines.MXNET, Engines.PYTORCH};

    private static float[] random(int n, long seed, double scale) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    @Test
    void spectralNormBringsTheLargestSingularValueToOneAndScalesTheOutput() {
        for (String name : ENGINES) {
            Engine engine = Engines.get(name);
            try (NDManager m = engine.newBaseManager()) {
                Linear linear = Linear.builder().setUnits(6).optBias(true).build();
                SpectralNorm sn = new SpectralNorm(linear);
                sn.initialize(m, DataType.FLOAT32, new Shape(4, 5));
                float[] w = random(30, 7, 0.8);
                linear.getParameters().get("weight").getArray().set(FloatBuffer.wrap(w));
                double exact = SpectralNorm.largestSingularValue(w, 6, 5);
                ParameterStore store = new ParameterStore(m, false);
                NDArray x = m.create(random(20, 8, 1), new Shape(4, 5));
                NDArray y = null;
                for (int i = 0; i < 30; i++) {
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        y = sn.forward(store, new NDList(x), true).singletonOrThrow();
                    }
                }
                assertEquals(exact, sn.sigma(), 1e-3 * exact, name + ": power iteration converges to sigma(W)");
                float[] wn = new float[30];
                for (int i = 0; i < 30; i++) {
                    wn[i] = (float) (w[i] / sn.sigma());
                }
                assertEquals(1.0, SpectralNorm.largestSingularValue(wn, 6, 5), 1e-3, name + ": sigma(W / sigma) = 1");
                NDArray plain = linear.forward(store, new NDList(x), false).singletonOrThrow();
                float[] b = linear.getParameters().get("bias").getArray().toFloatArray();
                float[] p = plain.toFloatArray();
                float[] got = y.toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    double expected = (p[i] - b[i % 6]) / sn.sigma() + b[i % 6];
                    assertEquals(expected, got[i], 1e-4, name + " output " + i);
                }
                // the gradient reaches the wrapped weight
                Parameter weight = linear.getParameters().get("weight");
                weight.getArray().setRequiresGradient(true);
                try (GradientCollector gc = engine.newGradientCollector()) {
                    gc.backward(sn.forward(store, new NDList(x), true).singletonOrThrow().sum());
                }
                assertTrue(weight.getArray().getGradient().abs().sum().getFloat() > 0, name);
            }
        }
    }

    @Test
    void spectralNormWorksOnConvolutions() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            Conv2d conv = Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build();
            SpectralNorm sn = new SpectralNorm(conv);
            sn.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8, 8));
            float[] w = random(4 * 27, 3, 1);
            conv.getParameters().get("weight").getArray().set(FloatBuffer.wrap(w));
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.create(random(2 * 3 * 64, 4, 1), new Shape(2, 3, 8, 8));
            NDArray y = null;
            for (int i = 0; i < 40; i++) {
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    y = sn.forward(store, new NDList(x), true).singletonOrThrow();
                }
            }
            assertEquals(new Shape(2, 4, 8, 8), y.getShape());
            assertEquals(SpectralNorm.largestSingularValue(w, 4, 27), sn.sigma(), 1e-3 * sn.sigma());
            assertThrows(IllegalArgumentException.class, () -> new SpectralNorm(new MinibatchStdDev(4)));
        }
    }

    @Test
    void aSpectralNormFirstUsedForSamplingDividesByTheTrueSigma() {
        // a model loaded for sampling has no u from its training: its first (inference) pass converges u,
        // where one power iteration from the fixed start underestimates sigma and scales the output up
        for (String name : ENGINES) {
            try (NDManager m = Engines.get(name).newBaseManager()) {
                float[] w = random(16 * 72, 11, 0.3);
                double exact = SpectralNorm.largestSingularValue(w, 16, 72);
                NDArray x = m.create(random(2 * 8 * 36, 12, 1), new Shape(2, 8, 6, 6));
                ParameterStore store = new ParameterStore(m, false);
                double[] sigma = new double[2];
                for (int mode = 0; mode < 2; mode++) {
                    Conv2d conv = Conv2d.builder().setFilters(16).setKernelShape(new Shape(3, 3)).build();
                    SpectralNorm sn = new SpectralNorm(conv);
                    sn.initialize(m, DataType.FLOAT32, new Shape(2, 8, 6, 6));
                    conv.getParameters().get("weight").getArray().set(FloatBuffer.wrap(w));
                    boolean training = mode == 0;
                    if (training) {
                        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                            sn.forward(store, new NDList(x), true);
                        }
                    } else {
                        sn.forward(store, new NDList(x), false);
                        float[] u = sn.vector();
                        sn.forward(store, new NDList(x), false);
                        assertArrayEquals(u, sn.vector(), name + ": inference passes leave u alone afterwards");
                    }
                    sigma[mode] = sn.sigma();
                }
                assertTrue(sigma[0] < 0.99 * exact, name + ": one training-mode iteration is not converged: "
                        + sigma[0] + " vs " + exact);
                assertEquals(exact, sigma[1], 1e-3 * exact, name + ": a first inference pass converges");
            }
        }
    }

    @Test
    void minibatchDiscriminationMatchesAHandComputedCase() {
        for (String name : ENGINES) {
            try (NDManager m = Engines.get(name).newBaseManager()) {
                MinibatchDiscrimination mbd = new MinibatchDiscrimination(2, 2);
                mbd.initialize(m, DataType.FLOAT32, new Shape(3, 2));
                // T (A=2, B*C=4): identity on kernel 0, doubled on kernel 1
                float[] t = {1, 0, 2, 0, 0, 1, 0, 2};
                mbd.getParameters().get("T").getArray().set(FloatBuffer.wrap(t));
                float[] f = {0, 0, 1, 0, 0, 2};
                NDArray out = mbd.forward(new ParameterStore(m, false), new NDList(m.create(f, new Shape(3, 2))), false)
                        .singletonOrThrow();
                assertEquals(new Shape(3, 4), out.getShape());
                // M kernel 0 = f, kernel 1 = 2f; L1 distances: d01 = 1, d02 = 2, d12 = 3 (kernel 0), doubled for kernel 1
                double[][] d = {{0, 1, 2}, {1, 0, 3}, {2, 3, 0}};
                float[] o = out.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    double k0 = 0;
                    double k1 = 0;
                    for (int j = 0; j < 3; j++) {
                        if (j != i) {
                            k0 += Math.exp(-d[i][j]);
                            k1 += Math.exp(-2 * d[i][j]);
                        }
                    }
                    assertEquals(f[2 * i], o[4 * i], 1e-6, "features pass through");
                    assertEquals(k0, o[4 * i + 2], 1e-5, name + " sample " + i + " kernel 0");
                    assertEquals(k1, o[4 * i + 3], 1e-5, name + " sample " + i + " kernel 1");
                }
                NDArray same = mbd.forward(new ParameterStore(m, false),
                        new NDList(m.create(new float[] {1, 1, 1, 1, 1, 1}, new Shape(3, 2))), false).singletonOrThrow();
                assertEquals(2.0, same.toFloatArray()[2], 1e-6, "identical samples: N - 1");
            }
        }
    }

    @Test
    void minibatchStdDevAppendsTheGroupsMeanStd() {
        for (String name : ENGINES) {
            try (NDManager m = Engines.get(name).newBaseManager()) {
                MinibatchStdDev layer = new MinibatchStdDev(2);
                // 4 samples of 2 features; groups: {0, 2} and {1, 3} (sample n in group n mod 2)
                float[] x = {0, 0, 10, 10, 2, 4, 10, 10};
                NDArray out = layer.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(4, 2))), false)
                        .singletonOrThrow();
                assertEquals(new Shape(4, 3), out.getShape());
                float[] o = out.toFloatArray();
                double g0 = (1 + 2) / 2.0;        // std of {0, 2} = 1, of {0, 4} = 2 (population), mean 1.5
                double g1 = Math.sqrt(1e-8);      // identical samples
                assertEquals(g0, o[2], 1e-5, name);
                assertEquals(g1, o[5], 1e-5, name);
                assertEquals(g0, o[8], 1e-5, name);
                assertEquals(g1, o[11], 1e-5, name);
                NDArray maps = layer.forward(new ParameterStore(m, false),
                        new NDList(m.create(random(4 * 3 * 2 * 2, 1, 1), new Shape(4, 3, 2, 2))), false).singletonOrThrow();
                assertEquals(new Shape(4, 4, 2, 2), maps.getShape());
                // a batch of 3 with groups of 2: groups of 1 (the largest divisor), so the std is sqrt(1e-8)
                float[] odd = layer.forward(new ParameterStore(m, false),
                        new NDList(m.create(new float[] {0, 1, 5, 2, 9, 3}, new Shape(3, 2))), false)
                        .singletonOrThrow().toFloatArray();
                assertEquals(Math.sqrt(1e-8), odd[2], 1e-6);
                assertEquals(4, new MinibatchStdDev(4).groupFor(64));
                assertEquals(3, new MinibatchStdDev(4).groupFor(6));
            }
        }
    }

    @Test
    void everyOptionGivesScoresAndFeaturesOnBothEngines() {
        DiscriminatorOptions[] options = {
            DiscriminatorOptions.NONE,
            DiscriminatorOptions.NONE.withSpectralNorm(true),
            DiscriminatorOptions.NONE.withMinibatchDiscrimination(8, 4),
            DiscriminatorOptions.NONE.withMinibatchStdDev(4),
        };
        for (String name : ENGINES) {
            for (DiscriminatorOptions o : options) {
                var mlp = MlpGan.forPoints().generatorHidden(8).discriminatorHidden(8, 8).discriminatorOptions(o).build();
                var dcgan = Dcgan.builder(new Shape(1, 16, 16)).width(8).discriminatorNorm(o.spectralNorm() ? Norm.NONE : Norm.BATCH)
                        .discriminatorOptions(o).build();
                for (var arch : new org.ganworkbench.models.GanArchitecture[] {mlp, dcgan}) {
                    try (Gan gan = Gan.create(arch, Engines.get(name), 1); NDManager m = gan.manager().newSubManager()) {
                        NDArray x = m.create(random((int) (8 * arch.sampleShape().size()), 2, 1),
                                new Shape(8).addAll(arch.sampleShape()));
                        NDList both;
                        try (GradientCollector gc = gan.engine().newGradientCollector()) {
                            both = gan.discriminateWithFeatures(x, true);
                        }
                        assertEquals(new Shape(8), both.get(0).getShape(), name + " " + arch.name() + " " + o);
                        assertEquals(2, both.get(1).getShape().dimension());
                        assertEquals(o.spectralNorm(), arch.settings().get("spectral_norm"));
                    }
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dcgan.builder(new Shape(1, 16, 16))
                .discriminatorOptions(DiscriminatorOptions.NONE.withSpectralNorm(true)).build());
        assertTrue(e.getMessage().contains("Norm.NONE"), e.getMessage());
    }

    @Test
    void defaultDiscriminatorsKeepTheirParametersWithoutOptions() {
        // the assembly must not change parameter count or order when no option is on (seeded runs)
        try (Gan gan = Gan.create(MlpGan.forPoints().build(), Engines.get(Engines.MXNET), 1)) {
            assertEquals(2 * 128 + 128 + 2 * (128 * 128 + 128) + 128 + 1, gan.discriminatorSize());
        }
    }
}
