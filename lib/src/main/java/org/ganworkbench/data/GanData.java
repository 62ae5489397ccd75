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

    /**
     * The number of classes every sample is labeled with, K, which a conditional GAN can be
     * conditioned on; 0 when the samples carry no (complete) labels.
     */
    default int classes() {
        return 0;
    }

    /** A batch of real samples with the class of each (0 .. K−1). */
    record LabeledBatch(NDArray samples, int[] labels) {}

    /**
     * As {@link #sample}, with each sample's class. It makes exactly the same draws from {@code rng},
     * so a conditional run sees the same real batches as an unconditional run of the same seed.
     *
     * @throws UnsupportedOperationException naming the data when it has no labels ({@link #classes()} 0)
     */
    default LabeledBatch sampleLabeled(NDManager manager, Random rng, int batchSize) {
        throw new UnsupportedOperationException(name() + " carries no class labels, so a conditional GAN cannot train on "
                + "it; use a labeled set (fashion-mnist, mnist-digits, shapes-32 / shapes-64: the shape's kind)");
    }

    /**
     * The shape (C, H, W) of the condition map paired with every sample, null when samples have
     * none. An image-to-image GAN (pix2pix, SPADE) translates such a map into its sample; for a
     * {@link PairedSet} it is (K + 1, H, W): K one-hot label planes and one edge plane.
     *
     * @return the map's shape, or {@code null} when {@link #samplePaired} refuses
     */
    default Shape mapShape() {
        return null;
    }

    /**
     * A batch of real samples with the condition map of each.
     *
     * @param images the samples, (B, sampleShape...)
     * @param maps the maps, (B, mapShape...), sample {@code b}'s map at row {@code b}
     * @param indices the index of each sample in the data, in batch order
     */
    record PairedBatch(NDArray images, NDArray maps, int[] indices) {}

    /**
     * As {@link #sample}, with each sample's condition map. It makes exactly the same draws from
     * {@code rng}, so a paired run and an unpaired run of the same seed see the same real images.
     *
     * @param manager where the batch lives
     * @param rng the run's random source
     * @param batchSize number of samples, at least 1
     * @return the images, their maps and their indices
     * @throws UnsupportedOperationException naming the data when it has no maps ({@link #mapShape()} null)
     */
    default PairedBatch samplePaired(NDManager manager, Random rng, int batchSize) {
        throw new UnsupportedOperationException(name() + " carries no condition maps, so an image-to-image GAN "
                + "(pix2pix, SPADE) cannot train on it; use a paired set (ShapeScenes.train(size) / test(size), "
                + "or ImageFolder.loadPairs(folder, size, rgb) for your own label maps and images)");
    }

    /**
     * The classes a conditional generator's samples are asked for (as {@code Gan.sample} does, and
     * the conditional metrics' noise reference): 0, 1, ..., K−1, 0, 1, ... in turn.
     *
     * @param n samples
     * @param classes K, at least 1
     * @return i mod K for sample i
     */
    static int[] classesInTurn(int n, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        int[] c = new int[n];
        java.util.Arrays.setAll(c, i -> i % classes);
        return c;
    }

    /**
     * Classes as one-hot rows, (N, K) float32: row n is 1 at {@code labels[n]} and 0 elsewhere, the
     * input of the conditional blocks ({@code ConditionalBatchNorm}, {@code Projection}).
     *
     * @throws IllegalArgumentException naming the first label outside [0, K)
     */
    static NDArray oneHot(NDManager manager, int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("one-hot needs >= 1 class, got " + classes);
        }
        float[] rows = new float[Math.multiplyExact(labels.length, classes)];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException("label " + n + " is " + labels[n] + ", outside [0, " + classes + ")");
            }
            rows[n * classes + labels[n]] = 1;
        }
        return manager.create(rows, new Shape(labels.length, classes));
    }

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
