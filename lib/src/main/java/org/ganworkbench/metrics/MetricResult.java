package org.ganworkbench.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one metric measured on one generated set.
 *
 * @param metric the metric's name, protocol included (e.g. {@code kid_fmnist_10k})
 * @param values named numbers, headline first (e.g. {@code kid}, then {@code kid_std}); insertion
 *     order is kept
 * @param protocol how it was measured: sample counts, subsets, seeds, feature space
 * @param details further results that are not single numbers (e.g. the class histogram); may be empty
 * @param seconds wall-clock time of the computation
 */
public record MetricResult(String metric, Map<String, Double> values, Map<String, Object> protocol,
                           Map<String, Object> details, double seconds) {

    /**
     * Copies the maps (keeping their order) so the result stays immutable.
     */
    public MetricResult {
        Objects.requireNonNull(metric, "metric");
        if (values.isEmpty()) {
            throw new IllegalArgumentException(metric + ": a result needs at least one value");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        protocol = Collections.unmodifiableMap(new LinkedHashMap<>(protocol));
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    }

    /**
     * The headline value (the first of {@link #values()}).
     *
     * @return e.g. the FID
     */
    public double value() {
        return values.values().iterator().next();
    }

    /**
     * One named value.
     *
     * @param name e.g. {@code kid_std}
     * @return the value
     * @throws IllegalArgumentException if there is no such value (the message lists the names)
     */
    public double value(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(metric + " has no value '" + name + "'; it has " + values.keySet());
        }
        return v;
    }

    /**
     * The name and values on one line, without the protocol.
     *
     * @return e.g. {@code kid_fmnist_10k: kid=0.0123, kid_std=0.0004}
     */
    public String summary() {
        return metric + ": " + values.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return summary() + "  " + protocol;
    }

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format("%.4g", v) : String.format("%.4f", v);
    }
}
