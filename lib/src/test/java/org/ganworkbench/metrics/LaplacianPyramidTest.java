package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pyramid against the official code: the reference numbers come from the official
 * {@code pyr_down}, {@code pyr_up} and {@code generate_laplacian_pyramid} (scipy 1.17,
 * {@code scipy.ndimage.convolve(..., mode='mirror')}) run on the same inputs.
 */
class LaplacianPyramidTest {

    /** Four rows of six: digits of pi, so that rows, columns and borders all differ. */
    private static final float[] FOUR_BY_SIX = {
        3, 1, 4, 1, 5, 9,
        2, 6, 5, 3, 5, 8,
        9, 7, 9, 3, 2, 3,
        8, 4, 6, 2, 6, 4};

    @Test
    void pyrDownMatchesTheOfficialFilter() {
        // By hand, output (0, 0): rows 2, 1, 0, 1, 2 and columns 2, 1, 0, 1, 2 (mirror, no repeat).
        // Along the rows, column 0: row 0 (4 + 4 + 18 + 4 + 4) / 16 = 2.125, row 1 70 / 16 = 4.375,
        // row 2 128 / 16 = 8; down the column (8 + 17.5 + 12.75 + 17.5 + 8) / 16 = 3.984375.
        float[] down = LaplacianPyramid.pyrDown(FOUR_BY_SIX, 1, 1, 4, 6);
        assertArrayEquals(new float[] {
            3.984375f, 4.0390625f, 4.84375f,
            6.1640625f, 5.32421875f, 4.03125f}, down, 1e-6f);
    }

    @Test
    void pyrUpMatchesTheOfficialZeroStuffedFilter() {
        float[] up = LaplacianPyramid.pyrUp(new float[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8}, 1, 1, 3, 4);
        assertArrayEquals(new float[] {
            3.375f, 3.25f, 3.125f, 3.25f, 3.28125f, 2.875f, 2.40625f, 2.25f,
            4.25f, 4.5f, 4.625f, 4f, 3.3125f, 3.25f, 3.4375f, 3.5f,
            5.375f, 6f, 6.359375f, 4.9375f, 3.578125f, 4.125f, 5.25f, 5.625f,
            5.25f, 5.5f, 5.5625f, 4.75f, 4.25f, 5.25f, 6.5625f, 7f,
            4.6875f, 4.375f, 4.015625f, 4.1875f, 4.90625f, 6.1875f, 7.359375f, 7.75f,
            4.5f, 4f, 3.5f, 4f, 5.125f, 6.5f, 7.625f, 8f}, up, 1e-6f);
        // the asymmetric border: the last odd row and column repeat the last pixel
        assertEquals(8f, up[up.length - 1]);
    }

