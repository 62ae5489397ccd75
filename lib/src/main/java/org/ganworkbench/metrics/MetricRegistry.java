package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The one registry of the workbench's metrics, by kind (stylegan2-ada's {@code metric_main.py}):
 * the ones that read the Fashion-MNIST classifier's features ({@link Metric}: {@code fid},
 * {@code kid}, {@code c2st}, {@code is}, {@code classes}, {@code pr} (precision and recall),
 * {@code dc} (density and coverage); names {@code <kind>_fmnist_<count>}) and
 * the ones that read pixels ({@link ImageMetric}: {@code msssim}, {@code swd}; names
 * {@code <kind>_<count>}). One line per metric below; names are parsed in {@link MetricName}.
 */
public final class MetricRegistry {

    /** The feature space of the feature metrics: the Fashion-MNIST {@link DomainClassifier}. */
    public static final String FMNIST = "fmnist";

    /**
     * A registered kind: its feature space (null: pixels), how to make it at a sample count, and the
     * quantities it reports each under its own name (empty: the headline under the metric's name).
     */
    private record Entry(String domain, IntFunction<?> factory, List<String> quantities) {}

    private static final Map<String, Entry> KINDS = new LinkedHashMap<>();

    static {
        registerFeature("fid", FrechetDistance::new);
        registerFeature("kid", KernelDistance::new);
        registerFeature("c2st", TwoSampleTest::new);
        registerFeature("is", ClassifierScore::new);
        registerFeature("classes", ClassDistribution::new);
        registerFeature(PrecisionRecall.KIND, PrecisionRecall::new, "precision", "recall");
        registerFeature(DensityCoverage.KIND, DensityCoverage::new, "density", "coverage");
        registerPixels(MsSsim.KIND, MsSsim::new);
        registerPixels(SlicedWasserstein.KIND, SlicedWasserstein::new);
    }

    private MetricRegistry() {}

    private static void registerFeature(String kind, IntFunction<Metric> factory, String... quantities) {
        KINDS.put(kind, new Entry(FMNIST, factory, List.of(quantities)));
    }

    private static void registerPixels(String kind, IntFunction<ImageMetric> factory) {
        KINDS.put(kind, new Entry(null, factory, List.of()));
    }

    /** Every kind, feature metrics first. */
    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /** The kinds that read the classifier's features. */
    public static List<String> featureKinds() {
        return KINDS.entrySet().stream().filter(e -> e.getValue().domain() != null).map(Map.Entry::getKey).toList();
    }

    /** The kinds that read pixels. */
    public static List<String> pixelKinds() {
        return KINDS.entrySet().stream().filter(e -> e.getValue().domain() == null).map(Map.Entry::getKey).toList();
    }

    /** The name of a kind at a count: {@code fid_fmnist_10k}, {@code swd_2048}. */
    public static MetricName nameOf(String kind, int count) {
        return new MetricName(kind, entry(kind).domain(), count);
    }

    /** A feature metric by name ({@code fid_fmnist_10k}), with its default settings. */
    public static Metric feature(String name) {
        MetricName n = checked(name);
        if (n.domain() == null) {
            throw new IllegalArgumentException("'" + name + "' reads pixels, not features; feature metrics: "
                    + featureKinds());
        }
        return (Metric) KINDS.get(n.kind()).factory().apply(n.count());
    }

    /** The feature metric of a kind at a sample count, default settings. */
    public static Metric feature(String kind, int count) {
        return feature(nameOf(kind, count).toString());
    }

    /** One feature metric of each kind for {@code count} generated samples, default settings, in kind order. */
    public static List<Metric> features(int count) {
        return featureKinds().stream().map(k -> feature(k, count)).toList();
    }

    /** The pixel metric of a kind at a sample count, default settings. */
    public static ImageMetric pixels(String kind, int count) {
        return pixels(nameOf(kind, count).toString());
    }

    /** A pixel metric by name ({@code swd_2048}), with its default settings. */
    public static ImageMetric pixels(String name) {
        MetricName n = checked(name);
        if (n.domain() != null) {
            throw new IllegalArgumentException("'" + name + "' reads features, not pixels; pixel metrics: " + pixelKinds());
        }
        return (ImageMetric) KINDS.get(n.kind()).factory().apply(n.count());
    }

    /**
     * What a result reports beside the metrics log, as run results, sweep tables and histories name
     * it. A kind that measures several quantities reports each under its own name with the
     * protocol: {@code pr_fmnist_2k} gives {@code precision_fmnist_2k} and {@code recall_fmnist_2k},
     * {@code dc_fmnist_2k} gives {@code density_fmnist_2k} and {@code coverage_fmnist_2k}. Every other
     * kind reports as {@link MetricName#reported} says (the headline under the metric's name; SWD's
     * levels and real-data baselines beside it).
     *
     * @param metric the result's metric name, e.g. {@code pr_fmnist_2k}
     * @param values the result's values
     * @return reported name to value, in order
     */
    public static Map<String, Double> reported(String metric, Map<String, Double> values) {
        Entry e = KINDS.get(MetricName.kindOf(metric));
        if (e == null || e.quantities().isEmpty()) {
            return MetricName.reported(metric, values);
        }
        MetricName n = MetricName.parse(metric);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String q : e.quantities()) {
            Double v = values.get(q);
            if (v != null) {
                out.put(new MetricName(q, n.domain(), n.count()).toString(), v);
            }
        }
        return out;
    }

    /** Whether the metric of this name (or kind) reads pixels. */
    public static boolean readsPixels(String nameOrKind) {
        Entry e = KINDS.get(MetricName.kindOf(nameOrKind));
        return e != null && e.domain() == null;
    }

    private static MetricName checked(String name) {
        MetricName n = MetricName.parse(name);
        Entry e = entry(n.kind());
        if (!java.util.Objects.equals(e.domain(), n.domain())) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; " + n.kind() + " is named "
                    + nameOf(n.kind(), n.count()));
        }
        return n;
    }

    private static Entry entry(String kind) {
        Entry e = KINDS.get(kind);
        if (e == null) {
            throw new IllegalArgumentException("unknown metric kind '" + kind + "'; kinds " + kinds() + ", e.g. "
                    + nameOf("fid", 10_000) + ", " + nameOf("swd", 2048));
        }
        return e;
    }
}
