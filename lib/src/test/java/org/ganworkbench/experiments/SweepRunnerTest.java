package org.ganworkbench.experiments;

import org.ganworkbench.metrics.MetricsLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs real tiny sweeps: resume after a deleted result, after a killed process, and in child JVMs. */
@Tag("slow")   // trains for real or starts child JVMs: test.sh runs these in a step of their own
class SweepRunnerTest {

    /** Records the runs started. */
    static final class Counting implements SweepListener {
        final List<String> started = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        @Override
        public void runStarted(SweepRun run) {
            started.add(run.relativeDir());
        }

        @Override
        public void runSkipped(SweepRun run, RunResult result) {
            skipped.add(run.relativeDir());
        }
    }

    @Test
    void aRunWithoutResultIsRerunAndTheOthersAreSkipped(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("resume", 20, "[1, 2]", 1), "resume.json");
        Counting first = new Counting();
        Results r1 = new SweepRunner(sweep, dir).listener(first).run();
        assertEquals(4, first.started.size());
        assertEquals(4, r1.runs().rowCount());
        Path done = sweep.runs().get(0).dir(dir);
        for (String f : List.of(RunFolder.SPEC, RunFolder.CONFIG, RunFolder.LOG, RunFolder.METRICS, RunFolder.SAMPLES,
                RunFolder.RESULT)) {
            assertTrue(Files.size(done.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(done.resolve(RunFolder.LOG)).startsWith("step,d_loss"));
        assertTrue(Files.readString(done.resolve(RunFolder.CONFIG)).contains("\"engine_version\""));
        assertTrue(Files.readString(done.resolve(RunFolder.METRICS)).contains("\"modes_covered\""));

        SweepRun redo = sweep.runs().get(3);
        Files.delete(redo.dir(dir).resolve(RunFolder.RESULT));
        org.apache.commons.io.file.PathUtils.delete(redo.dir(dir).resolve(RunFolder.CHECKPOINT));   // nothing to resume from
        Files.writeString(redo.dir(dir).resolve("stale.tmp"), "half-written");
        Map<String, FileTime> before = resultTimes(sweep, dir);
        Counting second = new Counting();
        Results r2 = new SweepRunner(sweep, dir).listener(second).run();
        assertEquals(List.of(redo.relativeDir()), second.started);
        assertEquals(3, second.skipped.size());
        assertFalse(Files.exists(redo.dir(dir).resolve("stale.tmp")), "an incomplete folder without checkpoint is wiped");
        assertFalse(Files.readString(redo.dir(dir).resolve(RunFolder.CONFIG)).contains("resumed_at"));
        Map<String, FileTime> after = resultTimes(sweep, dir);
        before.forEach((run, time) -> assertEquals(time, after.get(run), run));
        assertEquals(r1.runs().doubleColumn("modes_covered").asList(), r2.runs().doubleColumn("modes_covered").asList(),
                "the rerun gives the same result from the same seed");
        assertEquals(2, r2.summary().rowCount());
        assertTrue(Files.exists(dir.resolve(Results.SUMMARY_CSV)));

        // a result.json cut short (by hand or a full disk) does not block the sweep: that run is done again
        SweepRun damaged = sweep.runs().get(1);
        Path result = damaged.dir(dir).resolve(RunFolder.RESULT);
        String whole = Files.readString(result);
        List<MetricsLog.Logged> metricsBefore = MetricsLog.read(damaged.dir(dir));
        Files.writeString(result, whole.substring(0, whole.length() / 2));
        String damage = new RunFolder(damaged.dir(dir)).damage().orElseThrow();
        assertTrue(damage.startsWith(result + ": ") && (damage.contains("ends too early") || damage.contains("not valid JSON")), damage);
        Counting third = new Counting();
        Results r3 = new SweepRunner(sweep, dir).listener(third).run();
        assertEquals(List.of(damaged.relativeDir()), third.started);
        assertEquals(RunResult.fromJson(whole, "before").metrics(), new RunFolder(damaged.dir(dir)).result().orElseThrow().metrics(),
                "the same run again gives the same metrics");
        assertTrue(new RunFolder(damaged.dir(dir)).damage().isEmpty());
        assertTrue(Files.readString(damaged.dir(dir).resolve(RunFolder.CONFIG)).contains("\"resumed_at\": [\n      20\n    ]"),
                "resumed from its final checkpoint, only evaluated again");
        assertEquals(metricsBefore, MetricsLog.read(damaged.dir(dir)), "its metrics of step 20 once, not twice, and the same");
        assertEquals(r1.runs().doubleColumn("modes_covered").asList(), r3.runs().doubleColumn("modes_covered").asList());
    }

    @Test
    void resultsCsvGrowsWithEveryFinishedRunAndARefusedSweepLeavesSweepJsonAlone(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("grow", 10, "[1]", 1), "grow.json");
        List<Integer> rows = new ArrayList<>();
        new SweepRunner(sweep, dir).listener(new SweepListener() {
            @Override
            public void runFinished(SweepRun run, RunResult result, int done, int toRun) {
                try {
                    rows.add(Files.readAllLines(dir.resolve(Results.RESULTS_CSV)).size() - 1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }).run();
        assertEquals(List.of(1, 2), rows, "results.csv holds every run finished so far, before the next starts");
        String saved = Files.readString(dir.resolve(SweepRunner.SWEEP_FILE));
        Sweep other = Sweep.fromJson(Tiny.sweepJson("grow", 20, "[1]", 1), "grow.json");   // other specs, same folders
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SweepRunner(other, dir).run());
        assertTrue(e.getMessage().contains("holds a finished run of another spec"), e.getMessage());
        assertEquals(saved, Files.readString(dir.resolve(SweepRunner.SWEEP_FILE)), "a refused sweep keeps sweep.json");
    }

    @Test
    void aKilledSweepProcessResumesWithoutRedoingFinishedRuns(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("kill", 150, "[1, 2]", 1), "kill.json");
        Path file = Tiny.write(dir, "kill.json", sweep.toJson());
        Path out = dir.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "org.ganworkbench.cli.Main", "sweep", file.toString(), "--out", out.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("sweep.log").toFile());
        Process p = pb.start();
        List<SweepRun> runs = sweep.runs();
        Path firstResult = runs.get(0).dir(out).resolve(RunFolder.RESULT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(firstResult) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(firstResult), "the child finished no run: " + Files.readString(dir.resolve("sweep.log")));
        List<String> unfinished = new ArrayList<>();
        for (SweepRun r : runs) {
            if (!Files.exists(r.dir(out).resolve(RunFolder.RESULT))) {
                unfinished.add(r.relativeDir());
            }
        }
        assertFalse(unfinished.isEmpty(), "the kill came too late to test anything");
        Map<String, FileTime> before = resultTimes(sweep, out);
        String firstText = Files.readString(firstResult);

        Counting rerun = new Counting();
        Results results = new SweepRunner(sweep, out).listener(rerun).run();
        assertEquals(unfinished, rerun.started, "only the unfinished runs are run again");
        assertEquals(Files.readString(firstResult), firstText);
        Map<String, FileTime> after = resultTimes(sweep, out);
        before.forEach((run, time) -> assertEquals(time, after.get(run), run));
        assertEquals(runs.size(), results.runs().rowCount());
        assertTrue(results.runs().stringColumn("status").asList().stream().allMatch("ok"::equals));
    }

