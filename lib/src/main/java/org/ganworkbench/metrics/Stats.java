package org.ganworkbench.metrics;

/**
 * Summary statistics over seeds, as every results table of the workbench reports them: the mean
 * and the sample standard deviation (n − 1) of the values that are not NaN (a NaN is a value the
 * run could not give, e.g. a KL without any high-quality sample, and is left out, not averaged in).
 */
public final class Stats {

    private Stats() {}

    /** Mean of the non-NaN values; NaN if there are none. */
    public static double mean(double[] values) {
        double s = 0;
        int n = 0;
        for (double x : values) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Sample standard deviation (n − 1) of the non-NaN values; 0 for one value, NaN for none. */
    public static double std(double[] values) {
        double m = mean(values);
        double s = 0;
        int n = 0;
        for (double x : values) {
            if (!Double.isNaN(x)) {
                s += (x - m) * (x - m);
                n++;
            }
        }
        return n == 0 ? Double.NaN : n == 1 ? 0 : Math.sqrt(s / (n - 1));
    }

    /**
     * Half the width of the 95% confidence interval of the mean of the non-NaN values, Student's t
     * with n − 1 degrees of freedom: {@code t(0.975, n-1) * std / sqrt(n)} (2.78 std/√n for 5 seeds).
     * It assumes the values are independent draws of one distribution (runs with different seeds).
     *
     * @return the half-width; NaN for fewer than two values
     */
    public static double ci95(double[] values) {
        int n = count(values);
        if (n < 2) {
            return Double.NaN;
        }
        return t975(n - 1) * std(values) / Math.sqrt(n);
    }

    /**
     * Student's t quantile 0.975 with {@code df} degrees of freedom (commons-math's), the factor of a
     * 95% interval of a mean: 12.706 for 1, 2.776 for 4, 2.042 for 30, towards 1.960.
     *
     * @param df degrees of freedom, at least 1
     * @return the quantile
     */
    public static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
        }
        return new org.apache.commons.math3.distribution.TDistribution(df).inverseCumulativeProbability(0.975);
    }

    /**
     * The Wilson score interval of a proportion k/n at 95%: with few runs (k of 5 failed) it stays
     * inside [0, 1] and is not empty at k = 0, unlike the normal approximation.
     *
     * @param k successes (here: runs that meet a criterion), in [0, n]
     * @param n trials, at least 1
     * @return {low, high}
     */
    public static double[] wilson95(int k, int n) {
        if (n < 1 || k < 0 || k > n) {
            throw new IllegalArgumentException("need 0 <= k <= n and n >= 1, got k = " + k + ", n = " + n);
        }
        double z = 1.959963984540054;
        double p = (double) k / n;
        double denom = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Number of non-NaN values. */
    public static int count(double[] values) {
        int n = 0;
        for (double x : values) {
            n += Double.isNaN(x) ? 0 : 1;
        }
        return n;
    }
}
