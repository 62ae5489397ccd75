package org.ganworkbench.cli;

import org.ganworkbench.data.ImageFolder;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.LaplacianPyramid;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.SlicedWasserstein;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sliced Wasserstein distance ({@link SlicedWasserstein}, the PGGAN protocol) between two
 * folders of images, e.g. real images and a generator's samples, one line per Laplacian level and
 * one for their mean.
 *
 * <p>Both folders are loaded with {@link ImageFolder#load(Path, int, boolean)}: PNG and JPEG files,
 * sub-folders included, scaled and center-cropped to {@code S x S} (default 64; a power of two of at
 * least 16), grey unless {@code --rgb}. {@code N} images of each (default: as many as the smaller
 * folder has, in sorted path order) are compared, so the metric is {@code swd_<N>}; the official
 * protocol takes 16384 (8192 halves the cost). For the real-vs-real baseline, pass two folders of
 * different real images. Bad input (a missing folder or one without images, {@code N} larger than a
 * folder) exits with 2.
 */
@Command(name = "swd", mixinStandardHelpOptions = true,
        description = "Sliced Wasserstein distance (PGGAN protocol) between two image folders, per Laplacian level.")
final class SwdFolders implements Runnable {

    private static final int DEFAULT_SIZE = 64;

    @Parameters(index = "0", paramLabel = "DIR_A", description = "a folder of images (PNG or JPEG, sub-folders included)")
    Path first;

    @Parameters(index = "1", paramLabel = "DIR_B", description = "the folder to compare it with")
    Path second;

    @Option(names = "--size", paramLabel = "S", description = "side the images are scaled to, a power of two from 16 (default: ${DEFAULT-VALUE})")
    int size = DEFAULT_SIZE;

    @Option(names = "--rgb", description = "colour (default: grey)")
    boolean rgb;

    @Option(names = "--n", paramLabel = "N", description = "images of each folder (default: as many as the smaller folder has)")
    Integer n;

    @Option(names = "--seed", paramLabel = "SEED", description = "seed of the neighbourhoods and directions (default: ${DEFAULT-VALUE})")
    long seed = SlicedWasserstein.DEFAULT_SEED;

    private final PrintStream out;

    SwdFolders() {
        this(System.out);
    }

    SwdFolders(PrintStream out) {
        this.out = out;
    }

    @Override
    public void run() {
        List<Path> folders = List.of(first, second);
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(folder + " is not a folder");
            }
        }
        if (size < LaplacianPyramid.MIN_SIZE || Integer.bitCount(size) != 1 || size > 1024) {
            throw new IllegalArgumentException("--size must be a power of two from " + LaplacianPyramid.MIN_SIZE
                    + " to 1024, got " + size);
        }
        ImageSet a = load(folders.get(0));
        ImageSet b = load(folders.get(1));
        int available = Math.min(a.count(), b.count());
        if (available < 2) {
            Path few = a.count() < 2 ? folders.get(0) : folders.get(1);
            throw new IllegalArgumentException(few + ": SWD needs at least 2 images in each folder, found "
                    + Math.min(a.count(), b.count()));
        }
        int count = n != null ? n : available;
        if (count < 2 || count > available) {
            throw new IllegalArgumentException("--n must be in [2, " + available + "] (the smaller folder's images), got "
                    + count);
        }
        SlicedWasserstein swd = new SlicedWasserstein(count, seed);
        out.printf(Locale.ROOT, "%s, %d x %d %s, seed %d, %s vs %s%n", swd.name(), size, size,
                rgb ? "RGB" : "grey", seed, folders.get(0), folders.get(1));
        MetricResult r = swd.compute(a, b);
        for (Map.Entry<String, Double> v : r.values().entrySet()) {
            if (!v.getKey().equals(SlicedWasserstein.KIND)) {
                out.printf(Locale.ROOT, "  %-8s %10.4f%n", v.getKey(), v.getValue());
            }
        }
        out.printf(Locale.ROOT, "  %-8s %10.4f   (mean of the levels)%n", SlicedWasserstein.KIND, r.value());
        out.printf(Locale.ROOT, "in %.1f s%n", r.seconds());
    }

    private ImageSet load(Path folder) {
        ImageFolder.Result loaded = ImageFolder.load(folder, size, rgb);
        out.println(folder + ": " + loaded.summary());
        return loaded.images();
    }
}
