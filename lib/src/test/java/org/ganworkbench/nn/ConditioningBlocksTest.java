package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Init;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocks of conditional and attention GANs: self-attention, conditional batch norm, the projection term. */
class ConditioningBlocksTest {

    /** Training mode inside a gradient collector (MXNet's batch norm insists on it). */
    private static NDArray run(Block b, NDManager m, boolean training, NDArray... in) {
        if (!training) {
            return b.forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow();
        }
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            return b.forward(new ParameterStore(m, false), new NDList(in), true).singletonOrThrow();
        }
    }

    private static float[] weight(Block b, String name) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getKey().endsWith(name)) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no parameter " + name + " in " + b.getParameters().keys());
    }

    private static NDArray oneHot(NDManager m, int[] classes, int k) {
        float[] v = new float[classes.length * k];
        for (int i = 0; i < classes.length; i++) {
            v[i * k + classes[i]] = 1;
        }
        return m.create(v, new Shape(classes.length, k));
    }

    /** y = x + γ W_v (Σ_i softmax_i(f_j · g_i) h_i), computed with loops from the block's weights. */
    private static float[] attentionByHand(SelfAttention a, float[] x, int n, int c, int p, float gamma) {
        float[] wf = weight(a, "query_weight");
        float[] wg = weight(a, "key_weight");
        float[] wh = weight(a, "value_weight");
        float[] wv = weight(a, "out_weight");
        int q = c / 8;
        int h = c / 2;
        float[] y = x.clone();
        for (int s = 0; s < n; s++) {
            double[][] f = project(wf, q, x, s, c, p);
            double[][] g = project(wg, q, x, s, c, p);
            double[][] v = project(wh, h, x, s, c, p);
            for (int j = 0; j < p; j++) {
                double[] logits = new double[p];
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < p; i++) {
                    for (int k = 0; k < q; k++) {
                        logits[i] += f[k][j] * g[k][i];
                    }
                    max = Math.max(max, logits[i]);
                }
                double sum = 0;
                for (int i = 0; i < p; i++) {
                    logits[i] = Math.exp(logits[i] - max);
                    sum += logits[i];
                }
                double[] mixed = new double[h];
                for (int k = 0; k < h; k++) {
                    for (int i = 0; i < p; i++) {
                        mixed[k] += v[k][i] * logits[i] / sum;
                    }
                }
                for (int o = 0; o < c; o++) {
                    double out = 0;
                    for (int k = 0; k < h; k++) {
                        out += wv[o * h + k] * mixed[k];
                    }
                    y[(s * c + o) * p + j] += (float) (gamma * out);
                }
            }
        }
        return y;
    }

    private static double[][] project(float[] w, int out, float[] x, int s, int c, int p) {
        double[][] r = new double[out][p];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < p; j++) {
                    r[o][j] += w[o * c + i] * x[(s * c + i) * p + j];
                }
            }
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void selfAttentionIsTheIdentityAtGammaZeroAndItsFormulaOtherwise(String engine) {
        int n = 2;
        int c = 16;
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            SelfAttention a = new SelfAttention(c);
            a.initialize(m, DataType.FLOAT32, new Shape(n, c, 3, 4));
            Init.he().apply(a.getParameters(), new Random(3));
            assertEquals(0f, a.gamma(), "gamma starts at 0");
            NDArray x = m.randomNormal(new Shape(n, c, 3, 4));
            assertArrayEquals(x.toFloatArray(), run(a, m, true, x).toFloatArray(), 0f, "identity at gamma 0");
            NDArray beta = a.attention(new ParameterStore(m, false), x, false);
            assertEquals(new Shape(n, 12, 12), beta.getShape());
            float[] rows = beta.sum(new int[] {2}).toFloatArray();
            for (float r : rows) {
                assertEquals(1f, r, 1e-5f, "each query's weights sum to 1");
            }
            a.getParameters().get("gamma").getArray().set(new float[] {0.7f});
            assertArrayEquals(attentionByHand(a, x.toFloatArray(), n, c, 12, 0.7f), run(a, m, false, x).toFloatArray(), 1e-4f);
            // gradients reach gamma and every convolution
            for (Pair<String, Parameter> p : a.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            try (GradientCollector gc = Engines.get(engine).newGradientCollector()) {
                gc.backward(a.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow().square().sum());
            }
            for (Pair<String, Parameter> p : a.getParameters()) {
                assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey() + " gets no gradient");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void selfAttentionTakesSpectralNormAndRefusesTooFewChannels(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            SelfAttention a = new SelfAttention(8, SpectralNorm::new);
            a.initialize(m, DataType.FLOAT32, new Shape(2, 8, 4, 4));
            Init.he().apply(a.getParameters(), new Random(1));
            a.getParameters().get("gamma").getArray().set(new float[] {1f});
            NDArray y = run(a, m, true, m.randomNormal(new Shape(2, 8, 4, 4)));
            assertEquals(new Shape(2, 8, 4, 4), y.getShape());
            assertTrue(Float.isFinite(y.sum().getFloat()));
        }
        assertThrows(IllegalArgumentException.class, () -> new SelfAttention(4));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void conditionalBatchNormStartsAsBatchNormAndThenScalesAndShiftsByClass(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            int n = 4;
            int c = 3;
            Shape shape = new Shape(n, c, 2, 2);
            ConditionalBatchNorm cbn = new ConditionalBatchNorm(5);
            NDArray y = oneHot(m, new int[] {0, 4, 2, 4}, 5);
            cbn.initialize(m, DataType.FLOAT32, shape, y.getShape());
            Init.he().apply(cbn.getParameters(), new Random(1));
            BatchNorm plain = BatchNorm.builder().optCenter(false).optScale(false).build();
            plain.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(shape).mul(3).add(1);
            float[] bn = run(plain, m, true, x).toFloatArray();
            assertArrayEquals(bn, run(cbn, m, true, x, y).toFloatArray(), 1e-5f, "zero tables: plain batch norm");
            float[] scales = new float[5 * c];
            float[] shifts = new float[5 * c];
            for (int i = 0; i < scales.length; i++) {
                scales[i] = 0.1f * i;
                shifts[i] = -0.2f * i;
            }
            cbn.getParameters().get("class_scales").getArray().set(scales);
            cbn.getParameters().get("class_shifts").getArray().set(shifts);
            float[] out = run(cbn, m, true, x, y).toFloatArray();
            int[] classes = {0, 4, 2, 4};
            for (int s = 0; s < n; s++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < 4; p++) {
                        int i = (s * c + ch) * 4 + p;
                        int k = classes[s] * c + ch;
                        assertEquals((1 + scales[k]) * bn[i] + shifts[k], out[i], 1e-5f, "sample " + s + " channel " + ch);
                    }
                }
            }
            assertThrows(IllegalArgumentException.class,
                    () -> new ConditionalBatchNorm(5).initialize(m, DataType.FLOAT32, shape, new Shape(n, 4)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void projectionIsTheInnerProductOfFeaturesAndTheClassEmbedding(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            Projection proj = new Projection(3);
            NDArray y = oneHot(m, new int[] {2, 0}, 3);
            NDArray phi = m.create(new float[] {1, 2, 3, 4, -1, 0.5f, 2, 0}, new Shape(2, 4));
            proj.initialize(m, DataType.FLOAT32, phi.getShape(), y.getShape());
            float[] v = {0, 1, 0, 0, /* class 1 */ 5, 5, 5, 5, /* class 2 */ 1, -1, 2, 0.5f};
            proj.getParameters().get("class_embedding").getArray().set(v);
            // sample 0, class 2: 1*1 + 2*(-1) + 3*2 + 4*0.5 = 7; sample 1, class 0: 0.5*1 = 0.5
            assertArrayEquals(new float[] {7f, 0.5f}, run(proj, m, true, phi, y).toFloatArray(), 1e-6f);
            assertEquals(new Shape(2, 1), run(proj, m, false, phi, y).getShape());
            assertThrows(IllegalArgumentException.class, () -> new Projection(1));
        }
    }
}
