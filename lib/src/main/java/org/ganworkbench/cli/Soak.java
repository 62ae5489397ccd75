package org.ganworkbench.cli;

import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.ProcessMemory;
import org.ganworkbench.experiments.RunSpec;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingFailedException;
import org.ganworkbench.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The memory soak: trains each model family for N steps on each engine, one after another in this
 * one process (as a notebook kernel runs them), and prints the process's resident memory (RSS,
 * which covers the engines' native memory) at 10%, 50% and 100% of every run and after the run is
 * closed, and the JVM's committed heap (part of the RSS), with the course at every tenth. The
 * target: flat within 10% from 10% to 100% of a run ("flat"), or at least from 50% on, after the
 * allocators' warm-up ("warm-up, then flat"), and no growth from one closed run to the next.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Memory soak: each model family N steps per engine in this one process; resident memory (RSS) "
                + "at 10%%, 50%%, 100%% of every run and after it is closed. Flat: within 10%% from 10%% to 100%%."})
public final class Soak implements Runnable {

    /**
     * The families, each as a run spec much like its notebook's (the steps and engine are set per
     * run). The progressive GAN grows faster than in notebook 05, to reach full size within the run;
     * on PyTorch two of three 1,000-step soaks diverged at step 462, just after it reached 32×32 (a
     * diverged run's memory up to there is reported).
     */
    static final Map<String, String> FAMILIES = families();

    private static Map<String, String> families() {
        String ring = """
                "data": "ring8", "model": {"name": "mlp", "generator_hidden": [128, 128, 128],
                "discriminator_hidden": [128, 128, 128], "latent_dim": 16},
                "optimizer": {"lr_d": 0.001, "lr_g": 0.001}, "batch_size": 256""";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mlp", "{" + ring + "}");
        m.put("wgan-gp", "{" + ring + ", \"loss\": {\"name\": \"wgan-gp\"}}");
        m.put("dcgan", """
                {"data": "fashion-mnist", "model": {"name": "dcgan"}, "batch_size": 64}""");
        m.put("began", """
                {"data": "fashion-mnist-32", "model": {"name": "began", "hidden": 64, "latent_dim": 64, "width": 4},
                 "loss": {"name": "began"}, "optimizer": {"name": "recommended", "lr_decay_window": 200},
                 "batch_size": 16}""");
        m.put("progressive", """
                {"data": "shapes-32", "model": {"name": "progressive", "growing": true, "fade_images": %d,
                 "stable_images": %d}, "loss": {"name": "lsgan"}, "optimizer": {"beta1": 0, "beta2": 0.99,
                 "lr_d": 0.001, "lr_g": 0.001}, "tricks": {"ema_decay": 0.99}, "batch_size": 16}""");
        m.put("sagan", Bench.SAGAN.replace("\"loss\": \"hinge\",", "\"loss\": \"hinge\", \"batch_size\": 64,"));
        return m;
    }

    @Option(names = "--steps", paramLabel = "N", description = "steps per run, at least 10 (default: ${DEFAULT-VALUE})")
    int steps = 1000;

    @Option(names = "--engines", split = ",", paramLabel = "ENGINE", description = "engines, in order (default: ${DEFAULT-VALUE})")
    List<String> engines = List.of(Engines.MXNET, Engines.PYTORCH);

    @Option(names = "--families", split = ",", paramLabel = "NAME",
            description = "model families, in order: mlp, wgan-gp, dcgan, began, progressive, sagan (default: all)")
    List<String> families = List.copyOf(FAMILIES.keySet());