    @Test
    void pyramidOfA32x32ImageMatchesTheOfficialOne() {
        float[] image = new float[32 * 32];
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                image[i * 32 + j] = (i * i * 3 + j * 7 + i * j) % 256;
            }
        }
        LaplacianPyramid p = LaplacianPyramid.of(image, 1, 1, 32, 32);
        assertEquals(2, p.levels());
        float[] band = p.level(0);
        assertEquals(-69.313477, sum(band), 2e-3);
        assertEquals(4700789.4943, sumOfSquares(band), 0.5);
        assertEquals(-14.56640625f, band[0], 1e-4f);
        assertEquals(38.1328125f, band[31], 1e-4f);
        assertEquals(-89.1796875f, band[31 * 32], 1e-4f);
        assertEquals(79.609375f, band[32 * 32 - 1], 1e-4f);
        assertEquals(30.75f, band[5 * 32 + 9], 1e-4f);
        assertEquals(111.921875f, band[30 * 32 + 3], 1e-4f);
        float[] low = p.level(1);
        assertEquals(32386.390625, sum(low), 2e-3);
        assertEquals(4273621.6350, sumOfSquares(low), 0.5);
        assertEquals(8.8125f, low[0], 1e-4f);
        assertEquals(202.53125f, low[15], 1e-4f);
        assertEquals(155.40625f, low[15 * 16], 1e-4f);
        assertEquals(141.390625f, low[16 * 16 - 1], 1e-4f);
        assertEquals(106f, low[5 * 16 + 9], 1e-4f);
        assertEquals(115f, low[14 * 16 + 3], 1e-4f);
    }

    @Test
    void levelsGoDownTo16() {
        assertEquals(3, LaplacianPyramid.levelCount(64, 64));
        assertEquals(2, LaplacianPyramid.levelCount(32, 32));
        assertEquals(1, LaplacianPyramid.levelCount(16, 16));
        assertEquals(5, LaplacianPyramid.levelCount(256, 256));
        assertEquals(2, LaplacianPyramid.levelCount(128, 32));

        LaplacianPyramid p = LaplacianPyramid.of(random(2, 3, 64, 64, 1), 2, 3, 64, 64);
        assertEquals(3, p.levels());
        int[] sides = {64, 32, 16};
        for (int l = 0; l < 3; l++) {
            assertEquals(sides[l], p.height(l));
            assertEquals(sides[l], p.width(l));
            assertEquals(2 * 3 * sides[l] * sides[l], p.level(l).length);
        }
        LaplacianPyramid wide = LaplacianPyramid.of(random(1, 1, 32, 128, 2), 1, 1, 32, 128);
        assertEquals(2, wide.levels());
        assertEquals(16, wide.height(1));
        assertEquals(64, wide.width(1));
        assertEquals("LaplacianPyramid[1 x 1 channels, levels 32x128, 16x64]", wide.toString());
    }

    @Test
    void bandsAreDifferencesAndTheLastLevelIsTheLowPass() {
        float[] x = random(1, 3, 64, 64, 3);
        LaplacianPyramid p = LaplacianPyramid.of(x, 1, 3, 64, 64);
        float[] g1 = LaplacianPyramid.pyrDown(x, 1, 3, 64, 64);
        float[] g2 = LaplacianPyramid.pyrDown(g1, 1, 3, 32, 32);
        assertArrayEquals(g2, p.level(2), 0f);
        float[] up1 = LaplacianPyramid.pyrUp(g1, 1, 3, 32, 32);
        float[] band0 = p.level(0);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] - up1[i], band0[i], 1e-4f);
        }
    }

    @Test
    void reconstructionGivesTheImagesBack() {
        int[][] shapes = {{3, 3, 64, 64}, {2, 1, 32, 32}, {1, 3, 16, 16}, {2, 1, 64, 16}};
        for (int[] s : shapes) {
            float[] x = random(s[0], s[1], s[2], s[3], 4);
            float[] copy = x.clone();
            LaplacianPyramid p = LaplacianPyramid.of(x, s[0], s[1], s[2], s[3]);
            assertArrayEquals(copy, x, 0f, "the input is not modified");
            float[] back = p.reconstruct();
            assertEquals(x.length, back.length);
            double maxError = 0;
            for (int i = 0; i < x.length; i++) {
                maxError = Math.max(maxError, Math.abs(back[i] - x[i]));
            }
            assertTrue(maxError < 1e-3, "max error " + maxError + " on 0..255 pixels of " + p);
        }
    }

    @Test
    void constantImagesHaveZeroBands() {
        // the mirrored borders keep a constant constant, through pyrDown and pyrUp alike
        float[] x = new float[2 * 32 * 32];
        Arrays.fill(x, 100f);
        LaplacianPyramid p = LaplacianPyramid.of(x, 1, 2, 32, 32);
        for (float v : p.level(0)) {
            assertEquals(0f, v, 1e-4f);
        }
        for (float v : p.level(1)) {
            assertEquals(100f, v, 1e-4f);
        }
    }

    @Test
    void imagesAndChannelsStaySeparate() {
        float[] batch = random(3, 3, 32, 32, 5);
        LaplacianPyramid all = LaplacianPyramid.of(batch, 3, 3, 32, 32);
        int plane = 32 * 32;
        int planeLow = 16 * 16;
        for (int p = 0; p < 9; p++) {
            float[] one = Arrays.copyOfRange(batch, p * plane, (p + 1) * plane);
            LaplacianPyramid single = LaplacianPyramid.of(one, 1, 1, 32, 32);
            assertArrayEquals(single.level(0), Arrays.copyOfRange(all.level(0), p * plane, (p + 1) * plane),
                    0f);
            assertArrayEquals(single.level(1),
                    Arrays.copyOfRange(all.level(1), p * planeLow, (p + 1) * planeLow), 0f);
        }
    }

    @Test
    void levelsAreCopies() {
        LaplacianPyramid p = LaplacianPyramid.of(random(1, 1, 16, 16, 6), 1, 1, 16, 16);
        float before = p.level(0)[0];
        p.level(0)[0] = 1e6f;
        assertEquals(before, p.level(0)[0]);
    }

    @Test
    void badShapesAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LaplacianPyramid.of(new float[24 * 24], 1, 1, 24, 24));
        assertTrue(e.getMessage().contains("height") && e.getMessage().contains("24"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LaplacianPyramid.of(new float[16 * 8], 1, 1, 16, 8));
        assertTrue(e.getMessage().contains("width") && e.getMessage().contains("16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LaplacianPyramid.of(new float[100], 1, 1, 16, 16));
        assertTrue(e.getMessage().contains("100 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LaplacianPyramid.of(new float[0], 0, 1, 16, 16));
        e = assertThrows(IllegalArgumentException.class, () -> LaplacianPyramid.pyrDown(new float[15], 1, 1, 3, 5));
        assertTrue(e.getMessage().contains("pyrDown"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LaplacianPyramid.pyrUp(new float[3], 1, 1, 1, 3));
        assertTrue(e.getMessage().contains("pyrUp"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> LaplacianPyramid.of(new float[256], 1, 1, 16, 16).level(1));
    }

    /** Pixels uniform in 0..255, like the 8-bit images the metric reads. */
    private static float[] random(int n, int c, int h, int w, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(256);
        }
        return x;
    }

    private static double sum(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }

    private static double sumOfSquares(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s;
    }
}
