package org.ganworkbench.training;

/**
 * Learning-rate decay when a convergence measure stalls, as BEGAN does with M_global ("we decay
 * the learning rate by a factor of 2 when the convergence measure stalls"). The loop averages the
 * loss's {@linkplain org.ganworkbench.losses.GanLoss#convergenceMeasure() convergence measure} over
 * windows of {@code window} steps; when a window's mean is not at least {@code tolerance} (a
 * fraction) below the best window mean so far, both learning rates are multiplied by
 * {@code factor}, down to {@code minScale} times their starting values. The log's {@code lr_scale}
 * column shows the current factor.
 *
 * @param window steps per window, at least 1
 * @param factor multiplier on a stall, in (0, 1)
 * @param tolerance relative improvement a window must make to count as progress, in [0, 1)
 * @param minScale the learning rates never go below this fraction of their starting values, in (0, 1]
 */
public record LrDecay(int window, double factor, double tolerance, double minScale) {

    /** No decay. */
    public static final LrDecay NONE = new LrDecay(Integer.MAX_VALUE, 0.5, 0, 1);

    public LrDecay {
        if (window < 1) {
            throw new IllegalArgumentException("LrDecay.window must be >= 1, got " + window);
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("LrDecay.factor must be in (0, 1), got " + factor);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("LrDecay.tolerance must be in [0, 1), got " + tolerance);
        }
        if (!(minScale > 0 && minScale <= 1)) {
            throw new IllegalArgumentException("LrDecay.minScale must be in (0, 1], got " + minScale);
        }
    }

    /**
     * Halve both learning rates when the window mean of the measure improved by less than 1%, at
     * most down to 1/64 of the start.
     *
     * @param window steps per window
     */
    public static LrDecay halveOnPlateau(int window) {
        return new LrDecay(window, 0.5, 0.01, 1.0 / 64);
    }

    /** A copy with another factor. */
    public LrDecay withFactor(double newFactor) {
        return new LrDecay(window, newFactor, tolerance, minScale);
    }

    /** A copy with another tolerance. */
    public LrDecay withTolerance(double newTolerance) {
        return new LrDecay(window, factor, newTolerance, minScale);
    }

    /** A copy with another floor. */
    public LrDecay withMinScale(double newMinScale) {
        return new LrDecay(window, factor, tolerance, newMinScale);
    }

    /** Whether decay is on. */
    public boolean enabled() {
        return minScale < 1;
    }

    /**
     * The running state of one run: feed it each step's measure; it says when to decay.
     */
    static final class Plateau {
        private final LrDecay decay;
        private double sum;
        private int count;
        private double best = Double.POSITIVE_INFINITY;
        private double scale = 1;

        Plateau(LrDecay decay) {
            this.decay = decay;
        }

        /**
         * Adds one step's measure (non-finite values are skipped).
         *
         * @return the learning-rate scale after this step (changed only at the end of a window)
         */
        double observe(double measure) {
            if (Double.isFinite(measure)) {
                sum += measure;
                count++;
            }
            if (count == decay.window()) {
                double mean = sum / count;
                sum = 0;
                count = 0;
                if (mean < best * (1 - decay.tolerance())) {
                    best = mean;
                } else {
                    scale = Math.max(decay.minScale(), scale * decay.factor());
                    best = Math.min(best, mean);
                }
            }
            return scale;
        }

        double scale() {
            return scale;
        }

        void save(TrainingState s, String prefix) {
            s.putDouble(prefix + ".sum", sum);
            s.putInt(prefix + ".count", count);
            s.putDouble(prefix + ".best", best);
            s.putDouble(prefix + ".scale", scale);
        }

        void restore(TrainingState s, String prefix) {
            sum = s.getDouble(prefix + ".sum");
            count = s.getInt(prefix + ".count");
            best = s.getDouble(prefix + ".best");
            scale = s.getDouble(prefix + ".scale");
        }
    }
}
