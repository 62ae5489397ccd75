package org.ganworkbench.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A class-wide metric measured within each class and averaged over the classes, for conditional
 * generators: the generated images asked for class c against the real images of class c, for every
 * class c (Miyato and Koyama 2018's intra-FID). Two are registered:
 *
 * <ul>
 *   <li>{@code ifid_<domain>_<n>}: intra-class FID, the mean over classes of {@link FrechetDistance};
 *       value {@code ifid};
 *   <li>{@code ipr_<domain>_<n>}: intra-class {@link PrecisionRecall} (k = 3 within each class);
 *       values {@code iprecision} and {@code irecall}, each the mean over classes.
 * </ul>
 *
 * <p>A class-wide FID forgives a generator that draws sandals when asked for sneakers as long as the
 * mix over all classes looks right; the intra-class one does not. Each class's number is computed on
 * that class's images only: with n = 2,048 and 10 classes about 205 generated and about 205 real
 * images per class, so intra-class FID is biased higher than a FID on 2,048 images (the name carries
 * n; compare values only at equal n and class count). The per-class values are in the result's
 * details ({@code per_class}).
 *
 * <p>Both sets must carry classes ({@link Features#classes()}): the real reference its labels, the
 * generated set the class each image was asked for.
 */
public final class IntraClass extends SampledMetric {

    /** Kind of intra-class FID in names. */
    public static final String FID = "ifid";

    /** Kind of intra-class precision and recall in names. */
    public static final String PR = "ipr";

    private final BiFunction<String, Integer, Metric> inner;
    private final int minPerClass;
    private final String domain;

    private IntraClass(String kind, String domain, int count, BiFunction<String, Integer, Metric> inner, int minPerClass) {
        super(kind, domain, count);
        this.domain = domain;
        this.inner = inner;
        this.minPerClass = minPerClass;
    }

    /**
     * Intra-class FID.
     *
     * @param domain the feature space ({@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     * @return {@code ifid_<domain>_<count>}
     */
    public static IntraClass fid(String domain, int count) {
        return new IntraClass(FID, domain, count, FrechetDistance::new, 2);
    }

    /**
     * Intra-class precision and recall.
     *
     * @param domain the feature space ({@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     * @return {@code ipr_<domain>_<count>}
     */
    public static IntraClass precisionRecall(String domain, int count) {
        return new IntraClass(PR, domain, count, PrecisionRecall::new, PrecisionRecall.DEFAULT_K + 1);
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamples(real, generated);
        requireClasses(name(), "generated", fake, "the class each image was generated for; score a conditional "
                + "generator's samples (unconditional ones: use the class-wide metric)");
        requireClasses(name(), "real", real, "their labels; use a labelled reference set");
        TreeSet<Integer> classes = new TreeSet<>();
        for (int c : fake.classes()) {
            classes.add(c);
        }
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, Object> perClass = new LinkedHashMap<>();
        List<Integer> realCounts = new ArrayList<>();
        List<Integer> fakeCounts = new ArrayList<>();
        for (int c : classes) {
            Features r = real.ofClass(c);
            Features g = fake.ofClass(c);
            int nr = r == null ? 0 : r.count();
            if (nr < minPerClass || g.count() < minPerClass) {
                throw new IllegalArgumentException(name() + ": class " + c + " has " + nr + " real and " + g.count()
                        + " generated images; each class needs at least " + minPerClass + " of each: raise n");
            }
            realCounts.add(nr);
            fakeCounts.add(g.count());
            MetricResult m = inner.apply(domain, g.count()).compute(r, g);
            Map<String, Double> mine = new LinkedHashMap<>();
            for (String q : quantities()) {
                double v = m.value(q);
                mine.put(q, v);
                sums.merge(q, v, Double::sum);
            }
            perClass.put(Integer.toString(c), mine);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (var e : sums.entrySet()) {
            values.put("i" + e.getKey(), e.getValue() / classes.size());
        }
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("classes", classes.size());
        protocol.put("n_generated", fake.count());
        protocol.put("n_real", real.count());
        protocol.put("per_class_generated", fakeCounts);
        protocol.put("per_class_real", realCounts);
        protocol.put("per_class_metric", kind().equals(FID) ? "fid" : PrecisionRecall.KIND + " (k = " + PrecisionRecall.DEFAULT_K + ")");
        return new MetricResult(name(), values, protocol, Map.of("per_class", perClass), (System.nanoTime() - start) / 1e9);
    }

    /** The inner metric's values averaged: fid, or precision and recall. */
    private List<String> quantities() {
        return kind().equals(FID) ? List.of("fid") : List.of("precision", "recall");
    }

    /** Refuses a set without classes, saying what they should be. */
    static void requireClasses(String metric, String which, Features f, String what) {
        if (!f.hasClasses()) {
            throw new IllegalArgumentException(metric + " needs the " + which + " images' classes (" + what
                    + "); these features carry none");
        }
    }
}
