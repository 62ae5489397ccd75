package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Pixelwise feature vector normalization (Karras et al. 2018, §4.2): every pixel's vector of
 * channels is scaled to unit mean square, b = a / sqrt(mean over channels of a² + ε), ε = 1e-8. No
 * parameters and no batch statistics: it keeps G's signal magnitudes from escalating when G and D
 * compete, without batch norm's dependence on the other samples of the batch. Works on
 * (N, C, H, W) feature maps and on (N, F) vectors (the progressive GAN normalizes its latent
 * vectors with it, putting them on the sphere of radius sqrt(F)).
 */
public final class PixelNorm extends ArrayFunction {

    /** The paper's ε. */
    public static final float EPSILON = 1e-8f;

    private final float epsilon;

    /** With ε = 1e-8. */
    public PixelNorm() {
        this(EPSILON);
    }

    /** With this ε > 0 (added to the mean square, under the square root). */
    public PixelNorm(float epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("PixelNorm epsilon must be > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    /** x / sqrt(mean over axis 1 of x² + ε). */
    public static NDArray normalize(NDArray x, float epsilon) {
        if (x.getShape().dimension() < 2) {
            throw new IllegalArgumentException("PixelNorm needs (N, C, ...) input, got " + x.getShape());
        }
        return x.div(x.square().mean(new int[] {1}, true).add(epsilon).sqrt());
    }

    @Override
    protected NDArray apply(NDArray x, boolean training) {
        return normalize(x, epsilon);
    }

    @Override
    protected Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public String toString() {
        return "PixelNorm(eps " + epsilon + ")";
    }
}
