package org.ganworkbench.cli;

import org.ganworkbench.data.DataException;
import org.ganworkbench.data.ImageFolder;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.LaplacianPyramid;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.SlicedWasserstein;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code swd DIR_A DIR_B [--size S] [--rgb] [--n N] [--seed SEED]}: the sliced Wasserstein
 * distance ({@link SlicedWasserstein}, the PGGAN protocol) between two folders of images, e.g. real
 * images and a generator's samples, one line per Laplacian level and one for their mean.
 *
 * <p>Both folders are loaded with {@link ImageFolder#load(Path, int, boolean)}: PNG and JPEG files,
 * sub-folders included, scaled and center-cropped to {@code S x S} (default 64; a power of two of at
 * least 16), grey unless {@code --rgb}. {@code N} images of each (default: as many as the smaller
 * folder has, in sorted path order) are compared, so the metric is {@code swd_<N>}; the official
 * protocol takes 16384 (8192 halves the cost). For the real-vs-real baseline, pass two folders of
 * different real images. {@code SEED} (default {@value SlicedWasserstein#DEFAULT_SEED}) draws the
 * neighbourhoods and directions.
 *
 * <p>A usage error (arguments, a missing folder or one without images, {@code N} larger than a
 * folder) exits with 2 through {@link Main}.
 */
public final class SwdFolders {

    static final String USAGE = "swd DIR_A DIR_B [--size S] [--rgb] [--n N] [--seed SEED]";

    private static final int DEFAULT_SIZE = 64;

    private SwdFolders() {}

    /**
     * Runs the command.
     *
     * @param args {@code DIR_A DIR_B [--size S] [--rgb] [--n N] [--seed SEED]}
     * @throws IllegalArgumentException on a usage error (the message says which argument)
     */
    public static void main(String[] args) {
        List<Path> folders = new ArrayList<>();
        int size;
        boolean rgb;
        Integer n;
        long seed;
        try {
            Args a = new Args(args, "--rgb");
            size = a.intValue("--size", DEFAULT_SIZE);
            rgb = a.flag("--rgb");
            n = a.intOrNull("--n");
            seed = a.longValue("--seed", SlicedWasserstein.DEFAULT_SEED);
            a.finish();
            a.positional().forEach(f -> folders.add(Path.of(f)));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (folders.size() != 2) {
            throw usage("give two folders, got " + folders.size());
        }
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw usage(folder + " is not a folder");
            }
        }
        if (size < LaplacianPyramid.MIN_SIZE || Integer.bitCount(size) != 1 || size > 1024) {
            throw usage("--size must be a power of two from " + LaplacianPyramid.MIN_SIZE + " to 1024, got " + size);
        }
        ImageSet a = load(folders.get(0), size, rgb);
        ImageSet b = load(folders.get(1), size, rgb);
        int available = Math.min(a.count(), b.count());
        int count = n != null ? n : available;
        if (count < 2 || count > available) {
            throw usage("--n must be in [2, " + available + "] (the smaller folder's images), got " + count);
        }
        SlicedWasserstein swd = new SlicedWasserstein(count, seed);
        System.out.printf(Locale.ROOT, "%s, %d x %d %s, seed %d, %s vs %s%n", swd.name(), size, size,
                rgb ? "RGB" : "grey", seed, folders.get(0), folders.get(1));
        MetricResult r = swd.compute(a, b);
        for (Map.Entry<String, Double> v : r.values().entrySet()) {
            if (!v.getKey().equals(SlicedWasserstein.KIND)) {
                System.out.printf(Locale.ROOT, "  %-8s %10.4f%n", v.getKey(), v.getValue());
            }
        }
        System.out.printf(Locale.ROOT, "  %-8s %10.4f   (mean of the levels)%n", SlicedWasserstein.KIND, r.value());
        System.out.printf(Locale.ROOT, "in %.1f s%n", r.seconds());
    }

    private static ImageSet load(Path folder, int size, boolean rgb) {
        ImageFolder.Result loaded;
        try {
            loaded = ImageFolder.load(folder, size, rgb);
        } catch (DataException e) {
            throw usage(e.getMessage());
        }
        System.out.println(folder + ": " + loaded.summary());
        return loaded.images();
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "\nusage: " + USAGE);
    }
}
