package org.ganworkbench.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckerboardTest {

    @Test
    void pureCheckerboardScoresOneSmoothRampNearZeroNoiseNearThreeOverPixels() {
        int h = 32;
        float[] board = new float[h * h];
        float[] ramp = new float[h * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < h; x++) {
                board[y * h + x] = (x + y) % 2 == 0 ? 1 : -1;
                ramp[y * h + x] = (x + y) / 62f;
            }
        }
        assertEquals(1.0, Checkerboard.score(board, 1, 1, h, h), 1e-9);
        assertTrue(Checkerboard.score(ramp, 1, 1, h, h) < 0.01, "ramp " + Checkerboard.score(ramp, 1, 1, h, h));
        Random rng = new Random(1);
        int n = 2000;
        float[] noise = new float[n * 16 * 16];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        assertEquals(3.0 / 256, Checkerboard.score(noise, n, 1, 16, 16), 0.002);
    }

    @Test
    void constantImagesScoreZeroAndWrongShapesAreRefused() {
        assertEquals(0, Checkerboard.score(new float[2 * 3 * 4 * 4], 2, 3, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> Checkerboard.score(new float[10], 1, 1, 4, 4));
    }

    @Test
    void stampOverlapsAreEvenInsideOnlyWhenTheStrideDividesTheKernel() {
        float[][] even = Checkerboard.stampOverlaps(4, 2, 6);   // (6 - 1) * 2 + 4 = 14 on a side
        float[][] uneven = Checkerboard.stampOverlaps(3, 2, 6); // 13
        assertEquals(14, even.length);
        assertEquals(13, uneven.length);
        double sumEven = 0;
        double sumUneven = 0;
        java.util.Set<Float> insideUneven = new java.util.TreeSet<>();
        for (int i = 0; i < 14; i++) {
            for (int j = 0; j < 14; j++) {
                sumEven += even[i][j];
                if (i >= 2 && i < 12 && j >= 2 && j < 12) {
                    assertEquals(4f, even[i][j], "inside pixel " + i + "," + j);   // 2 x 2 stamps everywhere
                }
                if (i < 13 && j < 13) {
                    sumUneven += uneven[i][j];
                    if (i >= 2 && i < 11 && j >= 2 && j < 11) {
                        insideUneven.add(uneven[i][j]);
                    }
                }
            }
        }
        assertEquals(36 * 16, sumEven, 1e-3);   // every input pixel stamps k * k ones
        assertEquals(36 * 9, sumUneven, 1e-3);
        assertEquals(java.util.Set.of(1f, 2f, 4f), insideUneven);   // the checkerboard of overlaps
        assertThrows(IllegalArgumentException.class, () -> Checkerboard.stampOverlaps(0, 2, 6));
    }
}
