package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layers of the progressive GAN: pixel norm, equalized learning rate, minibatch stddev on maps, box downscaling. */
class ProgressiveLayersTest {

    private static final String[] ENGINES = {Engines.MXNET, Engines.PYTORCH};

    private static float[] random(int n, long seed, double scale) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    private static NDArray forward(AbstractBlock block, NDManager m, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void pixelNormGivesEveryPixelsChannelVectorUnitMeanSquare(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            int n = 2;
            int c = 5;
            int hw = 9;
            float[] x = random(n * c * hw, 3, 7);
            x[0] = 0;   // one pixel of sample 0 entirely zero: stays zero (ε keeps it finite)
            for (int ch = 0; ch < c; ch++) {
                x[ch * hw] = 0;
            }
            PixelNorm norm = new PixelNorm();
            norm.initialize(m, DataType.FLOAT32, new Shape(n, c, 3, 3));
            NDArray out = forward(norm, m, m.create(x, new Shape(n, c, 3, 3)));
            assertEquals(new Shape(n, c, 3, 3), out.getShape());
            float[] o = out.toFloatArray();
            for (int s = 0; s < n; s++) {
                for (int p = 0; p < hw; p++) {
                    double ms = 0;
                    double in = 0;
                    for (int ch = 0; ch < c; ch++) {
                        int i = (s * c + ch) * hw + p;
                        ms += (double) o[i] * o[i] / c;
                        in += (double) x[i] * x[i] / c;
                    }
                    if (s == 0 && p == 0) {
                        assertEquals(0, ms, 0, "a zero vector stays zero");
                        continue;
                    }
                    assertEquals(1, ms, 1e-5, "mean square of sample " + s + " pixel " + p);
                    for (int ch = 0; ch < c; ch++) {   // and the direction is kept: x / rms
                        int i = (s * c + ch) * hw + p;
                        assertEquals(x[i] / Math.sqrt(in + 1e-8), o[i], 1e-5);
                    }
                }
            }
            // (N, F) vectors, as G's latent: each row to mean square 1
            float[] z = PixelNorm.normalize(m.create(random(3 * 8, 4, 3), new Shape(3, 8)), PixelNorm.EPSILON).toFloatArray();
            for (int s = 0; s < 3; s++) {
                double ms = 0;
                for (int f = 0; f < 8; f++) {
                    ms += z[s * 8 + f] * z[s * 8 + f] / 8.0;
                }
                assertEquals(1, ms, 1e-5);
            }
        }
    }

    @Test
    void minibatchStdDevOnFeatureMapsAppendsTheGroupsAverageStdAsOneMap() {
        int n = 8;
        int c = 3;
        int hw = 4;
        float[] x = random(n * c * hw, 11, 2);
        // the paper's layer with groups of 4: sample i in group i mod 2; per feature and pixel the
        // population std over the group's 4 samples, averaged over features and pixels
        double[] expected = new double[2];
        for (int g = 0; g < 2; g++) {
            double sum = 0;
            for (int f = 0; f < c * hw; f++) {
                double mean = 0;
                for (int k = 0; k < 4; k++) {
                    mean += x[(g + 2 * k) * c * hw + f] / 4.0;
                }
                double var = 0;
                for (int k = 0; k < 4; k++) {
                    double d = x[(g + 2 * k) * c * hw + f] - mean;
                    var += d * d / 4;
                }
                sum += Math.sqrt(var + 1e-8);
            }
            expected[g] = sum / (c * hw);
        }
        for (String engine : ENGINES) {
            try (NDManager m = Engines.get(engine).newBaseManager()) {
                MinibatchStdDev layer = new MinibatchStdDev(4);
                NDArray out = forward(layer, m, m.create(x, new Shape(n, c, 2, 2)));
                assertEquals(new Shape(n, c + 1, 2, 2), out.getShape());
                float[] o = out.toFloatArray();
                for (int i = 0; i < n; i++) {
                    for (int f = 0; f < c * hw; f++) {
                        assertEquals(x[i * c * hw + f], o[i * (c + 1) * hw + f], 0, "features pass through");
                    }
                    for (int p = 0; p < hw; p++) {
                        assertEquals(expected[i % 2], o[(i * (c + 1) + c) * hw + p], 1e-5, engine + " sample " + i);
                    }
                }
                assertTrue(Math.abs(expected[0] - expected[1]) > 1e-3, "the two groups must differ for the test to mean something");
            }
        }
    }

