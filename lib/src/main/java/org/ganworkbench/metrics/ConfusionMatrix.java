package org.ganworkbench.metrics;

import java.util.Arrays;

/**
 * Pixel counts of (true class, predicted class) pairs over label maps, and the segmentation scores
 * read from them as the GauGAN paper reports them (after the semantic-segmentation literature):
 *
 * <pre>
 *   pixel accuracy = Σ_k n[k][k] / Σ_{k,j} n[k][j]                 the fraction of pixels labelled right
 *   IoU_k          = n[k][k] / (Σ_j n[k][j] + Σ_j n[j][k] − n[k][k])  intersection over union of class k
 *   mIoU           = mean of IoU_k over the classes with a non-empty union
 * </pre>
 *
 * A class that neither the truth nor the prediction has anywhere is left out of the mean (its IoU
 * is 0/0); one that the truth has but the prediction never finds counts with IoU 0. Counts are
 * longs, so any number of maps can be added.
 */
public final class ConfusionMatrix {

    private final int classes;
    private final long[] counts;   // row-major: counts[truth * classes + predicted]

    /** An empty matrix over {@code classes} classes (≥ 2). */
    public ConfusionMatrix(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a confusion matrix needs >= 2 classes, got " + classes);
        }
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    /**
     * Adds the pixels of one or more maps.
     *
     * @param truth the true class of every pixel
     * @param predicted the predicted class of the same pixels, same length
     * @return this
     * @throws IllegalArgumentException naming the first pixel outside [0, classes), or on a length mismatch
     */
    public ConfusionMatrix add(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + truth.length + " true labels but "
                    + predicted.length + " predicted ones");
        }
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i];
            int p = predicted[i];
            if (t < 0 || t >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("confusion matrix: pixel " + i + " has true class " + t
                        + " and predicted class " + p + "; both must be in [0, " + classes + ")");
            }
            counts[t * classes + p]++;
        }
        return this;
    }

    /** The number of classes. */
    public int classes() {
        return classes;
    }

    /** Pixels of true class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth * classes + predicted];
    }

    /** All pixels added. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** The fraction of pixels whose predicted class is the true one; NaN when empty. */
    public double pixelAccuracy() {
        long total = total();
        long right = 0;
        for (int k = 0; k < classes; k++) {
            right += count(k, k);
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    /** IoU of every class; NaN for a class with an empty union. */
    public double[] iou() {
        double[] iou = new double[classes];
        for (int k = 0; k < classes; k++) {
            long truth = 0;
            long predicted = 0;
            for (int j = 0; j < classes; j++) {
                truth += count(k, j);
                predicted += count(j, k);
            }
            long union = truth + predicted - count(k, k);
            iou[k] = union == 0 ? Double.NaN : (double) count(k, k) / union;
        }
        return iou;
    }

    /** The mean IoU over the classes with a non-empty union; NaN when no pixel was added. */
    public double meanIou() {
        return Arrays.stream(iou()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
