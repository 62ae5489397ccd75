package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualBatchNormTest {

    private static NDArray run(Block block, NDManager m, NDArray x, boolean training) {
        return block.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
    }

    private static float[] gaussian(Random rng, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (rng.nextGaussian() * 1.5 + 0.7);
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void handCaseOnFeatureVectors(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            VirtualBatchNorm block = new VirtualBatchNorm(2);
            block.initialize(m, DataType.FLOAT32, new Shape(3, 1));
            // reference rows 1, 3: mean 2, variance 1. Sample 5: mean 2/3·2 + 1/3·5 = 3;
            // E[x²] = 2/3·5 + 1/3·25 = 35/3, variance 35/3 − 9 = 8/3
            NDArray x = m.create(new float[] {1, 3, 5}, new Shape(3, 1));
            float[] expected = {(float) (-1 / Math.sqrt(1 + 1e-5)), (float) (1 / Math.sqrt(1 + 1e-5)),
                    (float) (2 / Math.sqrt(8.0 / 3 + 1e-5))};
            assertArrayEquals(expected, run(block, m, x, true).toFloatArray(), 1e-5f);
            assertArrayEquals(expected, run(block, m, x, false).toFloatArray(), 1e-5f);
        }
    }

    /** The formula in doubles: E[x] and E[x²] of reference and sample, weighted R/(R+1) and 1/(R+1). */
    private static float[] reference(float[] x, int n, int c, int hw, int r, float[] gamma, float[] beta) {
        float[] y = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            double refMean = 0;
            double refSq = 0;
            for (int i = 0; i < r; i++) {
                for (int p = 0; p < hw; p++) {
                    double v = x[(i * c + ch) * hw + p];
                    refMean += v;
                    refSq += v * v;
                }
            }
            refMean /= r * hw;
            refSq /= r * hw;
            for (int i = 0; i < n; i++) {
                double mean = refMean;
                double sq = refSq;
                if (i >= r) {
                    double own = 0;
                    double ownSq = 0;
                    for (int p = 0; p < hw; p++) {
                        double v = x[(i * c + ch) * hw + p];
                        own += v;
                        ownSq += v * v;
                    }
                    mean = r / (r + 1.0) * refMean + own / hw / (r + 1.0);
                    sq = r / (r + 1.0) * refSq + ownSq / hw / (r + 1.0);
                }
                double sd = Math.sqrt(sq - mean * mean + 1e-5);
                for (int p = 0; p < hw; p++) {
                    int k = (i * c + ch) * hw + p;
                    y[k] = (float) (gamma[ch] * (x[k] - mean) / sd + beta[ch]);
                }
            }
        }
        return y;
    }

    @Test
    void matchesTheFormulaOnFeatureMapsOnBothEnginesInBothModes() {
        int r = 3;
        int n = 5;
        int c = 2;
        float[] x = gaussian(new Random(2), n * c * 9);
        float[] gamma = {1.5f, -0.5f};
        float[] beta = {0.25f, 2f};
        float[] expected = reference(x, n, c, 9, r, gamma, beta);
        for (String engine : new String[] {Engines.MXNET, Engines.PYTORCH}) {
            try (NDManager m = Engines.get(engine).newBaseManager()) {
                VirtualBatchNorm block = new VirtualBatchNorm(r);
                block.initialize(m, DataType.FLOAT32, new Shape(n, c, 3, 3));
                Parameter g = block.getParameters().get("gamma");
                Parameter b = block.getParameters().get("beta");
                assertEquals(Parameter.Type.GAMMA, g.getType());
                assertEquals(Parameter.Type.BETA, b.getType());
                assertEquals(new Shape(c), g.getArray().getShape());
                g.getArray().set(gamma);
                b.getArray().set(beta);
                NDArray in = m.create(x, new Shape(n, c, 3, 3));
                assertArrayEquals(expected, run(block, m, in, true).toFloatArray(), 1e-4f, engine + " training");
                assertArrayEquals(expected, run(block, m, in, false).toFloatArray(), 1e-4f, engine + " inference");
            }
        }
    }

    /** Rows: R reference rows, then the samples; sample s at position 0 of batch A and position 2 of batch B. */
    private static float[][] twoBatches(int r, int c, int hw, Random rng) {
        float[] ref = gaussian(rng, r * c * hw);
        float[] s = gaussian(rng, c * hw);
        float[] others = gaussian(rng, 4 * c * hw);
        for (int i = 0; i < others.length; i++) {
            others[i] = others[i] * 3 - 2;   // the other samples differ a lot from the reference
        }
        float[] a = concat(ref, s, Arrays.copyOfRange(others, 0, c * hw));
        float[] b = concat(ref, Arrays.copyOfRange(others, c * hw, 3 * c * hw), s);
        return new float[][] {a, b};
    }

    private static float[] concat(float[]... parts) {
        int total = 0;
        for (float[] p : parts) {
            total += p.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void aSamplesOutputDoesNotDependOnTheRestOfItsBatchUnlikeBatchNorm(String engine) {
        int r = 4;
        int c = 3;
        int hw = 16;
        float[][] batches = twoBatches(r, c, hw, new Random(5));
        int row = c * hw;
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            VirtualBatchNorm vbn = new VirtualBatchNorm(r);
            vbn.initialize(m, DataType.FLOAT32, new Shape(r + 2, c, 4, 4));
            float[] a = run(vbn, m, m.create(batches[0], new Shape(r + 2, c, 4, 4)), true).toFloatArray();
            float[] b = run(vbn, m, m.create(batches[1], new Shape(r + 3, c, 4, 4)), true).toFloatArray();
            assertArrayEquals(Arrays.copyOfRange(a, r * row, (r + 1) * row),
                    Arrays.copyOfRange(b, (r + 2) * row, (r + 3) * row), 1e-5f, "VBN: the sample's output moved");
            assertArrayEquals(Arrays.copyOfRange(a, 0, r * row), Arrays.copyOfRange(b, 0, r * row), 1e-5f,
                    "VBN: the reference rows' output moved");

            // batch norm in training mode (MXNet needs a gradient collector for that) mixes the batch
            BatchNorm bn = BatchNorm.builder().build();
            bn.initialize(m, DataType.FLOAT32, new Shape(r + 2, c, 4, 4));
            float[] bnA;
            float[] bnB;
            try (GradientCollector gc = Engines.get(engine).newGradientCollector()) {
                bnA = run(bn, m, m.create(batches[0], new Shape(r + 2, c, 4, 4)), true).toFloatArray();
                bnB = run(bn, m, m.create(batches[1], new Shape(r + 3, c, 4, 4)), true).toFloatArray();
            }
            double diff = 0;
            for (int i = 0; i < row; i++) {
                diff = Math.max(diff, Math.abs(bnA[r * row + i] - bnB[(r + 2) * row + i]));
            }
            assertTrue(diff > 0.1, "batch norm should make the sample depend on its batch; max difference " + diff);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void referenceBatchWrapsANetworkAndHidesTheReferenceRows(String engine) {
        int r = 6;
        Random rng = new Random(8);
        float[] reference = gaussian(rng, r * 2 * 5 * 5);
        float[] samples = gaussian(rng, 3 * 2 * 5 * 5);
        float[] other = gaussian(rng, 2 * 2 * 5 * 5);
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            SequentialBlock body = new SequentialBlock()
                    .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .optBias(false).build())
                    .add(new VirtualBatchNorm(r)).add(Activation.reluBlock())
                    .add(Conv2d.builder().setFilters(3).setKernelShape(new Shape(3, 3)).build())
                    .add(new VirtualBatchNorm(r));
            ReferenceBatch net = new ReferenceBatch(body, reference, new Shape(2, 5, 5));
            assertEquals(r, net.size());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 2, 5, 5));   // as Gan.create does: a batch of one
            assertEquals(new Shape(7, 3, 3, 3), net.getOutputShapes(new Shape[] {new Shape(7, 2, 5, 5)})[0]);
            Random w = new Random(9);
            net.getParameters().forEach(p -> {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    p.getValue().getArray().set(gaussian(w, Math.toIntExact(p.getValue().getArray().size())));
                }
            });
            NDArray x = m.create(samples, new Shape(3, 2, 5, 5));
            NDArray y = run(net, m, x, true);
            assertEquals(new Shape(3, 3, 3, 3), y.getShape());
            float[] all = y.toFloatArray();
            assertArrayEquals(all, run(net, m, x, false).toFloatArray(), 1e-5f, "training != inference");
            // sample 1 alone, and sample 1 among other samples, gives the same output
            float[] alone = run(net, m, x.get("1:2"), false).toFloatArray();
            NDArray mixed = m.create(other, new Shape(2, 2, 5, 5)).concat(x.get("1:2"), 0);
            float[] among = run(net, m, mixed, true).toFloatArray();
            float[] expected = Arrays.copyOfRange(all, 27, 54);
            assertArrayEquals(expected, alone, 1e-4f);
            assertArrayEquals(expected, Arrays.copyOfRange(among, 54, 81), 1e-4f);
        }
    }

    @Test
    void refusesInputsWithoutTheReferenceRows() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            VirtualBatchNorm block = new VirtualBatchNorm(8);
            block.initialize(m, DataType.FLOAT32, new Shape(9, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> run(block, m, m.ones(new Shape(5, 4)), false));
            assertTrue(e.getMessage().contains("(5, 4)") && e.getMessage().contains("ReferenceBatch"), e.getMessage());
            ReferenceBatch net = new ReferenceBatch(new VirtualBatchNorm(2), new float[] {1, 2, 3, 4, 5, 6}, new Shape(3));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            e = assertThrows(IllegalArgumentException.class, () -> run(net, m, m.ones(new Shape(2, 4)), false));
            assertTrue(e.getMessage().contains("(2, 4)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new VirtualBatchNorm(0));
        assertThrows(IllegalArgumentException.class,
                () -> new ReferenceBatch(new VirtualBatchNorm(2), new float[] {1, 2, 3}, new Shape(2)));
    }
}
