package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;
import org.junit.jupiter.api.Test;

class SlicedWassersteinTest {

    @Test
    void namesParseToTheMetric() {
        ImageMetric m = MetricRegistry.pixels("swd_8192");
        assertInstanceOf(SlicedWasserstein.class, m);
        assertEquals("swd_8192", m.name());
        assertEquals(8192, m.sampleCount());
        assertEquals(SlicedWasserstein.DEFAULT_SEED, ((SlicedWasserstein) m).seed());
        assertEquals(16_000, MetricRegistry.pixels("swd_16k").sampleCount());
        assertEquals("swd_16384", new SlicedWasserstein(16384).name());
        assertEquals("swd_2k", MetricRegistry.nameOf(SlicedWasserstein.KIND, 2000).toString());
        assertTrue(MetricRegistry.pixelKinds().contains("swd"));
        assertEquals(7, new SlicedWasserstein(100, 7).seed());
        assertThrows(IllegalArgumentException.class, () -> MetricRegistry.pixels("swd_1"));
        assertThrows(IllegalArgumentException.class, () -> new SlicedWasserstein(1));
    }

    @Test
    void oneValuePerLevelAndTheirMeanFirst() {
        int[][] cases = {{64, 3}, {32, 2}, {16, 1}};
        for (int[] c : cases) {
            int size = c[0];
            MetricResult r = new SlicedWasserstein(8).compute(Shapes.generate(8, size, 1), Shapes.generate(8, size, 2));
            List<String> expected = new ArrayList<>(List.of("swd"));
            for (int l = 0; l < c[1]; l++) {
                expected.add("swd_" + (size >> l));
            }
            assertEquals(expected, List.copyOf(r.values().keySet()), "size " + size);
            double mean = 0;
            for (int l = 0; l < c[1]; l++) {
                double v = r.value("swd_" + (size >> l));
                assertTrue(v > 0 && Double.isFinite(v), r.summary());
                mean += v / c[1];
            }
            assertEquals(mean, r.value(), 1e-9 * mean);
            assertEquals("swd_8", r.metric());
            assertEquals(8, r.protocol().get("n_real"));
            assertEquals(List.of(3, size, size), r.protocol().get("image_shape"));
            assertEquals(128, r.protocol().get("nhoods_per_image"));
            assertEquals(4, r.protocol().get("dir_repeats"));
            assertEquals(128, r.protocol().get("dirs_per_repeat"));
            assertTrue(r.seconds() > 0);
        }
    }

    @Test
    void aSeedGivesTheSameValues() {
        ImageSet a = Shapes.generate(16, 32, 1);
        ImageSet b = Shapes.generate(16, 32, 2);
        MetricResult first = new SlicedWasserstein(16, 5).compute(a, b);
        MetricResult again = new SlicedWasserstein(16, 5).compute(a, b);
        assertEquals(first.values(), again.values());
        MetricResult other = new SlicedWasserstein(16, 6).compute(a, b);
        assertNotEquals(first.value(), other.value());
        // another draw of neighbourhoods and directions measures the same thing
        assertEquals(first.value(), other.value(), 0.3 * first.value());
    }

    @Test
    void matchesAPlainTranscriptionOfTheOfficialAlgorithm() {
        ImageSet a = Shapes.generate(8, 32, 3);
        ImageSet b = blur(Shapes.generate(8, 32, 4));
        MetricResult fast = new SlicedWasserstein(8, 11).compute(a, b);
        double[] reference = reference(a, b, 11);
        assertEquals(reference[0], fast.value("swd_32"), 1e-4 * reference[0]);
        assertEquals(reference[1], fast.value("swd_16"), 1e-4 * reference[1]);

        ImageSet greyA = grey(Shapes.generate(8, 16, 5));
        ImageSet greyB = grey(Shapes.generate(8, 16, 6));
        double[] greyReference = reference(tile(greyA), tile(greyB), 12);
        assertEquals(greyReference[0], new SlicedWasserstein(8, 12).compute(greyA, greyB).value(),
                1e-4 * greyReference[0]);
    }

    @Test
    void greyImagesScoreAsTheOfficialCodeScoresThemTiledToRgb() {
        ImageSet a = grey(Shapes.generate(16, 32, 1));
        ImageSet b = grey(blur(Shapes.generate(16, 32, 2)));
        assertEquals(1, a.channels());
        MetricResult g = new SlicedWasserstein(16, 3).compute(a, b);
        MetricResult rgb = new SlicedWasserstein(16, 3).compute(tile(a), tile(b));
        for (String name : g.values().keySet()) {
            assertEquals(rgb.value(name), g.value(name), 1e-4 * rgb.value(name), name);
        }
    }

