package org.ganworkbench.models;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatentTest {

    @Test
    void slerpBetweenOrthogonalUnitVectorsStaysOnTheCircle() {
        float[] a = {1, 0};
        float[] b = {0, 1};
        float[] mid = Latent.slerp(a, b, 0.5);
        assertEquals(Math.sqrt(0.5), mid[0], 1e-6);
        assertEquals(Math.sqrt(0.5), mid[1], 1e-6);
        assertArrayEquals(a, Latent.slerp(a, b, 0), 1e-6f);
        assertArrayEquals(b, Latent.slerp(a, b, 1), 1e-6f);
        float[] lin = Latent.lerp(a, b, 0.5);
        assertArrayEquals(new float[] {0.5f, 0.5f}, lin, 1e-6f);
    }

    @Test
    void slerpKeepsGaussianNormsWhereTheStraightLineDoesNot() {
        Latent latent = Latent.gaussian(100);
        float[] ends = latent.draw(new Random(1), 2);
        float[] a = java.util.Arrays.copyOfRange(ends, 0, 100);
        float[] b = java.util.Arrays.copyOfRange(ends, 100, 200);
        double[] spherical = latent.norms(latent.path(a, b, 9, true));
        double[] linear = latent.norms(latent.path(a, b, 9, false));
        double ends0 = Math.min(spherical[0], spherical[8]);
        assertTrue(spherical[4] >= 0.95 * ends0, "slerp midpoint norm " + spherical[4] + " vs ends " + ends0);
        assertTrue(linear[4] < 0.8 * ends0, "straight-line midpoint should fall inside the shell: " + linear[4]);
    }

    @Test
    void parallelVectorsFallBackToTheLineAndBadInputIsRefused() {
        assertArrayEquals(new float[] {1.5f, 0}, Latent.slerp(new float[] {1, 0}, new float[] {2, 0}, 0.5), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Latent.slerp(new float[] {1}, new float[] {1, 2}, 0.5));
        Latent l = Latent.gaussian(3);
        assertThrows(IllegalArgumentException.class, () -> l.path(new float[3], new float[3], 1, true));
        assertThrows(IllegalArgumentException.class, () -> l.path(new float[2], new float[3], 4, true));
    }
}
