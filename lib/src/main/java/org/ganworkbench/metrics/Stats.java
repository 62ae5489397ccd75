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
}
