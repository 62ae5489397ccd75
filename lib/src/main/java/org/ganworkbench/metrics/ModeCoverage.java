package org.ganworkbench.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.ganworkbench.data.Toy2d;

import java.util.Arrays;
import java.util.Objects;

/**
 * The 2-D mode-collapse protocol of the unrolled GAN (Metz et al., 2017), VEEGAN (Srivastava et al.,
 * 2017) and PacGAN (Lin et al., 2018), for generators trained on a known Gaussian mixture such as
 * {@link Toy2d#ring8()} or {@link Toy2d#grid25()}.
 *
 * <ol>
 *   <li>Each generated point is assigned to its nearest mode centre (Euclidean; ties go to the
 *       lower mode index).
 *   <li>It is <em>high quality</em> if it lies within {@code radiusInSigmas * sigma} of that centre
 *       (default {@value #DEFAULT_RADIUS_IN_SIGMAS} standard deviations). Points with a NaN or
 *       infinite coordinate are never high quality.
 *   <li>A mode is <em>covered</em> if at least {@code minPerMode} high-quality points land on it:
 *       a tenth ({@value #DEFAULT_MIN_SHARE}) of its fair share {@code n / K}, rounded up, and at least
 *       one. For 2,500 points that is 32 on the ring of 8 and 10 on the grid of 25. The unrolled-GAN,
 *       VEEGAN and PacGAN papers count a mode as soon as <em>one</em> high-quality point lands on it
 *       ({@link Report#modesWithAnyHighQuality()} keeps that count); under that rule uniform noise over
 *       [-5, 5]² "covers" about 20 of the grid's 25 modes, since each mode's 3σ disc catches 1.8 of
 *       2,500 noise points on average, and points spread evenly along the ring catch 24 per mode and
 *       cover all 8. A tenth of the fair share sits far above both (P(Poisson(1.8) >= 10) is about
 *       1e-5) and far below what a generator that really puts mass on a mode gives it (real data: 99%
 *       of the fair share): it counts the modes G has learned, not the ones it grazes.
 *   <li>{@code klToUniform} is KL(p || uniform) where {@code p} is the histogram of the
 *       high-quality points over the {@code K} modes: {@code sum_k p_k log(p_k K)}, natural log,
 *       with {@code 0 log 0 = 0}. It is finite without smoothing: 0 when every mode gets the same
 *       share, {@code log K} when all high-quality points are on one mode. It is {@code NaN} when
 *       there are no high-quality points, since the histogram is then undefined.
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ModeCoverage {

    /** Default high-quality radius, in standard deviations. */
    public static final double DEFAULT_RADIUS_IN_SIGMAS = 3.0;

    /** Default least number of high-quality points a mode needs to count as covered. */
    public static final int DEFAULT_MIN_HIGH_QUALITY_PER_MODE = 1;

    /** Default share of its fair share {@code n / K} of high-quality points a mode needs to count as covered. */
    public static final double DEFAULT_MIN_SHARE = 0.1;

    private final double[][] centres;
    private final double sigma;
    private final double radiusInSigmas;
    private final int minHighQualityPerMode;
    private final double minShare;

    /**
     * The outcome of one evaluation.
     *
     * @param modesCovered modes with at least {@code minPerMode} high-quality points
     * @param totalModes number of modes
     * @param highQualityFraction high-quality points / all points, in [0, 1]
     * @param klToUniform KL(histogram of high-quality points over modes || uniform), in [0, log K],
     *     {@code NaN} without high-quality points
     * @param highQualityCounts high-quality points per mode, indexed like the mode centres
     * @param sampleCount number of points evaluated
     * @param minPerMode high-quality points a mode needed to count as covered
     */
    public record Report(int modesCovered, int totalModes, double highQualityFraction, double klToUniform,
                         int[] highQualityCounts, int sampleCount, int minPerMode) {

        /**
         * Creates a report, copying the counts so it stays immutable.
         *
         * @param modesCovered modes with at least {@code minHighQualityPerMode} high-quality points
         * @param totalModes number of modes
         * @param highQualityFraction high-quality points / all points
         * @param klToUniform KL(histogram of high-quality points over modes || uniform)
         * @param highQualityCounts high-quality points per mode
         * @param sampleCount number of points evaluated
         * @param minPerMode high-quality points a mode needed to count as covered
         */
        public Report {
            highQualityCounts = highQualityCounts.clone();
        }

        /**
         * Modes with at least one high-quality point: the unrolled-GAN / VEEGAN / PacGAN count, which
         * uniform noise also scores well on (see the class comment).
         *
         * @return modes with a high-quality point
         */
        public int modesWithAnyHighQuality() {
            return (int) Arrays.stream(highQualityCounts).filter(c -> c > 0).count();
        }

        /**
         * High-quality points per mode.
         *
         * @return a copy, indexed like the mode centres
         */
        @Override
        public int[] highQualityCounts() {
            return highQualityCounts.clone();
        }

        /**
         * Whether every mode is covered.
         *
         * @return {@code modesCovered == totalModes}
         */
        public boolean allModesCovered() {
            return modesCovered == totalModes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Report r && modesCovered == r.modesCovered && totalModes == r.totalModes
                    && Double.compare(highQualityFraction, r.highQualityFraction) == 0
                    && Double.compare(klToUniform, r.klToUniform) == 0
                    && Arrays.equals(highQualityCounts, r.highQualityCounts) && sampleCount == r.sampleCount
                    && minPerMode == r.minPerMode;
        }

        @Override
        public int hashCode() {
            return Objects.hash(modesCovered, totalModes, highQualityFraction, klToUniform,
                    Arrays.hashCode(highQualityCounts), sampleCount, minPerMode);
        }

        @Override
        public String toString() {
            return String.format("modes covered %d/%d (>= %d high-quality points; %d with any), high quality %.1f%%, "
                    + "KL to uniform %.4f, counts %s (n=%d)", modesCovered, totalModes, minPerMode,
                    modesWithAnyHighQuality(), 100 * highQualityFraction, klToUniform,
                    Arrays.toString(highQualityCounts), sampleCount);
        }
    }

    /**
     * The protocol with the default thresholds ({@value #DEFAULT_RADIUS_IN_SIGMAS} sigma; a mode is
     * covered with a tenth of its fair share of high-quality points, at least one).
     *
     * @param modeCentres one {x, y} pair per mode, at least one; copied
     * @param sigma the modes' standard deviation, positive
     */
    public ModeCoverage(double[][] modeCentres, double sigma) {
        this(modeCentres, sigma, DEFAULT_RADIUS_IN_SIGMAS, DEFAULT_MIN_HIGH_QUALITY_PER_MODE, DEFAULT_MIN_SHARE);
    }

    /**
     * The protocol with a fixed number of high-quality points per covered mode, whatever the number
     * of points ({@code 1}: the unrolled-GAN / VEEGAN / PacGAN rule).
     *
     * @param modeCentres one {x, y} pair per mode, at least one; copied
     * @param sigma the modes' standard deviation, positive
     * @param radiusInSigmas high-quality radius in standard deviations, positive
     * @param minHighQualityPerMode high-quality points a mode needs to be covered, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ModeCoverage(double[][] modeCentres, double sigma, double radiusInSigmas, int minHighQualityPerMode) {
        this(modeCentres, sigma, radiusInSigmas, minHighQualityPerMode, 0);
    }

    /**
     * The protocol with explicit thresholds.
     *
     * @param modeCentres one {x, y} pair per mode, at least one; copied
     * @param sigma the modes' standard deviation, positive
     * @param radiusInSigmas high-quality radius in standard deviations, positive
     * @param minHighQualityPerMode high-quality points a mode needs to be covered at least, at least 1
     * @param minShare share of its fair share {@code n / K} a mode needs to be covered, in [0, 1]
     *     (the larger of the two thresholds applies)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ModeCoverage(double[][] modeCentres, double sigma, double radiusInSigmas, int minHighQualityPerMode,
                        double minShare) {
        if (modeCentres.length == 0) {
            throw new IllegalArgumentException("need at least one mode centre");
        }
        if (!(sigma > 0) || !(radiusInSigmas > 0) || Double.isInfinite(sigma * radiusInSigmas)) {
            throw new IllegalArgumentException("sigma and radiusInSigmas must be positive and finite, got " + sigma
                    + " and " + radiusInSigmas);
        }
        if (minHighQualityPerMode < 1) {
            throw new IllegalArgumentException("minHighQualityPerMode must be at least 1, got " + minHighQualityPerMode);
        }
        if (!(minShare >= 0 && minShare <= 1)) {
            throw new IllegalArgumentException("minShare must be in [0, 1], got " + minShare);
        }
        this.centres = new double[modeCentres.length][];
        for (int k = 0; k < modeCentres.length; k++) {
            if (modeCentres[k].length != 2) {
                throw new IllegalArgumentException("mode centre " + k + " must be an {x, y} pair, got "
                        + Arrays.toString(modeCentres[k]));
            }
            centres[k] = modeCentres[k].clone();
        }
        this.sigma = sigma;
        this.radiusInSigmas = radiusInSigmas;
        this.minHighQualityPerMode = minHighQualityPerMode;
        this.minShare = minShare;
    }

    /**
     * The protocol with default thresholds for a toy distribution's modes.
     *
     * @param data the distribution the generator was trained on
     * @return a configured evaluator
     */
    public static ModeCoverage forData(Toy2d data) {
        return new ModeCoverage(data.modeCentres(), data.sigma());
    }

    /**
     * Scores {@code samples} against {@code data}'s modes with the default thresholds.
     *
     * @param data the distribution the generator was trained on
     * @param samples generated points, {x, y} each, at least one
     * @return the report
     */
    public static Report of(Toy2d data, float[][] samples) {
        return forData(data).evaluate(samples);
    }

    /**
     * Scores a generator's output array against {@code data}'s modes with the default thresholds.
     *
     * @param data the distribution the generator was trained on
     * @param samples generated points, shape (n, 2)
     * @return the report
     */
    public static Report of(Toy2d data, NDArray samples) {
        return forData(data).evaluate(samples);
    }

    /**
     * Scores generated points.
     *
     * @param samples generated points, {x, y} each, at least one
     * @return the report
     * @throws IllegalArgumentException if there are no points or one is not a pair
     */
    public Report evaluate(float[][] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("need at least one sample");
        }
        int[] counts = new int[centres.length];
        double radius = radiusInSigmas * sigma;
        double radiusSquared = radius * radius;
        int highQuality = 0;
        for (int i = 0; i < samples.length; i++) {
            float[] p = samples[i];
            if (p.length != 2) {
                throw new IllegalArgumentException("sample " + i + " must be an {x, y} pair, got " + p.length
                        + " values");
            }
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < centres.length; k++) {
                double dx = p[0] - centres[k][0];
                double dy = p[1] - centres[k][1];
                double d2 = dx * dx + dy * dy;
                if (d2 < best) { // false for NaN, so non-finite points stay unassigned
                    best = d2;
                    nearest = k;
                }
            }
            if (nearest >= 0 && best <= radiusSquared) {
                counts[nearest]++;
                highQuality++;
            }
        }
        int minPerMode = minPerMode(samples.length);
        int covered = 0;
        for (int c : counts) {
            if (c >= minPerMode) {
                covered++;
            }
        }
        return new Report(covered, centres.length, (double) highQuality / samples.length,
                klToUniform(counts), counts, samples.length, minPerMode);
    }

    /**
     * Scores a generator's output array.
     *
     * @param samples generated points, shape (n, 2), any float type
     * @return the report
     * @throws IllegalArgumentException if the shape is not (n, 2) with n at least 1
     */
    public Report evaluate(NDArray samples) {
        if (samples.getShape().dimension() != 2 || samples.getShape().get(1) != 2) {
            throw new IllegalArgumentException("samples must have shape (n, 2), got " + samples.getShape());
        }
        float[] flat = samples.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] points = new float[flat.length / 2][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new float[] {flat[2 * i], flat[2 * i + 1]};
        }
        return evaluate(points);
    }

    /**
     * KL(p || uniform) for the histogram {@code counts} over K bins: {@code sum_k p_k log(p_k K)},
     * natural log, {@code 0 log 0 = 0}.
     *
     * @param counts non-negative counts, at least one bin
     * @return a value in [0, log K], or {@code NaN} if all counts are zero
     */
    public static double klToUniform(int[] counts) {
        long total = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c + " in " + Arrays.toString(counts));
            }
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double kl = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                kl += p * Math.log(p * counts.length);
            }
        }
        return Math.max(0.0, kl); // rounding can give -1e-17 for a uniform histogram
    }

    /**
     * The high-quality radius in standard deviations.
     *
     * @return radiusInSigmas
     */
    public double radiusInSigmas() {
        return radiusInSigmas;
    }

    /**
     * The least number of high-quality points a mode needs to count as covered, whatever n.
     *
     * @return minHighQualityPerMode
     */
    public int minHighQualityPerMode() {
        return minHighQualityPerMode;
    }

    /**
     * The share of its fair share {@code n / K} a mode needs to count as covered.
     *
     * @return minShare
     */
    public double minShare() {
        return minShare;
    }

    /**
     * High-quality points a mode needs to count as covered among n points:
     * {@code max(minHighQualityPerMode, ceil(minShare * n / K))}.
     *
     * @param n points evaluated
     * @return the threshold
     */
    public int minPerMode(int n) {
        // the small slack keeps an exact product such as 0.1 * 2500 / 25 = 10.000000000000002 at 10
        int byShare = (int) Math.ceil(minShare * n / centres.length - 1e-9);
        return Math.max(minHighQualityPerMode, byShare);
    }
}
