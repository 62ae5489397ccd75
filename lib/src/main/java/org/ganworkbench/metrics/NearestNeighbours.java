package org.ganworkbench.metrics;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.data.ImageSet;

import java.util.Arrays;
import java.util.Objects;

/**
 * The memorization check: for each generated image, its nearest training images. A generator that
 * copies its training set has neighbours at distance about 0 that look identical; one that
 * generalizes has neighbours that are similar but clearly different images. Show them with
 * {@link org.ganworkbench.viz.NeighbourView}.
 *
 * <p>Distances are Euclidean (L2), either in pixel space (pixels in [-1, 1], so two 28 x 28 images
 * are at most 56 apart) or in the {@link DomainClassifier}'s feature space (closer to "looks like
 * the same garment"). The search is exact (brute force): for k generated images against 60,000
 * training images it takes a second or so.
 */
public final class NearestNeighbours {

    private NearestNeighbours() {}

    /**
     * The neighbours found.
     *
     * @param indices for each generated image, the training indices of its nearest neighbours,
     *     nearest first (ties go to the lower index)
     * @param distances the matching L2 distances
     * @param space {@code "pixels"} or {@code "features"}
     */
    public record Result(int[][] indices, double[][] distances, String space) {

        /**
         * Number of generated images.
         *
         * @return rows
         */
        public int queries() {
            return indices.length;
        }

        /**
         * Neighbours per generated image.
         *
         * @return k
         */
        public int k() {
            return indices.length == 0 ? 0 : indices[0].length;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("nearest training images (L2 in " + space + ")");
            for (int q = 0; q < indices.length; q++) {
                sb.append("\n  generated ").append(q).append(": ");
                for (int j = 0; j < indices[q].length; j++) {
                    sb.append(j == 0 ? "" : ", ").append('#').append(indices[q][j])
                            .append(String.format(" (%.2f)", distances[q][j]));
                }
            }
            return sb.toString();
        }
    }

    /**
     * Nearest training images in pixel space.
     *
     * @param training the training images
     * @param generated {@code count} images of the training set's shape, flat, image after image
     * @param count number of generated images, at least 1
     * @param k neighbours per image, in [1, training size]
     * @return indices into {@code training} and distances
     * @throws IllegalArgumentException if the length does not fit {@code count} images of the
     *     training shape, or k is out of range
     */
    public static Result inPixels(ImageSet training, float[] generated, int count, int k) {
        Objects.requireNonNull(training, "training");
        int pixels = training.channels() * training.height() * training.width();
        if (count < 1 || generated.length != (long) count * pixels) {
            throw new IllegalArgumentException(count + " generated images of the training shape (" + training.channels()
                    + ", " + training.height() + ", " + training.width() + ") need " + ((long) count * pixels)
                    + " values, got " + generated.length);
        }
        requireK(k, training.count());
        TopK[] best = new TopK[count];
        for (int q = 0; q < count; q++) {
            best[q] = new TopK(k);
        }
        for (int t = 0; t < training.count(); t++) {
            Interrupted.check("nearest training images in pixels");
            float[] image = training.image(t);
            for (int q = 0; q < count; q++) {
                int base = q * pixels;
                double sum = 0;
                for (int p = 0; p < pixels; p++) {
                    double diff = (double) generated[base + p] - image[p];
                    sum += diff * diff;
                }
                best[q].offer(t, sum);
            }
        }
        return result(best, "pixels");
    }

    /**
     * Nearest training images in feature space.
     *
     * @param training features of the training images (e.g. {@code classifier.features(train)})
     * @param generated features of the generated images
     * @param k neighbours per image, in [1, training count]
     * @return indices into the training rows and distances
     */
    public static Result inFeatures(Features training, Features generated, int k) {
        if (training.dim() != generated.dim()) {
            throw new IllegalArgumentException("training features have " + training.dim() + " dimensions, generated "
                    + generated.dim());
        }
        requireK(k, training.count());
        double[][] x = training.features();
        double[][] y = generated.features();
        TopK[] best = new TopK[y.length];
        for (int q = 0; q < y.length; q++) {
            best[q] = new TopK(k);
        }
        for (int t = 0; t < x.length; t++) {
            Interrupted.check("nearest training images in features");
            for (int q = 0; q < y.length; q++) {
                double sum = 0;
                for (int i = 0; i < x[t].length; i++) {
                    double diff = y[q][i] - x[t][i];
                    sum += diff * diff;
                }
                best[q].offer(t, sum);
            }
        }
        return result(best, "features");
    }

    private static void requireK(int k, int available) {
        if (k < 1 || k > available) {
            throw new IllegalArgumentException("k must be in [1, " + available + "], got " + k);
        }
    }

    private static Result result(TopK[] best, String space) {
        int[][] idx = new int[best.length][];
        double[][] dist = new double[best.length][];
        for (int q = 0; q < best.length; q++) {
            idx[q] = best[q].indices.clone();
            dist[q] = Arrays.stream(best[q].squared).map(Math::sqrt).toArray();
        }
        return new Result(idx, dist, space);
    }

    /** The k smallest squared distances seen so far, sorted ascending (insertion; k is small). */
    private static final class TopK {
        final int[] indices;
        final double[] squared;
        int size;

        TopK(int k) {
            indices = new int[k];
            squared = new double[k];
            Arrays.fill(squared, Double.POSITIVE_INFINITY);
        }

        void offer(int index, double d2) {
            int k = indices.length;
            if (!(d2 < squared[k - 1]) && size == k) {
                return;
            }
            int pos = Math.min(size, k - 1);
            while (pos > 0 && d2 < squared[pos - 1]) {
                squared[pos] = squared[pos - 1];
                indices[pos] = indices[pos - 1];
                pos--;
            }
            squared[pos] = d2;
            indices[pos] = index;
            size = Math.min(k, size + 1);
        }
    }
}
