package org.ganworkbench.cli;

import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Ops;
import org.ganworkbench.engine.ProcessMemory;
import org.ganworkbench.experiments.RunSpec;
import org.ganworkbench.losses.NonSaturatingLoss;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.training.FailureChecks;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training-throughput benchmark: trains the DCGAN-28 on Fashion-MNIST for a fixed number of
 * steps on each engine in one process and prints images/s, achieved GFLOP/s and peak memory. With
 * {@code --model sagan} it trains the SAGAN-style conditional model instead ({@link #SAGAN}: class-
 * conditional batch norm in G, a projection D, self-attention at 16×16 in both, spectral norm in
 * both, hinge loss, TTUR), on Fashion-MNIST padded to 32×32, and prints images/s and memory.
 *
 * <p>Images/s counts real images through D per second of training step (k = 1: one D and one G update
 * per step). GFLOP/s counts the convolution and dense layers' multiply-adds of the forward passes
 * and takes backward passes as twice their forward ({@link Dcgan.Flops#perTrainingStep}). Peak
 * memory is the process's peak resident set (Linux VmHWM, reset before each engine where the
 * kernel allows), which covers native engine memory the JVM heap does not see.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training throughput per engine (DCGAN-28, or --model sagan): images/s, GFLOP/s, peak memory.")
public final class Bench implements Runnable {

    /** One engine's figures. */
    public record Result(String engine, int batch, int steps, double seconds, double imagesPerSecond,
            double gflops, long peakRssMb, long heapMb) {
        @Override
        public String toString() {
            String rate = Double.isNaN(gflops) ? "" : String.format(Locale.ROOT, "  %6.1f GFLOP/s", gflops);
            return String.format(Locale.ROOT, "%-8s batch %3d  %5d steps in %6.1f s  %7.1f img/s%s  peak RSS %5d MB  heap %4d MB",
                    engine, batch, steps, seconds, imagesPerSecond, rate, peakRssMb, heapMb);
        }
    }

    /** The SAGAN-style model {@code --model sagan} trains: SAGAN's recipe at the workbench's default width. */
    public static final String SAGAN = """
            {"data": "fashion-mnist-32",
             "model": {"name": "conditional", "generator_conditioning": "cbn", "discriminator_conditioning": "projection",
                       "attention_at": 16, "spectral_norm": "both"},
             "loss": "hinge",
             "optimizer": {"name": "adam", "lr_d": 0.0004, "lr_g": 0.0001, "beta1": 0, "beta2": 0.9}}""";

    /** The models the benchmark can train. */
    enum Model { DCGAN, SAGAN }

    static final class ModelNames extends EnumNames<Model> {
        ModelNames() {
            super(Model.class);
        }
    }

    /** How the transposed convolutions of G run (Ops' path; auto picks per engine). */
    enum Deconv { AUTO, NATIVE, SUB_PIXEL, ZERO_INSERTION }

    /** libtorch's vendor convolutions. */
    enum Switch { OFF, ON }

    /** The enums' names on the command line ({@link EnumNames}). */
    static final class UpsamplerNames extends EnumNames<Dcgan.Upsampler> {
        UpsamplerNames() {
            super(Dcgan.Upsampler.class);
        }
    }

    static final class DeconvNames extends EnumNames<Deconv> {
        DeconvNames() {
            super(Deconv.class);
        }
    }

    static final class SwitchNames extends EnumNames<Switch> {
        SwitchNames() {
            super(Switch.class);
        }
    }

    @Option(names = "--steps", paramLabel = "N", description = "timed steps, at least 1 (default: ${DEFAULT-VALUE})")
    int steps = 300;

    @Option(names = "--warmup", paramLabel = "N", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    int warmup = 30;

    @Option(names = "--batch", paramLabel = "N", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch = 64;

    @Option(names = "--engines", split = ",", paramLabel = "ENGINE", description = "engines, in order (default: ${DEFAULT-VALUE})")
    List<String> engines = List.of(Engines.MXNET, Engines.PYTORCH);

    @Option(names = "--model", paramLabel = "MODEL", converter = ModelNames.class, completionCandidates = ModelNames.class,
            defaultValue = "dcgan", description = "dcgan (DCGAN-28, Fashion-MNIST) or sagan (the SAGAN-style conditional "
            + "model at 32x32: CBN, projection D, self-attention at 16x16, spectral norm, hinge, TTUR) (default: ${DEFAULT-VALUE})")
    Model model;

    @Option(names = "--upsampler", paramLabel = "KIND", converter = UpsamplerNames.class,
            completionCandidates = UpsamplerNames.class, defaultValue = "transposed",
            description = "G's upsampler: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Dcgan.Upsampler upsampler;

    @Option(names = "--deconv", paramLabel = "PATH", converter = DeconvNames.class, completionCandidates = DeconvNames.class,
            defaultValue = "auto", description = "transposed-convolution path: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Deconv deconv;

    @Option(names = "--torch-onednn", paramLabel = "ON_OFF", converter = SwitchNames.class, completionCandidates = SwitchNames.class,
            defaultValue = "off", description = "libtorch's oneDNN and NNPACK convolutions, for timing only: "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; the workbench keeps them off)")
    Switch torchOneDnn;

    /** Runs the benchmark and prints one line per engine. */
    @Override
    public void run() {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1 (the timed steps), got " + steps);
        }
        if (warmup < 0 || batch < 1) {
            throw new IllegalArgumentException(warmup < 0 ? "--warmup must be >= 0, got " + warmup
                    : "--batch must be at least 1, got " + batch);
        }
        Ops.forceConvTransposePath(switch (deconv) {
            case AUTO -> null;
            case NATIVE -> Ops.Path.NATIVE;
            case SUB_PIXEL -> Ops.Path.SUB_PIXEL;
            case ZERO_INSERTION -> Ops.Path.ZERO_INSERTION;
        });
        String deconvName = EnumNames.name(deconv);
        if (model == Model.SAGAN) {
            runSagan();
            return;
        }
        GanData data = FashionMnist.train();
        Dcgan arch = Dcgan.builder(data.sampleShape()).upsampler(upsampler).build();
        System.out.printf(Locale.ROOT, "DCGAN-28 (%s, deconvolution %s), %s, batch %d, %d steps after %d warm-up steps; %.1f MFLOP per real image per step%n",
                EnumNames.name(upsampler), deconvName, arch.settings().get("generator_channels"), batch,
                steps, warmup, arch.flops().perTrainingStep(1) / 1e6);
        System.out.println("threads: OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", cores "
                + Runtime.getRuntime().availableProcessors());
        boolean oneDnn = torchOneDnn == Switch.ON;
        if (oneDnn && engines.stream().anyMatch(e -> Engines.canonicalName(e).equals(Engines.PYTORCH))) {
            Engines.setLibTorchVendorConvolutions(true);   // measurement only: wrong gradients on some CPUs
            System.out.println("PyTorch: libtorch's oneDNN and NNPACK convolutions ON (--torch-onednn on, for timing only: "
                    + "the workbench keeps them off, see Engines.prepare; NaN does not stop the run)");
        }
        List<Result> results = new ArrayList<>();
        // with libtorch's oneDNN on, a run may go NaN (its convolutions are wrong on some CPUs): timed on
        FailureChecks checks = oneDnn
                ? FailureChecks.DEFAULT.all(FailureChecks.Action.IGNORE).nonFinite(FailureChecks.Action.WARN)
                : FailureChecks.DEFAULT;
        for (String engine : engines) {
            Result r = run(data, arch, Engines.canonicalName(engine), batch, warmup, steps, checks);
            System.out.println(r);
            results.add(r);
        }
        printRatio(results);
    }

    private void runSagan() {
        RunSpec spec = RunSpec.fromJson(SAGAN).with("batch_size", batch).with("seed", 1);
        TrainingConfig first = spec.toTrainingConfig();
        System.out.printf(Locale.ROOT, "SAGAN-style %s (%s), batch %d, %d steps after %d warm-up steps%n",
                first.architecture().name(), first.data().name(), batch, steps, warmup);
        System.out.println("threads: OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", cores "
                + Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        for (String engine : engines) {
            TrainingConfig config = spec.with("engine", Engines.canonicalName(engine)).toTrainingConfig()
                    .withSteps(warmup + steps);
            Result r = time(config, engine, batch, warmup, steps, Double.NaN);
            System.out.println(r);
            results.add(r);
        }
        printRatio(results);
    }

    /** The first engine's speed over the second's, when two were timed. */
    private static void printRatio(List<Result> results) {
        if (results.size() == 2) {
            System.out.printf(Locale.ROOT, "%s / %s = %.2f%n", results.get(0).engine(), results.get(1).engine(),
                    results.get(0).imagesPerSecond() / results.get(1).imagesPerSecond());
        }
    }

    /** Trains {@code warmup} then {@code steps} steps on one engine and measures the second part. */
    public static Result run(GanData data, Dcgan arch, String engine, int batch, int warmup, int steps,
            FailureChecks checks) {
        TrainingConfig config = TrainingConfig.builder(data, arch).loss(new NonSaturatingLoss()).failures(checks)
                .learningRate(2e-4f).betas(0.5f, 0.999f).batchSize(batch).seed(1).engine(engine)
                .logEvery(Math.max(1, steps)).build();
        return time(config, engine, batch, warmup, steps, arch.flops().perTrainingStep(1));
    }

    /** Times {@code steps} steps after {@code warmup}; GFLOP/s from the FLOPs per real image (NaN: not counted). */
    private static Result time(TrainingConfig config, String engine, int batch, int warmup, int steps, double flopsPerImage) {
        ProcessMemory.resetPeak();
        try (GanTraining t = GanTraining.start(config)) {
            t.run(warmup);
            double before = t.trainingSeconds();
            t.run(steps);
            double seconds = t.trainingSeconds() - before;
            double images = (double) steps * batch;
            Runtime rt = Runtime.getRuntime();
            long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
            return new Result(Engines.get(engine).getEngineName(), batch, steps, seconds, images / seconds,
                    flopsPerImage * images / seconds / 1e9, ProcessMemory.peakMb(), heap);
        }
    }
}
