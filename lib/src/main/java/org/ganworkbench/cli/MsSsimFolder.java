package org.ganworkbench.cli;

import org.ganworkbench.data.ImageFolder;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MsSsim;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The MS-SSIM diversity score ({@link MsSsim}, the PGGAN protocol) of a folder of images, e.g.
 * samples a GAN saved, or real images for the baseline ({@code gan msssim data/my-samples --n 2000}).
 *
 * <p>Images are loaded with {@link ImageFolder#load(Path, int, boolean)}: scaled and center-cropped to
 * S x S (default {@value #DEFAULT_SIZE}; a multiple of {@value MsSsim#SIDE_MULTIPLE}, so 28 x 28
 * images are scaled up to 32 x 32), grayscale unless {@code --rgb}. The first N images (default: all,
 * less one if that is odd) are scored as the pairs (0, 1), (2, 3), … in sorted file order. Prints the
 * loading summary, then one line: the mean MS-SSIM over the pairs, its standard deviation over the
 * pairs, the number of pairs. Bad input (no folder, a bad option, too few images) exits with 2.
 */
@Command(name = "msssim", mixinStandardHelpOptions = true,
        description = "MS-SSIM diversity of a folder of images: pairs (0,1), (2,3), ... (PGGAN protocol; lower = more diverse).")
final class MsSsimFolder implements Runnable {

    /** Default side of the square images. */
    static final int DEFAULT_SIZE = 32;

    @Parameters(paramLabel = "DIR", description = "the images (PNG or JPEG, sub-folders included)")
    Path folder;

    @Option(names = "--n", paramLabel = "N", description = "images scored, even (default: all, less one if odd)")
    Integer n;

    @Option(names = "--size", paramLabel = "S", description = "side the images are scaled to, a multiple of 16 (default: ${DEFAULT-VALUE})")
    int size = DEFAULT_SIZE;

    @Option(names = "--rgb", description = "colour (default: grey)")
    boolean rgb;

    private final PrintStream out;

    MsSsimFolder() {
        this(System.out);
    }

    MsSsimFolder(PrintStream out) {
        this.out = out;
    }

    @Override
    public void run() {
        score();
    }

    /**
     * Loads the folder and prints the result.
     *
     * @return the result
     * @throws IllegalArgumentException on a usage error: no folder, a size MS-SSIM cannot take, an odd
     *     N, too few images
     * @throws org.ganworkbench.data.DataException if the folder holds no readable image
     */
    MetricResult score() {
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
