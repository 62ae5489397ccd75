package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pixel metrics' part of {@link MetricRegistry}, kept for code written against it, and what
 * their results report: names {@code <kind>_<count>} ({@code msssim_10k}, {@code swd_8192}), no
 * feature-space tag (these metrics read pixels, so they mean the same on every data set).
 */
public final class ImageMetrics {

    private ImageMetrics() {}

    /** The kinds of pixel metric. */
    public static List<String> kinds() {
        return MetricRegistry.pixelKinds();
    }

    /** The pixel metric of a name ({@code msssim_10k}), with its default protocol settings. */
    public static ImageMetric byName(String name) {
        return MetricRegistry.pixels(name);
    }

    /**
     * What a pixel metric's result reports beside its headline, as run results and history tables
     * name it: the headline under the metric's name, a real-data baseline {@code <kind>_real} as
     * {@code <name>_real}, per-level values {@code <kind>_<level>} (SWD) as {@code <name>_<level>};
     * spreads such as {@code msssim_std} stay in metrics.jsonl only.
     *
     * @param metric e.g. {@code swd_2048}
     * @param values the result's values, headline first
     * @return e.g. {@code swd_2048, swd_2048_32, swd_2048_16}
     */
    public static Map<String, Double> reported(String metric, Map<String, Double> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        String kind = MetricName.kindOf(metric);
        boolean first = true;
        for (Map.Entry<String, Double> v : values.entrySet()) {
            if (first) {
                out.put(metric, v.getValue());
                first = false;
                continue;
            }
            String suffix = v.getKey().startsWith(kind + "_") ? v.getKey().substring(kind.length() + 1) : "";
            if (suffix.equals("real") || (!suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit))) {
                out.put(metric + "_" + suffix, v.getValue());
            }
        }
        return out;
    }

    /**
     * One metric on several image sets against one real set: one row per set, one column per
     * {@link #reported} value (for SWD: the average, then every level), rounded for display.
     *
     * @param metric e.g. {@code ImageMetrics.byName("swd_2048")}
     * @param real the reference images
     * @param sets the sets to score, by label, in row order
     */
    public static tech.tablesaw.api.Table compare(ImageMetric metric, org.ganworkbench.data.ImageSet real,
                                                 Map<String, org.ganworkbench.data.ImageSet> sets) {
        tech.tablesaw.api.StringColumn label = tech.tablesaw.api.StringColumn.create("set");
        Map<String, tech.tablesaw.api.DoubleColumn> columns = new LinkedHashMap<>();
        for (Map.Entry<String, org.ganworkbench.data.ImageSet> e : sets.entrySet()) {
            MetricResult r = metric.compute(real, e.getValue());
            label.append(e.getKey());
            for (Map.Entry<String, Double> v : reported(r.metric(), r.values()).entrySet()) {
                columns.computeIfAbsent(v.getKey(), k -> {
                    tech.tablesaw.api.DoubleColumn c = tech.tablesaw.api.DoubleColumn.create(k);
                    c.setPrintFormatter(tech.tablesaw.columns.numbers.NumberColumnFormatter.fixedWithGrouping(3));
                    return c;
                }).append(v.getValue());
            }
        }
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create(metric.name() + " against " + real.name(), label);
        columns.values().forEach(t::addColumns);
        return t;
    }

    /**
     * The name of a kind at an image count.
     *
     * @param kind e.g. {@code swd}
     * @param count generated images
     * @return e.g. {@code swd_8192}, {@code msssim_10k}
     */
    public static String nameOf(String kind, int count) {
        return MetricRegistry.nameOf(kind, count).toString();
    }
}
