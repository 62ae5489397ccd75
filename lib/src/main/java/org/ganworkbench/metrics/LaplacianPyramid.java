package org.ganworkbench.metrics;

import java.util.Objects;

/**
 * The Laplacian pyramid of a batch of images, as the sliced Wasserstein distance of progressive
 * GANs (Karras et al., 2018) builds it ({@code generate_laplacian_pyramid} in the official
 * {@code metrics/sliced_wasserstein.py}): level 0 is the full resolution, each next level half the
 * size, down to 16 x 16 ({@value #MIN_SIZE}, the official minimum). Every level but the last is a
 * band, {@code G_l - pyrUp(G_{l+1})}, where {@code G_0} is the image and
 * {@code G_{l+1} = pyrDown(G_l)}; the last level is the low-pass {@code G_{L-1}} itself. So
 * {@link #reconstruct()} gives the images back (up to float rounding).
 *
 * <p>The filter is the 5 x 5 binomial {@code [1 4 6 4 1]^T [1 4 6 4 1] / 256}, applied as the
 * official code does, with {@code scipy.ndimage.convolve(..., mode='mirror')}, which matches
 * OpenCV's {@code pyrDown} and {@code pyrUp}:
 *
 * <ul>
 *   <li>{@link #pyrDown}: filter, then keep the even rows and columns (0, 2, 4, ...). Outside the
 *       image, "mirror" reflects about the edge pixel without repeating it ({@code x[-1] = x[1]},
 *       {@code x[-2] = x[2]}, {@code x[n] = x[n-2]}), OpenCV's {@code BORDER_REFLECT_101}.
 *   <li>{@link #pyrUp}: put the pixels at the even positions of a twice-as-large image of zeros and
 *       filter with 4 times the filter, again mirrored. Along one axis that makes the even output
 *       {@code 2j} equal {@code (x[j-1] + 6 x[j] + x[j+1]) / 8} and the odd output {@code 2j+1}
 *       equal {@code (x[j] + x[j+1]) / 2}, where the mirror of the zero-stuffed line amounts to
 *       {@code x[-1] = x[1]} on the left but {@code x[n] = x[n-1]} on the right (the last odd
 *       output is the last pixel): the same border OpenCV's {@code pyrUp} uses. The code computes
 *       these sums directly rather than multiplying zeros.
 * </ul>
 *
 * <p>The filter is separable and the mirror acts on each axis alone, so both are computed as a
 * pass along rows and then one along columns, in float (scipy sums in double and rounds to float32;
 * the difference is a few float ulps).
 *
 * <p>Images are flat float arrays in (N, C, H, W) order, any number of channels (the metric uses
 * 1 or 3), H and W powers of two of at least 16. A non-square image goes down until its shorter side
 * is 16. The pyramid copies what it is given and hands out copies, so it is immutable.
 */
public final class LaplacianPyramid {

    /** Side of the coarsest level: the pyramid stops when the shorter side reaches 16. */
    public static final int MIN_SIZE = 16;

    /** One axis of the filter: {@code [1 4 6 4 1] / 16}; the 2-D filter is its outer product. */
    private static final float[] TAPS = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

    private final int count;
    private final int channels;
    private final int[] heights;
    private final int[] widths;
    private final float[][] levels;

    private LaplacianPyramid(int count, int channels, int[] heights, int[] widths, float[][] levels) {
        this.count = count;
        this.channels = channels;
        this.heights = heights;
        this.widths = widths;
        this.levels = levels;
    }

    /**
     * Builds the pyramid of {@code count} images.
     *
     * @param images {@code count * channels * height * width} values in (N, C, H, W) order; not
     *     modified
     * @param count N, at least 1
     * @param channels C, at least 1
     * @param height H, a power of two, at least 16
     * @param width W, a power of two, at least 16
     * @return the pyramid, {@link #levelCount(int, int)} levels
     * @throws IllegalArgumentException if a size is not allowed or the array length does not match
     */
    public static LaplacianPyramid of(float[] images, int count, int channels, int height, int width) {
        requireShape(images, count, channels, height, width);
        int n = levelCount(height, width);
        int[] heights = new int[n];
        int[] widths = new int[n];
        float[][] levels = new float[n][];
        float[] gaussian = images.clone();
        for (int l = 0; l < n; l++) {
            heights[l] = height >> l;
            widths[l] = width >> l;
            if (l == n - 1) {
                levels[l] = gaussian;
                break;
            }
            float[] next = pyrDown(gaussian, count, channels, heights[l], widths[l]);
            float[] up = pyrUp(next, count, channels, heights[l] / 2, widths[l] / 2);
            for (int i = 0; i < gaussian.length; i++) {
                gaussian[i] -= up[i];
            }
            levels[l] = gaussian;
            gaussian = next;
        }
        return new LaplacianPyramid(count, channels, heights, widths, levels);
    }