    @Test
    void equalizedConvolutionIsAConvolutionWithWeightsTimesHesConstant() {
        for (String engine : ENGINES) {
            for (boolean equalized : new boolean[] {true, false}) {
                try (NDManager m = Engines.get(engine).newBaseManager()) {
                    EqualizedConv2d conv = new EqualizedConv2d(4, 3, EqualizedLr.RELU_GAIN, equalized);
                    Shape in = new Shape(2, 5, 6, 6);
                    conv.initialize(m, DataType.FLOAT32, in);
                    Init.he().apply(conv.getParameters(), new Random(1));
                    Parameter b = conv.getParameters().get("bias");
                    b.getArray().set(FloatBuffer.wrap(new float[] {0.5f, -1, 2, 0}));
                    double c = Math.sqrt(2) / Math.sqrt(5 * 9);
                    assertEquals(equalized ? c : 1, conv.runtimeScale(), 1e-12);
                    NDArray x = m.create(random(2 * 5 * 36, 2, 1), in);
                    NDArray w = conv.getParameters().get("weight").getArray();
                    NDArray expected = Conv2d.conv2d(x, w.mul((float) conv.runtimeScale()), b.getArray(),
                            new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
                    NDArray out = forward(conv, m, x);
                    assertEquals(new Shape(2, 4, 6, 6), out.getShape());
                    assertArrayEquals(expected.toFloatArray(), out.toFloatArray(), 1e-5f, engine + " equalized " + equalized);
                    if (equalized) {   // and it is not the unscaled convolution
                        float[] unscaled = Conv2d.conv2d(x, w, b.getArray(), new Shape(1, 1), new Shape(1, 1))
                                .singletonOrThrow().toFloatArray();
                        assertTrue(Math.abs(unscaled[7] - out.toFloatArray()[7]) > 1e-3);
                    }
                }
            }
        }
    }

    @Test
    void equalizedLinearIsADenseLayerWithWeightsTimesHesConstant() {
        for (String engine : ENGINES) {
            for (boolean equalized : new boolean[] {true, false}) {
                try (NDManager m = Engines.get(engine).newBaseManager()) {
                    EqualizedLinear dense = new EqualizedLinear(3, 1, equalized, true);
                    dense.initialize(m, DataType.FLOAT32, new Shape(4, 2, 2, 2));   // flattened to 8 features
                    Init.he().apply(dense.getParameters(), new Random(2));
                    dense.getParameters().get("bias").getArray().set(FloatBuffer.wrap(new float[] {1, 2, 3}));
                    double c = 1 / Math.sqrt(8);
                    assertEquals(equalized ? c : 1, dense.runtimeScale(), 1e-12);
                    NDArray x = m.create(random(32, 3, 1), new Shape(4, 2, 2, 2));
                    NDArray w = dense.getParameters().get("weight").getArray();
                    NDArray expected = Linear.linear(x.reshape(4, 8), w.mul((float) dense.runtimeScale()),
                            dense.getParameters().get("bias").getArray()).singletonOrThrow();
                    NDArray out = forward(dense, m, x);
                    assertEquals(new Shape(4, 3), out.getShape());
                    assertArrayEquals(expected.toFloatArray(), out.toFloatArray(), 1e-5f, engine + " equalized " + equalized);
                }
            }
        }
    }

    @Test
    void effectiveInitialWeightsHaveHesStdInBothModes() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            double[] gains = {EqualizedLr.RELU_GAIN, 1};   // a hidden layer, a toRGB layer
            for (double gain : gains) {
                double he = gain / Math.sqrt(32 * 9);
                float[][] stored = new float[2][];
                double[] scale = new double[2];
                for (int mode = 0; mode < 2; mode++) {
                    boolean equalized = mode == 0;
                    EqualizedConv2d conv = new EqualizedConv2d(64, 3, gain, equalized);
                    conv.initialize(m, DataType.FLOAT32, new Shape(1, 32, 4, 4));
                    Init.he().apply(conv.getParameters(), new Random(5));
                    stored[mode] = conv.getParameters().get("weight").getArray().toFloatArray();
                    scale[mode] = conv.runtimeScale();
                    assertEquals(equalized ? 1 : he, std(stored[mode]), 0.02 * (equalized ? 1 : he), "stored std, equalized " + equalized);
                    assertEquals(he, std(stored[mode]) * scale[mode], 0.02 * he, "effective std, equalized " + equalized);
                    for (float v : conv.getParameters().get("bias").getArray().toFloatArray()) {
                        assertEquals(0, v, 0);
                    }
                }
                // one seed: the same effective weights in both modes (only the parametrization differs)
                for (int i = 0; i < stored[0].length; i += 97) {
                    assertEquals(stored[0][i] * scale[0], stored[1][i] * scale[1], 1e-6);
                }
            }
            // a dense layer: fan-in = its input features
            EqualizedLinear dense = new EqualizedLinear(256, EqualizedLr.RELU_GAIN, false, true);
            dense.initialize(m, DataType.FLOAT32, new Shape(1, 200));
            Init.he().apply(dense.getParameters(), new Random(6));
            double he = Math.sqrt(2) / Math.sqrt(200);
            assertEquals(he, std(dense.getParameters().get("weight").getArray().toFloatArray()), 0.02 * he);
        }
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f / (double) v.length;
        }
        double var = 0;
        for (float f : v) {
            var += (f - mean) * (f - mean) / v.length;
        }
        return Math.sqrt(var);
    }

    @Test
    void equalizedLayersComputeTheSameOnBothEngines() {
        float[][] out = new float[2][];
        for (int e = 0; e < 2; e++) {
            try (NDManager m = Engines.get(ENGINES[e]).newBaseManager()) {
                EqualizedConv2d conv = new EqualizedConv2d(3, 3, EqualizedLr.RELU_GAIN, true);
                conv.initialize(m, DataType.FLOAT32, new Shape(2, 4, 5, 5));
                Init.he().apply(conv.getParameters(), new Random(8));
                out[e] = forward(conv, m, m.create(random(200, 9, 1), new Shape(2, 4, 5, 5))).toFloatArray();
            }
        }
        assertArrayEquals(out[0], out[1], 1e-5f);
    }

    @Test
    void downsamplingAveragesBoxesAndUndoesNearestUpsampling() {
        for (String engine : ENGINES) {
            try (NDManager m = Engines.get(engine).newBaseManager()) {
                float[] x = {1, 2, 3, 4,
                             5, 6, 7, 8,
                             9, 10, 11, 12,
                             13, 14, 15, 17};
                NDArray img = m.create(x, new Shape(1, 1, 4, 4));
                assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.75f}, Downsample.average(img, 2).toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {8.5625f}, Downsample.average(img, 4).toFloatArray(), 1e-6f);
                NDArray big = m.create(random(2 * 3 * 16 * 16, 4, 1), new Shape(2, 3, 16, 16));
                // a reduction by 4 is two reductions by 2, bit for bit (the fade-in blends rely on it)
                assertArrayEquals(Downsample.average(Downsample.average(big, 2), 2).toFloatArray(),
                        Downsample.average(big, 4).toFloatArray(), 0f);
                NDArray small = m.create(random(2 * 3 * 4 * 4, 5, 1), new Shape(2, 3, 4, 4));
                assertArrayEquals(small.toFloatArray(), Downsample.average(Upsample.nearest(small, 4), 4).toFloatArray(), 1e-6f);
                Downsample block = new Downsample(2);
                assertEquals(new Shape(2, 3, 8, 8), block.getOutputShapes(new Shape[] {new Shape(2, 3, 16, 16)})[0]);
                assertThrows(IllegalArgumentException.class, () -> Downsample.average(img, 3));
                assertThrows(IllegalArgumentException.class, () -> Downsample.average(img, 8));
            }
        }
    }
}
