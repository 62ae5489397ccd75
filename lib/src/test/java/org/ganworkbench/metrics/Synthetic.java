package org.ganworkbench.metrics;

import java.util.Random;

/** Synthetic feature sets for the metric tests. */
final class Synthetic {

    private Synthetic() {}

    /** n rows of d independent N(mean, sd²) values. */
    static double[][] gaussian(int n, int d, double mean, double sd, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                row[i] = mean + sd * rng.nextGaussian();
            }
        }
        return x;
    }

    /** n rows with per-dimension means and standard deviations. */
    static double[][] gaussian(int n, double[] mean, double[] sd, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][mean.length];
        for (double[] row : x) {
            for (int i = 0; i < mean.length; i++) {
                row[i] = mean[i] + sd[i] * rng.nextGaussian();
            }
        }
        return x;
    }

    /** One-hot probability rows for the given classes. */
    static double[][] oneHot(int[] classes, int k) {
        double[][] p = new double[classes.length][k];
        for (int i = 0; i < classes.length; i++) {
            p[i][classes[i]] = 1.0;
        }
        return p;
    }

    /** Features with one-hot probabilities cycling through k classes. */
    static Features withCyclingClasses(double[][] features, int k) {
        int[] classes = new int[features.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = i % k;
        }
        return new Features(features, oneHot(classes, k));
    }
}