    /**
     * Number of levels for an image size: the full resolution and every halving down to
     * {@value #MIN_SIZE} on the shorter side (the official {@code while res >= 16}).
     *
     * @param height H, a power of two, at least 16
     * @param width W, a power of two, at least 16
     * @return {@code log2(min(H, W)) - 3}: 3 for 64 x 64, 2 for 32 x 32, 1 for 16 x 16
     * @throws IllegalArgumentException if a side is not a power of two of at least 16
     */
    public static int levelCount(int height, int width) {
        requireSide("height", height);
        requireSide("width", width);
        return Integer.numberOfTrailingZeros(Math.min(height, width) / MIN_SIZE) + 1;
    }

    /**
     * Halves images: the binomial filter with mirrored borders, then every second row and column
     * from the first ({@code cv2.pyrDown}; the official {@code pyr_down}).
     *
     * @param images {@code count * channels * height * width} values in (N, C, H, W) order; not
     *     modified
     * @param count N, at least 1
     * @param channels C, at least 1
     * @param height H, even, at least 4
     * @param width W, even, at least 4
     * @return a new array of {@code count * channels * (height / 2) * (width / 2)} values
     * @throws IllegalArgumentException if a size is not allowed or the array length does not match
     */
    public static float[] pyrDown(float[] images, int count, int channels, int height, int width) {
        requireArray(images, count, channels, height, width);
        if (height < 4 || width < 4 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("pyrDown needs an even height and width of at least 4, got "
                    + height + " x " + width);
        }
        int h2 = height / 2;
        int w2 = width / 2;
        float[] out = new float[count * channels * h2 * w2];
        float[] line = new float[Math.max(height, width) + 4];
        float[] rows = new float[height * w2];
        for (int p = 0; p < count * channels; p++) {
            int in = p * height * width;
            for (int y = 0; y < height; y++) {
                reflect101(images, in + y * width, width, line);
                for (int j = 0; j < w2; j++) {
                    rows[y * w2 + j] = filter5(line, 2 * j);
                }
            }
            int o = p * h2 * w2;
            for (int i = 0; i < h2; i++) {
                int r0 = reflectIndex(2 * i - 2, height) * w2;
                int r1 = reflectIndex(2 * i - 1, height) * w2;
                int r2 = 2 * i * w2;
                int r3 = (2 * i + 1) * w2;
                int r4 = reflectIndex(2 * i + 2, height) * w2;
                for (int j = 0; j < w2; j++) {
                    out[o + i * w2 + j] = TAPS[0] * rows[r0 + j] + TAPS[1] * rows[r1 + j] + TAPS[2] * rows[r2 + j]
                            + TAPS[3] * rows[r3 + j] + TAPS[4] * rows[r4 + j];
                }
            }
        }
        return out;
    }

