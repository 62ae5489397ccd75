package org.ganworkbench.experiments;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.data.GanData;
import org.ganworkbench.training.GanTraining;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notebook's Interrupt during a sweep in this JVM: the interrupted run keeps its log and
 * checkpoint but no result.json, results.csv holds the finished runs, and {@link Interrupted} names
 * the sweep. The interruption comes from inside the run (its evaluation at a fixed step) or from the
 * listener, so the tests do not depend on timing.
 */
@Tag("slow")   // trains for real or starts child JVMs: test.sh runs these in a step of their own
class InterruptedSweepTest {

    /** Tiny runs of 20 steps evaluated at step 10: 2 variants x seeds 1, 2 = 4 runs. */
    private static Sweep sweep(String name) {
        String base = Tiny.BASE.formatted(20).replace("\"evaluation\": {\"n\": 500}",
                "\"evaluation\": {\"n\": 500, \"every\": 10}");
        assertTrue(base.contains("\"every\": 10"), base);
        return Sweep.fromJson("""
                {"name": "%s", "base": %s,
                 "variants": {"vanilla": {"loss.name": "minimax"},
                              "+instance noise": {"loss.name": "minimax", "tricks.instance_noise": 0.1}},
                 "seeds": [1, 2]}""".formatted(name, base), name + ".json");
    }

    /** ring8's evaluator, which interrupts its own thread at the step-10 evaluation of the n-th run it opens. */
    private static RunEvaluator interruptingRun(RunEvaluator real, int n) {
        AtomicInteger opened = new AtomicInteger();
        return new RunEvaluator() {
            @Override
            public EvaluationSettings.Schema schema() {
                return real.schema();
            }

            @Override
            public Session open(EvaluationSettings settings, GanData data) {
                Session session = real.open(settings, data);
                boolean target = opened.incrementAndGet() == n;
                return new Session() {
                    @Override
                    public Map<String, Double> evaluate(GanTraining run, Path runDir, Map<String, ?> provenance) {
                        if (target && run.step() == 10) {
                            Thread.currentThread().interrupt();   // the Interrupt arrives during the evaluation
                        }
                        return session.evaluate(run, runDir, provenance);
                    }

                    @Override
                    public void close() {
                        session.close();
                    }
                };
            }
        };
    }

    /** What the listener heard. */
    static class Heard implements SweepListener {
        final List<String> finished = new ArrayList<>();
        final List<String> crashed = new ArrayList<>();
        final List<String> started = new ArrayList<>();

        @Override
        public void runStarted(SweepRun run) {
            started.add(run.relativeDir());
        }

        @Override
        public void runFinished(SweepRun run, RunResult result, int done, int toRun) {
            finished.add(run.relativeDir());
        }

        @Override
        public void runCrashed(SweepRun run, String message) {
            crashed.add(run.relativeDir() + ": " + message);
        }
    }

    /** What a sweep on a thread of its own ended with (its interrupt flag dies with the thread). */
    record Outcome(Results results, Interrupted interrupted, boolean flagAfter) {}

