package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * The one registry of the workbench's metrics, by kind (stylegan2-ada's {@code metric_main.py}):
 * the ones that read a domain classifier's features ({@link Metric}: {@code fid}, {@code kid},
 * {@code c2st}, {@code is}, {@code classes}, {@code pr} (precision and recall), {@code dc} (density
 * and coverage), {@code confidence}, and for conditional generators {@code cacc} (conditional
 * accuracy), {@code ifid} and {@code ipr} (intra-class FID and precision/recall); names
 * {@code <kind>_<domain>_<count>}, the domain a
 * {@link ClassifierDomain}: {@code fid_fmnist_2k}, {@code fid_shapes_2k}) and the ones that read
 * pixels ({@link ImageMetric}: {@code msssim}, {@code swd}; names {@code <kind>_<count>}). One line
 * per metric below; names are parsed in {@link MetricName}. Where no domain is given, a feature
 * metric is in Fashion-MNIST's space ({@value #FMNIST}), as it always was.
 */
public final class MetricRegistry {

    /** The default feature space of the feature metrics: the Fashion-MNIST {@link DomainClassifier}. */
    public static final String FMNIST = "fmnist";

    /** How a kind is made: in a domain's feature space (null for a pixel metric) at a sample count. */
    @FunctionalInterface
    private interface Factory {
        Object make(String domain, int count);
    }

    /**
     * A registered kind: whether it reads features (else pixels), how to make it, and the
     * quantities it reports each under its own name (empty: the headline under the metric's name).
     */
    private record Entry(boolean features, boolean conditional, Factory factory, List<String> quantities) {}

    private static final Map<String, Entry> KINDS = new LinkedHashMap<>();

    static {
        registerFeature("fid", FrechetDistance::new);
        registerFeature("kid", KernelDistance::new);
        registerFeature("c2st", TwoSampleTest::new);
        registerFeature("is", ClassifierScore::new);
        registerFeature("classes", ClassDistribution::new);
        registerFeature(PrecisionRecall.KIND, PrecisionRecall::new, "precision", "recall");
        registerFeature(DensityCoverage.KIND, DensityCoverage::new, "density", "coverage");
        registerFeature(ClassifierConfidence.KIND, ClassifierConfidence::new, "confidence", "confident");
        registerConditional(ConditionalAccuracy.KIND, ConditionalAccuracy::new);
        registerConditional(IntraClass.FID, IntraClass::fid);
        registerConditional(IntraClass.PR, IntraClass::precisionRecall, "iprecision", "irecall");
        registerPixels(MsSsim.KIND, MsSsim::new);
        registerPixels(SlicedWasserstein.KIND, SlicedWasserstein::new);
    }

    private MetricRegistry() {}

    private static void registerFeature(String kind, BiFunction<String, Integer, Metric> factory, String... quantities) {
        KINDS.put(kind, new Entry(true, false, factory::apply, List.of(quantities)));
    }

    /** A feature kind that needs each image's class (the class a conditional G was asked for, the real labels). */
    private static void registerConditional(String kind, BiFunction<String, Integer, Metric> factory, String... quantities) {
        KINDS.put(kind, new Entry(true, true, factory::apply, List.of(quantities)));
    }

    private static void registerPixels(String kind, IntFunction<ImageMetric> factory) {
        KINDS.put(kind, new Entry(false, false, (domain, count) -> factory.apply(count), List.of()));
    }

    /** Every kind, feature metrics first. */
    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /** The kinds that read the classifier's features (the conditional ones among them). */
    public static List<String> featureKinds() {
        return KINDS.entrySet().stream().filter(e -> e.getValue().features()).map(Map.Entry::getKey).toList();
    }

    /**
     * The kinds for conditional generators, which need each image's class (the class a generated
     * image was asked for, a real image's label): {@code cacc} ({@link ConditionalAccuracy}),
     * {@code ifid} and {@code ipr} ({@link IntraClass}).
     */
    public static List<String> conditionalKinds() {
        return KINDS.entrySet().stream().filter(e -> e.getValue().conditional()).map(Map.Entry::getKey).toList();
    }

    /** Whether the metric of this name (or kind) needs each image's class ({@link #conditionalKinds()}). */
    public static boolean isConditional(String nameOrKind) {
        Entry e = KINDS.get(MetricName.kindOf(nameOrKind));
        return e != null && e.conditional();
    }

    /** The kinds that read pixels. */
    public static List<String> pixelKinds() {
        return KINDS.entrySet().stream().filter(e -> !e.getValue().features()).map(Map.Entry::getKey).toList();
    }

    /** The name of a kind at a count: {@code fid_fmnist_10k} (Fashion-MNIST's space), {@code swd_2048}. */
    public static MetricName nameOf(String kind, int count) {
        return new MetricName(kind, entry(kind).features() ? FMNIST : null, count);
    }

