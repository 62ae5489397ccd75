package org.ganworkbench.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects {@link ModeCoverage} reports of several runs (one row per run: a label such as the loss,
 * and the seed) and summarizes them per label as mean ± standard deviation over seeds.
 */
public final class CoverageTable {

    private final String title;
    private final Table rows;

    public CoverageTable(String title) {
        this.title = title;
        this.rows = Table.create(title,
                StringColumn.create("run"),
                LongColumn.create("seed"),
                IntColumn.create("modes_covered"),
                IntColumn.create("modes_total"),
                DoubleColumn.create("high_quality_pct"),
                DoubleColumn.create("kl_to_uniform"));
    }

    /** Adds one run's report. */
    public CoverageTable add(String run, long seed, ModeCoverage.Report report) {
        rows.stringColumn("run").append(run);
        rows.longColumn("seed").append(seed);
        rows.intColumn("modes_covered").append(report.modesCovered());
        rows.intColumn("modes_total").append(report.totalModes());
        rows.doubleColumn("high_quality_pct").append(100 * report.highQualityFraction());
        rows.doubleColumn("kl_to_uniform").append(report.klToUniform());
        return this;
    }

    /** One row per run. */
    public Table table() {
        return formatted(rows);
    }

    /** Two decimals for every double column, so printed tables stay readable. */
    private static Table formatted(Table t) {
        for (var c : t.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            }
        }
        return t;
    }

    /**
     * One row per label: number of seeds, then mean and standard deviation (over seeds) of modes
     * covered, high-quality percentage and KL. KL is averaged over the seeds where it is defined
     * (a run with no high-quality sample has none); {@code kl_runs} says how many.
     */
    public Table summary() {
        Map<String, List<Integer>> byRun = new LinkedHashMap<>();
        for (int i = 0; i < rows.rowCount(); i++) {
            byRun.computeIfAbsent(rows.stringColumn("run").get(i), k -> new java.util.ArrayList<>()).add(i);
        }
        Table s = Table.create(title + " (mean ± std over seeds)",
                StringColumn.create("run"), IntColumn.create("seeds"),
                DoubleColumn.create("modes_mean"), DoubleColumn.create("modes_std"),
                DoubleColumn.create("high_quality_pct_mean"), DoubleColumn.create("high_quality_pct_std"),
                DoubleColumn.create("kl_mean"), DoubleColumn.create("kl_std"), IntColumn.create("kl_runs"));
        for (Map.Entry<String, List<Integer>> e : byRun.entrySet()) {
            List<Integer> idx = e.getValue();
            double[] modes = idx.stream().mapToDouble(i -> rows.intColumn("modes_covered").getInt(i)).toArray();
            double[] hq = idx.stream().mapToDouble(i -> rows.doubleColumn("high_quality_pct").getDouble(i)).toArray();
            double[] kl = idx.stream().mapToDouble(i -> rows.doubleColumn("kl_to_uniform").getDouble(i))
                    .filter(Double::isFinite).toArray();
            s.stringColumn("run").append(e.getKey());
            s.intColumn("seeds").append(idx.size());
            s.doubleColumn("modes_mean").append(Stats.mean(modes));
            s.doubleColumn("modes_std").append(Stats.std(modes));
            s.doubleColumn("high_quality_pct_mean").append(Stats.mean(hq));
            s.doubleColumn("high_quality_pct_std").append(Stats.std(hq));
            s.doubleColumn("kl_mean").append(Stats.mean(kl));
            s.doubleColumn("kl_std").append(Stats.std(kl));
            s.intColumn("kl_runs").append(kl.length);
        }
        return formatted(s);
    }

}