    @Test
    void twoChildProcessesGiveTheSameResultsAsOneProcess(@TempDir Path dir) throws Exception {
        String json = """
                {"name": "par", "base": %s, "variants": {"vanilla": {}, "minimax": {"loss.name": "minimax"}},
                 "seeds": [5]}""".formatted(Tiny.BASE.formatted(30));
        Sweep sweep = Sweep.fromJson(json, "par.json");
        Results sequential = new SweepRunner(sweep, dir.resolve("seq")).run();
        Counting parallel = new Counting();
        Results children = new SweepRunner(sweep, dir.resolve("par")).parallel(2).listener(parallel).run();
        assertEquals(2, parallel.started.size());
        for (SweepRun run : sweep.runs()) {
            Path log = run.dir(dir.resolve("par")).resolve(RunFolder.RUN_LOG);
            assertTrue(Files.exists(log));
            String config = Files.readString(run.dir(dir.resolve("par")).resolve(RunFolder.CONFIG));
            assertTrue(config.contains("\"omp_num_threads\": \"1\""), config);
        }
        assertEquals(sequential.runs().column("status").asList(), children.runs().column("status").asList());
        for (String m : sequential.metricNames()) {
            assertEquals(sequential.runs().doubleColumn(m).asList(), children.runs().doubleColumn(m).asList(), m);
        }
        for (SweepRun run : sweep.runs()) {
            assertEquals(losses(run.dir(dir.resolve("seq"))), losses(run.dir(dir.resolve("par"))), run.variant());
        }
    }

    /** The log's loss and probability columns (not the timings). */
    private static List<String> losses(Path runDir) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve(RunFolder.LOG))) {
            String[] f = line.split(",");
            out.add(String.join(",", f[0], f[1], f[2], f[3], f[4]));
        }
        return out;
    }

    private static Map<String, FileTime> resultTimes(Sweep sweep, Path dir) throws Exception {
        Map<String, FileTime> m = new HashMap<>();
        for (SweepRun r : sweep.runs()) {
            Path f = r.dir(dir).resolve(RunFolder.RESULT);
            if (Files.exists(f)) {
                m.put(r.relativeDir(), Files.getLastModifiedTime(f));
            }
        }
        return m;
    }
}
