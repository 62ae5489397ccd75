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
