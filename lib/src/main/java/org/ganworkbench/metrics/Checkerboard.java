package org.ganworkbench.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Ops;

/**
 * How much of an image's variation sits in the pixel-level checkerboard pattern, the artifact that
 * transposed convolutions leave when their stamps overlap unevenly (Odena, Dumoulin and Olah 2016,
 * "Deconvolution and Checkerboard Artifacts").
 *
 * <p>For an h×w image x with mean m, the score is the energy of x − m along the three patterns of
 * period 2 — (−1)^(i+j), (−1)^i and (−1)^j, the highest frequencies an image can hold — divided by
 * the energy of x − m, averaged over images and channels. A smooth image scores near 0, pure
 * checkerboard noise 1, white noise about 3 / (h·w). Compare generated images with real ones: real
 * Fashion-MNIST images have sharp edges and score above zero too.
 */
public final class Checkerboard {

    private Checkerboard() {}

    /**
     * Where a transposed convolution's stamps overlap: the output of an all-ones k×k kernel at this
     * stride (no padding) over a constant {@code size}×{@code size} input, i.e. how many stamps
     * cover each output pixel. Uneven counts are the seed of checkerboard artifacts; a kernel size
     * divisible by the stride covers the inside evenly.
     *
     * @return the counts, {@code [row][column]}, (size − 1)·stride + k on a side
     */
    public static float[][] stampOverlaps(int kernel, int stride, int size) {
        if (kernel < 1 || stride < 1 || size < 1) {
            throw new IllegalArgumentException("stamp overlaps: kernel, stride and size must be >= 1, got "
                    + kernel + ", " + stride + ", " + size);
        }
        try (NDManager m = Engines.newManager(null)) {
            NDArray y = Ops.convTranspose(m.ones(new Shape(1, 1, size, size)), m.ones(new Shape(1, 1, kernel, kernel)),
                    null, stride, 0, 0);
            int side = Math.toIntExact(y.getShape().get(2));
            float[] flat = y.toFloatArray();
            float[][] out = new float[side][side];
            for (int i = 0; i < side; i++) {
                System.arraycopy(flat, i * side, out[i], 0, side);
            }
            return out;
        }
    }

    /**
     * Mean checkerboard score of n images stored flat (n, channels, h, w).
     *
     * @throws IllegalArgumentException if the array does not hold n images of that shape
     */
    public static double score(float[] images, int n, int channels, int h, int w) {
        if (n < 1 || channels < 1 || h < 2 || w < 2 || (long) n * channels * h * w != images.length) {
            throw new IllegalArgumentException("checkerboard score: " + images.length + " numbers are not " + n
                    + " images of " + channels + "x" + h + "x" + w);
        }
        double sum = 0;
        int planes = 0;
        int plane = h * w;
        for (int p = 0; p < n * channels; p++) {
            int off = p * plane;
            double mean = 0;
            for (int i = 0; i < plane; i++) {
                mean += images[off + i];
            }
            mean /= plane;
            double energy = 0;
            double both = 0;
            double rows = 0;
            double cols = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = images[off + y * w + x] - mean;
                    energy += v * v;
                    both += ((x + y) % 2 == 0) ? v : -v;
                    rows += (y % 2 == 0) ? v : -v;
                    cols += (x % 2 == 0) ? v : -v;
                }
            }
            if (energy > 1e-12) {
                // projections on orthogonal ±1 patterns of norm sqrt(h·w)
                sum += (both * both + rows * rows + cols * cols) / plane / energy;
                planes++;
            }
        }
        return planes == 0 ? 0 : sum / planes;
    }
}
