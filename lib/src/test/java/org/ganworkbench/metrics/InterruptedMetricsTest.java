package org.ganworkbench.metrics;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.data.ImageSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The long metric loops end with {@link Interrupted} on an interrupted thread, and leave the flag set. */
class InterruptedMetricsTest {

    @AfterEach
    void clearFlag() {
        Thread.interrupted();   // never leave the test thread interrupted
    }

    private static ImageSet noise(String name, int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return ImageSet.ofSamples(name, new Shape(1, 32, 32), x);
    }

    /** Runs {@code metric} once on an interrupted thread: it must throw Interrupted within a second. */
    private static Interrupted interrupted(Runnable metric) {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        Interrupted e = assertThrows(Interrupted.class, metric::run);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "took "
                + (System.nanoTime() - start) / 1e9 + " s");
        assertTrue(Thread.currentThread().isInterrupted(), "the flag must stay set");
        Thread.interrupted();
        return e;
    }

    @Test
    void msSsimSlicedWassersteinAndNearestNeighboursStopWhenInterrupted() {
        ImageSet a = noise("a", 400, 1);
        ImageSet b = noise("b", 400, 2);
        MsSsim msssim = new MsSsim(400);
        Interrupted e = interrupted(() -> msssim.compute(null, a));
        assertEquals("MS-SSIM of 200 pairs of a interrupted", e.getMessage());
        assertTrue(Double.isFinite(msssim.compute(null, a).value()), "not interrupted, it computes");

        SlicedWasserstein swd = new SlicedWasserstein(400);
        e = interrupted(() -> swd.compute(a, b));
        assertEquals(swd.name() + " at 32 x 32 interrupted", e.getMessage());

        e = interrupted(() -> NearestNeighbours.inPixels(a, b.toArray(), 400, 3));
        assertEquals("nearest training images in pixels interrupted", e.getMessage());
    }
}
