package org.ganworkbench.nn;

import ai.djl.ndarray.types.Shape;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016) of feature maps as WGAN-GP's critic uses it
 * (Gulrajani et al. 2017, {@code tflib/ops/layernorm.py} with {@code norm_axes = [1, 2, 3]}): every
 * sample is normalized over all of its channels and positions together,
 *
 * <pre>
 *   μ[n]  = mean over (c, h, w) of x[n,c,h,w]
 *   σ²[n] = mean over (c, h, w) of (x[n,c,h,w] − μ[n])²            (biased)
 *   y[n,c,h,w] = γ[c] · (x[n,c,h,w] − μ[n]) / sqrt(σ²[n] + ε) + β[c]
 * </pre>
 *
 * with ε = 1e-5 and a learned per-channel scale γ (starts at 1) and shift β (starts at 0), as in
 * that code (PyTorch's {@code LayerNorm} would learn one γ per element instead). A sample's output
 * never depends on the rest of its batch, which is why the gradient penalty's critic uses it in
 * place of batch norm: the penalty is a per-sample quantity. No running statistics: training and
 * inference compute the same thing.
 *
 * <p>Input (N, C, ...) with at least one axis after N; (N, F) feature vectors are normalized over F.
 */
public final class LayerNorm extends PerSampleNorm {

    /** The ε added to the variance, 1e-5 (as in the WGAN-GP code). */
    public static final float DEFAULT_EPSILON = 1e-5f;

    /** Layer norm with ε = 1e-5. */
    public LayerNorm() {
        this(DEFAULT_EPSILON);
    }

    /** Layer norm with this ε (> 0). */
    public LayerNorm(float epsilon) {
        super(epsilon, "LayerNorm");
    }

    @Override
    void checkShape(Shape in) {
        if (in.dimension() < 2 || in.size() / in.get(0) < 2) {
            throw new IllegalArgumentException("LayerNorm normalizes each sample over its features and needs (N, C, ...) "
                    + "input with more than one number per sample; got " + in);
        }
    }

    /** Axes 1, 2, ...: every axis after the sample axis. */
    @Override
    int[] axes(int dimension) {
        int[] axes = new int[dimension - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes;
    }

    @Override
    public String toString() {
        return "LayerNorm(eps=" + epsilon() + ")";
    }
}
