package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganworkbench.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

class MsSsimTest {

    /**
     * A deterministic pair of (c, h, w) images in [-1, 1], pixel (ch, y, x):
     * {@code a = 0.8 sin(0.31x + 0.17y + 0.7ch) cos(0.11(x - y))},
     * {@code b = 0.7a + 0.2 sin(1.1x - 0.9y) + 0.1 cos(0.23xy / (1 + ch))}, both in double, then
     * rounded to float.
     */
    private static float[][] formulaPair(int c, int h, int w) {
        float[] a = new float[c * h * w];
        float[] b = new float[c * h * w];
        int i = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double va = 0.8 * Math.sin(0.31 * x + 0.17 * y + 0.7 * ch) * Math.cos(0.11 * (x - y));
                    double vb = 0.7 * va + 0.2 * Math.sin(1.1 * x - 0.9 * y) + 0.1 * Math.cos(0.23 * x * y / (1 + ch));
                    a[i] = (float) va;
                    b[i] = (float) vb;
                    i++;
                }
            }
        }
        return new float[][] {a, b};
    }

    private static float[] noise(int size, double amplitude, Random rng) {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) (amplitude * (2 * rng.nextDouble() - 1));
        }
        return out;
    }

    /** {@code base + noise}, clamped to [-1, 1]. */
    private static float[] perturbed(float[] base, double amplitude, long seed) {
        float[] n = noise(base.length, amplitude, new Random(seed));
        float[] out = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, base[i] + n[i]));
        }
        return out;
    }

    private static ImageSet set(int c, int h, int w, float[]... images) {
        float[] all = new float[images.length * c * h * w];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, all, i * c * h * w, c * h * w);
        }
        return new ImageSet("test", c, h, w, all, null, null);
    }

    @Test
    void scalesAt32x32HaveWindows11_11_8_4_2AndTheThreeCoarsestOnePositionEach() {
        var scales = MsSsim.scales(32);
        assertEquals(List.of(32, 16, 8, 4, 2), scales.stream().map(MsSsim.Scale::side).toList());
        assertEquals(List.of(11, 11, 8, 4, 2), scales.stream().map(MsSsim.Scale::window).toList());
        assertEquals(List.of(22, 6, 1, 1, 1), scales.stream().map(MsSsim.Scale::positions).toList());
        assertEquals(MsSsim.weights(), scales.stream().map(MsSsim.Scale::weight).toList());
        assertEquals(List.of(11, 11, 11, 11, 11), MsSsim.scales(256).stream().map(MsSsim.Scale::window).toList());
        assertThrows(IllegalArgumentException.class, () -> MsSsim.scales(28));
    }

    @Test
    void identicalImagesScoreOne() {
        Random rng = new Random(1);
        float[] gray = noise(32 * 32, 1, rng);
        float[] rgb = noise(3 * 64 * 48, 1, rng);
        float[] smooth = formulaPair(1, 16, 16)[0];
        assertEquals(1.0, MsSsim.between(gray, gray.clone(), 1, 32, 32), 1e-6);
        assertEquals(1.0, MsSsim.between(rgb, rgb.clone(), 3, 64, 48), 1e-6);
        assertEquals(1.0, MsSsim.between(smooth, smooth.clone(), 1, 16, 16), 1e-6);
    }

    /*
     * Reference values: the official PGGAN metrics/ms_ssim.py (tkarras/progressive_growing_of_gans,
     * HEAD 2504c3f) run on the formulaPair images with numpy 2.4 / scipy 1.17, each image passed as
     * (1, H, W, C) = v.astype(float64) * 127.5 + 127.5:
     *   msssim(a, b)                      -> OFFICIAL (the code casts to float32 first)
     *   the same file with np.float32 replaced by np.float64
     *                                     -> FLOAT64 (the precision computed here)
     * and msssim(a, -a) -> 0.0 for all three shapes. Per-scale (ssim, cs) of the 1x32x32 pair in
     * float64: (0.6464, 0.6547), (0.8838, 0.8858), (0.9359, 0.9368), (0.9376, 0.9377), (0.9726, 0.9726),
     * windows 11, 11, 8, 4, 2.
     */
    private static void assertMatchesOfficial(int c, int h, int w, double official, double float64) {
        float[][] p = formulaPair(c, h, w);
        double v = MsSsim.between(p[0], p[1], c, h, w);
        assertEquals(float64, v, 1e-9, c + "x" + h + "x" + w + " vs the official code in float64");
        assertEquals(official, v, 2e-6, c + "x" + h + "x" + w + " vs the official code in float32");
    }

    @Test
    void matchesTheOfficialCodeOnGrayscale32() {
        assertMatchesOfficial(1, 32, 32, 0.9120169523, 0.912016716229);
    }

    @Test
    void matchesTheOfficialCodeOnRgb32() {
        assertMatchesOfficial(3, 32, 32, 0.9101721740, 0.910172586307);
    }

    @Test
    void matchesTheOfficialCodeOnANonSquareImageWhoseWindowShrinksToOnePixel() {
        // scales 16x48, 8x24, 4x12, 2x6, 1x3: windows 11, 8, 4, 2, 1
        assertMatchesOfficial(1, 16, 48, 0.8952353979, 0.895235880848);
    }

    @Test
    void negativeScalesAreClippedToZero() {
        // a and -a: negative covariance at every scale, so cs < 0, clipped to 0 (not NaN), as PGGAN does
        float[] a = formulaPair(1, 32, 32)[0];
        float[] minusA = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            minusA[i] = -a[i];
        }
        assertEquals(0.0, MsSsim.between(a, minusA, 1, 32, 32));
    }

    @Test
    void aMoreDifferentPairScoresLower() {
        // pixel noise is what MS-SSIM forgives most (the coarse scales weigh most and average it out),
        // so even +-0.5 keeps the score near 0.94; the order must still follow the amplitude
        float[] a = formulaPair(1, 32, 32)[0];
        double slight = MsSsim.between(a, perturbed(a, 0.05, 2), 1, 32, 32);
        double medium = MsSsim.between(a, perturbed(a, 0.2, 3), 1, 32, 32);
        double strong = MsSsim.between(a, perturbed(a, 0.5, 4), 1, 32, 32);
        assertTrue(slight < 1, "slightly perturbed: " + slight);
        assertTrue(medium < slight && strong < medium - 0.01,
                "perturbed by 0.05: " + slight + ", 0.2: " + medium + ", 0.5: " + strong);
        assertTrue(strong > 0.5, "strongly perturbed: " + strong);
    }

    @Test
    void isSymmetric() {
        float[][] p = formulaPair(3, 32, 32);
        assertEquals(MsSsim.between(p[0], p[1], 3, 32, 32), MsSsim.between(p[1], p[0], 3, 32, 32));
        float[] a = formulaPair(1, 32, 32)[0];
        float[] b = perturbed(a, 0.3, 4);
        assertEquals(MsSsim.between(a, b, 1, 32, 32), MsSsim.between(b, a, 1, 32, 32));
    }

    @Test
    void aSetOfIdenticalImagesScoresOneAndNoiseScoresLow() {
        // independent uniform noise: most pairs have a negative scale and score 0 (the official code on
        // 1000 such pairs: mean 0.054, 76% zeros)
        float[] a = formulaPair(1, 32, 32)[0];
        float[][] same = new float[200][];
        float[][] noise = new float[200][];
        Random rng = new Random(5);
        for (int i = 0; i < same.length; i++) {
            same[i] = a;
            noise[i] = noise(32 * 32, 1, rng);
        }
        MetricResult r = new MsSsim(200).compute(set(1, 32, 32, noise), set(1, 32, 32, same));
        assertEquals("msssim_200", r.metric());
        assertEquals(1.0, r.value(), 1e-6);
        assertEquals(1.0, r.value("msssim"), 1e-6);
        assertEquals(0.0, r.value("msssim_std"), 1e-6);
        assertTrue(r.value("msssim_real") < 0.15, "noise: " + r.value("msssim_real"));
        assertTrue(r.value("msssim_real_std") > 0, "noise: " + r.value("msssim_real_std"));
        assertEquals(List.of("msssim", "msssim_std", "msssim_real", "msssim_real_std"),
                List.copyOf(r.values().keySet()));
        assertEquals(100, r.protocol().get("pairs"));
        assertEquals(200, r.protocol().get("n_real"));
        assertEquals(List.of(0.0448, 0.2856, 0.3001, 0.2363, 0.1333), r.protocol().get("weights"));
        assertEquals(11, r.protocol().get("window"));
        assertEquals(1.5, r.protocol().get("sigma"));
        assertEquals(255.0, r.protocol().get("dynamic_range"));
        assertEquals(List.of(1, 32, 32), r.protocol().get("image_shape"));
    }

    @Test
    void pairsAreConsecutiveAndOnlyTheFirstCountImagesCount() {
        float[][] p = formulaPair(1, 32, 32);
        float[] c = perturbed(p[0], 0.5, 6);
        // (A, A), (B, B), (C, C), then a pair that differs: msssim_6 sees identical pairs only; any other
        // pairing, or a seventh and eighth image, would lower the mean
        ImageSet images = set(1, 32, 32, p[0], p[0], p[1], p[1], c, c, p[0], c);
        MetricResult six = new MsSsim(6).compute(null, images);
        assertEquals(1.0, six.value(), 1e-6);
        assertFalse(six.values().containsKey("msssim_real"));
        MetricResult eight = new MsSsim(8).compute(null, images);
        double last = MsSsim.between(p[0], c, 1, 32, 32);
        assertEquals((3 + last) / 4, eight.value(), 1e-12);
        assertTrue(eight.value() < 0.99);
        double std = Stats.std(new double[] {1, 1, 1, last});
        assertEquals(std, eight.value("msssim_std"), 1e-12);
    }

    @Test
    void isRegisteredByName() {
        ImageMetric m = MetricRegistry.pixels("msssim_10k");
        assertInstanceOf(MsSsim.class, m);
        assertEquals("msssim_10k", m.name());
        assertEquals(10_000, m.sampleCount());
        assertEquals("msssim_2500", MetricRegistry.pixels("msssim_2500").name());
        assertTrue(MetricRegistry.pixelKinds().contains("msssim"));
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> MetricRegistry.pixels("msssim_7"));
        assertTrue(odd.getMessage().contains("even") && odd.getMessage().contains("msssim_6"), odd.getMessage());
    }

    @Test
    void refusesTooFewImages() {
        float[] a = formulaPair(1, 32, 32)[0];
        ImageSet four = set(1, 32, 32, a, a, a, a);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MsSsim(10).compute(null, four));
        assertTrue(e.getMessage().contains("msssim_10 takes 10 generated images, got 4"), e.getMessage());
        ImageSet twelve = set(1, 32, 32, a, a, a, a, a, a, a, a, a, a, a, a);
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> new MsSsim(10).compute(four, twelve));
        assertTrue(r.getMessage().contains("10 real images, got 4"), r.getMessage());
    }

    @Test
    void refusesMismatchedShapes() {
        float[][] gray = formulaPair(1, 32, 32);
        float[][] rgb = formulaPair(3, 32, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MsSsim(2).compute(set(1, 32, 32, gray), set(3, 32, 32, rgb)));
        assertTrue(e.getMessage().contains("msssim_2: real images are (1, 32, 32), generated ones (3, 32, 32)"),
                e.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> MsSsim.between(gray[0], rgb[0], 1, 32, 32));
        assertTrue(lengths.getMessage().contains("1024 values, got 1024 and 3072"), lengths.getMessage());
    }

    @Test
    void refusesImagesTooSmallOrNotHalvableFourTimes() {
        float[] small = new float[8 * 8];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MsSsim.between(small, small, 1, 8, 8));
        assertTrue(e.getMessage().contains("8 x 8") && e.getMessage().contains("multiples of 16"), e.getMessage());
        // Fashion-MNIST unpadded: the official code fails too (7 x 7 cannot be halved)
        float[] fmnist = new float[28 * 28];
        ImageSet set = set(1, 28, 28, fmnist, fmnist);
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> new MsSsim(2).compute(null, set));
        assertTrue(f.getMessage().startsWith("msssim_2: generated images are 28 x 28"), f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MsSsim.between(new float[16 * 24], new float[16 * 24],
                1, 16, 24));
    }
}
