package org.ganworkbench.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature metrics' part of {@link MetricRegistry}, kept for code written against it: names
 * {@code <kind>_fmnist_<count>} ({@code fid_fmnist_10k}, {@code kid_fmnist_2k}); the kinds fid
 * ({@link FrechetDistance}), kid ({@link KernelDistance}), c2st ({@link TwoSampleTest}), is
 * ({@link ClassifierScore}) and classes ({@link ClassDistribution}). Names are parsed in
 * {@link MetricName}.
 */
public final class Metrics {

    /** Feature-space tag in every name. */
    public static final String DOMAIN = MetricRegistry.FMNIST;

    /** Sample count of the standard names (the size of Fashion-MNIST's test split). */
    public static final int STANDARD_COUNT = 10_000;

    private Metrics() {}

    /** The standard names, one per kind: {@code fid_fmnist_10k, kid_fmnist_10k, ...}. */
    public static List<String> names() {
        return kinds().stream().map(k -> nameOf(k, STANDARD_COUNT)).toList();
    }

    /** The kinds of feature metric: {@code fid, kid, c2st, is, classes}. */
    public static List<String> kinds() {
        return MetricRegistry.featureKinds();
    }

    /** The feature metric of a name ({@code fid_fmnist_10k}), with its default settings. */
    public static Metric byName(String name) {
        return MetricRegistry.feature(name);
    }

    /** One metric of each kind for {@code count} generated samples, default settings, in {@link #kinds()} order. */
    public static List<Metric> standard(int count) {
        List<Metric> list = new ArrayList<>();
        for (String k : kinds()) {
            list.add(byName(nameOf(k, count)));
        }
        return list;
    }

    /** The name of a kind at a count: {@code fid_fmnist_10k}, {@code fid_fmnist_2500}. */
    public static String nameOf(String kind, int count) {
        return MetricRegistry.nameOf(kind, count).toString();
    }

    /** A sample count as names write it ({@link MetricName#countTag}). */
    public static String countTag(int count) {
        return MetricName.countTag(count);
    }

    /** The kind part of a metric name ({@link MetricName#kindOf}). */
    public static String kindOf(String name) {
        return MetricName.kindOf(name);
    }

    /** Checks the count a metric constructor gets. */
    static int requireCount(String kind, int count) {
        if (count < 2) {
            throw new IllegalArgumentException(kind + ": sample count must be at least 2, got " + count);
        }
        return count;
    }

    /** Checks that two feature sets live in the same space. */
    static void requireSameDim(String metric, Features real, Features generated) {
        if (real.dim() != generated.dim()) {
            throw new IllegalArgumentException(metric + ": real features have " + real.dim()
                    + " dimensions, generated ones " + generated.dim());
        }
    }
}
