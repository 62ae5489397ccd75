package org.ganworkbench.experiments;

import org.ganworkbench.storage.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest {

    @Test
    void meanAndStdOverSeedsPerVariantInSweepOrder(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("hand", 10, "[1, 2, 3]", 1), "hand.json");
        // vanilla: metrics 2, 4, 9 -> mean 5, sample std sqrt(13); +instance noise: ok, failed, missing
        write(sweep, dir, "vanilla", 1, RunResult.ok(id(sweep, "vanilla", 1), Map.of("modes_covered", 2.0, "kl_to_uniform", 1.0), 3, 2, 10));
        write(sweep, dir, "vanilla", 2, RunResult.ok(id(sweep, "vanilla", 2), Map.of("modes_covered", 4.0, "kl_to_uniform", Double.NaN), 3, 2, 10));
        write(sweep, dir, "vanilla", 3, RunResult.ok(id(sweep, "vanilla", 3), Map.of("modes_covered", 9.0, "kl_to_uniform", 2.0), 3, 2, 10));
        write(sweep, dir, "+instance noise", 1, RunResult.ok(id(sweep, "+instance noise", 1), Map.of("modes_covered", 7.0, "kl_to_uniform", 0.5), 3, 2, 10));
        write(sweep, dir, "+instance noise", 2, RunResult.failed(id(sweep, "+instance noise", 2),
                new IllegalStateException("training diverged at step 4"), 1, 1, 4));
        AtomicFiles.writeString(dir.resolve(SweepRunner.SWEEP_FILE), sweep.toJson());

        Results results = Results.load(dir);
        Table runs = results.runs();
        assertEquals(5, runs.rowCount());
        assertEquals("failed", runs.stringColumn("status").get(4));
        assertEquals("training diverged at step 4", runs.stringColumn("error").get(4));
        assertEquals("instance-noise/seed-2", runs.stringColumn("run").get(4));
        assertTrue(Files.exists(dir.resolve(runs.stringColumn("run").get(0)).resolve(RunFolder.RESULT)));

        Table s = results.summary();
        assertEquals("vanilla", s.stringColumn("variant").get(0));
        assertEquals("+instance noise", s.stringColumn("variant").get(1));
        assertEquals(3, s.intColumn("n").get(0));
        assertEquals(0, s.intColumn("failed").get(0));
        assertEquals(5.0, s.doubleColumn("modes_covered mean").get(0), 1e-12);
        assertEquals(Math.sqrt(13), s.doubleColumn("modes_covered std").get(0), 1e-12);
        assertEquals(1.5, s.doubleColumn("kl_to_uniform mean").get(0), 1e-12, "NaN left out");
        assertEquals(Math.sqrt(0.5), s.doubleColumn("kl_to_uniform std").get(0), 1e-12);
        assertEquals(1, s.intColumn("n").get(1));
        assertEquals(1, s.intColumn("failed").get(1));
        assertEquals(7.0, s.doubleColumn("modes_covered mean").get(1), 1e-12);
        assertEquals(0.0, s.doubleColumn("modes_covered std").get(1), 1e-12);

        // the notebook's table: mean ± 95% t-interval, reference rows, a failure criterion with Wilson intervals
        Table iv = results.intervals(java.util.List.of("modes_covered"),
                Map.of("real data", java.util.List.of(Map.of("modes_covered", 8.0), Map.of("modes_covered", 8.0))),
                new Results.Criterion("misses a mode", "modes_covered", v -> v < 8));
        assertEquals(java.util.List.of("variant", "n", "modes_covered", "misses a mode"), iv.columnNames());
        // 5 ± t(0.975, 2) sqrt(13) / sqrt(3) = 5 ± 4.303 * 2.082 = 5 ± 8.96
        assertEquals("5.0 ± 9.0", iv.stringColumn("modes_covered").get(0));
        assertEquals("2/3 (21–94%)", iv.stringColumn("misses a mode").get(0));   // 2 and 4 miss, 9 does not
        assertEquals("7.0 (1 n/a)", iv.stringColumn("modes_covered").get(1), "one value, the failed run left out");
        assertEquals("2/2 (34–100%)", iv.stringColumn("misses a mode").get(1), "a failed run fails the criterion");
        assertEquals("real data", iv.stringColumn("variant").get(2));
        assertEquals("8.0 ± 0.0", iv.stringColumn("modes_covered").get(2));
        assertEquals("0/2 (0–66%)", iv.stringColumn("misses a mode").get(2));

        // paired by seed: only seed 1 finished ok in both variants (seconds 3 in each)
        var d = results.differences("+instance noise", results, "vanilla");
        assertEquals(1, d.size());
        assertEquals(7.0 - 2.0, d.get(0).get("modes_covered"), 1e-12);
        assertEquals(0.5 - 1.0, d.get(0).get("kl_to_uniform"), 1e-12);
        assertEquals(0.0, d.get(0).get("seconds"), 1e-12);
        assertEquals(java.util.List.of(0.0, 0.0, 0.0), results.differences("vanilla", results, "vanilla").stream()
                .map(m -> m.get("modes_covered")).toList());
        var unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> results.differences("vanila", results, "vanilla"));
        assertTrue(unknown.getMessage().contains("'vanila'") && unknown.getMessage().contains("+instance noise"));

        results.writeCsv();
        String csv = Files.readString(dir.resolve(Results.SUMMARY_CSV));
        assertTrue(csv.startsWith("variant,n,failed,") && csv.contains("modes_covered mean,modes_covered std"), csv);
        String runsCsv = Files.readString(dir.resolve(Results.RESULTS_CSV));
        assertEquals(6, runsCsv.lines().count(), runsCsv);
        assertTrue(results.html().html().contains("<table") && results.html().html().contains("+instance noise"));
        assertTrue(results.html().text().contains("+instance noise"), "the text form carries the tables too");
    }

    private static String id(Sweep sweep, String variant, long seed) {
        return run(sweep, variant, seed).spec().id();
    }

    private static SweepRun run(Sweep sweep, String variant, long seed) {
        return sweep.runs().stream().filter(r -> r.variant().equals(variant) && r.seed() == seed).findFirst().orElseThrow();
    }

    @Test
    void intervalTableGivesMeanAndTIntervalPerLabel() {
        var rows = new java.util.LinkedHashMap<String, java.util.List<Map<String, Double>>>();
        // 10, 12, 14: mean 12, s 2, t(2) 4.303 -> h = 4.303 * 2 / sqrt(3) = 4.97
        rows.put("a", java.util.List.of(Map.of("fid", 10.0), Map.of("fid", 12.0), Map.of("fid", 14.0)));
        rows.put("b", java.util.List.of(Map.of("fid", 3.0)));
        Table t = Results.intervalTable("equal time", java.util.List.of("fid"), rows);
        assertEquals("equal time", t.name());
        assertEquals(java.util.List.of("a", "b"), t.stringColumn("variant").asList());
        assertEquals(3, t.intColumn("n").get(0));
        assertEquals("12.0 ± 5.0", t.stringColumn("fid").get(0));
        assertEquals("3.0", t.stringColumn("fid").get(1));   // one run: no interval
    }

    private static void write(Sweep sweep, Path dir, String variant, long seed, RunResult r) {
        new RunFolder(run(sweep, variant, seed).dir(dir)).writeResult(r);
    }

    @Test
    void differencesNameEveryValueThatIsNotExactlyTheSameButTheWallTime(@TempDir Path dir) {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("d", 10, "[1, 2]", 1), "d.json");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(sweep, a, "vanilla", 1, RunResult.ok(id(sweep, "vanilla", 1), Map.of("kl_to_uniform", 1.0, "modes_covered", Double.NaN), 3, 2, 10));
        write(sweep, a, "vanilla", 2, RunResult.ok(id(sweep, "vanilla", 2), Map.of("kl_to_uniform", 2.0, "modes_covered", 1.0), 3, 2, 10));
        write(sweep, b, "vanilla", 1, RunResult.ok(id(sweep, "vanilla", 1), Map.of("kl_to_uniform", 1.0, "modes_covered", Double.NaN), 99, 2, 10));
        write(sweep, b, "vanilla", 2, RunResult.ok(id(sweep, "vanilla", 2), Map.of("kl_to_uniform", 2.0, "modes_covered", 1.0), 5, 2, 10));
        assertEquals(List.of(), Results.of(sweep, a).differencesFrom(Results.of(sweep, b)), "the seconds differ, nothing else");
        write(sweep, b, "vanilla", 2, RunResult.ok(id(sweep, "vanilla", 2), Map.of("kl_to_uniform", Math.nextUp(2.0), "modes_covered", 1.0), 5, 2, 10));
        write(sweep, b, "+instance noise", 1, RunResult.ok(id(sweep, "+instance noise", 1), Map.of("kl_to_uniform", 1.0, "modes_covered", 1.0), 5, 2, 10));
        assertEquals(List.of("vanilla/seed-2: kl_to_uniform 2.0 vs " + Math.nextUp(2.0), "instance-noise/seed-1: only in the second"),
                Results.of(sweep, a).differencesFrom(Results.of(sweep, b)));
    }

    @Test
    void metricFindsTheFullNameOfAKind(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("names", 10, "[1]", 1), "names.json");
        write(sweep, dir, "vanilla", 1, RunResult.ok(id(sweep, "vanilla", 1), Map.of("swd_2048", 3.0, "swd_2048_32", 2.0,
                "swd_2048_16", 4.0, "msssim_2k", 0.3, "msssim_2k_real", 0.2, "modes_covered", 7.0), 3, 2, 10));
        AtomicFiles.writeString(dir.resolve(SweepRunner.SWEEP_FILE), sweep.toJson());
        Results results = Results.load(dir);
        assertEquals("swd_2048", results.metric("swd"));
        assertEquals("msssim_2k", results.metric("msssim"));
        assertEquals("swd_2048_16", results.metric("swd_2048_16"));
        assertEquals("modes_covered", results.metric("modes_covered"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> results.metric("fid"));
        assertTrue(e.getMessage().contains("no metric 'fid'") && e.getMessage().contains("swd_2048"), e.getMessage());
    }
    @Test
    void meanCurvesAverageTheSeedsAtEachEvaluation(@TempDir Path dir) {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("curves", 20, "[1, 2]", 1), "curves.json")
                .withOverrides(Map.of("evaluation.every", 10));
        Results results = new SweepRunner(sweep, dir).run();
        Map<String, double[][]> curves = results.meanCurves("precision_xy_500");
        assertEquals(java.util.List.of("vanilla", "+instance noise"), java.util.List.copyOf(curves.keySet()));
        for (String variant : curves.keySet()) {
            double[][] c = curves.get(variant);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {320, 640}, c[0], "steps 10 and 20 of 32 images");
            Table s1 = RunHistory.of(results.dir(variant, 1)).table();
            Table s2 = RunHistory.of(results.dir(variant, 2)).table();
            for (int r = 0; r < 2; r++) {
                double mean = (s1.doubleColumn("precision_xy_500").get(r) + s2.doubleColumn("precision_xy_500").get(r)) / 2;
                assertEquals(mean, c[1][r], 1e-12, variant + " at " + c[0][r]);
            }
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> results.meanCurves("fid"));
        assertTrue(e.getMessage().contains("'fid'") && e.getMessage().contains("recall_xy_500"), e.getMessage());
    }
}