    @Test
    void aSetAgainstItselfScoresOnlyTheSamplingNoise() {
        // as in the official code each set gets its own neighbourhoods, so this is not exactly 0:
        // it is the noise floor, and it shrinks as 1 / sqrt(descriptors)
        ImageSet many = Shapes.generate(256, 16, 1);
        double self64 = new SlicedWasserstein(64).compute(many.head(64), many.head(64)).value();
        double self256 = new SlicedWasserstein(256).compute(many, many).value();
        double blurred = new SlicedWasserstein(256).compute(many, blur(many)).value();
        assertTrue(self256 > 0, "own neighbourhoods per set");
        double ratio = self64 / self256;
        assertTrue(ratio > 1.5 && ratio < 2.7, "4 x the descriptors, about half the floor: " + self64 + " -> "
                + self256);
        assertTrue(self256 < blurred / 3, "floor " + self256 + ", blurred " + blurred);
    }

    @Test
    void anotherDrawScoresLowAndABlurredOneClearlyHigher() {
        ImageSet real = Shapes.generate(128, 32, 1);
        ImageSet again = Shapes.generate(128, 32, 2);
        SlicedWasserstein swd = new SlicedWasserstein(128);
        MetricResult same = swd.compute(real, again);
        MetricResult blurred = swd.compute(real, blur(again));
        MetricResult noisy = swd.compute(real, noisy(again, 0.1f, 9));
        // blur and noise change the fine band; the draws differ there by sampling noise only
        assertTrue(blurred.value("swd_32") > 2 * same.value("swd_32"), same.summary() + " / " + blurred.summary());
        assertTrue(noisy.value("swd_32") > 2 * same.value("swd_32"), same.summary() + " / " + noisy.summary());
        assertTrue(blurred.value() > same.value(), same.summary() + " / " + blurred.summary());
        assertTrue(noisy.value() > same.value(), same.summary() + " / " + noisy.summary());
    }

    @Test
    void eachSetIsNormalizedByItsOwnMeanAndSpread() {
        // per set, as the official finalize_descriptors: a global brightness shift or contrast change
        // (on the 8-bit grid, so no rounding differs) changes nothing; normalizing over both sets
        // together would see it
        ImageSet base = toGrid(Shapes.generate(32, 16, 1), 1, 0);
        ImageSet brighter = toGrid(Shapes.generate(32, 16, 1), 1, 100);
        ImageSet contrast = toGrid(Shapes.generate(32, 16, 1), 2, 0);
        ImageSet real = Shapes.generate(32, 16, 2);
        SlicedWasserstein swd = new SlicedWasserstein(32, 4);
        double reference = swd.compute(real, base).value();
        assertEquals(reference, swd.compute(real, brighter).value(), 1e-4 * reference);
        assertEquals(reference, swd.compute(real, contrast).value(), 1e-6 * reference);
        double self = swd.compute(base, base).value();
        assertEquals(self, swd.compute(base, brighter).value(), 1e-4 * self);
    }

    @Test
    void badInputsAreRefusedClearly() {
        SlicedWasserstein swd = new SlicedWasserstein(4);
        ImageSet rgb = Shapes.generate(4, 16, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> swd.compute(null, rgb));
        assertTrue(e.getMessage().contains("real"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> swd.compute(rgb, Shapes.generate(4, 32, 1)));
        assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> swd.compute(rgb, grey(rgb)));
        assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        ImageSet twoChannels = new ImageSet("two", 2, 16, 16, new float[4 * 2 * 16 * 16], null, null);
        e = assertThrows(IllegalArgumentException.class, () -> swd.compute(twoChannels, twoChannels));
        assertTrue(e.getMessage().contains("1 or 3 channels"), e.getMessage());
        ImageSet notAPower = new ImageSet("24", 3, 24, 24, new float[4 * 3 * 24 * 24], null, null);
        e = assertThrows(IllegalArgumentException.class, () -> swd.compute(notAPower, notAPower));
        assertTrue(e.getMessage().contains("powers of two") && e.getMessage().contains("24 x 24"), e.getMessage());
        ImageSet tooSmall = Shapes.generate(4, 8, 1);
        e = assertThrows(IllegalArgumentException.class, () -> swd.compute(tooSmall, tooSmall));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SlicedWasserstein(10).compute(rgb, rgb));
        assertTrue(e.getMessage().contains("swd_10 takes 10 real images, got 4") && e.getMessage().contains("swd_4"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SlicedWasserstein(4).compute(rgb, Shapes.generate(3, 16, 2)));
        assertTrue(e.getMessage().contains("generated"), e.getMessage());
    }

