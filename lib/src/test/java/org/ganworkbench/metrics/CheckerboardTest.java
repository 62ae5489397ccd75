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
}
