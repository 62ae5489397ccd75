package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric's name, which carries its protocol (stylegan2-ada's {@code fid50k_full}):
 * {@code <kind>[_<domain>]_<count>}, the kind of metric, the feature space when it reads a
 * classifier's features ({@code fmnist}), and the number of generated samples, with {@code k} for
 * thousands. {@code fid_fmnist_10k} is the Fréchet distance in the Fashion-MNIST classifier's
 * features over 10,000 generated images; {@code swd_2048} the sliced Wasserstein distance of 2,048
 * images' pixels. The one place names are parsed and written.
 *
 * @param kind e.g. {@code fid}, {@code swd}
 * @param domain the feature space ({@code fmnist}), or null for a metric on pixels
 * @param count generated samples the protocol takes, at least 2
 */
public record MetricName(String kind, String domain, int count) {

    private static final Pattern NAME = Pattern.compile("([a-z0-9]+)(?:_([a-z][a-z0-9]*))?_([0-9]+)(k?)");

    public MetricName {
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException("a metric name needs a kind");
        }
        if (count < 2) {
            throw new IllegalArgumentException(kind + ": sample count must be at least 2, got " + count);
        }
    }

    /**
     * Parses {@code fid_fmnist_10k}, {@code kid_fmnist_2500}, {@code swd_2048}, {@code msssim_10k}.
     *
     * @throws IllegalArgumentException if the text is not such a name (the message shows the form)
     */
    public static MetricName parse(String text) {
        Matcher m = NAME.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a metric name; names read <kind>_<count> "
                    + "(pixels: swd_2048) or <kind>_<domain>_<count> (features: fid_fmnist_10k), k = thousand");
        }
        long count = Long.parseLong(m.group(3)) * (m.group(4).isEmpty() ? 1 : 1000);
        if (count < 2 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("metric '" + text + "': sample count must be in [2, " + Integer.MAX_VALUE
                    + "], got " + count);
        }
        return new MetricName(m.group(1), m.group(2), (int) count);
    }

    /** The kind part of a name ({@code fid} of {@code fid_fmnist_10k}), without checking the rest. */
    public static String kindOf(String name) {
        int cut = name.indexOf('_');
        return cut < 0 ? name : name.substring(0, cut);
    }

    /** A sample count as names write it: {@code 10k} for 10000, {@code 2500} for 2500. */
    public static String countTag(int count) {
        return count % 1000 == 0 ? (count / 1000) + "k" : Integer.toString(count);
    }

    /** The same kind and domain at another count (what a message suggests when a set is too small). */
    public MetricName withCount(int newCount) {
        return new MetricName(kind, domain, newCount);
    }

    @Override
    public String toString() {
        return kind + (domain == null ? "" : "_" + domain) + "_" + countTag(count);
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
        String kind = kindOf(metric);
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

    /** Checks the sample count a metric is made with. */
    static int requireCount(String kind, int count) {
        if (count < 2) {
            throw new IllegalArgumentException(kind + ": sample count must be at least 2, got " + count);
        }
        return count;
    }
}
