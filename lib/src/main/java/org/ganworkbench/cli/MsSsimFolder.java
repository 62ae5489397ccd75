package org.ganworkbench.cli;

import org.ganworkbench.data.DataException;
import org.ganworkbench.data.ImageFolder;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MsSsim;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code msssim DIR [--n N] [--size S] [--rgb]}: the MS-SSIM diversity score ({@link MsSsim}, the
 * PGGAN protocol) of a folder of images, e.g. samples a GAN saved, or real images for the baseline.
 *
 * <pre>
 * environment/gan msssim data/my-samples --n 2000
 * </pre>
 *
 * <p>Images are loaded with {@link ImageFolder#load(Path, int, boolean)}: scaled and center-cropped to
 * S x S (default {@value #DEFAULT_SIZE}; a multiple of {@value MsSsim#SIDE_MULTIPLE}, so 28 x 28
 * images are scaled up to 32 x 32), grayscale unless {@code --rgb}. The first N images (default: all,
 * less one if that is odd) are scored as the pairs (0, 1), (2, 3), … in sorted file order. Prints the
 * loading summary, then one line: the mean MS-SSIM over the pairs, its standard deviation over the
 * pairs, the number of pairs. Exits with 2 on a usage error (no folder, a bad option, too few
 * images).
 */
public final class MsSsimFolder {

    /** Default side of the square images. */
    static final int DEFAULT_SIZE = 32;

    static final String USAGE = "msssim DIR [--n N] [--size " + DEFAULT_SIZE + "] [--rgb]";

    private MsSsimFolder() {}

    /**
     * Runs the command.
     *
     * @param args {@code DIR [--n N] [--size S] [--rgb]}
     */
    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException | DataException e) {
            System.err.println("msssim: " + e.getMessage() + "\nusage: gan " + USAGE);
            System.exit(2);
        }
    }

    /**
     * Parses the arguments, loads the folder and prints the result to {@code out}.
     *
     * @param args {@code DIR [--n N] [--size S] [--rgb]}
     * @param out where the summary and the result line go
     * @return the result
     * @throws IllegalArgumentException on a usage error: unknown or malformed option, no folder, a
     *     size MS-SSIM cannot take, an odd N, too few images
     * @throws DataException if the folder holds no readable image
     */
    static MetricResult run(String[] args, PrintStream out) {
        Args a = new Args(args, "--rgb");
        Integer n = a.intOrNull("--n");
        int size = a.intValue("--size", DEFAULT_SIZE);
        boolean rgb = a.flag("--rgb");
        a.finish();
        if (a.positional().size() != 1) {
            throw new IllegalArgumentException(a.positional().isEmpty() ? "no folder given"
                    : "give one folder, got " + a.positional().size() + ": " + a.positional());
        }
        Path folder = Path.of(a.positional().get(0));
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": not a folder; give a folder of PNG or JPEG images");
        }
        if (n != null && (n < 2 || n % 2 != 0)) {
            throw new IllegalArgumentException("--n must be even and at least 2 (the pairs (0, 1), (2, 3), ...), got "
                    + n);
        }
        if (size < MsSsim.SIDE_MULTIPLE || size % MsSsim.SIDE_MULTIPLE != 0) {
            throw new IllegalArgumentException("--size must be a multiple of " + MsSsim.SIDE_MULTIPLE
                    + " (MS-SSIM halves the images " + (MsSsim.SCALES - 1) + " times), got " + size);
        }
        ImageFolder.Result loaded = ImageFolder.load(folder, size, rgb);
        out.println(folder + ": " + loaded.summary());
        ImageSet images = loaded.images();
        int available = images.count();
        if (available < 2 || (n != null && n > available)) {
            throw new IllegalArgumentException(folder + ": MS-SSIM " + (n == null ? "needs at least 2 images" : "of "
                    + n + " images needs " + n) + ", found " + available);
        }
        int count = n != null ? n : available - available % 2;
        MetricResult r = new MsSsim(count).compute(null, images);
        out.println(String.format(Locale.ROOT, "%s  (%d pairs of %dx%dx%d images, %.1f s)", r.summary(), count / 2,
                images.channels(), images.height(), images.width(), r.seconds()));
        return r;
    }
}
