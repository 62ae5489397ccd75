package org.ganworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ganworkbench.engine.Engines;

class Toy2dTest {

    @Test
    void ring8HasTheProtocolCentres() {
        Toy2d ring = Toy2d.ring8();
        assertEquals(8, ring.modeCount());
        assertEquals(0.02, ring.sigma());
        double[][] c = ring.modeCentres();
        assertArrayEquals(new double[] {2, 0}, c[0], 1e-12);
        assertArrayEquals(new double[] {0, 2}, c[2], 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(2), -Math.sqrt(2)}, c[7], 1e-12);
        for (double[] centre : c) {
            assertEquals(2.0, Math.hypot(centre[0], centre[1]), 1e-12);
        }
        c[0][0] = 99; // a copy
        assertEquals(2.0, ring.modeCentres()[0][0]);
    }

    @Test
    void grid25HasTheProtocolCentres() {
        Toy2d grid = Toy2d.grid25();
        assertEquals(25, grid.modeCount());
        assertEquals(0.05, grid.sigma());
        double[][] c = grid.modeCentres();
        assertArrayEquals(new double[] {-4, -4}, c[0], 1e-12);
        assertArrayEquals(new double[] {-2, -4}, c[1], 1e-12);
        assertArrayEquals(new double[] {0, 0}, c[12], 1e-12);
        assertArrayEquals(new double[] {4, 4}, c[24], 1e-12);
    }

    @Test
    void perModeMeanAndStdAreRight() {
        for (Toy2d toy : new Toy2d[] {Toy2d.ring8(), Toy2d.grid25()}) {
            double[][] centres = toy.modeCentres();
            int k = centres.length;
            int n = 4000 * k;
            float[][] points = toy.samples(new Random(3), n);
            double[][] sum = new double[k][2];
            double[][] sumSq = new double[k][2];
            int[] count = new int[k];
            for (float[] p : points) {
                int nearest = 0;
                for (int m = 1; m < k; m++) {
                    if (dist2(p, centres[m]) < dist2(p, centres[nearest])) {
                        nearest = m;
                    }
                }
                count[nearest]++;
                for (int d = 0; d < 2; d++) {
                    sum[nearest][d] += p[d];
                    sumSq[nearest][d] += p[d] * (double) p[d];
                }
            }
            for (int m = 0; m < k; m++) {
                assertEquals(4000, count[m], 400, toy.name() + " mode " + m + " weight");
                for (int d = 0; d < 2; d++) {
                    double mean = sum[m][d] / count[m];
                    double std = Math.sqrt(sumSq[m][d] / count[m] - mean * mean);
                    assertEquals(centres[m][d], mean, 4 * toy.sigma() / Math.sqrt(count[m]), toy.name() + " mean");
                    assertEquals(toy.sigma(), std, 0.1 * toy.sigma(), toy.name() + " std");
                }
            }
        }
    }

    private static double dist2(float[] p, double[] c) {
        double dx = p[0] - c[0];
        double dy = p[1] - c[1];
        return dx * dx + dy * dy;
    }

    @Test
    void samplingIsDeterministicAndMatchesTheNDArrayPath() {
        Toy2d ring = Toy2d.ring8();
        float[][] a = ring.samples(new Random(11), 50);
        float[][] b = ring.samples(new Random(11), 50);
        float[][] c = ring.samples(new Random(12), 50);
        assertTrue(Arrays.deepEquals(a, b));
        assertFalse(Arrays.deepEquals(a, c));
        try (NDManager manager = Engines.newManager(null)) {
            NDArray batch = ring.sample(manager, new Random(11), 50);
            assertEquals(new Shape(50, 2), batch.getShape());
            float[] flat = batch.toFloatArray();
            for (int i = 0; i < 50; i++) {
                assertEquals(a[i][0], flat[2 * i]);
                assertEquals(a[i][1], flat[2 * i + 1]);
            }
        }
    }

    @Test
    void fixedDrawIsADjlDataset() throws Exception {
        Toy2d ring = Toy2d.ring8();
        RandomAccessDataset draw = ring.toDataset(new Random(5), 10, 4);
        float[][] expected = ring.samples(new Random(5), 10);
        assertEquals(10, draw.size());
        int i = 0;
        try (NDManager manager = Engines.newManager(null)) {
            for (Batch batch : draw.getData(manager)) {
                NDArray points = batch.getData().singletonOrThrow();
                float[] flat = points.toFloatArray();
                float[] modes = batch.getLabels().singletonOrThrow().toFloatArray();
                assertEquals(2, points.getShape().get(1));
                for (int b = 0; b < modes.length; b++, i++) {
                    assertEquals(expected[i][0], flat[2 * b]);
                    assertEquals(expected[i][1], flat[2 * b + 1]);
                    double[] centre = ring.modeCentres()[(int) modes[b]];
                    assertTrue(Math.hypot(expected[i][0] - centre[0], expected[i][1] - centre[1]) < 0.2);
                }
                batch.close();
            }
        }
        assertEquals(10, i);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Toy2d("x", new double[0][], 1));
        assertThrows(IllegalArgumentException.class, () -> new Toy2d("x", new double[][] {{0, 0}}, 0));
        assertThrows(IllegalArgumentException.class, () -> new Toy2d("x", new double[][] {{0, 0, 0}}, 1));
        assertThrows(IllegalArgumentException.class, () -> Toy2d.ring8().samples(new Random(1), 0));
    }
}
