package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Ops;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Both computation paths of the transposed convolution, on both engines, against the definition
 * written out as loops: out[n,o,y,x] += in[n,i,h,w] · W[i,o,ky,kx] at y = h·s − p + ky, x = w·s − p + kx.
 */
class ConvTranspose2dTest {

    /** n, in, out, size, k, stride, pad, outputPadding, bias. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(2, 3, 5, 4, 4, 2, 1, 0, true),    // the DCGAN doubling layer, in != out
                Arguments.of(2, 5, 1, 3, 4, 2, 1, 0, false),   // one output channel (MKLDNN fails: portable path)
                Arguments.of(1, 2, 3, 3, 3, 2, 1, 1, true),    // odd kernel with output padding: 3 -> 6
                Arguments.of(2, 4, 2, 5, 3, 1, 1, 0, true),    // stride 1: a "same" layer
                Arguments.of(1, 3, 4, 2, 5, 3, 0, 2, false),   // stride 3, no pad, output padding 2
                Arguments.of(1, 2, 2, 1, 7, 1, 0, 0, true));   // 1x1 input -> 7x7 (the DCGAN projection idea)
    }

    @ParameterizedTest(name = "n={0} in={1} out={2} size={3} k={4} s={5} p={6} a={7} bias={8}")
    @MethodSource("cases")
    void bothPathsMatchTheDefinitionInValueAndGradient(int n, int in, int out, int size, int k, int s, int p, int a,
            boolean bias) {
        Random rng = new Random(n * 1000 + in * 100 + out * 10 + k);
        float[] x = gaussian(rng, n * in * size * size);
        float[] w = gaussian(rng, in * out * k * k);
        float[] b = bias ? gaussian(rng, out) : null;
        int outSize = (size - 1) * s - 2 * p + k + a;
        float[] r = gaussian(rng, n * out * outSize * outSize);   // upstream gradient: loss = sum(out * r)
        Reference ref = reference(x, w, b, r, n, in, out, size, k, s, p, a);
        for (String engine : new String[] {Engines.MXNET, Engines.PYTORCH}) {
            for (Ops.Path path : Ops.Path.values()) {
                if (path == Ops.Path.NATIVE && (engine.equals(Engines.PYTORCH) || out == 1)) {
                    continue;   // no native op on PyTorch, nor on MXNet for one output channel
                }
                String where = engine + "/" + path;
                try (NDManager m = Engines.get(engine).newBaseManager()) {
                    NDArray xa = m.create(x, new Shape(n, in, size, size));
                    NDArray wa = m.create(w, new Shape(in, out, k, k));
                    NDArray ba = bias ? m.create(b, new Shape(out)) : null;
                    xa.setRequiresGradient(true);
                    wa.setRequiresGradient(true);
                    if (ba != null) {
                        ba.setRequiresGradient(true);
                    }
                    NDArray y;
                    try (GradientCollector gc = Engines.get(engine).newGradientCollector()) {
                        y = Ops.convTranspose(xa, wa, ba, s, p, a, path);
                        gc.backward(y.mul(m.create(r, y.getShape())).sum());
                    }
                    assertEquals(new Shape(n, out, outSize, outSize), y.getShape(), where + " shape");
                    assertArrayEquals(ref.y, y.toFloatArray(), 1e-4f, where + " values");
                    assertArrayEquals(ref.dx, xa.getGradient().toFloatArray(), 1e-4f, where + " d/dx");
                    assertArrayEquals(ref.dw, wa.getGradient().toFloatArray(), 1e-4f, where + " d/dw");
                    if (bias) {
                        assertArrayEquals(ref.db, ba.getGradient().toFloatArray(), 1e-3f, where + " d/db");
                    }
                }
            }
        }
    }

    @Test
    void blockHasMxnetWeightLayoutAndSameOutputOnBothEngines() {
        float[][] outputs = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            ConvTranspose2d block = ConvTranspose2d.doubling(6, true);
            try (NDManager m = Engines.get(engines[e]).newBaseManager()) {
                block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 7, 7));
                Parameter weight = block.getParameters().get("weight");
                assertEquals(new Shape(3, 6, 4, 4), weight.getArray().getShape(), "weight layout (in, out, k, k)");
                Random rng = new Random(5);
                weight.getArray().set(gaussian(rng, 3 * 6 * 16));
                NDArray x = m.create(gaussian(rng, 2 * 3 * 7 * 7), new Shape(2, 3, 7, 7));
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                assertEquals(new Shape(2, 6, 14, 14), y.getShape());
                assertEquals(y.getShape(), block.getOutputShapes(new Shape[] {x.getShape()})[0]);
                outputs[e] = y.toFloatArray();
            }
        }
        assertArrayEquals(outputs[0], outputs[1], 1e-4f, "MXNet and PyTorch disagree");
    }

    @Test
    void singleChannelLayerKeepsASpareFilterAndTrainsOnBothEngines() {
        float[][] outputs = new float[2][];
        float[][] grads = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            ConvTranspose2d block = ConvTranspose2d.doubling(1, true);
            try (NDManager m = Engines.get(engines[e]).newBaseManager()) {
                block.initialize(m, DataType.FLOAT32, new Shape(2, 4, 5, 5));
                NDArray w = block.getParameters().get("weight").getArray();
                assertEquals(new Shape(4, 2, 4, 4), w.getShape(), "one used + one spare filter");
                w.set(gaussian(new Random(9), 4 * 2 * 16));
                w.setRequiresGradient(true);
                NDArray x = m.create(gaussian(new Random(10), 2 * 4 * 25), new Shape(2, 4, 5, 5));
                NDArray y;
                try (GradientCollector gc = Engines.get(engines[e]).newGradientCollector()) {
                    y = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                    gc.backward(y.square().sum());
                }
                assertEquals(new Shape(2, 1, 10, 10), y.getShape());
                outputs[e] = y.toFloatArray();
                NDArray g = w.getGradient();
                grads[e] = g.get(":, 0:1").toFloatArray();
                NDArray spare = g.get(":, 1:2");
                assertEquals(0f, spare.abs().sum().getFloat(), engines[e] + ": the spare filter must get no gradient");
            }
        }
        assertArrayEquals(outputs[0], outputs[1], 1e-4f);
        assertArrayEquals(grads[0], grads[1], 1e-3f);
    }

    @Test
    void refusesSettingsItCannotCompute() {
        assertThrows(IllegalArgumentException.class, () -> ConvTranspose2d.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ConvTranspose2d.builder().filters(4).stride(2).outputPadding(2).build());
        assertThrows(IllegalArgumentException.class, () -> ConvTranspose2d.builder().filters(4).kernel(3).pad(3).build());
        try (NDManager m = Engines.get(Engines.PYTORCH).newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 2, 3, 3));
            NDArray w = m.zeros(new Shape(3, 2, 4, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Ops.convTranspose(x, w, null, 2, 1, 0));
            assertEquals(true, e.getMessage().contains("(in, out, k, k)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> Ops.convTranspose(x, m.zeros(new Shape(2, 2, 4, 4)), null, 2, 1, 0, Ops.Path.NATIVE));
        }
    }

    @Test
    void upsampleRepeatsPixels() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray y = new Upsample(2).forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.toFloatArray());
        }
    }

    private record Reference(float[] y, float[] dx, float[] dw, float[] db) {}

    private static Reference reference(float[] x, float[] w, float[] b, float[] r, int n, int in, int out, int size,
            int k, int s, int p, int a) {
        int os = (size - 1) * s - 2 * p + k + a;
        double[] y = new double[n * out * os * os];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        double[] db = new double[out];
        for (int b0 = 0; b0 < n; b0++) {
            for (int o = 0; o < out; o++) {
                for (int yy = 0; yy < os; yy++) {
                    for (int xx = 0; xx < os; xx++) {
                        int yi = ((b0 * out + o) * os + yy) * os + xx;
                        y[yi] = b == null ? 0 : b[o];
                        db[o] += r[yi];
                    }
                }
            }
            for (int i = 0; i < in; i++) {
                for (int h = 0; h < size; h++) {
                    for (int ww = 0; ww < size; ww++) {
                        int xi = ((b0 * in + i) * size + h) * size + ww;
                        for (int o = 0; o < out; o++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int yy = h * s - p + ky;
                                    int xx = ww * s - p + kx;
                                    if (yy < 0 || yy >= os || xx < 0 || xx >= os) {
                                        continue;
                                    }
                                    int wi = ((i * out + o) * k + ky) * k + kx;
                                    int yi = ((b0 * out + o) * os + yy) * os + xx;
                                    y[yi] += x[xi] * w[wi];
                                    dx[xi] += r[yi] * w[wi];
                                    dw[wi] += r[yi] * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Reference(toFloat(y), toFloat(dx), toFloat(dw), toFloat(db));
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static float[] gaussian(Random rng, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }
}