    /** One run's figures. */
    public record Row(String family, String engine, int steps, double imagesPerSecond, long[] course, long rssClosed,
                      long heapCommitted) {

        /** RSS at 10% of the run. */
        public long rss10() {
            return course[0];
        }

        /** RSS at 50% of the run. */
        public long rss50() {
            return course[4];
        }

        /** RSS at the end of the run. */
        public long rss100() {
            return course[9];
        }

        /** RSS growth from 50% to 100% of the run, in percent (after warm-up). */
        public double lateGrowthPercent() {
            return 100.0 * (rss100() - rss50()) / rss50();
        }

        /** RSS growth from 10% to 100% of the run, in percent. */
        public double growthPercent() {
            return 100.0 * (rss100() - rss10()) / rss10();
        }

        @Override
        public String toString() {
            StringBuilder tenths = new StringBuilder();
            for (long r : course) {
                tenths.append(' ').append(r);
            }
            return String.format(Locale.ROOT, "%-12s %-8s %6d %9.0f %8d %8d %8d %+7.1f%% %+7.1f%% %8d %6d  %s%n"
                            + "             RSS at every tenth:%s", family, engine, steps, imagesPerSecond, rss10(), rss50(),
                    rss100(), growthPercent(), lateGrowthPercent(), rssClosed, heapCommitted,
                    Math.abs(growthPercent()) <= 10 ? "flat" : Math.abs(lateGrowthPercent()) <= 10 ? "warm-up, then flat"
                            : "GROWS", tenths);
        }
    }

    @Override
    public void run() {
        if (steps < 10) {
            throw new IllegalArgumentException("--steps must be at least 10 (RSS is read at every tenth), got " + steps);
        }
        for (String f : families) {
            if (!FAMILIES.containsKey(f)) {
                throw new IllegalArgumentException("--families: unknown family '" + f + "'; the families are "
                        + String.join(", ", FAMILIES.keySet()));
            }
        }
        List<String> canonical = new ArrayList<>();
        for (String e : engines) {
            canonical.add(Engines.canonicalName(e));
        }
        System.out.printf(Locale.ROOT, "memory soak: %d steps per run, one process (RSS in MB; start %d MB)%n", steps,
                ProcessMemory.residentMb());
        System.out.printf(Locale.ROOT, "JVM heap: at most %d MB (JAVA_OPTS=-Xmx... bounds it; an unbounded heap grows "
                + "into the RSS before it collects)%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("family       engine    steps     img/s   RSS@10%  RSS@50% RSS@100%  10-100%  50-100%   closed   heap");
        for (String e : canonical) {
            for (String f : families) {
                if (f.equals("wgan-gp") && !e.equals(Engines.PYTORCH)) {
                    System.out.printf(Locale.ROOT, "%-12s %-8s skipped: second-order gradients are PyTorch-only in DJL%n",
                            f, e);
                    continue;
                }
                System.out.println(soak(f, e, steps));
            }
        }
    }

    /** Trains family {@code family} on {@code engine} for {@code steps} steps, reading RSS at every tenth. */
    public static Row soak(String family, String engine, int steps) {
        String json = FAMILIES.get(family);
        if (family.equals("progressive")) {
            // 4 levels, 7 fade and stable phases of steps/16 steps each: it grows in the first 44% of the run and
            // trains at full size after, so 50-100% compares like with like (a bigger stage needs more memory)
            int phase = Math.max(16, steps);
            json = json.formatted(phase, phase);
        }
        // the engine goes in before the spec is read: a spec is checked against its engine (wgan-gp needs PyTorch)
        String withRun = json.strip().replaceFirst("\\}$", String.format(Locale.ROOT,
                ", \"engine\": \"%s\", \"steps\": %d, \"log_every\": %d, \"failures\": {\"all\": \"warn\"}}",
                engine, steps, Math.max(1, steps / 100)));
        TrainingConfig config = RunSpec.fromJson(withRun).toTrainingConfig();
        long[] rss = new long[10];
        double imagesPerSecond;
        String stopped = null;
        try (GanTraining run = GanTraining.start(config)) {
            for (int tenth = 1; tenth <= 10 && stopped == null; tenth++) {
                try {
                    run.run(steps * tenth / 10 - run.step());
                } catch (TrainingFailedException e) {
                    stopped = e.getMessage();   // a diverged run: its memory up to there still counts
                }
                rss[tenth - 1] = ProcessMemory.residentMb();
                if (stopped != null) {
                    java.util.Arrays.fill(rss, tenth, 10, rss[tenth - 1]);
                }
            }
            imagesPerSecond = run.imagesPerSecond();
        }
        if (stopped != null) {
            System.out.printf(Locale.ROOT, "%-12s %-8s %s%n", family, engine, stopped);
        }
        System.gc();
        long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
        return new Row(family, engine, steps, imagesPerSecond, rss, ProcessMemory.residentMb(), heap);
    }
}
