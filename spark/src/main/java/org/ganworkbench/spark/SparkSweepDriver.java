package org.ganworkbench.spark;

import org.apache.spark.Success$;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.ganworkbench.experiments.RunFolder;
import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.SparkSweep;
import org.ganworkbench.experiments.SweepChild;
import org.ganworkbench.experiments.Sweep;
import org.ganworkbench.experiments.SweepEvents;
import org.ganworkbench.experiments.SweepRun;
import org.ganworkbench.experiments.SweepRunner;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver of a sweep on Spark, started by the lib's {@link org.ganworkbench.experiments.SparkSweep}
 * (which also builds its arguments):
 * <pre>
 * java &lt;Spark's module options&gt; -cp &lt;spark module, Spark, lib&gt; org.ganworkbench.spark.SparkSweepDriver
 *   --sweep FILE --out DIR --master URL --engine E --children-classpath CP
 *   [--threads-per-run T] [--retry-failed] [--conf spark.KEY=VALUE]...
 * </pre>
 * Plans the sweep as the local runner does ({@link SweepRunner#plan}: finished runs skipped, a folder
 * of another spec refused), prepares the unfinished runs' folders, and runs them as one Spark job of
 * one task per run ({@link RunTask}, {@code spark.task.cpus} = T). A Spark listener turns task starts
 * and ends into {@link SweepEvents} on stdout, and rewrites results.csv / summary.csv after each
 * finished run ({@link Results#writeCsv}, the local runner's files). A task lost with its executor is
 * retried by Spark ({@code spark.task.maxFailures}, default 4, on a cluster); a run only counts once
 * its result.json is there (written atomically, last). Exit codes: 0 all runs have a result, 1 some
 * ended without one (named in CRASH events) or the job failed, 2 bad input (an ERROR event says it).
 * Exits when the process that started it ends ({@value SweepChild#PARENT_PID_ENV}).
 */
public final class SparkSweepDriver {

    private final Sweep sweep;
    private final Path out;
    private final Map<String, String> options;
    private final List<String> conf;
    private final List<SweepRun> runs;
    private final List<RunTask> tasks = new ArrayList<>();
    private final List<String> crashed = new ArrayList<>();
    private int done;

    private SparkSweepDriver(Sweep sweep, Path out, Map<String, String> options, List<String> conf) {
        this.sweep = sweep;
        this.out = out;
        this.options = options;
        this.conf = conf;
        this.runs = sweep.runs();
    }

    /** The entry point; see the class comment. */
    public static void main(String[] argv) {
        SweepChild.exitWithParent("spark sweep driver", () -> System.exit(3));   // its hooks stop Spark
        int code;
        try {
            Map<String, String> options = new LinkedHashMap<>();
            List<String> conf = new ArrayList<>();
            parse(argv, options, conf);
            Sweep sweep = Sweep.read(Path.of(options.get("--sweep")));
            code = new SparkSweepDriver(sweep, Path.of(options.get("--out")), options, conf).run();
        } catch (IllegalArgumentException e) {
            emit(SweepEvents.error(e.getMessage()));
            code = 2;
        } catch (RuntimeException | LinkageError e) {   // Spark's failures; a class path mixing versions
            e.printStackTrace();
            emit(SweepEvents.error(e.getClass().getSimpleName() + ": " + e.getMessage()));
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static void parse(String[] argv, Map<String, String> options, List<String> conf) {
        List<String> valued = List.of("--sweep", "--out", "--master", "--engine", "--children-classpath", "--threads-per-run");
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--retry-failed")) {
                options.put(a, "true");
            } else if ((valued.contains(a) || a.equals("--conf")) && i + 1 < argv.length) {
                if (a.equals("--conf")) {
                    conf.add(argv[++i]);
                } else {
                    options.put(a, argv[++i]);
                }
            } else {
                throw new IllegalArgumentException("spark sweep driver: unexpected argument '" + a + "'");
            }
        }
        for (String required : valued) {
            if (!required.equals("--threads-per-run") && !options.containsKey(required)) {
                throw new IllegalArgumentException("spark sweep driver: " + required + " is missing");
            }
        }
    }

    private int run() {
        boolean retry = options.containsKey("--retry-failed");
        SweepRunner.Plan plan = new SweepRunner(sweep, out).retryFailed(retry).plan();
        Map<SweepRun, Integer> index = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            index.put(runs.get(i), i);
        }
        List<Integer> skipped = plan.skipped().keySet().stream().map(index::get).toList();
        emit(SweepEvents.plan(runs.size(), plan.todo().size(), skipped));
        for (SweepRun run : plan.todo()) {
            Path dir = SweepRunner.prepare(run, out);
            tasks.add(new RunTask(index.get(run), dir.toAbsolutePath().toString(), options.get("--children-classpath"),
                    options.get("--engine"), retry));
        }
        if (!tasks.isEmpty()) {
            runJob();
        }
        Results.of(sweep, out).writeCsv();
        return crashed.isEmpty() ? 0 : 1;
    }

    private void runJob() {
        SparkConf c = new SparkConf().setMaster(options.get("--master")).setAppName("gan sweep " + sweep.name())
                .set("spark.ui.enabled", "false")
                .set("spark.task.cpus", options.getOrDefault("--threads-per-run", "1"))
                // the executors load RunTask and ChildRun from the same paths as here (the workbench is
                // installed at one path on every machine: the image's /workbench)
                .set("spark.executor.extraClassPath", codeSource(RunTask.class) + File.pathSeparator
                        + codeSource(org.ganworkbench.experiments.ChildRun.class));
        for (String kv : conf) {
            Map.Entry<String, String> e = SparkSweep.confEntry(kv);
            c.set(e.getKey(), e.getValue());
        }
        try (JavaSparkContext spark = new JavaSparkContext(c)) {
            spark.setLogLevel("WARN");
            spark.sc().addSparkListener(new Progress());
            spark.parallelize(tasks, tasks.size()).map(RunTask::call).collect();
        }
    }

    /** Task starts and ends as sweep events; results.csv after each finished run. */
    private final class Progress extends SparkListener {
        @Override
        public void onTaskStart(SparkListenerTaskStart e) {
            TaskInfo t = e.taskInfo();
            emit(SweepEvents.start(tasks.get(t.index()).run(), t.attemptNumber(),
                    "executor " + t.executorId() + " on " + t.host()));
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            TaskInfo t = e.taskInfo();
            RunTask task = tasks.get(t.index());
            SweepRun run = runs.get(task.run());
            if (e.reason() == Success$.MODULE$) {
                if (new RunFolder(Path.of(task.dir())).result().isPresent()) {
                    Results.of(sweep, out).writeCsv();   // the runs finished so far: a driver killed later keeps them
                    emit(SweepEvents.finish(task.run(), ++done, tasks.size()));
                } else {
                    String msg = run.variant() + " seed " + run.seed() + " (" + Path.of(task.dir()).resolve(RunFolder.RUN_LOG) + ")";
                    crashed.add(msg);
                    emit(SweepEvents.crash(task.run(), msg));
                }
            } else if (e.reason() instanceof TaskFailedReason f) {
                emit(SweepEvents.lost(task.run(), run.variant() + " seed " + run.seed() + ": attempt " + t.attemptNumber()
                        + " on executor " + t.executorId() + " (" + t.host() + ") ended: " + f.toErrorString()
                        + "; Spark runs it again"));
            }
        }
    }

    /** The jar or class folder holding {@code c}. */
    static String codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(c + ": " + e.getMessage(), e);
        }
    }

    private static synchronized void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
