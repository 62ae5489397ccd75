package org.ganworkbench.cli;

import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.RunFolder;
import org.ganworkbench.experiments.RunResult;
import org.ganworkbench.experiments.Sweep;
import org.ganworkbench.experiments.SweepListener;
import org.ganworkbench.experiments.SweepRun;
import org.ganworkbench.experiments.SweepRunner;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sweep <file.json> [--parallel N] [--retry-failed] [--out DIR]}: runs an ablation sweep
 * (resuming an interrupted one), printing one line per run and finally the summary table. The
 * default output folder is {@code runs/<sweep name>} beside {@code data/}.
 */
public final class SweepCommand {

    static final String USAGE = "sweep <file.json> [--parallel N] [--retry-failed] [--out DIR]";

    private SweepCommand() {}

    public static void main(String[] argv) {
        Args args = new Args(argv, "--retry-failed");
        List<String> files = args.positional();
        if (files.size() != 1) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        Sweep sweep = Sweep.read(Path.of(files.get(0)));
        String out = args.value("--out", null);
        int parallel = args.intValue("--parallel", sweep.parallel());
        boolean retry = args.flag("--retry-failed");
        args.finish();
        Path dir = out != null ? Path.of(out) : RunFolder.underWorkbench(Sweep.slug(sweep.name()));
        System.out.println("sweep " + sweep.name() + " -> " + dir.toAbsolutePath());
        Results results = new SweepRunner(sweep, dir).parallel(parallel).retryFailed(retry)
                .listener(new PrintingListener()).run();
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
