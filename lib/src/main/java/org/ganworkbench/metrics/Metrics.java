package org.ganworkbench.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics by name. A name reads {@code <kind>_fmnist_<count>}: the kind of metric, the feature
 * space (the Fashion-MNIST {@link DomainClassifier}) and the number of generated samples, with
 * {@code k} for thousands ({@code fid_fmnist_10k}, {@code kid_fmnist_2k}, {@code c2st_fmnist_500}).
 *
 * <table>
 *   <caption>Kinds</caption>
 *   <tr><th>kind</th><th>class</th><th>what</th></tr>
 *   <tr><td>fid</td><td>{@link FrechetDistance}</td><td>Fréchet distance of Gaussians fitted to the features</td></tr>
 *   <tr><td>kid</td><td>{@link KernelDistance}</td><td>unbiased MMD² with a cubic polynomial kernel, over subsets</td></tr>
 *   <tr><td>c2st</td><td>{@link TwoSampleTest}</td><td>held-out accuracy of a linear real-vs-fake classifier</td></tr>
 *   <tr><td>is</td><td>{@link ClassifierScore}</td><td>Inception-Score analogue from the classifier's predictions</td></tr>
 *   <tr><td>classes</td><td>{@link ClassDistribution}</td><td>histogram of predicted classes: entropy, KL to uniform</td></tr>
 * </table>
 *
 * <p>{@link #names()} lists the standard protocol ({@value #STANDARD_COUNT} samples); {@link #byName}
 * accepts any count.
 */
public final class Metrics {

    /** Feature-space tag in every name. */
    public static final String DOMAIN = "fmnist";

    /** Sample count of the standard names (the size of Fashion-MNIST's test split). */
    public static final int STANDARD_COUNT = 10_000;

    private static final Map<String, IntFunction<Metric>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("fid", FrechetDistance::new);
        KINDS.put("kid", KernelDistance::new);
        KINDS.put("c2st", TwoSampleTest::new);
        KINDS.put("is", ClassifierScore::new);
        KINDS.put("classes", ClassDistribution::new);
    }

    private static final Pattern NAME = Pattern.compile("([a-z0-9]+)_" + DOMAIN + "_([0-9]+)(k?)");

    private Metrics() {}

    /**
     * The standard names, one per kind.
     *
     * @return {@code fid_fmnist_10k, kid_fmnist_10k, c2st_fmnist_10k, is_fmnist_10k, classes_fmnist_10k}
     */
    public static List<String> names() {
        return KINDS.keySet().stream().map(k -> nameOf(k, STANDARD_COUNT)).toList();
    }

    /**
     * The kinds of metric.
     *
     * @return {@code fid, kid, c2st, is, classes}
     */
    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /**
     * The metric of a name, with its default settings (seeds, subsets, splits).
     *
     * @param name {@code <kind>_fmnist_<count>}, e.g. {@code fid_fmnist_10k} or {@code kid_fmnist_2500}
     * @return the metric
     * @throws IllegalArgumentException if the name does not parse or the kind is unknown (the message
     *     lists the standard names)
     */
    public static Metric byName(String name) {
        Matcher m = NAME.matcher(name == null ? "" : name.trim());
        if (!m.matches() || !KINDS.containsKey(m.group(1))) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; names read <kind>_" + DOMAIN
                    + "_<count>, kinds " + kinds() + ", e.g. " + names());
        }
        long count = Long.parseLong(m.group(2)) * (m.group(3).isEmpty() ? 1 : 1000);
        if (count < 2 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("metric '" + name + "': sample count must be in [2, "
                    + Integer.MAX_VALUE + "], got " + count);
        }
        return KINDS.get(m.group(1)).apply((int) count);
    }

    /**
     * One metric of each kind for {@code count} generated samples, default settings.
     *
     * @param count generated samples per metric
     * @return fid, kid, c2st, is and classes metrics, in that order
     */
    public static List<Metric> standard(int count) {
        List<Metric> list = new ArrayList<>();
        for (IntFunction<Metric> f : KINDS.values()) {
            list.add(f.apply(count));
        }
        return list;
    }

    /**
     * The name of a kind of metric at a sample count.
     *
     * @param kind e.g. {@code fid}
     * @param count generated samples
     * @return e.g. {@code fid_fmnist_10k} for 10000, {@code fid_fmnist_2500} for 2500
     */
    public static String nameOf(String kind, int count) {
        return kind + "_" + DOMAIN + "_" + countTag(count);
    }

    /**
     * A sample count as names write it.
     *
     * @param count a positive count
     * @return {@code 10k} for 10000, {@code 2500} for 2500
     */
    public static String countTag(int count) {
        return count % 1000 == 0 ? (count / 1000) + "k" : Integer.toString(count);
    }

    /** The kind part of a metric name ({@code fid} of {@code fid_fmnist_10k}). */
    public static String kindOf(String name) {
        int cut = name.indexOf('_');
        return cut < 0 ? name : name.substring(0, cut);
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
