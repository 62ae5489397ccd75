package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ganworkbench.data.ImageSet;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

    static ImageSet randomImages(int n, int side, long seed) {
        Random rng = new Random(seed);
        float[] px = new float[n * side * side];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextFloat() * 2 - 1;
        }
        return new ImageSet("random", 1, side, side, px, null, null);
    }

    @Test
    void anExactCopyIsFoundAtDistanceZero() {
        ImageSet train = randomImages(50, 4, 1);
        float[] generated = new float[2 * 16];
        System.arraycopy(train.image(17), 0, generated, 0, 16);
        System.arraycopy(train.image(33), 0, generated, 16, 16);
        NearestNeighbours.Result r = NearestNeighbours.inPixels(train, generated, 2, 3);
        assertEquals(17, r.indices()[0][0]);
        assertEquals(33, r.indices()[1][0]);
        assertEquals(0.0, r.distances()[0][0], 0.0);
        assertEquals(0.0, r.distances()[1][0], 0.0);
        for (double[] d : r.distances()) {
            assertTrue(d[0] <= d[1] && d[1] <= d[2], "nearest first");
            assertTrue(d[1] > 0);
        }
        assertEquals(3, r.k());
        assertEquals("pixels", r.space());
    }

    @Test
    void theNeighboursAreTheTrueNearestOnes() {
        ImageSet train = randomImages(40, 3, 2);
        ImageSet query = randomImages(1, 3, 3);
        float[] q = query.image(0);
        double[] all = new double[40];
        for (int t = 0; t < 40; t++) {
            float[] img = train.image(t);
            double s = 0;
            for (int p = 0; p < 9; p++) {
                double diff = (double) q[p] - img[p];
                s += diff * diff;
            }
            all[t] = Math.sqrt(s);
        }
        double[] sorted = all.clone();
        java.util.Arrays.sort(sorted);
        NearestNeighbours.Result r = NearestNeighbours.inPixels(train, q, 1, 5);
        assertArrayEquals(java.util.Arrays.copyOf(sorted, 5), r.distances()[0], 1e-12);
    }

    @Test
    void featureSpaceFindsTheCopyToo() {
        double[][] train = Synthetic.gaussian(30, 6, 0, 1, 4);
        Features gen = Features.of(new double[][] {train[7].clone(), train[21].clone()});
        NearestNeighbours.Result r = NearestNeighbours.inFeatures(Features.of(train), gen, 2);
        assertEquals(7, r.indices()[0][0]);
        assertEquals(21, r.indices()[1][0]);
        assertEquals(0.0, r.distances()[1][0], 0.0);
        assertEquals("features", r.space());
    }

    @Test
    void wrongLengthsAreRefused() {
        ImageSet train = randomImages(10, 4, 5);
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbours.inPixels(train, new float[15], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbours.inPixels(train, new float[16], 1, 11));
    }
}
