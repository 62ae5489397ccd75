package org.ganworkbench.experiments;

import org.ganworkbench.metrics.Stats;
import org.ganworkbench.storage.AtomicFiles;
import org.ganworkbench.viz.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The finished runs of a sweep folder as tables.
 *
 * <ul>
 *   <li>{@link #runs()}: one row per finished run: {@code variant, seed, status}, one column per
 *       metric, {@code seconds, steps, error} and {@code run} (the folder relative to the sweep
 *       folder, holding the run's config.json with spec and provenance) and {@code spec_id}.
 *   <li>{@link #summary()}: one row per variant, in the sweep file's order: {@code n} (runs that
 *       finished ok), {@code failed}, and {@code <metric> mean}, {@code <metric> std} over the ok
 *       runs' seeds (sample standard deviation, n - 1; 0 for one run; NaN values are left out, as
 *       KL is undefined without high-quality samples).
 * </ul>
 * Runs that have not finished are not in the tables (a variant with none has n = 0).
 */
public final class Results {

    /** File names written by {@link #writeCsv()}. */
    public static final String RESULTS_CSV = "results.csv";
    public static final String SUMMARY_CSV = "summary.csv";

    private final Sweep sweep;
    private final Path sweepDir;
    private final List<SweepRun> finished = new ArrayList<>();
    private final List<RunResult> results = new ArrayList<>();
    private final List<String> metricNames;

    private Results(Sweep sweep, Path sweepDir) {
        this.sweep = sweep;
        this.sweepDir = sweepDir;
        Set<String> names = new LinkedHashSet<>();
        for (SweepRun run : sweep.runs()) {
            new RunFolder(run.dir(sweepDir)).result().ifPresent(r -> {
                finished.add(run);
                results.add(r);
                names.addAll(r.metrics().keySet());
            });
        }
        this.metricNames = List.copyOf(names);
    }

    /** The finished runs of {@code sweep} in {@code sweepDir}. */
    public static Results of(Sweep sweep, Path sweepDir) {
        return new Results(sweep, sweepDir);
    }

    /** The finished runs of the sweep saved in {@code sweepDir} (its {@value SweepRunner#SWEEP_FILE}). */
    public static Results load(Path sweepDir) {
        Path file = sweepDir.resolve(SweepRunner.SWEEP_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(sweepDir + " is not a sweep folder: it has no " + SweepRunner.SWEEP_FILE);
        }
        return of(Sweep.read(file), sweepDir);
    }

    /** The sweep's folder. */
    public Path directory() {
        return sweepDir;
    }

    /** The sweep. */
    public Sweep sweep() {
        return sweep;
    }

    /**
     * The full name of this sweep's metric of a kind, so that code need not rebuild names carrying
     * the protocol: {@code metric("fid")} is {@code fid_fmnist_2k} when the runs evaluated 2,000
     * samples, {@code metric("swd")} is {@code swd_2048} (the headline, not a level such as
     * {@code swd_2048_32}); a whole name ({@code modes_covered}, {@code swd_2048_16}) is returned as it is.
     *
     * @throws IllegalArgumentException when the runs have no such metric, or several (two counts), naming
     *     the metrics they have
     */
    public String metric(String kindOrName) {
        if (metricNames.contains(kindOrName)) {
            return kindOrName;
        }
        List<String> found = metricNames.stream().filter(n -> org.ganworkbench.metrics.MetricName.kindOf(n).equals(kindOrName)
                && isHeadline(n)).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("sweep " + sweep.name() + ": " + (found.isEmpty() ? "no metric '"
                    + kindOrName + "'" : "several metrics of kind '" + kindOrName + "': " + found)
                    + "; its runs have " + metricNames);
        }
        return found.get(0);
    }

    private static boolean isHeadline(String name) {
        try {
            org.ganworkbench.metrics.MetricName.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;   // a level or a baseline beside the headline: swd_2048_32, msssim_2k_real
        }
    }

    /** The metric names found in the results, in order of first appearance. */
    public List<String> metricNames() {
        return metricNames;
    }

    /** The stored results of the finished runs, in sweep order. */
    public Map<SweepRun, RunResult> byRun() {
        Map<SweepRun, RunResult> m = new LinkedHashMap<>();
        for (int i = 0; i < finished.size(); i++) {
            m.put(finished.get(i), results.get(i));
        }
        return m;
    }

    /** The folder of a run of this sweep. */
    public Path dir(SweepRun run) {
        return run.dir(sweepDir);
    }

    /**
     * The training logs of the successful runs with {@code seed}, by variant (for
     * {@code Charts.compare}: one curve per variant).
     */
    public Map<String, org.ganworkbench.training.TrainingLog> logs(long seed) {
        Map<String, org.ganworkbench.training.TrainingLog> m = new LinkedHashMap<>();
        for (int i = 0; i < finished.size(); i++) {
            SweepRun run = finished.get(i);
            if (run.seed() == seed && !results.get(i).failed()) {
                m.put(run.variant(), org.ganworkbench.training.TrainingLog.readCsv(dir(run).resolve(RunFolder.LOG)));
            }
        }
        return m;
    }

    /** The folder of the run of {@code variant} with {@code seed}. */
    public Path dir(String variant, long seed) {
        for (SweepRun run : finished) {
            if (run.variant().equals(variant) && run.seed() == seed) {
                return dir(run);
            }
        }
        throw new IllegalArgumentException("no finished run of variant '" + variant + "' with seed " + seed
                + " in " + sweepDir + "; variants: " + sweep.variantLabels());
    }

    /**
     * The course of {@code metric} (a full name, see {@link #metric}) per variant, averaged over the
     * variant's successful runs at the evaluations all of them have: for each variant
     * {@code {real images shown, mean}}, ready for {@code Charts.curves}. Read from each run's
     * {@link RunHistory}; a variant without a successful run, or whose runs share no evaluation, is
     * left out.
     */
    public Map<String, double[][]> meanCurves(String metric) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String variant : sweep.variantLabels()) {
            java.util.TreeMap<Double, double[]> sums = null;   // images -> {sum, count}
            for (int i : okRuns(variant)) {
                SweepRun run = finished.get(i);
                Table t = RunHistory.of(dir(run)).overImages();
                if (!t.columnNames().contains(metric)) {
                    throw new IllegalArgumentException("run " + run.relativeDir() + " has no evaluations of '" + metric
                            + "'; it has " + t.columnNames().subList(3, t.columnCount()));
                }
                java.util.TreeMap<Double, double[]> these = new java.util.TreeMap<>();
                for (int r = 0; r < t.rowCount(); r++) {
                    double x = t.doubleColumn(RunHistory.IMAGES).get(r);
                    double y = t.numberColumn(metric).getDouble(r);
                    double[] prev = sums == null ? new double[2] : sums.get(x);
                    if (prev != null) {
                        these.put(x, new double[] {prev[0] + y, prev[1] + 1});
                    }
                }
                sums = these;   // only the evaluations every run so far has
            }
            if (sums == null || sums.isEmpty()) {
                continue;
            }
            double[][] curve = new double[2][sums.size()];
            int k = 0;
            for (var e : sums.entrySet()) {
                curve[0][k] = e.getKey();
                curve[1][k++] = e.getValue()[0] / e.getValue()[1];
            }
            out.put(variant, curve);
        }
        return out;
    }

    /**
     * Paired by seed: for each seed that variant {@code a} of this sweep and variant {@code b} of
     * {@code other} (this sweep or another, e.g. the same model without one change) both finished ok,
     * the differences a − b of every metric they share and of {@code seconds}, in seed order. Ready
     * for {@link #intervalTable}: a mean ± 95% interval of paired differences, which is narrower than
     * two intervals side by side when seeds share their luck (same first weights, same batches).
     */
    public List<Map<String, Double>> differences(String a, Results other, String b) {
        Map<Long, Map<String, Double>> mine = okValues(a);
        Map<Long, Map<String, Double>> theirs = other.okValues(b);
        List<Map<String, Double>> out = new ArrayList<>();
        for (var e : mine.entrySet()) {
            Map<String, Double> y = theirs.get(e.getKey());
            if (y == null) {
                continue;
            }
            Map<String, Double> d = new LinkedHashMap<>();
            e.getValue().forEach((k, v) -> {
                if (y.containsKey(k)) {
                    d.put(k, v - y.get(k));
                }
            });
            out.add(d);
        }
        return out;
    }

    /** The ok runs of {@code variant} by seed (ascending): their metrics and {@code seconds}. */
    private Map<Long, Map<String, Double>> okValues(String variant) {
        Map<Long, Map<String, Double>> out = new java.util.TreeMap<>();
        for (int i : okRuns(variant)) {
            Map<String, Double> v = new LinkedHashMap<>(results.get(i).metrics());
            v.put("seconds", results.get(i).seconds());
            out.put(finished.get(i).seed(), v);
        }
        return out;
    }

    /** Indices into the finished runs of {@code variant}'s runs that finished ok, in finishing order. */
    private List<Integer> okRuns(String variant) {
        if (!sweep.variantLabels().contains(variant)) {
            throw new IllegalArgumentException("no variant '" + variant + "' in sweep " + sweep.name() + "; variants: "
                    + sweep.variantLabels());
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < finished.size(); i++) {
            if (finished.get(i).variant().equals(variant) && !results.get(i).failed()) {
                out.add(i);
            }
        }
        return out;
    }

    /** One row per finished run. */
    public Table runs() {
        Table t = Table.create(sweep.name() + ": runs", StringColumn.create("variant"), LongColumn.create("seed"),
                StringColumn.create("status"));
        for (String m : metricNames) {
            t.addColumns(DoubleColumn.create(m));
        }
        t.addColumns(DoubleColumn.create("seconds"), IntColumn.create("steps"), StringColumn.create("error"),
                StringColumn.create("run"), StringColumn.create("spec_id"));
        for (int i = 0; i < finished.size(); i++) {
            SweepRun run = finished.get(i);
            RunResult r = results.get(i);
            t.stringColumn("variant").append(run.variant());
            t.longColumn("seed").append(run.seed());
            t.stringColumn("status").append(r.status());
            for (String m : metricNames) {
                t.doubleColumn(m).append(r.metric(m));
            }
            t.doubleColumn("seconds").append(r.seconds());
            t.intColumn("steps").append(r.steps());
            t.stringColumn("error").append(r.error() == null ? "" : r.error());
            t.stringColumn("run").append(run.relativeDir());
            t.stringColumn("spec_id").append(r.specId() == null ? "" : r.specId());
        }
        return formatted(t);
    }

    /** Mean ± std over seeds per variant, in sweep order. */
    public Table summary() {
        Table t = Table.create(sweep.name() + ": mean ± std over seeds", StringColumn.create("variant"),
                IntColumn.create("n"), IntColumn.create("failed"));
        for (String m : metricNames) {
            t.addColumns(DoubleColumn.create(m + " mean"), DoubleColumn.create(m + " std"));
        }
        for (String variant : sweep.variantLabels()) {
            int ok = 0;
            int failed = 0;
            Map<String, List<Double>> values = new LinkedHashMap<>();
            for (int i = 0; i < finished.size(); i++) {
                if (!finished.get(i).variant().equals(variant)) {
                    continue;
                }
                RunResult r = results.get(i);
                if (r.failed()) {
                    failed++;
                    continue;
                }
                ok++;
                for (String m : metricNames) {
                    double v = r.metric(m);
                    if (!Double.isNaN(v)) {
                        values.computeIfAbsent(m, k -> new ArrayList<>()).add(v);
                    }
                }
            }
            t.stringColumn("variant").append(variant);
            t.intColumn("n").append(ok);
            t.intColumn("failed").append(failed);
            for (String m : metricNames) {
                double[] v = values.getOrDefault(m, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
                t.doubleColumn(m + " mean").append(Stats.mean(v));
                t.doubleColumn(m + " std").append(Stats.std(v));
            }
        }
        return formatted(t);
    }

    /**
     * Reference rows for {@link #intervals}, scored with the runs' own evaluation protocol (their data,
     * n and metrics; {@link RunEvaluator#references}): for image data, draws of real training
     * images and of uniform noise images; for the 2-D toys, draws of real points and of uniform
     * noise over the mixture's box.
     *
     * @param draws sets of each kind (seeds 1, 2, ...), at least 1
     * @return each row's label to its draws' values
     * @throws IllegalStateException if the runs differ in data, n or metrics (then there is no one
     *     protocol to score references with)
     */
    public Map<String, List<Map<String, Double>>> referenceRows(int draws) {
        SweepRun first = null;
        EvaluationSettings settings = null;
        RunEvaluator evaluator = null;
        for (SweepRun run : sweep.runs()) {
            RunEvaluator e = RunEvaluators.forData(run.spec().data());
            EvaluationSettings s = e.schema().read(run.spec().evaluation());
            if (first == null) {
                first = run;
                settings = s;
                evaluator = e;
            } else if (!run.spec().data().equals(first.spec().data()) || s.n() != settings.n()
                    || s.seed() != settings.seed() || !s.metrics().equals(settings.metrics())) {
                throw new IllegalStateException("sweep " + sweep.name() + ": the runs are scored differently ('"
                        + first.variant() + "': data " + first.spec().data() + ", n " + settings.n() + ", metrics "
                        + settings.metrics() + "; '" + run.variant() + "': data " + run.spec().data() + ", n " + s.n()
                        + ", metrics " + s.metrics() + "), so one set of reference rows does not fit them all; "
                        + "score references per protocol with RunEvaluators.forData(data).references(...)");
            }
        }
        if (first == null) {
            throw new IllegalStateException("sweep " + sweep.name() + " has no runs");
        }
        return evaluator.references(settings, SpecConfigs.loadData(first.spec().data()), draws);
    }

    /**
     * A failure criterion every variant is judged by, e.g. "misses a mode": {@code modes_covered < 8}.
     *
     * @param label the column's name
     * @param metric the metric it reads (a kind or a whole name, as {@link #metric} takes)
     * @param fails whether a run's value counts as a failure (a failed or NaN run always does)
     */
    public record Criterion(String label, String metric, java.util.function.DoublePredicate fails) {

        /** Whether a run with this value (null or NaN: none) fails. */
        boolean failsOn(Double value) {
            return value == null || Double.isNaN(value) || fails.test(value);
        }
    }

    /**
     * The table a notebook shows: per variant, {@code mean ± h} of each metric, h the half-width of
     * the 95% confidence interval over seeds (Student's t; {@link Stats#ci95}), then reference rows
     * (each a list of value maps, e.g. several draws of real data), then, with a criterion, how
     * many runs fail it with the 95% Wilson interval of that rate. A run that failed (exception) or
     * has a NaN counts as failing the criterion and is left out of the means.
     *
     * @param metrics metric kinds or whole names, in column order
     * @param references label to its draws' values, appended as rows (may be empty)
     * @param criterion the failure criterion, or null for none
     * @return the table
     */
    public Table intervals(List<String> metrics, Map<String, List<Map<String, Double>>> references, Criterion criterion) {
        List<String> names = metrics.stream().map(this::metric).toList();
        Table t = intervalColumns(sweep.name() + ": mean ± 95% interval over seeds", names);
        String criterionMetric = criterion == null ? null : metric(criterion.metric());
        if (criterion != null) {
            t.addColumns(StringColumn.create(criterion.label()));
        }
        for (String variant : sweep.variantLabels()) {
            List<Map<String, Double>> rows = new ArrayList<>();
            int failed = 0;
            int runs = 0;
            for (int i = 0; i < finished.size(); i++) {
                if (!finished.get(i).variant().equals(variant)) {
                    continue;
                }
                runs++;
                RunResult r = results.get(i);
                Map<String, Double> values = new LinkedHashMap<>();
                for (String m : names) {
                    values.put(m, r.failed() ? Double.NaN : r.metric(m));
                }
                if (criterion != null) {
                    failed += criterion.failsOn(r.failed() ? null : r.metric(criterionMetric)) ? 1 : 0;
                }
                rows.add(values);
            }
            appendIntervalRow(t, variant, names, rows);
            if (criterion != null) {
                t.stringColumn(criterion.label()).append(rate(failed, runs));
            }
        }
        for (Map.Entry<String, List<Map<String, Double>>> ref : references.entrySet()) {
            appendIntervalRow(t, ref.getKey(), names, ref.getValue());
            if (criterion != null) {
                int failed = 0;
                for (Map<String, Double> v : ref.getValue()) {
                    failed += criterion.failsOn(v.get(criterionMetric)) ? 1 : 0;
                }
                t.stringColumn(criterion.label()).append(rate(failed, ref.getValue().size()));
            }
        }
        return t;
    }

    /**
     * The same mean ± 95% interval table for an experiment a notebook runs itself rather than
     * through a sweep: one row per label, over that label's value maps (one per seed), metrics named
     * as in the maps.
     *
     * @param title the table's title
     * @param metrics the metric names, in column order
     * @param rows label to its runs' values, in row order
     * @return the table
     */
    public static Table intervalTable(String title, List<String> metrics, Map<String, List<Map<String, Double>>> rows) {
        Table t = intervalColumns(title, metrics);
        rows.forEach((label, values) -> appendIntervalRow(t, label, metrics, values));
        return t;
    }

    /** An empty interval table: variant, n, then one text column per metric. */
    private static Table intervalColumns(String title, List<String> metrics) {
        Table t = Table.create(title, StringColumn.create("variant"), IntColumn.create("n"));
        for (String m : metrics) {
            t.addColumns(StringColumn.create(m));
        }
        return t;
    }

    private static void appendIntervalRow(Table t, String label, List<String> names, List<Map<String, Double>> rows) {
        t.stringColumn("variant").append(label);
        t.intColumn("n").append(rows.size());
        for (String m : names) {
            double[] v = rows.stream().mapToDouble(r -> r.getOrDefault(m, Double.NaN)).toArray();
            t.stringColumn(m).append(meanWithInterval(v));
        }
    }

    /** {@code 7.40 ± 0.83} (3 significant digits for the mean, the interval to the same decimals); {@code —} without values. */
    static String meanWithInterval(double[] v) {
        double mean = Stats.mean(v);
        if (Double.isNaN(mean)) {
            return "—";
        }
        double h = Stats.ci95(v);
        // digits for the smaller of |mean| and h, leaving out one that is 0 or missing
        double scale = Double.isNaN(h) || h == 0 ? mean : mean == 0 ? h : Math.min(Math.abs(mean), h);
        int decimals = decimals(scale);
        String f = "%." + decimals + "f";
        String out = String.format(java.util.Locale.ROOT, f, mean);
        if (!Double.isNaN(h)) {
            out += " ± " + String.format(java.util.Locale.ROOT, f, h);
        }
        int missing = v.length - Stats.count(v);
        return missing > 0 ? out + " (" + missing + " n/a)" : out;
    }

    /** Decimals that show 2 significant digits of x (at least 0, at most 4). */
    private static int decimals(double x) {
        double a = Math.abs(x);
        if (a == 0 || Double.isNaN(a)) {
            return 2;
        }
        int d = 1 - (int) Math.floor(Math.log10(a));
        return Math.max(0, Math.min(4, d));
    }

    /** {@code 2/5 (12–77%)}: a count with its 95% Wilson interval. */
    static String rate(int k, int n) {
        if (n == 0) {
            return "—";
        }
        double[] ci = Stats.wilson95(k, n);
        return String.format(java.util.Locale.ROOT, "%d/%d (%.0f–%.0f%%)", k, n, 100 * ci[0], 100 * ci[1]);
    }

    /**
     * Where these results and {@code other} (the same sweep run elsewhere: by another backend, on
     * another machine) differ: one line per run found in only one of them and per value that is not
     * exactly equal (NaN equals NaN), over every column of {@link #runs()} but the wall time
     * ({@code seconds}). Empty when the two give the same numbers.
     */
    public List<String> differencesFrom(Results other) {
        Table a = runs();
        Table b = other.runs();
        Map<String, Integer> rowsOfB = new LinkedHashMap<>();
        for (int i = 0; i < b.rowCount(); i++) {
            rowsOfB.put(b.stringColumn("run").get(i), i);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.rowCount(); i++) {
            String run = a.stringColumn("run").get(i);
            Integer j = rowsOfB.remove(run);
            if (j == null) {
                out.add(run + ": only in the first");
                continue;
            }
            for (String c : a.columnNames()) {
                if (c.equals("seconds")) {
                    continue;
                }
                if (!b.containsColumn(c)) {
                    out.add(run + ": column " + c + " only in the first");
                    continue;
                }
                Object x = a.column(c).get(i);
                Object y = b.column(c).get(j);
                boolean same = x instanceof Double dx && y instanceof Double dy ? Double.compare(dx, dy) == 0 : Objects.equals(x, y);
                if (!same) {
                    out.add(run + ": " + c + " " + x + " vs " + y);
                }
            }
        }
        rowsOfB.keySet().forEach(run -> out.add(run + ": only in the second"));
        return out;
    }

    /** The summary and the runs as HTML, for {@code display(...)} in a notebook. */
    public org.ganworkbench.viz.Html html() {
        return org.ganworkbench.viz.Html.join(Tables.html(summary()), Tables.html(runs()));
    }

    /** Writes results.csv and summary.csv into the sweep folder, each atomically; returns the folder. */
    public Path writeCsv() {
        Table runs = runs();
        Table summary = summary();
        writeCsv(runs, sweepDir.resolve(RESULTS_CSV));
        writeCsv(summary, sweepDir.resolve(SUMMARY_CSV));
        return sweepDir;
    }

    private static void writeCsv(Table t, Path file) {
        AtomicFiles.write(file, tmp -> {
            try (java.io.Writer w = Files.newBufferedWriter(tmp)) {
                t.write().csv(w);
            }
        });
    }

    private static Table formatted(Table t) {
        for (var c : t.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return summary().printAll();
    }
}
