package org.ganworkbench.metrics;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.data.ImageSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Diversity of a generated set as the mean multi-scale structural similarity (MS-SSIM, Wang,
 * Simoncelli and Bovik 2003) of pairs of its images ({@code msssim_<n>}), the score of the PGGAN
 * evaluation (Karras et al. 2018, {@code metrics/ms_ssim.py} of tkarras/progressive_growing_of_gans,
 * itself TensorFlow's MS-SSIM code). Two copies of one image score 1, unrelated images near 0, so a
 * lower mean means a more diverse set; a collapsed generator scores well above the real data.
 *
 * <h2>The pairs</h2>
 *
 * <p>The first {@code n} generated images are taken as {@code n / 2} consecutive disjoint pairs
 * (0, 1), (2, 3), …, as PGGAN's {@code API.feed} pairs {@code images[0::2]} with
 * {@code images[1::2]} of each minibatch (its minibatches have even sizes, so across the whole set it
 * is the same pairing); {@code n} must be even, as PGGAN asserts. PGGAN's own protocol is
 * {@code msssim_20k} (10,000 pairs). The values are
 *
 * <ul>
 *   <li>{@code msssim}: the mean over the pairs (PGGAN's number);
 *   <li>{@code msssim_std}: the sample standard deviation over the pairs (the spread of the pair
 *       scores; the standard error of {@code msssim} is {@code msssim_std / √pairs});
 *   <li>{@code msssim_real}, {@code msssim_real_std}: the same on the first {@code n} real images,
 *       the baseline a generator's diversity should match (only when a real set is given; PGGAN
 *       reports it as its "Reals" row).
 * </ul>
 *
 * <h2>MS-SSIM of one pair ({@link #between})</h2>
 *
 * <ol>
 *   <li>Pixels in [-1, 1] are mapped to the dynamic range [0, 255]: {@code v * 127.5 + 127.5}.
 *   <li>At each of {@value #SCALES} scales, with the window {@code k = min(11, H, W)} of that scale
 *       and {@code σ = 1.5 k / 11} (PGGAN shrinks the window, and σ with it, once the image is
 *       smaller than 11 pixels: at 32 x 32 the windows are 11, 11, 8, 4 and 2), a normalized
 *       k x k Gaussian window (MATLAB's {@code fspecial}: offsets {@code i - (k - 1) / 2}, so an even
 *       window is centred between pixels) filters each channel in "valid" mode (output
 *       {@code (H - k + 1) x (W - k + 1)}, no padding) into the means μ₁, μ₂ and the local
 *       (co)variances σ₁², σ₂², σ₁₂. With {@code C1 = (0.01 * 255)²} and {@code C2 = (0.03 * 255)²}
 *       the scale's SSIM is the mean over the valid pixels and the channels of
 *       {@code (2μ₁μ₂ + C1)(2σ₁₂ + C2) / ((μ₁² + μ₂² + C1)(σ₁² + σ₂² + C2))} and its contrast-structure
 *       term cs the mean of {@code (2σ₁₂ + C2) / (σ₁² + σ₂² + C2)}.
 *   <li>Between scales both images are halved by averaging each 2 x 2 block (PGGAN's
 *       {@code _HoxDownsample}; its file still imports a reflect-mode {@code convolve} and builds a
 *       2 x 2 filter, TensorFlow's original downsampling, but never uses them).
 *   <li>Every scale's SSIM and cs are clipped below at 0 ("otherwise we get NaNs": a negative number
 *       to a fractional power) and MS-SSIM is {@code cs₀^w₀ · cs₁^w₁ · cs₂^w₂ · cs₃^w₃ · ssim₄^w₄} with the
 *       weights {@code w = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)} of the paper: the
 *       contrast-structure terms of the four finer scales and the full SSIM of the coarsest. A
 *       negative cs at one of the finer scales, or a negative SSIM at the coarsest, therefore makes the
 *       pair score exactly 0, as unrelated images often do.
 * </ol>
 *
 * <p>The filtering is separable (the 2-D window is the outer product of a normalized 1-D Gaussian)
 * and in double precision; PGGAN filters float32 images by FFT in double, which agrees to about
 * 1e-6. PGGAN feeds uint8 images (the generator's output times 127.5 plus 127.5, rounded); nothing is
 * rounded here, so a generator's float output may score slightly differently from its 8-bit
 * export. Grayscale, which PGGAN repeats into three equal channels, gives the same mean over
 * channels either way. Pairs are scored in parallel on the common fork-join pool.
 *
 * <p>Our own code on purpose: no library on the classpath computes MS-SSIM, and this one matches the
 * official code to 1e-9 in float64 and 2e-6 against its float32 run ({@code MsSsimTest}); it scores
 * 1,000 pairs of 64 x 64 RGB images in 0.7 s on 2 cores ({@code gan metric-bench --metric msssim
 * --n 2000}, AMD EPYC, 5 Dec 2026).
 *
 * <h2>Image size</h2>
 *
 * <p>Height and width must be multiples of {@value #SIDE_MULTIPLE} (16 x 16 at least): the four
 * halvings then average whole 2 x 2 blocks down to the coarsest scale, where the window may shrink
 * to 1 x 1. On other sides PGGAN's block average breaks: at 28 x 28 (Fashion-MNIST unpadded) the
 * third halving meets 7 x 7 and numpy refuses to add the 4 x 4 and 3 x 4 halves, and at sides like
 * 24 its broadcasting silently averages overlapping blocks of the 3 x 3 scale. Pad or scale such
 * images to 32 x 32 first. (PGGAN also halves once more after the coarsest scale and discards the
 * result; it fails there on sides such as 80 whose coarsest scale is odd and larger than 3. That
 * step changes nothing, so it is not done here, and those sides are accepted.)
 */
public final class MsSsim extends SampledProtocol implements ImageMetric {

    /** The kind in the name, {@code msssim_<n>}. */
    public static final String KIND = "msssim";

    /** Number of scales. */
    public static final int SCALES = 5;

    /** Height and width must be multiples of this ({@code 2^(SCALES - 1)}). */
    public static final int SIDE_MULTIPLE = 1 << (SCALES - 1);

    /** Side of the Gaussian window at scales at least this large. */
    public static final int WINDOW = 11;

    /** Standard deviation of the full-size window, in pixels. */
    public static final double SIGMA = 1.5;

    /** Luminance stabilizer: {@code C1 = (K1 * DYNAMIC_RANGE)²}. */
    public static final double K1 = 0.01;

    /** Contrast stabilizer: {@code C2 = (K2 * DYNAMIC_RANGE)²}. */
    public static final double K2 = 0.03;

    /** The pixel range the constants refer to: images are mapped from [-1, 1] to [0, 255]. */
    public static final double DYNAMIC_RANGE = 255;

    private static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};

    private static final double C1 = (K1 * DYNAMIC_RANGE) * (K1 * DYNAMIC_RANGE);
    private static final double C2 = (K2 * DYNAMIC_RANGE) * (K2 * DYNAMIC_RANGE);

    /** The normalized 1-D Gaussians, indexed by window size 1..WINDOW. */
    private static final double[][] KERNELS = new double[WINDOW + 1][];

    static {
        for (int k = 1; k <= WINDOW; k++) {
            double sigma = k * SIGMA / WINDOW;
            double[] g = new double[k];
            double sum = 0;
            for (int i = 0; i < k; i++) {
                double t = i - (k - 1) / 2.0;
                g[i] = Math.exp(-t * t / (2 * sigma * sigma));
                sum += g[i];
            }
            for (int i = 0; i < k; i++) {
                g[i] /= sum;
            }
            KERNELS[k] = g;
        }
    }

    /**
     * The protocol for {@code count} generated images ({@code count / 2} pairs).
     *
     * @param count generated images, even and at least 2
     * @throws IllegalArgumentException if {@code count} is odd or below 2
     */
    public MsSsim(int count) {
        super(KIND, even(count));
    }

    private static int even(int count) {
        if (count % 2 != 0 && count >= 2) {
            throw new IllegalArgumentException(KIND + ": the image count must be even (pairs (0, 1), (2, 3), ...), got "
                    + count + "; use " + MetricRegistry.nameOf(KIND, count - 1));
        }
        return count;
    }

    /**
     * One scale of MS-SSIM on a square image: the side the image has there, the side of the Gaussian
     * window ({@code min(11, side)}), how many window positions fit along an axis in "valid" mode
     * ({@code side - window + 1}) and the scale's weight.
     */
    public record Scale(int side, int window, int positions, double weight) {}

    /**
     * The five scales on a square image of this side, finest first. At 32 x 32 the windows are 11, 11,
     * 8, 4 and 2 and the three coarsest scales have room for a single window position each: there
     * MS-SSIM compares two global (Gaussian-weighted) statistics, not local structure.
     *
     * @param side height = width, a multiple of {@value #SIDE_MULTIPLE}
     */
    public static List<Scale> scales(int side) {
        if (side < SIDE_MULTIPLE || side % SIDE_MULTIPLE != 0) {
            throw new IllegalArgumentException(KIND + ": the side must be a multiple of " + SIDE_MULTIPLE + ", got " + side);
        }
        List<Scale> out = new java.util.ArrayList<>();
        for (int s = 0; s < SCALES; s++) {
            int at = side >> s;
            int k = Math.min(WINDOW, at);
            out.add(new Scale(at, k, at - k + 1, WEIGHTS[s]));
        }
        return List.copyOf(out);
    }

    /**
     * The weights of the five scales, finest first.
     *
     * @return {@code [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]}
     */
    public static List<Double> weights() {
        return List.of(WEIGHTS[0], WEIGHTS[1], WEIGHTS[2], WEIGHTS[3], WEIGHTS[4]);
    }

    @Override
    public String toString() {
        return name() + " (" + sampleCount() / 2 + " pairs, " + SCALES + " scales, " + WINDOW + "x" + WINDOW + " Gaussian window)";
    }

    /**
     * Scores the pairs of the first {@link #sampleCount()} generated images and, if {@code real} is
     * given, of as many real images.
     *
     * @param real real images for the {@code msssim_real} baseline, or {@code null} for none
     * @param generated at least {@link #sampleCount()} images, height and width multiples of
     *     {@value #SIDE_MULTIPLE}
     * @return {@code msssim}, {@code msssim_std} and, with a real set, {@code msssim_real},
     *     {@code msssim_real_std}
     * @throws IllegalArgumentException if there are too few images, the image size does not allow
     *     {@value #SCALES} scales, or the real and generated images differ in shape
     */
    @Override
    public MetricResult compute(ImageSet real, ImageSet generated) {
        long start = System.nanoTime();
        ImageSet fake = protocolImages(generated, "generated");
        requireSize(name() + ": generated images", fake.height(), fake.width());
        ImageSet reals = null;
        if (real != null) {
            if (real.channels() != fake.channels() || real.height() != fake.height()
                    || real.width() != fake.width()) {
                throw new IllegalArgumentException(name() + ": real images are " + shape(real)
                        + ", generated ones " + shape(fake));
            }
            reals = protocolImages(real, "real");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        double[] scores = pairScores(fake);
        values.put(KIND, Stats.mean(scores));
        values.put(KIND + "_std", Stats.std(scores));
        if (reals != null) {
            double[] realScores = pairScores(reals);
            values.put(KIND + "_real", Stats.mean(realScores));
            values.put(KIND + "_real_std", Stats.std(realScores));
        }
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_generated", sampleCount());
        if (reals != null) {
            protocol.put("n_real", sampleCount());
        }
        protocol.put("pairs", sampleCount() / 2);
        protocol.put("pairing", "(0,1), (2,3), ... of the first n");
        protocol.put("scales", SCALES);
        protocol.put("weights", weights());
        protocol.put("window", WINDOW);
        protocol.put("sigma", SIGMA);
        protocol.put("k1", K1);
        protocol.put("k2", K2);
        protocol.put("dynamic_range", DYNAMIC_RANGE);
        protocol.put("image_shape", List.of(fake.channels(), fake.height(), fake.width()));
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The MS-SSIM of one pair of images, as PGGAN computes it (see the class comment).
     *
     * @param a the first image, {@code channels * height * width} values in [-1, 1], (C, H, W) order
     * @param b the second image, same shape
     * @param channels C, at least 1 (1 or 3 in practice)
     * @param height H, a multiple of {@value #SIDE_MULTIPLE}
     * @param width W, a multiple of {@value #SIDE_MULTIPLE}
     * @return MS-SSIM in [0, 1]; exactly 1 for identical images, symmetric in {@code a} and {@code b}
     * @throws IllegalArgumentException if the shape does not allow {@value #SCALES} scales or an array
     *     does not hold {@code C * H * W} values
     */
    public static double between(float[] a, float[] b, int channels, int height, int width) {
        if (channels < 1) {
            throw new IllegalArgumentException("MS-SSIM: channels must be at least 1, got " + channels);
        }
        requireSize("MS-SSIM: images", height, width);
        long size = (long) channels * height * width;
        if (a.length != size || b.length != size) {
            throw new IllegalArgumentException("MS-SSIM: images of shape (" + channels + ", " + height + ", " + width
                    + ") hold " + size + " values, got " + a.length + " and " + b.length);
        }
        return score(a, b, channels, height, width);
    }

    @Override
    public void checkShape(int channels, int height, int width) {
        requireSize(name() + ": images", height, width);
    }

    private static void requireSize(String what, int height, int width) {
        if (height < SIDE_MULTIPLE || width < SIDE_MULTIPLE || height % SIDE_MULTIPLE != 0
                || width % SIDE_MULTIPLE != 0) {
            throw new IllegalArgumentException(what + " are " + height + " x " + width + "; MS-SSIM's " + SCALES
                    + " scales halve them " + (SCALES - 1) + " times by 2 x 2 averaging, so height and width must be "
                    + "multiples of " + SIDE_MULTIPLE + " (e.g. 32 x 32: pad or scale 28 x 28 images to 32 x 32)");
        }
    }

    private static String shape(ImageSet s) {
        return "(" + s.channels() + ", " + s.height() + ", " + s.width() + ")";
    }

    /**
     * MS-SSIM of each pair (0, 1), (2, 3), ... of a set of an even number of images, in parallel;
     * throws {@link Interrupted} within about one pair per thread when this thread is interrupted.
     */
    private static double[] pairScores(ImageSet images) {
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        Thread caller = Thread.currentThread();
        double[] scores = IntStream.range(0, images.count() / 2).parallel()
                .mapToDouble(p -> caller.isInterrupted() ? Double.NaN
                        : score(images.image(2 * p), images.image(2 * p + 1), c, h, w)).toArray();
        Interrupted.check("MS-SSIM of " + images.count() / 2 + " pairs of " + images.name());
        return scores;
    }

    /** {@link #between} without the checks. */
    private static double score(float[] a, float[] b, int channels, int height, int width) {
        double[] x = new double[a.length];
        double[] y = new double[b.length];
        double half = DYNAMIC_RANGE / 2;
        for (int i = 0; i < x.length; i++) {
            x[i] = a[i] * half + half;
            y[i] = b[i] * half + half;
        }
        Filtered work = new Filtered(height * width);
        double result = 1;
        int h = height;
        int w = width;
        for (int scale = 0; scale < SCALES; scale++) {
            work.compare(x, y, channels, h, w);
            if (scale < SCALES - 1) {
                result *= Math.pow(Math.max(0, work.cs), WEIGHTS[scale]);
                x = halve(x, channels, h, w);
                y = halve(y, channels, h, w);
                h /= 2;
                w /= 2;
            } else {
                result *= Math.pow(Math.max(0, work.ssim), WEIGHTS[scale]);
            }
        }
        return result;
    }

    /** Each 2 x 2 block averaged, per channel: (C, H, W) to (C, H / 2, W / 2), H and W even. */
    private static double[] halve(double[] img, int channels, int h, int w) {
        int oh = h / 2;
        int ow = w / 2;
        double[] out = new double[channels * oh * ow];
        for (int c = 0; c < channels; c++) {
            int in = c * h * w;
            int o = c * oh * ow;
            for (int i = 0; i < oh; i++) {
                int top = in + 2 * i * w;
                int bottom = top + w;
                for (int j = 0; j < ow; j++) {
                    // the order of PGGAN's sum: [0::2, 0::2] + [1::2, 0::2] + [0::2, 1::2] + [1::2, 1::2]
                    out[o++] = (img[top + 2 * j] + img[bottom + 2 * j] + img[top + 2 * j + 1]
                            + img[bottom + 2 * j + 1]) * 0.25;
                }
            }
        }
        return out;
    }

    /**
     * One scale's SSIM and cs of two images, with the row-filtered planes of x, y, x², y², xy kept
     * between calls (one instance per pair, sized for the finest scale).
     */
    private static final class Filtered {
        private final double[] rx;
        private final double[] ry;
        private final double[] rxx;
        private final double[] ryy;
        private final double[] rxy;
        private double ssim;
        private double cs;

        Filtered(int plane) {
            rx = new double[plane];
            ry = new double[plane];
            rxx = new double[plane];
            ryy = new double[plane];
            rxy = new double[plane];
        }

        /** Sets {@link #ssim} and {@link #cs}: means over the valid pixels of all channels. */
        void compare(double[] x, double[] y, int channels, int h, int w) {
            int k = Math.min(WINDOW, Math.min(h, w));
            double[] g = KERNELS[k];
            int oh = h - k + 1;
            int ow = w - k + 1;
            double ssimSum = 0;
            double csSum = 0;
            for (int c = 0; c < channels; c++) {
                int base = c * h * w;
                // along the rows: h x ow
                for (int r = 0; r < h; r++) {
                    int row = base + r * w;
                    for (int j = 0; j < ow; j++) {
                        double sx = 0;
                        double sy = 0;
                        double sxx = 0;
                        double syy = 0;
                        double sxy = 0;
                        for (int t = 0; t < k; t++) {
                            double p = x[row + j + t];
                            double q = y[row + j + t];
                            double gt = g[t];
                            sx += gt * p;
                            sy += gt * q;
                            sxx += gt * (p * p);
                            syy += gt * (q * q);
                            sxy += gt * (p * q); // p * q == q * p: exactly symmetric
                        }
                        int o = r * ow + j;
                        rx[o] = sx;
                        ry[o] = sy;
                        rxx[o] = sxx;
                        ryy[o] = syy;
                        rxy[o] = sxy;
                    }
                }
                // down the columns: oh x ow, then the SSIM and cs maps
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double mx = 0;
                        double my = 0;
                        double exx = 0;
                        double eyy = 0;
                        double exy = 0;
                        for (int t = 0; t < k; t++) {
                            int o = (i + t) * ow + j;
                            double gt = g[t];
                            mx += gt * rx[o];
                            my += gt * ry[o];
                            exx += gt * rxx[o];
                            eyy += gt * ryy[o];
                            exy += gt * rxy[o];
                        }
                        double mxx = mx * mx;
                        double myy = my * my;
                        double mxy = mx * my;
                        double v1 = 2 * (exy - mxy) + C2;
                        double v2 = (exx - mxx) + (eyy - myy) + C2;
                        ssimSum += (2 * mxy + C1) * v1 / ((mxx + myy + C1) * v2);
                        csSum += v1 / v2;
                    }
                }
            }
            double n = (double) channels * oh * ow;
            ssim = ssimSum / n;
            cs = csSum / n;
        }
    }
}
