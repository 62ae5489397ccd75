package org.ganworkbench.experiments;

import org.ganworkbench.metrics.MetricName;
import org.ganworkbench.metrics.MetricRegistry;
import org.ganworkbench.metrics.MetricsLog;
import org.ganworkbench.training.TrainingLog;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The course of one run, read back from its folder: the training log ({@code log.csv}) and every
 * evaluation in {@code metrics.jsonl} (those during training, with {@code evaluation.every}, and
 * the final one), with the snapshot picture taken at each intermediate evaluation. It answers
 * "did the loss's own measure fall while the samples got better?": one row per evaluated step with
 * the log's values at that step beside the metrics.
 */
public final class RunHistory {

    private static final Pattern STEP = Pattern.compile("step (\\d+)");

    private final Path dir;
    private final TrainingLog log;
    private final TreeMap<Integer, Map<String, Double>> metrics;

    private RunHistory(Path dir, TrainingLog log, TreeMap<Integer, Map<String, Double>> metrics) {
        this.dir = dir;
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * Reads a run folder (finished or not: whatever has been written).
     *
     * @throws java.io.UncheckedIOException naming the file if log.csv is missing or unreadable
     */
    public static RunHistory of(Path runDir) {
        TrainingLog log = TrainingLog.readCsv(runDir.resolve(RunFolder.LOG));
        TreeMap<Integer, Map<String, Double>> metrics = new TreeMap<>();
        for (MetricsLog.Logged l : MetricsLog.read(runDir)) {
            Matcher m = STEP.matcher(l.set());
            if (m.matches()) {
                Map<String, Double> at = metrics.computeIfAbsent(Integer.parseInt(m.group(1)), s -> new LinkedHashMap<>());
                at.putAll(MetricRegistry.reported(l.metric(), l.values()));   // SWD's levels, precision and recall
            }
        }
        return new RunHistory(runDir, log, metrics);
    }

    /** The training log. */
    public TrainingLog log() {
        return log;
    }

    /** The evaluated steps, in order. */
    public List<Integer> steps() {
        return List.copyOf(metrics.keySet());
    }

    /**
     * One row per evaluated step: {@code step}, the given log columns at that step (the last log row
     * at or before it; a row averages the steps since the previous one), then every metric's headline
     * value (and a pixel metric's levels and baseline, {@link MetricName#reported}).
     *
     * @param logColumns e.g. {@code m_global}, {@code k}
     */
    public Table table(String... logColumns) {
        double[] logSteps = log.column(TrainingLog.STEP);
        IntColumn step = IntColumn.create("step");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        Map<String, double[]> logValues = new LinkedHashMap<>();
        for (String c : logColumns) {
            logValues.put(c, log.column(c));   // fails early, naming the column, if the log has none
            cols.put(c, DoubleColumn.create(c));
        }
        List<String> names = new ArrayList<>();
        metrics.values().forEach(m -> m.keySet().forEach(k -> {
            if (!names.contains(k)) {
                names.add(k);
            }
        }));
        for (String n : names) {
            cols.put(n, DoubleColumn.create(n));
        }
        for (Map.Entry<Integer, Map<String, Double>> e : metrics.entrySet()) {
            int s = e.getKey();
            step.append(s);
            int row = -1;
            for (int i = 0; i < logSteps.length && logSteps[i] <= s; i++) {
                row = i;
            }
            for (String c : logColumns) {
                cols.get(c).append(row < 0 ? Double.NaN : logValues.get(c)[row]);
            }
            for (String n : names) {
                cols.get(n).append(e.getValue().getOrDefault(n, Double.NaN));
            }
        }
        Table t = Table.create(dir.getParent().getFileName() + "/" + dir.getFileName() + " over training", step);
        java.text.DecimalFormat fmt = new java.text.DecimalFormat("#,##0.0###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        for (DoubleColumn c : cols.values()) {
            c.setPrintFormatter(new tech.tablesaw.columns.numbers.NumberColumnFormatter(fmt));
            t.addColumns(c);
        }
        return t;
    }

    /** The snapshot pictures by step (the final samples.png under the last step), those that exist. */
    public Map<Integer, Path> pictures() {
        Map<Integer, Path> out = new LinkedHashMap<>();
        for (int s : metrics.keySet()) {
            Path p = Experiment.snapshot(new RunFolder(dir), s);
            if (Files.exists(p)) {
                out.put(s, p);
            } else if (s == metrics.lastKey() && Files.exists(dir.resolve(RunFolder.SAMPLES))) {
                out.put(s, dir.resolve(RunFolder.SAMPLES));
            }
        }
        return out;
    }
}