    /**
     * The name of a kind in a domain's space at a count: {@code fid_shapes_2k}; a pixel kind's
     * name has no domain ({@code swd_2048}) whatever the domain.
     *
     * @param kind a registered kind
     * @param domain a {@link ClassifierDomain} name ({@code fmnist}, {@code shapes})
     * @param count sample count, at least 2
     * @return the name
     * @throws IllegalArgumentException for an unknown kind or domain (naming the valid ones)
     */
    public static MetricName nameOf(String kind, String domain, int count) {
        boolean features = entry(kind).features();
        return new MetricName(kind, features ? ClassifierDomain.named(domain).id() : null, count);
    }

    /** A feature metric by name ({@code fid_fmnist_10k}, {@code fid_shapes_2k}), with its default settings. */
    public static Metric feature(String name) {
        MetricName n = checked(name);
        if (n.domain() == null) {
            throw new IllegalArgumentException("'" + name + "' reads pixels, not features; feature metrics: "
                    + featureKinds());
        }
        return (Metric) KINDS.get(n.kind()).factory().make(n.domain(), n.count());
    }

    /** The feature metric of a kind at a sample count in Fashion-MNIST's space, default settings. */
    public static Metric feature(String kind, int count) {
        return feature(nameOf(kind, count).toString());
    }

    /**
     * The feature metric of a kind in a domain's space at a sample count, default settings.
     *
     * @param kind a feature kind ({@link #featureKinds()})
     * @param domain a {@link ClassifierDomain} name: {@code fmnist}, {@code shapes}
     * @param count generated samples
     * @return the metric, named e.g. {@code fid_shapes_2k}
     * @throws IllegalArgumentException for an unknown kind or domain (naming the valid ones) or a pixel kind
     */
    public static Metric feature(String kind, String domain, int count) {
        return feature(nameOf(kind, domain, count).toString());
    }

    /** One feature metric of each unconditional kind for {@code count} generated samples, Fashion-MNIST's space, in kind order. */
    public static List<Metric> features(int count) {
        return features(FMNIST, count);
    }

    /**
     * One feature metric of each kind in a domain's space for {@code count} generated samples, in
     * kind order; without the {@linkplain #conditionalKinds() conditional kinds}, which only a
     * conditional generator's samples can be scored with.
     */
    public static List<Metric> features(String domain, int count) {
        return featureKinds().stream().filter(k -> !isConditional(k)).map(k -> feature(k, domain, count)).toList();
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
        return (ImageMetric) KINDS.get(n.kind()).factory().make(null, n.count());
    }

    /**
     * What a result reports beside the metrics log, as run results, sweep tables and histories name
     * it. A kind that measures several quantities reports each under its own name with the
     * protocol: {@code pr_fmnist_2k} gives {@code precision_fmnist_2k} and {@code recall_fmnist_2k},
     * {@code dc_fmnist_2k} gives {@code density_fmnist_2k} and {@code coverage_fmnist_2k},
     * {@code confidence_shapes_2k} gives {@code confidence_shapes_2k} and {@code confident_shapes_2k};
     * a quantity's real-data value {@code <quantity>_real} follows as {@code <its name>_real}
     * ({@code confidence_shapes_2k_real}). Every other kind reports as {@link MetricName#reported}
     * says (the headline under the metric's name; SWD's levels and real-data baselines beside it).
     *
     * @param metric the result's metric name, e.g. {@code pr_fmnist_2k}
     * @param values the result's values
     * @return reported name to value, in order
     */
    public static Map<String, Double> reported(String metric, Map<String, Double> values) {
        if (MetricName.kindOf(metric).equals(SegmentationScore.KIND)) {
            return SegmentationScore.reported(metric, values);   // a translation score, outside the registry
        }
        Entry e = KINDS.get(MetricName.kindOf(metric));
        if (e == null || e.quantities().isEmpty()) {
            return MetricName.reported(metric, values);
        }
        MetricName n = MetricName.parse(metric);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String q : e.quantities()) {
            String name = new MetricName(q, n.domain(), n.count()).toString();
            Double v = values.get(q);
            if (v != null) {
                out.put(name, v);
            }
            Double real = values.get(q + "_real");
            if (real != null) {
                out.put(name + "_real", real);
            }
        }
        return out;
    }

    /** Whether the metric of this name (or kind) reads pixels. */
    public static boolean readsPixels(String nameOrKind) {
        Entry e = KINDS.get(MetricName.kindOf(nameOrKind));
        return e != null && !e.features();
    }

    private static MetricName checked(String name) {
        MetricName n = MetricName.parse(name);
        Entry e = entry(n.kind());
        if (e.features() && n.domain() == null || !e.features() && n.domain() != null) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; " + n.kind() + " is named "
                    + nameOf(n.kind(), n.count()) + (e.features() ? " (or in another domain's space, e.g. "
                    + nameOf(n.kind(), ClassifierDomain.SHAPES.id(), n.count()) + ")" : ""));
        }
        if (e.features()) {
            try {
                ClassifierDomain.named(n.domain());
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("unknown metric '" + name + "': " + unknown.getMessage(), unknown);
            }
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