    private static Outcome onOwnThread(Callable<Results> sweep) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> {
                try {
                    return new Outcome(sweep.call(), null, Thread.currentThread().isInterrupted());
                } catch (Interrupted e) {
                    return new Outcome(null, e, Thread.currentThread().isInterrupted());
                }
            }).get(300, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void anInterruptedRunKeepsLogAndCheckpointAndTheSweepResumesWithIt(@TempDir Path dir) throws Exception {
        Sweep sweep = sweep("halt");
        List<SweepRun> runs = sweep.runs();
        RunEvaluator real = RunEvaluators.forData("ring8");
        Heard heard = new Heard();
        Outcome first;
        try {
            RunEvaluators.register("ring8", interruptingRun(real, 2));
            first = onOwnThread(() -> new SweepRunner(sweep, dir).listener(heard).run());
        } finally {
            RunEvaluators.register("ring8", real);
        }
        Interrupted e = first.interrupted();
        assertNotNull(e, "the sweep must end with Interrupted");
        assertEquals("sweep halt interrupted after 1 of 4 runs; run it again to continue with the unfinished runs",
                e.getMessage());
        assertTrue(first.flagAfter(), "the interrupt flag must stay set for the kernel");
        Path stopped = runs.get(1).dir(dir);
        String id = runs.get(1).spec().id();
        Interrupted cause = assertInstanceOf(Interrupted.class, e.getCause());
        assertEquals("run " + id + " interrupted at step 10 of 20; its checkpoint and log.csv are in " + stopped
                + " (no result.json: running it again resumes from the checkpoint)", cause.getMessage());

        assertTrue(Files.exists(runs.get(0).dir(dir).resolve(RunFolder.RESULT)), "the finished run keeps its result");
        assertFalse(Files.exists(stopped.resolve(RunFolder.RESULT)), "no result.json for the interrupted run");
        List<String> log = Files.readAllLines(stopped.resolve(RunFolder.LOG));
        assertEquals(2, log.size(), "header and the row of step 10: " + log);
        assertTrue(log.get(1).startsWith("10,"), log.get(1));
        assertEquals("10", Files.readString(stopped.resolve(RunFolder.CHECKPOINT).resolve("step.txt")).trim());
        assertTrue(Files.readString(stopped.resolve(RunFolder.EVENTS)).contains("interrupted at step 10 of 20"));
        assertTrue(Files.exists(stopped.resolve(RunFolder.CONFIG)));
        for (SweepRun later : runs.subList(2, 4)) {
            assertFalse(Files.exists(later.dir(dir).resolve(RunFolder.RESULT)), later.relativeDir());
        }
        List<String> csv = Files.readAllLines(dir.resolve(Results.RESULTS_CSV));
        assertEquals(2, csv.size(), "results.csv: header and the finished run: " + csv);
        assertEquals(List.of(runs.get(0).relativeDir()), heard.finished);
        assertEquals(1, heard.crashed.size(), heard.crashed.toString());
        assertTrue(heard.crashed.get(0).startsWith(runs.get(1).relativeDir() + ": run " + id + " interrupted at step 10"),
                heard.crashed.get(0));

        SweepRunnerTest.Counting again = new SweepRunnerTest.Counting();
        Outcome second = onOwnThread(() -> new SweepRunner(sweep, dir).listener(again).run());
        assertNotNull(second.results(), "the rerun must finish: " + second.interrupted());
        assertFalse(second.flagAfter());
        assertEquals(List.of(runs.get(0).relativeDir()), again.skipped);
        assertEquals(runs.subList(1, 4).stream().map(SweepRun::relativeDir).toList(), again.started);
        assertEquals(4, second.results().runs().rowCount());
        assertTrue(second.results().runs().stringColumn("status").asList().stream().allMatch("ok"::equals));
        assertTrue(Files.exists(stopped.resolve(RunFolder.RESULT)));
        assertTrue(Files.readString(stopped.resolve(RunFolder.EVENTS)).contains("interrupted at step 10 of 20"),
                "the interrupted run resumed: its history keeps the interruption");
        assertTrue(Files.readString(stopped.resolve(RunFolder.CONFIG)).contains("\"resumed_at\""));
        List<String> whole = Files.readAllLines(stopped.resolve(RunFolder.LOG));
        assertEquals(3, whole.size(), "header, the row of step 10 (kept) and of step 20: " + whole);
        assertEquals(log.get(1), whole.get(1));
    }

    @Test
    void anInterruptBetweenRunsStartsNoFurtherRun(@TempDir Path dir) throws Exception {
        Sweep sweep = sweep("between");
        List<SweepRun> runs = sweep.runs();
        Heard heard = new Heard() {
            @Override
            public void runFinished(SweepRun run, RunResult result, int done, int toRun) {
                super.runFinished(run, result, done, toRun);
                Thread.currentThread().interrupt();
            }
        };
        Outcome o = onOwnThread(() -> new SweepRunner(sweep, dir).listener(heard).run());
        assertNotNull(o.interrupted(), "the sweep must end with Interrupted");
        assertEquals("sweep between interrupted after 1 of 4 runs; run it again to continue with the unfinished runs",
                o.interrupted().getMessage());
        assertTrue(o.flagAfter());
        assertEquals(List.of(runs.get(0).relativeDir()), heard.started);
        assertFalse(Files.exists(runs.get(1).dir(dir)), "the next run must not start");
        assertEquals(2, Files.readAllLines(dir.resolve(Results.RESULTS_CSV)).size());
    }

    @Test
    void anInterruptedSweepOfChildProcessesDestroysThem(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.fromJson("""
                {"name": "children", "base": %s, "variants": {"vanilla": {}, "minimax": {"loss.name": "minimax"}},
                 "seeds": [1], "parallel": 2}""".formatted(Tiny.BASE.formatted(1_000_000)), "children.json");
        Thread[] sweepThread = new Thread[1];
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean sawChild = new java.util.concurrent.atomic.AtomicBoolean();
        SweepListener interruptOnStart = new SweepListener() {
            @Override
            public void runStarted(SweepRun run) {
                if (watching.getAndSet(true)) {
                    return;
                }
                // once a child JVM runs, the Interrupt reaches the sweep's thread (as the kernel's would)
                Thread watcher = new Thread(() -> {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (children() == 0 && System.nanoTime() < until) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    sawChild.set(children() > 0);
                    sweepThread[0].interrupt();
                });
                watcher.setDaemon(true);
                watcher.start();
            }
        };
        long start = System.nanoTime();
        Outcome o = onOwnThread(() -> {
            sweepThread[0] = Thread.currentThread();
            return new SweepRunner(sweep, dir).listener(interruptOnStart).run();
        });
        assertNotNull(o.interrupted(), "the sweep must end with Interrupted, not " + o.results());
        assertEquals("sweep children interrupted after 0 of 2 runs; run it again to continue with the unfinished runs",
                o.interrupted().getMessage());
        assertTrue(o.flagAfter());
        assertTrue(sawChild.get(), "no child JVM was seen running");
        assertTrue(Files.exists(dir.resolve(Results.RESULTS_CSV)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (children() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, children(), "the child JVMs must be destroyed");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(120));
    }

    /**
     * Child JVMs of this test JVM still alive: the sweep's (the JDK reads only the first 4 KB of a
     * process's command line, which the class path fills, so the sweep folder cannot be matched).
     */
    private static long children() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("java")).count();
    }
}
