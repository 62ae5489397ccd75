package org.ganworkbench.cli;

import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Ops;
import org.ganworkbench.losses.NonSaturatingLoss;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.training.FailureChecks;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training-throughput benchmark: trains the DCGAN-28 on Fashion-MNIST for a fixed number of
 * steps on each engine in one process and prints images/s, achieved GFLOP/s and peak memory.
 *
 * <pre>
 *   ./environment/gan bench [--steps 300] [--warmup 30] [--batch 64] [--engines MXNet,PyTorch]
 *                           [--upsampler transposed|resize] [--torch-onednn off|on]
 * </pre>
 *
 * Images/s counts real images through D per second of training step (k = 1: one D and one G update
 * per step). GFLOP/s counts the convolution and dense layers' multiply-adds of the forward passes
 * and takes backward passes as twice their forward ({@link Dcgan.Flops#perTrainingStep}). Peak
 * memory is the process's peak resident set (Linux VmHWM, reset before each engine where the
 * kernel allows), which covers native engine memory the JVM heap does not see.
 */
public final class Bench {

    /** One engine's figures. */
    public record Result(String engine, int batch, int steps, double seconds, double imagesPerSecond,
            double gflops, long peakRssMb, long heapMb) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s batch %3d  %5d steps in %6.1f s  %7.1f img/s  %6.1f GFLOP/s  peak RSS %5d MB  heap %4d MB",
                    engine, batch, steps, seconds, imagesPerSecond, gflops, peakRssMb, heapMb);
        }
    }

    private Bench() {}

    /** Runs the benchmark from command-line arguments and prints one line per engine. */
    public static void main(String[] args) {
        Args a = new Args(args);
        int steps = a.intValue("--steps", 300);
        int warmup = a.intValue("--warmup", 30);
        int batch = a.intValue("--batch", 64);
        Dcgan.Upsampler up = Dcgan.Upsampler.valueOf(a.value("--upsampler", "transposed").toUpperCase(Locale.ROOT));
        List<String> engines = List.of(a.value("--engines", Engines.MXNET + "," + Engines.PYTORCH).split(","));
        String deconv = a.value("--deconv", "auto").toLowerCase(Locale.ROOT);
        String torchOneDnn = a.value("--torch-onednn", "off").toLowerCase(Locale.ROOT);
        a.finish();
        if (!torchOneDnn.equals("off") && !torchOneDnn.equals("on")) {
            throw new IllegalArgumentException("--torch-onednn must be on or off; got " + torchOneDnn);
        }
        Ops.forceConvTransposePath(switch (deconv) {
            case "auto" -> null;
            case "native" -> Ops.Path.NATIVE;
            case "sub-pixel" -> Ops.Path.SUB_PIXEL;
            case "zero-insertion" -> Ops.Path.ZERO_INSERTION;
            default -> throw new IllegalArgumentException("--deconv must be auto, native, sub-pixel or zero-insertion; got " + deconv);
        });
        GanData data = FashionMnist.train();
        Dcgan arch = Dcgan.builder(data.sampleShape()).upsampler(up).build();
        System.out.printf(Locale.ROOT, "DCGAN-28 (%s, deconvolution %s), %s, batch %d, %d steps after %d warm-up steps; %.1f MFLOP per real image per step%n",
                up.name().toLowerCase(Locale.ROOT), deconv, arch.settings().get("generator_channels"), batch, steps, warmup,
                arch.flops().perTrainingStep(1) / 1e6);
        System.out.println("threads: OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", cores "
                + Runtime.getRuntime().availableProcessors());
        if (torchOneDnn.equals("on") && engines.stream().anyMatch(e -> Engines.canonicalName(e).equals(Engines.PYTORCH))) {
            Engines.setLibTorchVendorConvolutions(true);   // measurement only: wrong gradients on some CPUs
            System.out.println("PyTorch: libtorch's oneDNN and NNPACK convolutions ON (--torch-onednn on, for timing only: "
                    + "the workbench keeps them off, see Engines.prepare; NaN does not stop the run)");
        }
        List<Result> results = new ArrayList<>();
        // with libtorch's oneDNN on, a run may go NaN (its convolutions are wrong on some CPUs): timed on
        FailureChecks checks = torchOneDnn.equals("on")
                ? FailureChecks.DEFAULT.all(FailureChecks.Action.IGNORE).nonFinite(FailureChecks.Action.WARN)
                : FailureChecks.DEFAULT;
        for (String engine : engines) {
            Result r = run(data, arch, Engines.canonicalName(engine), batch, warmup, steps, checks);
            System.out.println(r);
            results.add(r);
        }
        if (results.size() == 2) {
            System.out.printf(Locale.ROOT, "%s / %s = %.2f%n", results.get(0).engine(), results.get(1).engine(),
                    results.get(0).imagesPerSecond() / results.get(1).imagesPerSecond());
        }
    }

    /** Trains {@code warmup} then {@code steps} steps on one engine and measures the second part. */
    public static Result run(GanData data, Dcgan arch, String engine, int batch, int warmup, int steps,
            FailureChecks checks) {
        resetPeakRss();
        TrainingConfig config = TrainingConfig.builder(data, arch).loss(new NonSaturatingLoss()).failures(checks)
                .learningRate(2e-4f).betas(0.5f, 0.999f).batchSize(batch).seed(1).engine(engine)
                .logEvery(Math.max(1, steps)).build();
        try (GanTraining t = GanTraining.start(config)) {
            t.run(warmup);
            double before = t.trainingSeconds();
            t.run(steps);
            double seconds = t.trainingSeconds() - before;
            double images = (double) steps * batch;
            double flops = (double) arch.flops().perTrainingStep(1) * images;
            Runtime rt = Runtime.getRuntime();
            long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
            return new Result(Engines.get(engine).getEngineName(), batch, steps, seconds, images / seconds,
                    flops / seconds / 1e9, peakRssMb(), heap);
        }
    }

    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");   // Linux: reset VmHWM
        } catch (IOException | RuntimeException e) {
            // not Linux or not allowed: the peak then covers the whole process
        }
    }

    private static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
