package org.ganworkbench.metrics;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one evaluated set: one row of {@link Evaluator#table()}.
 *
 * @param set what was evaluated, e.g. {@code "real train"} or {@code "untrained G"}
 * @param count generated (or real) images the metrics took
 * @param results one result per metric, in {@link MetricRegistry#features(int)} order
 * @param seconds wall-clock time of the evaluation, classifier inference included
 */
public record Evaluation(String set, int count, List<MetricResult> results, double seconds) {

    /**
     * Copies the list.
     */
    public Evaluation {
        results = List.copyOf(results);
    }

    /**
     * The result of one metric.
     *
     * @param kindOrName a kind ({@code fid}) or a full name ({@code fid_fmnist_10k})
     * @return the result
     * @throws IllegalArgumentException if there is none (the message lists the metrics)
     */
    public MetricResult result(String kindOrName) {
        for (MetricResult r : results) {
            if (r.metric().equals(kindOrName) || MetricName.kindOf(r.metric()).equals(kindOrName)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no metric '" + kindOrName + "' in this evaluation; it has "
                + results.stream().map(MetricResult::metric).toList());
    }

    /**
     * A metric's headline value.
     *
     * @param kindOrName e.g. {@code fid} or {@code kid_fmnist_10k}
     * @return its value
     */
    public double value(String kindOrName) {
        return result(kindOrName).value();
    }

    /**
     * Every result's values under the names a run reports them ({@link MetricRegistry#reported}):
     * {@code fid_fmnist_2k}, {@code precision_fmnist_2k}, {@code recall_fmnist_2k}, ..., in metric
     * order: the keys of a run's {@code result.json} and of {@code Results}' columns.
     *
     * @return reported name to value
     */
    public Map<String, Double> reported() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricResult r : results) {
            values.putAll(MetricRegistry.reported(r.metric(), r.values()));
        }
        return values;
    }

    /**
     * Appends this evaluation's results to {@code runDir/metrics.jsonl}.
     *
     * @param runDir the run's folder
     * @param provenance the caller's provenance (seed, steps, engine, ...)
     * @return the file written
     */
    public Path appendTo(Path runDir, Map<String, ?> provenance) {
        return MetricsLog.append(runDir, set, results, provenance);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(set + " (" + count + " images, " + String.format("%.1f", seconds) + " s)");
        for (MetricResult r : results) {
            sb.append("\n  ").append(r.summary());
        }
        return sb.toString();
    }
}