    /**
     * Doubles images: zeros between the pixels, then 4 times the binomial filter with mirrored
     * borders ({@code cv2.pyrUp}; the official {@code pyr_up}), computed without the zeros.
     *
     * @param images {@code count * channels * height * width} values in (N, C, H, W) order; not
     *     modified
     * @param count N, at least 1
     * @param channels C, at least 1
     * @param height H, at least 2
     * @param width W, at least 2
     * @return a new array of {@code count * channels * (2 height) * (2 width)} values
     * @throws IllegalArgumentException if a size is not allowed or the array length does not match
     */
    public static float[] pyrUp(float[] images, int count, int channels, int height, int width) {
        requireArray(images, count, channels, height, width);
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException("pyrUp needs a height and width of at least 2, got " + height + " x "
                    + width);
        }
        int h2 = 2 * height;
        int w2 = 2 * width;
        float[] out = new float[Math.multiplyExact(images.length, 4)];
        float[] line = new float[width + 2];
        float[] rows = new float[height * w2];
        for (int p = 0; p < count * channels; p++) {
            int in = p * height * width;
            for (int y = 0; y < height; y++) {
                zeroStuffedMirror(images, in + y * width, width, line);
                upsample(line, width, rows, y * w2);
            }
            int o = p * h2 * w2;
            for (int i = 0; i < height; i++) {
                int above = (i == 0 ? 1 : i - 1) * w2;
                int here = i * w2;
                int below = (i == height - 1 ? i : i + 1) * w2;
                int even = o + 2 * i * w2;
                int odd = even + w2;
                for (int j = 0; j < w2; j++) {
                    out[even + j] = 2 * (TAPS[0] * rows[above + j] + TAPS[2] * rows[here + j]
                            + TAPS[4] * rows[below + j]);
                    out[odd + j] = 2 * (TAPS[1] * rows[here + j] + TAPS[3] * rows[below + j]);
                }
            }
        }
        return out;
    }

    /**
     * The images back from the pyramid: from the coarsest level up, {@code pyrUp} and add the band
     * (the official {@code reconstruct_laplacian_pyramid}).
     *
     * @return {@code count * channels * height(0) * width(0)} values in (N, C, H, W) order
     */
    public float[] reconstruct() {
        int last = levels.length - 1;
        float[] images = levels[last].clone();
        for (int l = last - 1; l >= 0; l--) {
            float[] up = pyrUp(images, count, channels, heights[l + 1], widths[l + 1]);
            float[] band = levels[l];
            for (int i = 0; i < up.length; i++) {
                up[i] += band[i];
            }
            images = up;
        }
        return images;
    }

    /**
     * Number of levels.
     *
     * @return {@link #levelCount(int, int)} of the image size
     */
    public int levels() {
        return levels.length;
    }

    /**
     * One level: a band {@code G_l - pyrUp(G_{l+1})}, or for the last level the low-pass image.
     *
     * @param level 0 (full resolution) to {@code levels() - 1} (16 on the shorter side)
     * @return a copy, {@code count * channels * height(level) * width(level)} values in (N, C, H, W)
     *     order
     */
    public float[] level(int level) {
        return levels[Objects.checkIndex(level, levels.length)].clone();
    }

    /**
     * Height of one level.
     *
     * @param level 0 to {@code levels() - 1}
     * @return H / 2^level
     */
    public int height(int level) {
        return heights[Objects.checkIndex(level, levels.length)];
    }

    /**
     * Width of one level.
     *
     * @param level 0 to {@code levels() - 1}
     * @return W / 2^level
     */
    public int width(int level) {
        return widths[Objects.checkIndex(level, levels.length)];
    }

    /**
     * Number of images.
     *
     * @return N
     */
    public int count() {
        return count;
    }

    /**
     * Channels per image.
     *
     * @return C
     */
    public int channels() {
        return channels;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LaplacianPyramid[" + count + " x " + channels + " channels, levels");
        for (int l = 0; l < levels.length; l++) {
            s.append(l == 0 ? " " : ", ").append(heights[l]).append('x').append(widths[l]);
        }
        return s.append(']').toString();
    }

    /** One filtered value of a padded line: the five taps centred on {@code line[centre + 2]}. */
    private static float filter5(float[] line, int centre) {
        return TAPS[0] * line[centre] + TAPS[1] * line[centre + 1] + TAPS[2] * line[centre + 2]
                + TAPS[3] * line[centre + 3] + TAPS[4] * line[centre + 4];
    }

    /** Copies {@code n} values into {@code line[2 .. n+1]} with two reflected (101) values each side. */
    private static void reflect101(float[] src, int from, int n, float[] line) {
        System.arraycopy(src, from, line, 2, n);
        line[0] = src[from + 2];
        line[1] = src[from + 1];
        line[n + 2] = src[from + n - 2];
        line[n + 3] = src[from + n - 3];
    }

    /** The index of the reflected (101) position {@code i} on an axis of {@code n}, for |overshoot| <= 2. */
    private static int reflectIndex(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }

    /**
     * Copies {@code n} values into {@code line[1 .. n]} with what the mirror of the zero-stuffed line
     * puts next to them: {@code x[1]} on the left, {@code x[n-1]} again on the right.
     */
    private static void zeroStuffedMirror(float[] src, int from, int n, float[] line) {
        System.arraycopy(src, from, line, 1, n);
        line[0] = src[from + 1];
        line[n + 1] = src[from + n - 1];
    }

    /** Writes the {@code 2 n} upsampled values of a padded line into {@code out[at ..]}. */
    private static void upsample(float[] line, int n, float[] out, int at) {
        for (int j = 0; j < n; j++) {
            out[at + 2 * j] = 2 * (TAPS[0] * line[j] + TAPS[2] * line[j + 1] + TAPS[4] * line[j + 2]);
            out[at + 2 * j + 1] = 2 * (TAPS[1] * line[j + 1] + TAPS[3] * line[j + 2]);
        }
    }

    private static void requireShape(float[] images, int count, int channels, int height, int width) {
        requireSide("height", height);
        requireSide("width", width);
        requireArray(images, count, channels, height, width);
    }

    private static void requireSide(String what, int side) {
        if (side < MIN_SIZE || Integer.bitCount(side) != 1) {
            throw new IllegalArgumentException("Laplacian pyramid: image " + what + " must be a power of two of at "
                    + "least " + MIN_SIZE + ", got " + side);
        }
    }

    private static void requireArray(float[] images, int count, int channels, int height, int width) {
        Objects.requireNonNull(images, "images");
        if (count < 1 || channels < 1) {
            throw new IllegalArgumentException("Laplacian pyramid: need at least one image and one channel, got "
                    + count + " images of " + channels + " channels");
        }
        long expected = (long) count * channels * height * width;
        if (images.length != expected) {
            throw new IllegalArgumentException("Laplacian pyramid: " + images.length + " values for " + count + " x "
                    + channels + " x " + height + " x " + width + " = " + expected);
        }
    }
}
