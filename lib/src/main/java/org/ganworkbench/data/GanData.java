package org.ganworkbench.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * What a GAN trains on: a source of real samples. Images are (C, H, W) in [-1, 1]; 2-D toys are (2).
 *
 * <p>All randomness comes from the {@link Random} passed in, so a seeded run draws the same batches on
 * every engine.
 */
public interface GanData {

    /** A short name for logs and provenance, e.g. {@code fashion-mnist/train} or {@code ring8}. */
    String name();

    /** Shape of one sample, without the batch dimension. */
    Shape sampleShape();

    /**
     * Draws a batch of real samples, shape (batchSize, sampleShape...), created on {@code manager}.
     *
     * @param manager where the batch lives (a training step's sub-manager, so it is freed with the step)
     * @param rng the run's random source
     * @param batchSize number of samples, at least 1
     */
    NDArray sample(NDManager manager, Random rng, int batchSize);

    /** 2-D samples stored flat (x0, y0, x1, y1, ...) as an array of n points [n][2]. */
    static float[][] points(float[] flat) {
        if (flat.length % 2 != 0) {
            throw new IllegalArgumentException("2-D points need an even number of values, got " + flat.length);
        }
        float[][] points = new float[flat.length / 2][2];
        for (int i = 0; i < points.length; i++) {
            points[i][0] = flat[2 * i];
            points[i][1] = flat[2 * i + 1];
        }
        return points;
    }
}
