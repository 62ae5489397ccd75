package org.ganworkbench.spark;

import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.RunResult;
import org.ganworkbench.experiments.Sweep;
import org.ganworkbench.experiments.SweepListener;
import org.ganworkbench.experiments.SweepRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Sweeps and helpers of the Spark tests: ring8, MLP 64-64, 2 variants. */
final class SparkSweeps {

    private SparkSweeps() {}

    /** 2 variants (minimax, + instance noise) x these seeds, {@code steps} steps, a checkpoint every 100. */
    static Sweep sweep(String name, int steps, String seeds) {
        return Sweep.fromJson("""
                {"name": "%s",
                 "base": {"data": "ring8",
                   "model": {"name": "mlp", "latent_dim": 4, "generator_hidden": [64, 64], "discriminator_hidden": [64, 64]},
                   "optimizer": {"name": "adam", "lr_d": 0.001, "lr_g": 0.001},
                   "batch_size": 64, "steps": %d, "log_every": 10, "checkpoint_every": 100,
                   "evaluation": {"n": 500}, "samples": 100},
                 "variants": {"vanilla": {"loss.name": "minimax"},
                              "+instance noise": {"loss.name": "minimax", "tricks.instance_noise": 0.1}},
                 "seeds": %s}""".formatted(name, steps, seeds), name + ".json");
    }

    /** results.csv without its wall-time column ({@code seconds}), as lines. */
    static List<String> resultsWithoutTime(Path sweepDir) throws IOException {
        List<String> lines = Files.readAllLines(sweepDir.resolve(Results.RESULTS_CSV));
        int col = List.of(lines.get(0).split(",", -1)).indexOf("seconds");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(col);
            out.add(String.join(",", cells));
        }
        return out;
    }

    /** The test JVM's class path: the driver's and the runs' (Spark, the lib and its dependencies). */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** Records the listener's calls. */
    static final class Recording implements SweepListener {
        final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        final List<String> finished = Collections.synchronizedList(new ArrayList<>());
        final List<String> lost = Collections.synchronizedList(new ArrayList<>());
        final List<String> crashed = Collections.synchronizedList(new ArrayList<>());
        volatile int total = -1;
        volatile boolean over;

        @Override
        public void sweepStarted(Sweep sweep, int total, int toRun) {
            this.total = total;
        }

        @Override
        public void runSkipped(SweepRun run, RunResult result) {
            skipped.add(run.relativeDir());
        }

        @Override
        public void runStarted(SweepRun run) {
            started.add(run.relativeDir());
        }

        @Override
        public void runFinished(SweepRun run, RunResult result, int done, int toRun) {
            finished.add(run.relativeDir());
        }

        @Override
        public void runLost(SweepRun run, String message) {
            lost.add(run.relativeDir() + ": " + message);
        }

        @Override
        public void runCrashed(SweepRun run, String message) {
            crashed.add(message);
        }

        @Override
        public void sweepFinished(Results results) {
            over = true;
        }
    }
}
