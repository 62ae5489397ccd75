package org.ganworkbench.cli;

import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;
import org.ganworkbench.metrics.DomainClassifier;
import org.ganworkbench.metrics.Features;
import org.ganworkbench.metrics.ImageMetric;
import org.ganworkbench.metrics.Metric;
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
 * How long a metric takes. A feature metric ({@code pr}, {@code dc}, {@code fid}, ...): two sets of
 * {@code N} Gaussian feature rows of the domain classifier's dimension (128), seeds 1 and 2, scored
 * once. A pixel metric ({@link SlicedWasserstein}, {@link MsSsim}): for each size, two
 * independent draws of {@code N} RGB {@link Shapes} images (seeds 1 and 2, the real-vs-real
 * situation) are generated and scored once; it prints the generation time, the metric's time and
 * values, and the peak heap occupancy (the image sets included, garbage not yet collected too).
 * Speed figures live here, not in the unit tests.
 */
@Command(name = "metric-bench", aliases = "swd-bench", mixinStandardHelpOptions = true,
        description = "Time of a metric: a pixel metric (swd_N, msssim_N) on synthetic RGB images (Shapes), per image size; "
                + "a feature metric (pr, dc, fid, kid, ...) on two sets of N Gaussian 128-dimensional feature rows.")
final class MetricBench implements Runnable {

    @Option(names = "--metric", paramLabel = "KIND", description = "the kind: swd, msssim, or a feature kind such as pr, dc (default: ${DEFAULT-VALUE})")
    String metric = SlicedWasserstein.KIND;

    @Option(names = "--n", paramLabel = "N", description = "images per set: swd compares two sets of N, msssim scores N/2 pairs (default: ${DEFAULT-VALUE})")
    int n = 8192;

    @Option(names = "--sizes", split = ",", paramLabel = "SIZE", description = "image sides, powers of two from 16 to 1024 (default: ${DEFAULT-VALUE})")
    List<Integer> sizes = List.of(32, 64);

    @Option(names = "--seed", paramLabel = "SEED", description = "the metric's seed, swd only (default: ${DEFAULT-VALUE})")
    long seed = SlicedWasserstein.DEFAULT_SEED;

    @Override
    public void run() {
        if (MetricRegistry.featureKinds().contains(metric)) {
            runFeatures();
            return;
        }
        for (int size : sizes) {
            if (size < LaplacianPyramid.MIN_SIZE || size > 1024 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("--sizes must be powers of two from " + LaplacianPyramid.MIN_SIZE
                        + " to 1024, got " + size);
            }
        }
        boolean swd = metric.equals(SlicedWasserstein.KIND);
        if (!swd && !metric.equals(MsSsim.KIND)) {
            throw new IllegalArgumentException("--metric must be " + SlicedWasserstein.KIND + ", " + MsSsim.KIND
                    + " or a feature kind " + MetricRegistry.featureKinds() + ", got '" + metric + "'");
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

    private void runFeatures() {
        Metric m = MetricRegistry.feature(metric, n);
        Runtime rt = Runtime.getRuntime();
        int dim = DomainClassifier.FEATURE_DIM;
        System.out.printf(Locale.ROOT, "%s: 2 x %d Gaussian feature rows of %d values (seeds 1 and 2), %d cores, max heap %d MB%n",
                m, n, dim, rt.availableProcessors(), rt.maxMemory() >> 20);
        int[] classes = new int[n];   // ten classes in turn, for the intra-class kinds
        java.util.Arrays.setAll(classes, i -> i % 10);
        Features a = Features.of(gaussian(n, dim, 1)).withClasses(classes);
        Features b = Features.of(gaussian(n, dim, 2)).withClasses(classes);
        resetPeakHeap();
        MetricResult r = m.compute(a, b);
        System.out.printf(Locale.ROOT, "  %s %6.1f s   peak heap %5d MB   %s%n", metric, r.seconds(), peakHeapMb(), r.summary());
    }

    private static double[][] gaussian(int rows, int dim, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        double[][] x = new double[rows][dim];
        for (double[] row : x) {
            for (int j = 0; j < dim; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return x;
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