    @Test
    void moreImagesThanTheProtocolTakesUseTheFirstOnes() {
        ImageSet a = Shapes.generate(12, 16, 1);
        ImageSet b = Shapes.generate(12, 16, 2);
        SlicedWasserstein swd = new SlicedWasserstein(8);
        assertEquals(swd.compute(a.head(8), b.head(8)).values(), swd.compute(a, b).values());
    }

    @Test
    void theRadixSortSortsLikeArraysSort() {
        Random rng = new Random(1);
        for (int n : new int[] {1, 7, 1000, 100_000}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = switch (rng.nextInt(8)) {
                    case 0 -> -0f;
                    case 1 -> 0f;
                    case 2 -> rng.nextInt(5) - 2;
                    case 3 -> (float) (1e30 * rng.nextGaussian());
                    case 4 -> (float) (1e-30 * rng.nextGaussian());
                    case 5 -> rng.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                    default -> (float) rng.nextGaussian();
                };
            }
            float[] expected = x.clone();
            Arrays.sort(expected);
            FloatSort.sort(x, 0, n, new int[n], new int[n + 3]);
            assertArrayEquals(expected, x, 0f, "n = " + n);
        }
        // a range in the middle, the values around it untouched
        float[] x = {9, 8, 3, -1, 2, -0f, 7, 6};
        FloatSort.sort(x, 2, 4, new int[4], new int[4]);
        assertArrayEquals(new float[] {9, 8, -1, -0f, 2, 3, 7, 6}, x, 0f);
    }

    /**
     * The official algorithm written out plainly, in double, for sets in (N, 3, H, W): the same
     * draws as the metric (per level: the real set's columns, then rows, the generated set's, then
     * the 512 directions of 147 Gaussians), descriptors from the whole batch's pyramid, a full
     * normalization pass, and {@code Arrays.sort}.
     *
     * @return the per-level distances times 1000
     */
    private static double[] reference(ImageSet real, ImageSet fake, long seed) {
        int n = real.count();
        int h0 = real.height();
        int w0 = real.width();
        LaplacianPyramid pa = LaplacianPyramid.of(eightBit(real), n, 3, h0, w0);
        LaplacianPyramid pb = LaplacianPyramid.of(eightBit(fake), n, 3, h0, w0);
        Random rng = new Random(seed);
        double[] out = new double[pa.levels()];
        for (int l = 0; l < pa.levels(); l++) {
            int h = pa.height(l);
            int w = pa.width(l);
            int[][] posA = positions(rng, n * 128, h, w);
            int[][] posB = positions(rng, n * 128, h, w);
            double[][] dirs = new double[512][147];
            for (double[] d : dirs) {
                double norm = 0;
                for (int k = 0; k < 147; k++) {
                    d[k] = rng.nextGaussian();
                    norm += d[k] * d[k];
                }
                for (int k = 0; k < 147; k++) {
                    d[k] = (float) (d[k] / Math.sqrt(norm));
                }
            }
            double[][] da = normalized(gather(pa.level(l), n, h, w, posA));
            double[][] db = normalized(gather(pb.level(l), n, h, w, posB));
            double total = 0;
            for (double[] d : dirs) {
                double[] x = project(da, d);
                double[] y = project(db, d);
                Arrays.sort(x);
                Arrays.sort(y);
                for (int i = 0; i < x.length; i++) {
                    total += Math.abs(x[i] - y[i]) / x.length;
                }
            }
            out[l] = 1e3 * total / dirs.length;
        }
        return out;
    }

    private static int[][] positions(Random rng, int count, int h, int w) {
        int[][] xy = new int[2][count];
        for (int i = 0; i < count; i++) {
            xy[0][i] = 3 + rng.nextInt(w - 6);
        }
        for (int i = 0; i < count; i++) {
            xy[1][i] = 3 + rng.nextInt(h - 6);
        }
        return xy;
    }

    /** Descriptors (neighbourhood, channel * 49 + row * 7 + column). */
    private static double[][] gather(float[] level, int n, int h, int w, int[][] xy) {
        double[][] desc = new double[n * 128][147];
        for (int k = 0; k < n * 128; k++) {
            int img = k / 128;
            for (int c = 0; c < 3; c++) {
                for (int dy = 0; dy < 7; dy++) {
                    for (int dx = 0; dx < 7; dx++) {
                        desc[k][c * 49 + dy * 7 + dx] =
                                level[((img * 3 + c) * h + xy[1][k] - 3 + dy) * w + xy[0][k] - 3 + dx];
                    }
                }
            }
        }
        return desc;
    }

    private static double[][] normalized(double[][] desc) {
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sumSq = 0;
            for (double[] d : desc) {
                for (int k = c * 49; k < (c + 1) * 49; k++) {
                    sum += d[k];
                }
            }
            double mean = sum / (desc.length * 49.0);
            for (double[] d : desc) {
                for (int k = c * 49; k < (c + 1) * 49; k++) {
                    sumSq += (d[k] - mean) * (d[k] - mean);
                }
            }
            double std = Math.sqrt(sumSq / (desc.length * 49.0));
            for (double[] d : desc) {
                for (int k = c * 49; k < (c + 1) * 49; k++) {
                    d[k] = (d[k] - mean) / std;
                }
            }
        }
        return desc;
    }

    private static double[] project(double[][] desc, double[] dir) {
        double[] p = new double[desc.length];
        for (int i = 0; i < desc.length; i++) {
            for (int k = 0; k < dir.length; k++) {
                p[i] += desc[i][k] * dir[k];
            }
        }
        return p;
    }

    /** All pixels of a set as the 0..255 values the official code reads. */
    private static float[] eightBit(ImageSet s) {
        float[] x = s.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.rint((x[i] + 1) * 127.5);
        }
        return x;
    }

    /** A 3 x 3 box blur with clamped borders, per channel. */
    private static ImageSet blur(ImageSet s) {
        int h = s.height();
        int w = s.width();
        float[] x = s.toArray();
        float[] y = new float[x.length];
        for (int p = 0; p < x.length / (h * w); p++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    float sum = 0;
                    for (int di = -1; di <= 1; di++) {
                        for (int dj = -1; dj <= 1; dj++) {
                            int ii = Math.min(h - 1, Math.max(0, i + di));
                            int jj = Math.min(w - 1, Math.max(0, j + dj));
                            sum += x[p * h * w + ii * w + jj];
                        }
                    }
                    y[p * h * w + i * w + j] = sum / 9;
                }
            }
        }
        return new ImageSet(s.name() + "+blur", s.channels(), h, w, y, null, null);
    }

    /** Gaussian noise of standard deviation {@code sigma}, clipped to [-1, 1]. */
    private static ImageSet noisy(ImageSet s, float sigma, long seed) {
        Random rng = new Random(seed);
        float[] x = s.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-1f, Math.min(1f, x[i] + sigma * (float) rng.nextGaussian()));
        }
        return new ImageSet(s.name() + "+noise", s.channels(), s.height(), s.width(), x, null, null);
    }

    /** The 8-bit value v of each pixel as {@code (v / 2) * scale + shift} (on the grid, in range for these). */
    private static ImageSet toGrid(ImageSet s, int scale, int shift) {
        float[] x = s.toArray();
        for (int i = 0; i < x.length; i++) {
            int v = (int) Math.rint((x[i] + 1) * 127.5) / 2;
            x[i] = (v * scale + shift) / 127.5f - 1f;
        }
        return new ImageSet(s.name() + "*" + scale + "+" + shift, s.channels(), s.height(), s.width(), x, null, null);
    }

    /** The green channel alone, as a grey set. */
    private static ImageSet grey(ImageSet s) {
        int plane = s.height() * s.width();
        float[] x = s.toArray();
        float[] g = new float[s.count() * plane];
        for (int i = 0; i < s.count(); i++) {
            System.arraycopy(x, (3 * i + 1) * plane, g, i * plane, plane);
        }
        return new ImageSet(s.name() + "/green", 1, s.height(), s.width(), g, null, null);
    }

    /** A grey set tiled into three equal channels, as the official code feeds grey images. */
    private static ImageSet tile(ImageSet grey) {
        int plane = grey.height() * grey.width();
        float[] x = grey.toArray();
        float[] rgb = new float[3 * x.length];
        for (int i = 0; i < grey.count(); i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(x, i * plane, rgb, (3 * i + c) * plane, plane);
            }
        }
        return new ImageSet(grey.name() + "/rgb", 3, grey.height(), grey.width(), rgb, null, null);
    }
}
