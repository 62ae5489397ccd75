package org.ganworkbench.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the {@link DomainClassifier} says about a set of images, as plain Java arrays: for each image
 * its penultimate-layer features (the embedding FID, KID and C2ST compare) and its class
 * probabilities (what the class histogram and the Inception-Score analogue read).
 *
 * <p>Because every metric works on this record, a metric never touches an NDArray: the classifier
 * may run on its own engine whatever engine the GAN trained on, and the metrics can be tested on
 * synthetic numbers.
 *
 * <p>A set can also carry each image's class: a real image's label, or the class a conditional
 * generator was asked for. The conditional metrics ({@link ConditionalAccuracy}, {@link IntraClass})
 * read it; the others ignore it.
 *
 * <p>The arrays are kept as given (no copy, to spare memory for 10,000 x 128 values); do not modify
 * them afterwards.
 *
 * @param features one row per image, all rows of the same length (the feature dimension)
 * @param probabilities one row per image, all rows of the same length (the number of classes), or
 *     {@code null} when only features are known (then the class-based metrics refuse the set)
 * @param classes one class index (at least 0) per image, or {@code null} when the images carry none
 *     (then the conditional metrics refuse the set)
 */
public record Features(double[][] features, double[][] probabilities, int[] classes) {

    /**
     * Checks that the rows agree.
     *
     * @throws IllegalArgumentException if there are no rows, rows differ in length, the arrays
     *     have different row counts, or a class is negative
     */
    public Features {
        Objects.requireNonNull(features, "features");
        requireRectangular("features", features);
        if (probabilities != null) {
            requireRectangular("probabilities", probabilities);
            if (probabilities.length != features.length) {
                throw new IllegalArgumentException(features.length + " feature rows but " + probabilities.length
                        + " probability rows; need one of each per image");
            }
        }
        if (classes != null) {
            if (classes.length != features.length) {
                throw new IllegalArgumentException(features.length + " feature rows but " + classes.length
                        + " classes; need one class per image");
            }
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] < 0) {
                    throw new IllegalArgumentException("the class of image " + i + " is " + classes[i] + ", below 0");
                }
            }
        }
    }

    /**
     * Features and probabilities of images without classes.
     *
     * @param features one row per image
     * @param probabilities one row per image, or {@code null}
     */
    public Features(double[][] features, double[][] probabilities) {
        this(features, probabilities, null);
    }

    /**
     * The same images with a class each.
     *
     * @param imageClasses one class index per image (kept, not copied)
     * @return new features sharing the rows
     */
    public Features withClasses(int[] imageClasses) {
        return new Features(features, probabilities, Objects.requireNonNull(imageClasses, "classes"));
    }

    /**
     * Whether each image carries a class.
     *
     * @return {@code classes() != null}
     */
    public boolean hasClasses() {
        return classes != null;
    }

    /**
     * The images of one class, in order (sharing the rows).
     *
     * @param c a class index
     * @return the rows whose class is c, or null when there are none
     * @throws IllegalStateException when the images carry no classes
     */
    public Features ofClass(int c) {
        if (classes == null) {
            throw new IllegalStateException("these features carry no classes");
        }
        int n = 0;
        for (int k : classes) {
            n += k == c ? 1 : 0;
        }
        if (n == 0) {
            return null;
        }
        double[][] f = new double[n][];
        double[][] p = probabilities == null ? null : new double[n][];
        int[] k = new int[n];
        int j = 0;
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == c) {
                f[j] = features[i];
                if (p != null) {
                    p[j] = probabilities[i];
                }
                k[j++] = c;
            }
        }
        return new Features(f, p, k);
    }

    /**
     * Features only, for sets without class probabilities (e.g. synthetic test data).
     *
     * @param features one row per sample
     * @return features without probabilities
     */
    public static Features of(double[][] features) {
        return new Features(features, null);
    }

    private static void requireRectangular(String what, double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException(what + ": need at least one row");
        }
        int d = rows[0].length;
        if (d == 0) {
            throw new IllegalArgumentException(what + ": rows must not be empty");
        }
        for (int i = 1; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException(what + ": row " + i + " has " + rows[i].length
                        + " values, row 0 has " + d);
            }
        }
    }

    /**
     * Number of images.
     *
     * @return rows of {@link #features()}
     */
    public int count() {
        return features.length;
    }

    /**
     * Feature dimension.
     *
     * @return length of a feature row
     */
    public int dim() {
        return features[0].length;
    }

    /**
     * Whether class probabilities are known.
     *
     * @return {@code probabilities() != null}
     */
    public boolean hasProbabilities() {
        return probabilities != null;
    }

    /**
     * The first {@code n} images (sharing the rows, not copying them).
     *
     * @param n at least 1, at most {@link #count()}
     * @return this when {@code n == count()}, else the first n rows
     */
    public Features head(int n) {
        if (n < 1 || n > count()) {
            throw new IllegalArgumentException("head(" + n + ") of " + count() + " rows");
        }
        if (n == count()) {
            return this;
        }
        return new Features(Arrays.copyOf(features, n), probabilities == null ? null : Arrays.copyOf(probabilities, n),
                classes == null ? null : Arrays.copyOf(classes, n));
    }

    /**
     * The most probable class of each image (ties go to the lower class index).
     *
     * @return one class index per image
     * @throws IllegalStateException without probabilities
     */
    public int[] predictedClasses() {
        if (probabilities == null) {
            throw new IllegalStateException("these features carry no class probabilities");
        }
        int[] out = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            double[] p = probabilities[i];
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Override
    public String toString() {
        return "Features[" + count() + " x " + dim()
                + (probabilities == null ? "" : ", " + probabilities[0].length + " class probabilities")
                + (classes == null ? "" : ", with classes") + "]";
    }

    /** Checks that two feature sets live in one space, naming the metric that needs it. */
    static void requireSameDim(String metric, Features real, Features generated) {
        if (real.dim() != generated.dim()) {
            throw new IllegalArgumentException(metric + ": real features have " + real.dim()
                    + " dimensions, generated ones " + generated.dim());
        }
    }
}
