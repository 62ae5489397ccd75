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

    /** Log/table column of the real images D has seen by the end of a step. */
    public static final String IMAGES = "images";
    /** Log/table column of the training seconds spent by the end of a step (monitors excluded). */
    public static final String SECONDS = "seconds";

    /**
     * Real images D sees per step, from the run's {@value RunFolder#SPEC}: {@code batch_size} times
     * the optimizer's {@code d_steps} (1 when absent), the clock of a progressive GAN's schedule.
     */
    public long imagesPerStep() {
        RunSpec spec = RunSpec.read(dir.resolve(RunFolder.SPEC));
        Object k = spec.optimizer().get("d_steps");
        return (long) spec.batchSize() * (k == null ? 1 : ((Number) k).longValue());
    }

    /**
     * As {@link #table(String...)}, with two columns after {@code step}: {@value #IMAGES} (step ×
     * {@link #imagesPerStep()}) and {@value #SECONDS}, the training time by the end of the step. The
     * time is summed from the log: a row that covers s steps at r images per second took
     * s · imagesPerStep / r seconds; between log rows it is interpolated linearly (evaluations
     * usually fall on log rows). So the x axis of the paper's Figure 4 (wall-clock time) can be drawn
     * for runs that had the same machine to themselves, e.g. two runs side by side, one core each.
     */
    public Table overImages(String... logColumns) {
        Table t = table(logColumns);
        long perStep = imagesPerStep();
        double[] logSteps = log.column(TrainingLog.STEP);
        double[] rate = log.column(TrainingLog.IMAGES_PER_S);
        double[] cumSteps = new double[logSteps.length + 1];
        double[] cumSeconds = new double[logSteps.length + 1];
        for (int i = 0; i < logSteps.length; i++) {
            double steps = logSteps[i] - cumSteps[i];
            cumSteps[i + 1] = logSteps[i];
            cumSeconds[i + 1] = cumSeconds[i] + steps * perStep / rate[i];
        }
        DoubleColumn images = DoubleColumn.create(IMAGES);
        DoubleColumn seconds = DoubleColumn.create(SECONDS);
        for (int step : t.intColumn("step")) {
            images.append((double) step * perStep);
            seconds.append(interpolate(cumSteps, cumSeconds, step));
        }
        java.text.DecimalFormat whole = new java.text.DecimalFormat("#,##0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        images.setPrintFormatter(new tech.tablesaw.columns.numbers.NumberColumnFormatter(whole));
        seconds.setPrintFormatter(new tech.tablesaw.columns.numbers.NumberColumnFormatter(whole));
        t.insertColumn(1, images);
        t.insertColumn(2, seconds);
        return t;
    }

    /**
     * The value of {@code column} where {@code xColumn} (ascending, e.g. {@value #SECONDS} of
     * {@link #overImages}) equals {@code x}, interpolated linearly between rows; NaN outside the
     * rows' range. E.g. a full-size run's SWD at the moment a growing run had finished.
     */
    public static double at(Table table, String xColumn, double x, String column) {
        return interpolate(table.numberColumn(xColumn).asDoubleArray(), table.numberColumn(column).asDoubleArray(), x);
    }

    /** y at x on the polyline (xs, ys), xs ascending; NaN outside it. */
    static double interpolate(double[] xs, double[] ys, double x) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] == x) {
                return ys[i];
            }
        }
        for (int i = 1; i < xs.length; i++) {
            if (x <= xs[i] && x >= xs[i - 1]) {
                double span = xs[i] - xs[i - 1];
                return span == 0 ? ys[i] : ys[i - 1] + (ys[i] - ys[i - 1]) * (x - xs[i - 1]) / span;
            }
        }
        return Double.NaN;
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
