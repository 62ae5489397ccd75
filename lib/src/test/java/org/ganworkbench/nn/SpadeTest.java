package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPADE, its residual block and its generator. */
class SpadeTest {

    private static final UnaryOperator<Block> PLAIN = b -> b;

    private static NDArray run(Block b, NDManager m, boolean training, NDArray... in) {
        return UNetGeneratorTest.run(b, m, training, in);
    }

    private static void zero(Block b) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            NDArray a = p.getValue().getArray();
            a.set(new float[Math.toIntExact(a.size())]);
        }
    }

    /** (x − μ) / sqrt(σ² + 1e-5), μ and the biased σ² per channel over (N, H, W) (batch) or per (n, c) over (H, W). */
    private static float[] normalizedByHand(float[] x, int n, int c, int hw, boolean perSample) {
        float[] y = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int s0 = 0; s0 < n; s0 += perSample ? 1 : n) {
                int s1 = perSample ? s0 + 1 : n;
                double sum = 0;
                double sq = 0;
                for (int s = s0; s < s1; s++) {
                    for (int i = 0; i < hw; i++) {
                        sum += x[(s * c + ch) * hw + i];
                    }
                }
                double count = (s1 - s0) * (double) hw;
                double mean = sum / count;
                for (int s = s0; s < s1; s++) {
                    for (int i = 0; i < hw; i++) {
                        double d = x[(s * c + ch) * hw + i] - mean;
                        sq += d * d;
                    }
                }
                double sd = Math.sqrt(sq / count + 1e-5);
                for (int s = s0; s < s1; s++) {
                    for (int i = 0; i < hw; i++) {
                        y[(s * c + ch) * hw + i] = (float) ((x[(s * c + ch) * hw + i] - mean) / sd);
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void withGammaAndBetaZeroSpadeIsThePlainParameterFreeNorm(String engine) {
        int n = 3;
        int c = 4;
        Shape xs = new Shape(n, c, 8, 8);
        Shape ms = new Shape(n, 3, 16, 16);
        Random rng = new Random(4);
        float[] data = new float[n * c * 64];
        for (int i = 0; i < data.length; i++) {
            int ch = (i / 64) % c;
            data[i] = (float) (rng.nextGaussian() * (1 + ch) + 2 * ch - 1);   // every channel its own scale and offset
        }
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            NDArray x = m.create(data, xs);
            NDArray maps = m.randomUniform(0, 1, ms);
            for (NormKind norm : NormKind.values()) {
                SpadeNorm spade = new SpadeNorm(c, 3, 8, norm);
                spade.initialize(m, DataType.FLOAT32, xs, ms);
                Init.he().apply(spade.getParameters(), new Random(1));
                zero(spade.gammaConv());
                zero(spade.betaConv());
                // inference first, while batch norm's running statistics are still mean 0, variance 1
                float[] inference = run(spade, m, false, x, maps).toFloatArray();
                float[] training = run(spade, m, true, x, maps).toFloatArray();
                float[] expectedInference;
                float[] expectedTraining;
                switch (norm) {
                    case BATCH -> {
                        expectedInference = new float[data.length];
                        for (int i = 0; i < data.length; i++) {
                            expectedInference[i] = (float) (data[i] / Math.sqrt(1 + 1e-5));
                        }
                        expectedTraining = normalizedByHand(data, n, c, 64, false);
                    }
                    case INSTANCE -> {
                        expectedInference = normalizedByHand(data, n, c, 64, true);
                        expectedTraining = expectedInference;
                    }
                    default -> {
                        expectedInference = data;
                        expectedTraining = data;
                    }
                }
                assertArrayEquals(expectedTraining, training, 1e-4f, norm + " training");
                assertArrayEquals(expectedInference, inference, 1e-4f, norm + " inference");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void aUniformMapIsWashedOutByConvInstanceNormButNotBySpade(String engine) {
        int k = 4;
        int c = 4;
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            // conv → instance norm: the convolution of a uniform map is uniform (no padding, so no borders), and
            // normalizes to 0: the output is instance norm's β whatever the class
            Block plain = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(c).build())
                    .add(new InstanceNorm());
            plain.initialize(m, DataType.FLOAT32, new Shape(1, k, 8, 8));
            Init.he().apply(plain.getParameters(), new Random(2));
            float[] beta = {0.3f, -0.2f, 0.5f, 0.1f};
            for (Pair<String, Parameter> p : plain.getParameters()) {
                if (p.getKey().endsWith("beta")) {
                    p.getValue().getArray().set(beta);
                }
            }
            SpadeNorm spade = new SpadeNorm(c, k, 16, NormKind.INSTANCE);
            spade.initialize(m, DataType.FLOAT32, new Shape(1, c, 8, 8), new Shape(1, k, 8, 8));
            Init.he().apply(spade.getParameters(), new Random(3));
            NDArray x = m.randomNormal(new Shape(1, c, 8, 8));
            float[][] plainOut = new float[k][];
            float[][] spadeOut = new float[k][];
            for (int cls = 0; cls < k; cls++) {
                NDArray map = m.zeros(new Shape(1, k, 8, 8));
                map.set(new ai.djl.ndarray.index.NDIndex(":, " + cls), 1f);
                plainOut[cls] = run(plain, m, false, map).toFloatArray();
                spadeOut[cls] = run(spade, m, false, x, map).toFloatArray();
            }
            for (int i = 0; i < plainOut[0].length; i++) {
                assertEquals(beta[i / 36], plainOut[0][i], 1e-3f, "conv → instance norm gives beta alone");
            }
            for (int cls = 1; cls < k; cls++) {
                assertArrayEquals(plainOut[0], plainOut[cls], 1e-3f, "conv → instance norm: class " + cls + " = class 0");
                double d = UNetGeneratorTest.distance(spadeOut[0], spadeOut[cls]) / spadeOut[0].length;
                assertTrue(d > 0.05, "SPADE: class " + cls + " differs from class 0 by only " + d + " on average");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void mapsAreResizedByNearestNeighbour(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            NDArray map = m.arange(0f, 16f).reshape(1, 1, 4, 4);
            assertArrayEquals(new float[] {0, 2, 8, 10}, SpadeNorm.nearest(map, 2, 2).toFloatArray());
            assertArrayEquals(new float[] {0, 8}, SpadeNorm.nearest(map, 2, 1).toFloatArray());
            NDArray small = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                    SpadeNorm.nearest(small, 4, 4).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> SpadeNorm.nearest(map, 3, 3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void residualBlockShapesAndShortcuts(String engine) {
        Shape maps = new Shape(2, 3, 16, 16);
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            NDArray map = m.randomUniform(0, 1, maps);
            // in ≠ out: a learned 1×1 shortcut without bias, here with spectral norm on every convolution
            SpadeResBlock learned = new SpadeResBlock(8, 4, 3, 8, NormKind.BATCH, SpectralNorm::new);
            learned.initialize(m, DataType.FLOAT32, new Shape(2, 8, 8, 8), maps);
            Init.he().apply(learned.getParameters(), new Random(1));
            for (boolean training : new boolean[] {true, false}) {
                assertEquals(new Shape(2, 4, 8, 8), run(learned, m, training, m.randomNormal(new Shape(2, 8, 8, 8)), map)
                        .getShape());
            }
            assertTrue(learned.getParameters().keys().stream().anyMatch(key -> key.contains("conv_shortcut")));
            assertFalse(learned.getParameters().keys().stream().anyMatch(key -> key.contains("conv_shortcut")
                    && key.endsWith("bias")), "the shortcut has no bias");
            // in = out: the identity shortcut, so with the last convolution zeroed the block is the identity
            SpadeResBlock same = new SpadeResBlock(8, 8, 3, 8, NormKind.INSTANCE, PLAIN);
            same.initialize(m, DataType.FLOAT32, new Shape(2, 8, 4, 4), maps);
            Init.he().apply(same.getParameters(), new Random(1));
            assertFalse(same.getParameters().keys().stream().anyMatch(key -> key.contains("shortcut")));
            NDArray x = m.randomNormal(new Shape(2, 8, 4, 4));
            NDArray y = run(same, m, true, x, map);
            assertEquals(x.getShape(), y.getShape());
            assertTrue(UNetGeneratorTest.distance(x.toFloatArray(), y.toFloatArray()) > 0);
            for (Pair<String, Parameter> p : same.getParameters()) {
                if (p.getKey().contains("conv1_")) {
                    NDArray a = p.getValue().getArray();
                    a.set(new float[Math.toIntExact(a.size())]);
                }
            }
            assertArrayEquals(x.toFloatArray(), run(same, m, false, x, map).toFloatArray(), 0f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void generatorImagesDependOnZForTheSameMap(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            for (NormKind norm : new NormKind[] {NormKind.BATCH, NormKind.INSTANCE}) {
                int size = norm == NormKind.BATCH ? 16 : 8;
                SpadeGenerator g = new SpadeGenerator(8, 3, 3, size, 4, 8, norm,
                        norm == NormKind.BATCH ? SpectralNorm::new : PLAIN);
                Shape maps = new Shape(2, 3, size, size);
                g.initialize(m, DataType.FLOAT32, new Shape(2, 8), maps);
                Init.he().apply(g.getParameters(), new Random(9));
                NDArray map = m.randomUniform(0, 1, maps);
                NDArray z1 = m.randomNormal(new Shape(2, 8));
                NDArray z2 = m.randomNormal(new Shape(2, 8));
                NDArray trained = run(g, m, true, z1, map);
                assertEquals(new Shape(2, 3, size, size), trained.getShape());
                assertTrue(trained.abs().max().getFloat() < 1f, "tanh output");
                float[] a = run(g, m, false, z1, map).toFloatArray();
                assertArrayEquals(a, run(g, m, false, z1, map).toFloatArray(), 0f, norm + ": same z, same image");
                double d = UNetGeneratorTest.distance(a, run(g, m, false, z2, map).toFloatArray()) / a.length;
                assertTrue(d > 1e-3, norm + ": another z should give another image, mean difference " + d);
            }
        }
    }

    @Test
    void refusesSettingsItCannotBuild() {
        assertThrows(IllegalArgumentException.class, () -> new SpadeGenerator(8, 3, 3, 12, 4, 8, NormKind.BATCH, PLAIN));
        assertThrows(IllegalArgumentException.class, () -> new SpadeGenerator(8, 3, 3, 4, 4, 8, NormKind.BATCH, PLAIN));
        assertThrows(IllegalArgumentException.class, () -> new SpadeNorm(0, 3, 8, NormKind.BATCH));
        assertThrows(IllegalArgumentException.class, () -> new SpadeResBlock(4, 0, 3, 8, NormKind.BATCH, PLAIN));
        try (NDManager m = Engines.get(Engines.PYTORCH).newBaseManager()) {
            SpadeNorm spade = new SpadeNorm(4, 3, 8, NormKind.INSTANCE);
            assertThrows(IllegalArgumentException.class,
                    () -> spade.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8, 8), new Shape(1, 3, 12, 12)));
        }
    }
}
