package org.ganworkbench.metrics;

import org.ganworkbench.data.ImageSet;

import java.util.Random;

/**
 * Image sets changed in known ways, to see what a metric reacts to: a blur removes the finest band
 * of detail, noise adds energy to it. (SWD, for instance, should grow mostly at its finest level
 * for both, and hardly at all for a second draw of the same data.)
 */
public final class Distortions {

    private Distortions() {}

    /**
     * Every image low-passed once: {@link LaplacianPyramid#pyrDown} then {@link LaplacianPyramid#pyrUp}
     * (the 5×5 binomial filter), which removes the detail of the finest octave.
     *
     * @param images a set with even height and width of at least 4
     */
    public static ImageSet blur(ImageSet images) {
        int n = images.count();
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        float[] down = LaplacianPyramid.pyrDown(images.toArray(), n, c, h, w);
        float[] up = LaplacianPyramid.pyrUp(down, n, c, h / 2, w / 2);
        return ImageSet.ofSamples(images.name() + "+blur", new ai.djl.ndarray.types.Shape(c, h, w), up);
    }

    /**
     * Every pixel plus N(0, σ²) noise, clamped into [-1, 1].
     *
     * @param images a set
     * @param sigma noise standard deviation on the [-1, 1] scale, ≥ 0
     * @param seed seed of the noise
     */
    public static ImageSet noise(ImageSet images, double sigma, long seed) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("noise sigma must be >= 0, got " + sigma);
        }
        float[] px = images.toArray();
        Random rng = new Random(seed);
        for (int i = 0; i < px.length; i++) {
            px[i] += (float) (rng.nextGaussian() * sigma);
        }
        return ImageSet.ofSamples(images.name() + "+noise" + sigma,
                new ai.djl.ndarray.types.Shape(images.channels(), images.height(), images.width()), px);
    }

    /**
     * Every pixel of channel c mapped to {@code gain[c] · x + offset[c]} and clamped into [-1, 1]: a
     * global colour change, the same for every image and position (e.g. gain 1 and offset 0.3 on red
     * only: a red cast; gain 0.5 everywhere: washed-out colours). SWD's per-set normalization of each
     * level's descriptors removes most of such a change (see {@link SlicedWasserstein}).
     *
     * @param gain one factor per channel
     * @param offset one shift per channel, on the [-1, 1] scale
     */
    public static ImageSet colour(ImageSet images, float[] gain, float[] offset) {
        int c = images.channels();
        if (gain.length != c || offset.length != c) {
            throw new IllegalArgumentException("colour: one gain and one offset per channel (" + c + "), got "
                    + gain.length + " and " + offset.length);
        }
        float[] px = images.toArray();
        int plane = images.height() * images.width();
        for (int i = 0; i < px.length; i++) {
            int ch = (i / plane) % c;
            px[i] = Math.max(-1f, Math.min(1f, gain[ch] * px[i] + offset[ch]));
        }
        return ImageSet.ofSamples(images.name() + "+colour" + java.util.Arrays.toString(gain) + java.util.Arrays.toString(offset),
                new ai.djl.ndarray.types.Shape(c, images.height(), images.width()), px);
    }
}
