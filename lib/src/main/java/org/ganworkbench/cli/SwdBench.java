package org.ganworkbench.cli;

import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;
import org.ganworkbench.metrics.LaplacianPyramid;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.SlicedWasserstein;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code swd-bench [--n 8192] [--sizes 32,64] [--seed 0]}: how long {@link SlicedWasserstein}
 * takes. For each size, two independent draws of {@code N} RGB {@link Shapes} images (seeds 1 and
 * 2, the real-vs-real situation) are generated and compared once; it prints the generation time,
 * the metric's time and values, and the peak heap occupancy (the two image sets included, garbage
 * not yet collected too).
 */
public final class SwdBench {

    static final String USAGE = "swd-bench [--n 8192] [--sizes 32,64] [--seed 0]";

    private SwdBench() {}

    /**
     * Runs the benchmark and prints one line per size.
     *
     * @param argv {@code [--n N] [--sizes S,S,...] [--seed SEED]}
     * @throws IllegalArgumentException on a usage error
     */
    public static void main(String[] argv) {
        Args args = new Args(argv);
        int n = args.intValue("--n", 8192);
        String sizesText = args.value("--sizes", "32,64");
        long seed = args.longValue("--seed", SlicedWasserstein.DEFAULT_SEED);
        args.finish();
        if (!args.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument '" + args.positional().get(0) + "'; usage: "
                    + USAGE);
        }
        List<Integer> sizes = new ArrayList<>();
        for (String s : sizesText.split(",")) {
            int size;
            try {
                size = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sizes needs whole numbers separated by commas, got '"
                        + sizesText + "'");
            }
            if (size < LaplacianPyramid.MIN_SIZE || size > 1024 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("--sizes must be powers of two from " + LaplacianPyramid.MIN_SIZE
                        + " to 1024, got " + size);
            }
            sizes.add(size);
        }
        SlicedWasserstein swd = new SlicedWasserstein(n, seed);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%s: 2 x %d RGB Shapes images per size (seeds 1 and 2), %d cores, max heap "
                + "%d MB%n", swd, n, rt.availableProcessors(), rt.maxMemory() >> 20);
        for (int size : sizes) {
            resetPeakHeap();
            long start = System.nanoTime();
            ImageSet real = Shapes.generate(n, size, 1);
            ImageSet generated = Shapes.generate(n, size, 2);
            double data = (System.nanoTime() - start) / 1e9;
            MetricResult r = swd.compute(real, generated);
            System.out.printf(Locale.ROOT, "  %3d x %-3d  data %5.1f s   swd %6.1f s   peak heap %5d MB   %s%n", size,
                    size, data, r.seconds(), peakHeapMb(), r.summary());
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
