package org.ganworkbench.cli;

import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.RunFolder;
import org.ganworkbench.experiments.RunResult;
import org.ganworkbench.experiments.SparkSweep;
import org.ganworkbench.experiments.Sweep;
import org.ganworkbench.experiments.SweepListener;
import org.ganworkbench.experiments.SweepRun;
import org.ganworkbench.experiments.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Runs an ablation sweep (resuming an interrupted one), printing one line per run and finally the
 * summary table. The default output folder is {@code runs/<sweep name>} beside {@code data/}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"An ablation sweep, headless; resumes where it stopped (finished runs are skipped).",
                "Writes results.csv and summary.csv into the sweep folder."})
final class SweepCommand implements Runnable {

    @Parameters(paramLabel = "FILE.json", description = "the sweep file (experiments/*.json)")
    Path file;

    @Option(names = "--parallel", paramLabel = "N", description = "runs at a time, each a child JVM (default: the sweep file's)")
    Integer parallel;

    @Option(names = "--retry-failed", description = "run failed runs again")
    boolean retryFailed;

    @Option(names = "--out", paramLabel = "DIR", description = {"the sweep folder (default: runs/<sweep name> beside data/);",
            "with --spark, a path every Spark worker sees (a shared file system)"})
    Path out;

    @Option(names = "--spark", paramLabel = "MASTER_URL", description = {"run the sweep on Apache Spark, one task per run:",
            "local[2] (this machine), spark://HOST:7077 (a standalone cluster), yarn, k8s://https://HOST:PORT;",
            "needs the Spark module (environment/setup.sh --steps=spark)"})
    String spark;

    @Option(names = "--threads-per-run", paramLabel = "T", description = {"OMP_NUM_THREADS of each run: with --parallel N",
            "default cores / N; with --spark its cores (spark.task.cpus), default 1"})
    Integer threadsPerRun;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = {"with --spark: a Spark setting, repeatable,",
            "e.g. spark.task.resource.gpu.amount=1 (one GPU per run)"})
    java.util.List<String> sparkConf = new java.util.ArrayList<>();

    @Override
    public void run() {
        Sweep sweep = Sweep.read(file);
        Path dir = out != null ? out : RunFolder.underWorkbench(Sweep.slug(sweep.name()));
        System.out.println("sweep " + sweep.name() + " -> " + dir.toAbsolutePath());
        SweepRunner runner = new SweepRunner(sweep, dir).parallel(parallel != null ? parallel : sweep.parallel())
                .retryFailed(retryFailed).listener(new PrintingListener());
        if (threadsPerRun != null) {
            runner.threadsPerRun(threadsPerRun);
        }
        if (spark != null) {
            if (parallel != null) {
                throw new IllegalArgumentException("--parallel and --spark exclude each other: with --spark, the master URL "
                        + "and the workers' cores say how many runs run at a time");
            }
            SparkSweep backend = new SparkSweep(spark).threadsPerRun(threadsPerRun != null ? threadsPerRun : 1);
            sparkConf.forEach(backend::conf);
            runner.spark(backend);
            System.out.println("on Spark " + spark + " (driver log: " + dir.resolve(SparkSweep.DRIVER_LOG) + ")");
        } else if (!sparkConf.isEmpty()) {
            throw new IllegalArgumentException("--spark-conf goes with --spark");
        }
        Results results = runner.run();
        System.out.println();
        System.out.println(results.summary().printAll());
        System.out.println("results: " + dir.resolve(Results.RESULTS_CSV) + ", " + dir.resolve(Results.SUMMARY_CSV));
    }

    /** One line per event on stdout. */
    static final class PrintingListener implements SweepListener {
        @Override
        public void sweepStarted(Sweep sweep, int total, int toRun) {
            System.out.println(total + " runs, " + (total - toRun) + " finished already, " + toRun + " to run");
        }

        @Override
        public void runSkipped(SweepRun run, RunResult result) {
            System.out.println("  skip  " + name(run) + ": " + result.status());
        }

        @Override
        public void runStarted(SweepRun run) {
            System.out.println("  start " + name(run));
        }

        @Override
        public void runFinished(SweepRun run, RunResult r, int done, int toRun) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  [%d/%d] %s: %s, %.1f s", done, toRun,
                    name(run), r.status(), r.seconds()));
            if (r.failed()) {
                s.append(" at step ").append(r.steps()).append(": ").append(r.error());
            }
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                s.append(String.format(Locale.ROOT, ", %s %.4g", m.getKey(), m.getValue()));
            }
            System.out.println(s);
        }

        @Override
        public void runCrashed(SweepRun run, String message) {
            System.out.println("  CRASHED " + message);
        }

        @Override
        public void runLost(SweepRun run, String message) {
            System.out.println("  lost  " + message);
        }

        private static String name(SweepRun run) {
            return run.variant() + " seed " + run.seed();
        }
    }
}
