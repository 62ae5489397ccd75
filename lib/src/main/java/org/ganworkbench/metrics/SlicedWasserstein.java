package org.ganworkbench.metrics;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.data.ImageSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The sliced Wasserstein distance between Laplacian-pyramid patches of real and generated images
 * ({@code swd_<count>}), the protocol of progressive GANs (Karras et al., 2018), following the
 * official {@code metrics/sliced_wasserstein.py} step by step:
 *
 * <ol>
 *   <li>Each image is put on the 8-bit grid the official code reads ({@code round((x + 1) * 127.5)},
 *       0..255, halves to even; real images loaded from PNG are there already, generated ones are
 *       rounded as the official code rounds its generator's output to {@code uint8}), and its
 *       {@link LaplacianPyramid} is built: full resolution down to 16 x 16.
 *   <li>Per level, {@value #NHOODS_PER_IMAGE} neighbourhoods of {@value #NHOOD_SIZE} x
 *       {@value #NHOOD_SIZE} pixels per image, each centre drawn uniformly and independently among
 *       the positions that keep the whole neighbourhood inside the level (column and row in
 *       {@code [3, side - 4]}, the official {@code randint(H, S - H)}); a descriptor is the
 *       neighbourhood's 7 x 7 x C values.
 *   <li>Each set's descriptors of a level are normalized per channel by their own mean and
 *       (population) standard deviation over all its descriptors and their 49 positions: per set, not
 *       over both sets (the official {@code finalize_descriptors} runs on the real and on the
 *       generated descriptors separately).
 *   <li>{@value #DIR_REPEATS} repeats of {@value #DIRS_PER_REPEAT} random directions: Gaussian
 *       components, normalized to unit length; both sets' descriptors are projected on each
 *       direction, the projections sorted, and the mean absolute difference of the sorted
 *       projections (the 1-D Wasserstein-1 distance) averaged over directions and repeats.
 *   <li>Times 1000, per level ({@code swd_64}, {@code swd_32}, {@code swd_16}, named by the level's
 *       height as the official {@code SWDx1e3_<res>}), and their mean ({@code swd}, the headline,
 *       the official {@code SWDx1e3_avg}).
 * </ol>
 *
 * <p>What follows from the protocol:
 *
 * <ul>
 *   <li>Two draws of images from the same distribution do not score 0, and neither does a set
 *       against itself: the two sets get their own neighbourhoods, as in the official code. That
 *       floor is the real-vs-real baseline; callers compute it by passing two disjoint draws of
 *       real images (the official {@code real_passes=2}) and read generated scores against it.
 *   <li>The per-set normalization makes the distance blind to a global per-channel shift or scale
 *       of the pixel values (a brighter or higher-contrast generator scores like the original); it
 *       sees local structure: blur, noise, texture, edges.
 *   <li>The pixel range does not matter ([-1, 1] or [0, 255] normalize alike), but the 8-bit
 *       rounding does, slightly, which is why it is applied.
 * </ul>
 *
 * <p>Grey images are scored as the official code scores them: it tiles a grey channel into RGB.
 * Rather than tripling the work, each direction's three channel parts are summed into one
 * 49-component direction, which gives the same projections.
 *
 * <p>Differences from the official code that do not change what is measured: the random stream is
 * Java's ({@link Random} of the seed) rather than numpy's global one, so the numbers differ from
 * the official code's by the sampling noise only; descriptor components are ordered (channel, row,
 * column) where the official code's gather gives (channel, column, row), a permutation that
 * directions drawn uniformly on the sphere cannot see; a channel whose descriptors are all equal
 * (std 0) is left at 0 instead of becoming NaN. The same seed draws the same real neighbourhoods in
 * every call, so several generated sets are compared against the same real descriptors, as the
 * official code caches them.
 *
 * <p>The official evaluation script measures {@code swd} on 16384 images ({@code swd_16384},
 * 2^21 descriptors per level); {@code swd_8192} halves the cost. The cost is dominated by the
 * projections (2 x 128 N x 7 x 7 x C x 512 multiply-adds per level) and the sorts (1024 sorts of
 * 128 N values per level). Descriptors are extracted in parallel over images; projections and sorts
 * run in parallel over blocks of directions, on primitive float arrays laid out component after
 * component, in chunks that the projection loops vectorize over. Memory, besides the images: the
 * descriptors of both sets, {@code 2 x 128 N x 49 C} floats (1.2 GB for 8192 RGB images), reused
 * level after level, plus per worker thread {@code 2 x 16 x 128 N} floats of projections (128 MB);
 * at most 114,125 RGB images (the descriptors of a set are one array).
 */
public final class SlicedWasserstein extends SampledProtocol implements ImageMetric {

    /** The kind, first part of the name. */
    public static final String KIND = "swd";

    /** Seed of the neighbourhood positions and directions when none is given. */
    public static final long DEFAULT_SEED = 0;

    /** Side of a neighbourhood (the official {@code nhood_size}). */
    public static final int NHOOD_SIZE = 7;

    /** Neighbourhoods per image and level (the official {@code nhoods_per_image}). */
    public static final int NHOODS_PER_IMAGE = 128;

    /** Repeats of the direction draw (the official {@code dir_repeats}). */
    public static final int DIR_REPEATS = 4;

    /** Directions per repeat (the official {@code dirs_per_repeat}). */
    public static final int DIRS_PER_REPEAT = 128;

    /** The official code works on RGB; grey images are scored as if tiled to these channels. */
    private static final int OFFICIAL_CHANNELS = 3;

    /** Values per channel of a descriptor. */
    private static final int PATCH = NHOOD_SIZE * NHOOD_SIZE;

    /** Directions per task of the projection step; a multiple of 4, the directions one loop feeds. */
    private static final int BLOCK = 16;

    /** Descriptors per pass of the projection loop: a few hundred KB of descriptor values stay in cache. */
    private static final int CHUNK = 1024;

    private final long seed;

    /**
     * The protocol for {@code count} images per set, default seed.
     *
     * @param count real and generated images, at least 2
     */
    public SlicedWasserstein(int count) {
        this(count, DEFAULT_SEED);
    }

    /**
     * The protocol with an explicit seed.
     *
     * @param count real and generated images, at least 2
     * @param seed seed of the neighbourhood positions and the directions
     */
    public SlicedWasserstein(int count, long seed) {
        super(KIND, count);
        this.seed = seed;
    }

    /**
     * Seed of the neighbourhood positions and the directions.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Computes the distance between the first {@link #sampleCount()} images of each set.
     *
     * @param real real images: 1 or 3 channels, height and width powers of two of at least 16
     * @param generated generated images of the same shape
     * @return {@code swd} (mean over levels) first, then {@code swd_<height>} per level from the
     *     full resolution down; all times 1000
     * @throws IllegalArgumentException if a set is missing or too small, the shapes differ, or the
     *     shape is not allowed
     */
    @Override
    public MetricResult compute(ImageSet real, ImageSet generated) {
        long start = System.nanoTime();
        if (real == null || generated == null) {
            throw new IllegalArgumentException(name() + " compares generated with real images; the "
                    + (real == null ? "real" : "generated") + " set is missing");
        }
        ImageSet a = protocolImages(real, "real");
        ImageSet b = protocolImages(generated, "generated");
        requireShape(a, b);
        int channels = a.channels();
        int height = a.height();
        int width = a.width();
        int levels = LaplacianPyramid.levelCount(height, width);
        int n = sampleCount() * NHOODS_PER_IMAGE;
        int dim = channels * PATCH;
        Random rng = new Random(seed);
        float[] realDesc = new float[dim * n];
        float[] fakeDesc = new float[dim * n];
        double[] perLevel = new double[levels];
        Thread caller = Thread.currentThread();   // the worker threads stop when it is interrupted
        for (int l = 0; l < levels; l++) {
            String what = name() + " at " + (height >> l) + " x " + (width >> l);
            int h = height >> l;
            int w = width >> l;
            int[] realCentres = centres(rng, n, h, w);
            int[] fakeCentres = centres(rng, n, h, w);
            float[][] dirs = directions(rng, channels);
            descriptors(a, l, realCentres, realDesc, caller);
            Interrupted.check(what);
            normalize(realDesc, n, channels);
            descriptors(b, l, fakeCentres, fakeDesc, caller);
            Interrupted.check(what);
            normalize(fakeDesc, n, channels);
            perLevel[l] = 1e3 * distance(realDesc, fakeDesc, n, dirs, caller);
            Interrupted.check(what);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        double mean = 0;
        for (double d : perLevel) {
            mean += d / levels;
        }
        values.put(KIND, mean);
        List<Integer> resolutions = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            values.put(KIND + "_" + (height >> l), perLevel[l]);
            resolutions.add(height >> l);
        }
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_real", a.count());
        protocol.put("n_generated", b.count());
        protocol.put("image_shape", List.of(channels, height, width));
        protocol.put("resolutions", resolutions);
        protocol.put("nhood_size", NHOOD_SIZE);
        protocol.put("nhoods_per_image", NHOODS_PER_IMAGE);
        protocol.put("dir_repeats", DIR_REPEATS);
        protocol.put("dirs_per_repeat", DIRS_PER_REPEAT);
        protocol.put("normalization", "per set, per channel");
        protocol.put("pixels", "8-bit");
        protocol.put("seed", seed);
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    private void requireShape(ImageSet a, ImageSet b) {
        if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException(name() + ": real images are (" + a.channels() + ", " + a.height()
                    + ", " + a.width() + "), generated ones (" + b.channels() + ", " + b.height() + ", " + b.width()
                    + "); they must have the same shape");
        }
        checkShape(a.channels(), a.height(), a.width());
    }

    @Override
    public void checkShape(int channels, int height, int width) {
        if (channels != 1 && channels != OFFICIAL_CHANNELS) {
            throw new IllegalArgumentException(name() + " takes 1 or 3 channels, got " + channels);
        }
        long values = (long) channels * PATCH * NHOODS_PER_IMAGE * sampleCount();
        if (values > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": the descriptors of " + sampleCount() + " images of " + channels
                    + " channels do not fit one array; use at most "
                    + Integer.MAX_VALUE / ((long) channels * PATCH * NHOODS_PER_IMAGE) + " images");
        }
        for (int side : new int[] {height, width}) {
            if (side < LaplacianPyramid.MIN_SIZE || Integer.bitCount(side) != 1) {
                throw new IllegalArgumentException(name() + " takes images whose height and width are powers of two "
                        + "of at least " + LaplacianPyramid.MIN_SIZE + ", got " + height + " x " + width);
            }
        }
    }

    /**
     * Neighbourhood centres, {@code n} draws of a column then {@code n} of a row, each uniform
     * among the positions that keep the neighbourhood inside an {@code h x w} level.
     *
     * @return {@code 2 n} values: columns, then rows
     */
    private static int[] centres(Random rng, int n, int h, int w) {
        int half = NHOOD_SIZE / 2;
        int[] xy = new int[2 * n];
        for (int i = 0; i < n; i++) {
            xy[i] = half + rng.nextInt(w - 2 * half);
        }
        for (int i = 0; i < n; i++) {
            xy[n + i] = half + rng.nextInt(h - 2 * half);
        }
        return xy;
    }

    /**
     * The directions of all repeats: {@value #DIR_REPEATS} x {@value #DIRS_PER_REPEAT} unit vectors
     * of 7 x 7 x 3 Gaussian components (normalized in double, then rounded to float as the
     * official code does); for grey images each one's three channel parts are summed.
     *
     * @return one array of {@code 49 channels} components per direction
     */
    private static float[][] directions(Random rng, int channels) {
        int dim = OFFICIAL_CHANNELS * PATCH;
        float[][] dirs = new float[DIR_REPEATS * DIRS_PER_REPEAT][channels * PATCH];
        double[] v = new double[dim];
        for (float[] dir : dirs) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                v[d] = rng.nextGaussian();
                norm += v[d] * v[d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < dim; d++) {
                dir[d % dir.length] += (float) (v[d] / norm);
            }
        }
        return dirs;
    }

    /**
     * Writes the descriptors of one pyramid level of every image into {@code desc}, component after
     * component (channel, row, column of the neighbourhood), {@code n} values each: component
     * {@code d} of descriptor {@code i * 128 + k}, neighbourhood {@code k} of image {@code i}, is at
     * {@code d * n + i * 128 + k}. Parallel over images; stops early (leaving {@code desc} partly
     * written) when {@code caller} is interrupted.
     */
    private static void descriptors(ImageSet images, int level, int[] centres, float[] desc, Thread caller) {
        int channels = images.channels();
        int height = images.height();
        int width = images.width();
        int n = centres.length / 2;
        int h = height >> level;
        int w = width >> level;
        int half = NHOOD_SIZE / 2;
        IntStream.range(0, images.count()).parallel().forEach(i -> {
            if (caller.isInterrupted()) {
                return;
            }
            float[] img = images.image(i);
            for (int p = 0; p < img.length; p++) {
                img[p] = (float) Math.rint((img[p] + 1f) * 127.5f);
            }
            float[] lev = LaplacianPyramid.of(img, 1, channels, height, width).level(level);
            int first = i * NHOODS_PER_IMAGE;
            for (int c = 0; c < channels; c++) {
                for (int dy = 0; dy < NHOOD_SIZE; dy++) {
                    for (int dx = 0; dx < NHOOD_SIZE; dx++) {
                        int row = ((c * NHOOD_SIZE + dy) * NHOOD_SIZE + dx) * n;
                        for (int k = first; k < first + NHOODS_PER_IMAGE; k++) {
                            int y = centres[n + k] - half + dy;
                            int x = centres[k] - half + dx;
                            desc[row + k] = lev[(c * h + y) * w + x];
                        }
                    }
                }
            }
        });
    }

    /**
     * Normalizes descriptors in place, per channel: minus the mean, divided by the population
     * standard deviation, both over all {@code n} descriptors and all 49 positions of the channel
     * (a channel with no spread is only centred).
     */
    private static void normalize(float[] desc, int n, int channels) {
        int dim = channels * PATCH;
        double[] sums = new double[dim];
        IntStream.range(0, dim).parallel().forEach(d -> {
            double s = 0;
            for (int k = d * n; k < (d + 1) * n; k++) {
                s += desc[k];
            }
            sums[d] = s;
        });
        double values = (double) PATCH * n;
        double[] means = new double[channels];
        for (int d = 0; d < dim; d++) {
            means[d / PATCH] += sums[d] / values;
        }
        IntStream.range(0, dim).parallel().forEach(d -> {
            double mean = means[d / PATCH];
            double s = 0;
            for (int k = d * n; k < (d + 1) * n; k++) {
                s += (desc[k] - mean) * (desc[k] - mean);
            }
            sums[d] = s;
        });
        double[] scales = new double[channels];
        for (int d = 0; d < dim; d++) {
            scales[d / PATCH] += sums[d] / values;
        }
        for (int c = 0; c < channels; c++) {
            double std = Math.sqrt(scales[c]);
            scales[c] = std > 0 ? 1 / std : 1;
        }
        IntStream.range(0, dim).parallel().forEach(d -> {
            float mean = (float) means[d / PATCH];
            float scale = (float) scales[d / PATCH];
            for (int k = d * n; k < (d + 1) * n; k++) {
                desc[k] = (desc[k] - mean) * scale;
            }
        });
    }

    /**
     * The sliced Wasserstein distance of two descriptor sets of {@code n} descriptors over all
     * directions: per direction the mean absolute difference of the sorted projections, averaged.
     * Directions go in blocks of {@value #BLOCK} to the worker threads; each block's sum is kept
     * apart and the sums are added in block order, so the result does not depend on the threads.
     * Stops early (with a meaningless result) when {@code caller} is interrupted.
     */
    private static double distance(float[] a, float[] b, int n, float[][] dirs, Thread caller) {
        int blocks = dirs.length / BLOCK;
        double[] sums = new double[blocks];
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(blocks, Runtime.getRuntime().availableProcessors());
        IntStream.range(0, workers).parallel().forEach(worker -> {
            int block = next.getAndIncrement();
            if (block >= blocks) {
                return; // the others took all the work before this one started
            }
            Projector projector = new Projector(dirs[0].length, n);
            float[] projA = new float[BLOCK * n];
            float[] projB = new float[BLOCK * n];
            int[] keys = new int[n];
            int[] spare = new int[n];
            for (; block < blocks && !caller.isInterrupted(); block = next.getAndIncrement()) {
                int first = block * BLOCK;
                projector.project(a, dirs, first, projA);
                projector.project(b, dirs, first, projB);
                double sum = 0;
                for (int k = 0; k < BLOCK; k++) {
                    FloatSort.sort(projA, k * n, n, keys, spare);
                    FloatSort.sort(projB, k * n, n, keys, spare);
                    sum += meanAbsoluteDifference(projA, projB, k * n, n);
                }
                sums[block] = sum;
            }
        });
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        return total / dirs.length;
    }

    /** The 1-D Wasserstein-1 distance of two sorted samples in {@code [from, from + n)}: mean |a_i - b_i|. */
    private static double meanAbsoluteDifference(float[] a, float[] b, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / n;
    }

    /**
     * Projects descriptors on blocks of {@value #BLOCK} directions, one worker thread's tool. The
     * descriptors go in chunks of {@value #CHUNK}: a chunk is copied into one small array per
     * component, then runs through all the block's directions while it is in cache. The innermost
     * loop runs over the chunk's descriptors, four directions at a time, reading and writing
     * separate arrays at the same index: the form the JIT compiler vectorizes (reading one large
     * array at a computed offset, it does not).
     */
    private static final class Projector {
        private final int n;
        private final float[][] rows;
        private final float[][] sums = new float[BLOCK][CHUNK];

        Projector(int dim, int n) {
            this.n = n;
            this.rows = new float[dim][CHUNK];
        }

        /** Writes the projections on directions {@code first .. first + 15} to {@code out[k * n ..]}. */
        void project(float[] desc, float[][] dirs, int first, float[] out) {
            for (int from = 0; from < n; from += CHUNK) {
                int len = Math.min(CHUNK, n - from);
                for (int d = 0; d < rows.length; d++) {
                    System.arraycopy(desc, d * n + from, rows[d], 0, len);
                }
                for (int k = 0; k < BLOCK; k += 4) {
                    project4(dirs[first + k], dirs[first + k + 1], dirs[first + k + 2], dirs[first + k + 3],
                            sums[k], sums[k + 1], sums[k + 2], sums[k + 3], len);
                }
                for (int k = 0; k < BLOCK; k++) {
                    System.arraycopy(sums[k], 0, out, k * n + from, len);
                }
            }
        }

        /** Projections of the chunk's first {@code len} descriptors on four directions. */
        private void project4(float[] d0, float[] d1, float[] d2, float[] d3, float[] p0, float[] p1, float[] p2,
                              float[] p3, int len) {
            for (int i = 0; i < len; i++) {
                p0[i] = 0;
                p1[i] = 0;
                p2[i] = 0;
                p3[i] = 0;
            }
            for (int c = 0; c < rows.length; c++) {
                float[] x = rows[c];
                float w0 = d0[c];
                float w1 = d1[c];
                float w2 = d2[c];
                float w3 = d3[c];
                for (int i = 0; i < len; i++) {
                    float v = x[i];
                    p0[i] += w0 * v;
                    p1[i] += w1 * v;
                    p2[i] += w2 * v;
                    p3[i] += w3 * v;
                }
            }
        }
    }

    @Override
    public String toString() {
        return name() + " (" + NHOODS_PER_IMAGE + " " + NHOOD_SIZE + "x" + NHOOD_SIZE + " neighbourhoods per image "
                + "and level, " + DIR_REPEATS + " x " + DIRS_PER_REPEAT + " directions, seed " + seed + ")";
    }
}
