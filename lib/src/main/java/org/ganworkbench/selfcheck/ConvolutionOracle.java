package org.ganworkbench.selfcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

import java.util.Locale;
import java.util.Random;

/**
 * A 2-D convolution (DJL's {@code Conv2d.conv2d}, no bias) checked against its definition written
 * out as loops in double precision: the value y and both gradients of L = Σ y·r, d/dx and d/dw.
 * This is the check that caught libtorch's oneDNN convolutions computing wrong values and input
 * gradients on an AMD EPYC with AVX-512 (see {@code Engines.prepare}).
 *
 * @param n batch
 * @param in input channels
 * @param out output channels
 * @param size input height and width
 * @param k kernel size
 * @param stride stride
 * @param pad zero padding on each border
 */
record ConvolutionOracle(int n, int in, int out, int size, int k, int stride, int pad) {

    ConvolutionOracle {
        if (n < 1 || in < 1 || out < 1 || k < 1 || stride < 1 || pad < 0 || size + 2 * pad < k) {
            throw new IllegalArgumentException("convolution shape out of range: " + this);
        }
    }

    /** Output height and width. */
    int outSize() {
        return (size + 2 * pad - k) / stride + 1;
    }

    /** E.g. "conv2d 3→4 3×3 s1 p1 on (2,3,8,8)". */
    String describe() {
        return String.format(Locale.ROOT, "conv2d %d→%d %d×%d s%d p%d (%d,%d,%d,%d)", in, out, k, k, stride, pad, n, in,
                size, size);
    }

    /** The relative errors of the engine's value, d/dx and d/dw against the loops. */
    Errors check(Engine engine, long seed) {
        Random rng = new Random(seed);
        int os = outSize();
        float[] x = FiniteDifferences.gaussian(rng, n * in * size * size);
        float[] w = FiniteDifferences.gaussian(rng, out * in * k * k);
        float[] r = FiniteDifferences.gaussian(rng, n * out * os * os);
        double[] y = new double[r.length];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < os; i++) {
                    for (int j = 0; j < os; j++) {
                        int yi = ((b * out + o) * os + i) * os + j;
                        double acc = 0;
                        for (int c = 0; c < in; c++) {
                            for (int u = 0; u < k; u++) {
                                int row = i * stride - pad + u;
                                if (row < 0 || row >= size) {
                                    continue;
                                }
                                for (int v = 0; v < k; v++) {
                                    int col = j * stride - pad + v;
                                    if (col < 0 || col >= size) {
                                        continue;
                                    }
                                    int xi = ((b * in + c) * size + row) * size + col;
                                    int wi = ((o * in + c) * k + u) * k + v;
                                    acc += (double) x[xi] * w[wi];
                                    dx[xi] += (double) r[yi] * w[wi];
                                    dw[wi] += (double) r[yi] * x[xi];
                                }
                            }
                        }
                        y[yi] = acc;
                    }
                }
            }
        }
        try (NDManager m = engine.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(n, in, size, size));
            NDArray wa = m.create(w, new Shape(out, in, k, k));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            NDArray ya;
            try (GradientCollector gc = engine.newGradientCollector()) {
                ya = Conv2d.conv2d(xa, wa, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                        .singletonOrThrow();
                gc.backward(ya.mul(m.create(r, ya.getShape())).sum());
            }
            return new Errors(relative(ya.toFloatArray(), y), relative(xa.getGradient().toFloatArray(), dx),
                    relative(wa.getGradient().toFloatArray(), dw));
        }
    }

    /** ‖a − b‖ / ‖b‖; NaN when a holds a non-finite value. */
    static double relative(float[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                return Double.NaN;
            }
            double e = a[i] - b[i];
            num += e * e;
            den += b[i] * b[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-30));
    }

    /** Relative errors of the value and the two gradients. */
    record Errors(double value, double dx, double dw) {

        /** The largest of the three (NaN if any is NaN). */
        double worst() {
            if (Double.isNaN(value) || Double.isNaN(dx) || Double.isNaN(dw)) {
                return Double.NaN;
            }
            return Math.max(value, Math.max(dx, dw));
        }

        /** Which of the three is the largest: "value", "d/dx" or "d/dw" (the first NaN if any). */
        String worstPart() {
            if (Double.isNaN(value) || (!Double.isNaN(dx) && !Double.isNaN(dw) && value >= dx && value >= dw)) {
                return String.format(Locale.ROOT, "value (%.2g)", value);
            }
            if (Double.isNaN(dx) || (!Double.isNaN(dw) && dx >= dw)) {
                return String.format(Locale.ROOT, "d/dx (%.2g)", dx);
            }
            return String.format(Locale.ROOT, "d/dw (%.2g)", dw);
        }
    }
}
