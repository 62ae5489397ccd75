package org.ganworkbench.experiments;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.storage.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link Sweep} into a sweep folder, skipping finished runs (so an interrupted sweep resumes
 * where it stopped), and collects the {@link Results}.
 *
 * <ul>
 *   <li>{@code parallel} 1: one run after the other in this JVM ({@link Experiment#run}). An error
 *       outside training (bad spec, missing data) stops the sweep.
 *   <li>{@code parallel} N &gt; 1: N child JVMs at a time, each {@code java -cp <classpath>
 *       org.ganworkbench.experiments.SweepChild <dir>/spec.json <dir>} ({@link SweepChild}) with {@code OMP_NUM_THREADS =
 *       max(1, cores / N)} and this JVM's engine as {@code DJL_DEFAULT_ENGINE}; its output goes to
 *       the run's run.log. A child that ends without result.json is reported and the others go on;
 *       the sweep then ends with an {@link IllegalStateException} naming the runs.
 *   <li>{@link #spark}: on Apache Spark ({@link SparkSweep}), one Spark task per unfinished run, each
 *       task starting the run's child JVM ({@link ChildRun}, as above) on its executor with
 *       {@code OMP_NUM_THREADS = spark.task.cpus} ({@link SparkSweep#threadsPerRun}; this runner's
 *       {@code parallel} and {@link #threadsPerRun} do not apply). The folders, results.csv and
 *       summary.csv are the same as here; the driver, a JVM of the spark/ module, writes them.
 *   <li>An interrupted thread (a notebook's Interrupt) ends the sweep: in this JVM after the
 *       interrupted run has saved its log and checkpoint (it is told to the listener's
 *       {@link SweepListener#runCrashed}), with child JVMs by destroying the children. results.csv
 *       then holds the runs finished so far, and {@link Interrupted} is thrown (the flag stays set);
 *       running the sweep again continues with the unfinished runs.
 * </ul>
 * Writes sweep.json (the sweep as run, once its finished run folders are found to be its own),
 * results.csv and summary.csv (after every finished run, and at the end) into the sweep folder.
 */
public final class SweepRunner {

    /** Name of the copy of the sweep file in the sweep folder. */
    public static final String SWEEP_FILE = "sweep.json";

    private final Sweep sweep;
    private final Path sweepDir;
    private int parallel;
    private boolean retryFailed;
    private SweepListener listener = new SweepListener() {};
    private String classpath;
    private SparkSweep spark;
    private int threadsPerRun;

    /** A runner of {@code sweep} into {@code sweepDir}, with the sweep's own {@code parallel}. */
    public SweepRunner(Sweep sweep, Path sweepDir) {
        this.sweep = Objects.requireNonNull(sweep, "sweep");
        this.sweepDir = Objects.requireNonNull(sweepDir, "sweepDir");
        this.parallel = sweep.parallel();
    }

    /** Runs at a time (overrides the sweep file's). */
    public SweepRunner parallel(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallel must be >= 1, got " + n);
        }
        this.parallel = n;
        return this;
    }

    /** Reruns runs whose stored status is "failed". */
    public SweepRunner retryFailed(boolean on) {
        this.retryFailed = on;
        return this;
    }

    /** Receives progress. */
    public SweepRunner listener(SweepListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * Runs the sweep on Apache Spark instead ({@link SparkSweep}: a driver JVM with the spark/ module,
     * one Spark task per run); {@code parallel} then does not apply.
     */
    public SweepRunner spark(SparkSweep backend) {
        this.spark = backend;
        return this;
    }

    /** The child class path (default {@link Classpath#forChildren()}). */
    public SweepRunner classpath(String cp) {
        this.classpath = cp;
        return this;
    }

    /**
     * The {@code OMP_NUM_THREADS} of each child JVM ({@code parallel} &gt; 1); default
     * {@link #threadsPerChild}{@code (cores, parallel)}. Two sweeps give the same numbers only with the
     * same engine and threads (MKL's float sums depend on the thread count).
     */
    public SweepRunner threadsPerRun(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads per run must be >= 1, got " + n);
        }
        this.threadsPerRun = n;
        return this;
    }

    /** The OpenMP threads of each child when {@code parallel} runs share {@code cores}. */
    public static int threadsPerChild(int cores, int parallel) {
        return Math.max(1, cores / parallel);
    }

    /**
     * What a sweep call does: the runs to run, and the finished runs it skips (their stored results).
     * Finding the plan checks that the folder's finished runs are this sweep's.
     */
    public record Plan(List<SweepRun> todo, Map<SweepRun, RunResult> skipped) {}

    /**
     * The runs of the sweep still to run: those without a result (a damaged result.json counts as none,
     * with a warning), and the failed ones when {@link #retryFailed} is on. Then writes sweep.json.
     *
     * @throws IllegalArgumentException if a finished run in the folder is of another spec
     */
    public Plan plan() {
        List<SweepRun> todo = new ArrayList<>();
        Map<SweepRun, RunResult> skipped = new LinkedHashMap<>();
        for (SweepRun run : sweep.runs()) {
            RunFolder folder = new RunFolder(run.dir(sweepDir));
            folder.damage().ifPresent(d -> System.err.println("warning: " + d + "; the run is done again"));
            Optional<RunResult> r = folder.result();
            if (r.isPresent()) {
                Experiment.checkSameSpec(folder, run.spec(), r.get());
                if (!(r.get().failed() && retryFailed)) {
                    skipped.put(run, r.get());
                    continue;
                }
            }
            todo.add(run);
        }
        // only a sweep whose finished runs are its own replaces the folder's description
        AtomicFiles.writeString(sweepDir.resolve(SWEEP_FILE), sweep.toJson());
        return new Plan(List.copyOf(todo), Collections.unmodifiableMap(skipped));
    }

    /**
     * Makes {@code run}'s folder ready for a child process ({@link ChildRun}): a folder of another
     * spec, or of none, is emptied and gets this spec's spec.json; a folder of this spec is left as it
     * is, so the child resumes from its checkpoint.
     *
     * @return the run folder
     */
    public static Path prepare(SweepRun run, Path sweepDir) {
        RunFolder folder = new RunFolder(run.dir(sweepDir));
        if (!folder.holdsSpec(run.spec())) {
            folder.reset();
            AtomicFiles.writeString(folder.file(RunFolder.SPEC), run.spec().toJson());
        }
        return folder.dir();
    }

    /** Runs the unfinished runs and returns the results of the sweep folder. */
    public Results run() {
        if (spark != null) {
            return spark.run(sweep, sweepDir, retryFailed, listener);
        }
        List<SweepRun> runs = sweep.runs();
        Plan plan = plan();
        List<SweepRun> todo = plan.todo();
        SweepListener l = synchronizedListener(listener);
        l.sweepStarted(sweep, runs.size(), todo.size());
        plan.skipped().forEach(l::runSkipped);
        List<String> crashed;
        try {
            crashed = parallel <= 1 ? runInProcess(todo, l) : runInChildren(todo, l);
        } catch (Interrupted e) {
            Interrupted.deferred(() -> Results.of(sweep, sweepDir).writeCsv());   // the runs finished so far
            throw e;
        }
        Results results = Results.of(sweep, sweepDir);
        results.writeCsv();
        l.sweepFinished(results);
        if (!crashed.isEmpty()) {
            throw crashedRuns(crashed);
        }
        return results;
    }

    /** The error ending a sweep some of whose runs ended without a result (the local and Spark runners'). */
    static IllegalStateException crashedRuns(List<String> crashed) {
        return new IllegalStateException(crashed.size() + " run(s) ended without a result (see their run.log; "
                + "rerun the sweep to retry them): " + String.join("; ", crashed));
    }

    private List<String> runInProcess(List<SweepRun> todo, SweepListener l) {
        int done = 0;
        for (SweepRun run : todo) {
            if (Interrupted.requested()) {
                throw interrupted(done, todo.size(), null);
            }
            l.runStarted(run);
            RunResult r;
            try {
                r = Experiment.run(run.spec(), run.dir(sweepDir), retryFailed);
            } catch (Interrupted e) {
                Interrupted stop = interrupted(done, todo.size(), e);
                try {
                    Interrupted.deferred(() -> l.runCrashed(run, e.getMessage()));
                } catch (RuntimeException listenerFailed) {
                    stop.addSuppressed(listenerFailed);
                }
                throw stop;
            }
            writeResults();
            l.runFinished(run, r, ++done, todo.size());
        }
        return List.of();
    }

    /** results.csv and summary.csv of the runs finished so far: a sweep killed later keeps them. */
    private synchronized void writeResults() {
        Results.of(sweep, sweepDir).writeCsv();
    }

    /** The sweep was interrupted after {@code done} of the {@code toRun} runs it was to run. */
    private Interrupted interrupted(int done, int toRun, Throwable cause) {
        return interrupted(sweep, done, toRun, cause);
    }

    /** {@code sweep} was interrupted after {@code done} of the {@code toRun} runs it was to run (both backends). */
    static Interrupted interrupted(Sweep sweep, int done, int toRun, Throwable cause) {
        return new Interrupted("sweep " + sweep.name() + " interrupted after " + done + " of " + toRun
                + " runs; run it again to continue with the unfinished runs", cause);
    }

    private List<String> runInChildren(List<SweepRun> todo, SweepListener l) {
        String cp = classpath != null ? classpath : Classpath.forChildren();
        int threads = threadsPerRun > 0 ? threadsPerRun : threadsPerChild(Runtime.getRuntime().availableProcessors(), parallel);
        String engine = Engines.defaultName();
        List<String> crashed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SweepRun run : todo) {
                futures.add(pool.submit(() -> {
                    l.runStarted(run);
                    Optional<RunResult> r = runChild(run, cp, threads, engine);
                    if (r.isPresent()) {
                        writeResults();
                        l.runFinished(run, r.get(), done.incrementAndGet(), todo.size());
                    } else {
                        String msg = run.variant() + " seed " + run.seed() + " (" + run.dir(sweepDir).resolve(RunFolder.RUN_LOG) + ")";
                        crashed.add(msg);
                        l.runCrashed(run, msg);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("sweep " + sweep.name() + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(done.get(), todo.size(), e);
        } finally {
            pool.shutdownNow();   // interrupts the waiting threads: each destroys its child
        }
        return crashed;
    }

    /** Runs one run as a child JVM; its result, or empty if it ended without one. */
    private Optional<RunResult> runChild(SweepRun run, String cp, int threads, String engine) throws IOException,
            InterruptedException {
        Path dir = prepare(run, sweepDir);
        new ChildRun(ChildRun.thisJava(), cp, dir, retryFailed, threads, engine, ProcessHandle.current().pid(), Map.of())
                .runAndWait();
        return new RunFolder(dir).result();
    }

    private static SweepListener synchronizedListener(SweepListener l) {
        return new SweepListener() {
            @Override
            public synchronized void sweepStarted(Sweep sweep, int total, int toRun) {
                l.sweepStarted(sweep, total, toRun);
            }

            @Override
            public synchronized void runSkipped(SweepRun run, RunResult result) {
                l.runSkipped(run, result);
            }

            @Override
            public synchronized void runStarted(SweepRun run) {
                l.runStarted(run);
            }

            @Override
            public synchronized void runFinished(SweepRun run, RunResult result, int done, int toRun) {
                l.runFinished(run, result, done, toRun);
            }

            @Override
            public synchronized void runCrashed(SweepRun run, String message) {
                l.runCrashed(run, message);
            }

            @Override
            public synchronized void runLost(SweepRun run, String message) {
                l.runLost(run, message);
            }

            @Override
            public synchronized void sweepFinished(Results results) {
                l.sweepFinished(results);
            }
        };
    }
}
