package org.ganworkbench.cli;

import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;
import org.ganworkbench.metrics.ImageMetric;
import org.ganworkbench.metrics.MetricRegistry;
import org.ganworkbench.metrics.LaplacianPyramid;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MsSsim;
import org.ganworkbench.metrics.SlicedWasserstein;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * How long a pixel metric takes ({@link SlicedWasserstein}, {@link MsSsim}): for each size, two
 * independent draws of {@code N} RGB {@link Shapes} images (seeds 1 and 2, the real-vs-real
 * situation) are generated and scored once; it prints the generation time, the metric's time and
 * values, and the peak heap occupancy (the image sets included, garbage not yet collected too).
 * Speed figures live here, not in the unit tests.
 */
@Command(name = "metric-bench", aliases = "swd-bench", mixinStandardHelpOptions = true,
        description = "Time of a pixel metric (swd_N, msssim_N) on synthetic RGB images (Shapes), per image size.")
final class MetricBench implements Runnable {

    @Option(names = "--metric", paramLabel = "KIND", description = "the kind: swd or msssim (default: ${DEFAULT-VALUE})")
    String metric = SlicedWasserstein.KIND;

    @Option(names = "--n", paramLabel = "N", description = "images per set: swd compares two sets of N, msssim scores N/2 pairs (default: ${DEFAULT-VALUE})")
    int n = 8192;

    @Option(names = "--sizes", split = ",", paramLabel = "SIZE", description = "image sides, powers of two from 16 to 1024 (default: ${DEFAULT-VALUE})")
    List<Integer> sizes = List.of(32, 64);

    @Option(names = "--seed", paramLabel = "SEED", description = "the metric's seed, swd only (default: ${DEFAULT-VALUE})")
    long seed = SlicedWasserstein.DEFAULT_SEED;

    @Override
    public void run() {
        for (int size : sizes) {
            if (size < LaplacianPyramid.MIN_SIZE || size > 1024 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("--sizes must be powers of two from " + LaplacianPyramid.MIN_SIZE
                        + " to 1024, got " + size);
            }
        }
        boolean swd = metric.equals(SlicedWasserstein.KIND);
        if (!swd && !metric.equals(MsSsim.KIND)) {
            throw new IllegalArgumentException("--metric must be " + SlicedWasserstein.KIND + " or " + MsSsim.KIND
                    + ", got '" + metric + "'");
        }
        ImageMetric m = swd ? new SlicedWasserstein(n, seed) : MetricRegistry.pixels(metric, n);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%s: %s RGB Shapes images per size, %d cores, max heap %d MB%n", m,
                swd ? "2 x " + n + " (seeds 1 and 2)" : n + " (seed 1)", rt.availableProcessors(), rt.maxMemory() >> 20);
        for (int size : sizes) {
            resetPeakHeap();
            long start = System.nanoTime();
            ImageSet first = Shapes.generate(n, size, 1);
            ImageSet second = swd ? Shapes.generate(n, size, 2) : null;
            double data = (System.nanoTime() - start) / 1e9;
            MetricResult r = swd ? m.compute(first, second) : m.compute(null, first);   // msssim: one set, no baseline
            System.out.printf(Locale.ROOT, "  %3d x %-3d  data %5.1f s   %s %6.1f s   peak heap %5d MB   %s%n", size,
                    size, data, metric, r.seconds(), peakHeapMb(), r.summary());
        }
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The heap's peak occupancy since the last reset, garbage not yet collected included. */
    private static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }
}
