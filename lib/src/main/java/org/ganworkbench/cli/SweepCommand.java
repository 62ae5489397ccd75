package org.ganworkbench.cli;

import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.RunFolder;
import org.ganworkbench.experiments.RunResult;
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

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep folder (default: runs/<sweep name> beside data/)")
    Path out;

    @Override
    public void run() {
        Sweep sweep = Sweep.read(file);
        Path dir = out != null ? out : RunFolder.underWorkbench(Sweep.slug(sweep.name()));
        System.out.println("sweep " + sweep.name() + " -> " + dir.toAbsolutePath());
        Results results = new SweepRunner(sweep, dir).parallel(parallel != null ? parallel : sweep.parallel())
                .retryFailed(retryFailed).listener(new PrintingListener()).run();
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

        private static String name(SweepRun run) {
            return run.variant() + " seed " + run.seed();
        }
    }
}
