package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Instance normalization (Ulyanov, Vedaldi and Lempitsky 2016, "Instance Normalization: The Missing
 * Ingredient for Fast Stylization"): every sample's every channel is normalized over its own spatial
 * positions,
 *
 * <pre>
 *   μ[n,c]  = mean over (h, w) of x[n,c,h,w]
 *   σ²[n,c] = mean over (h, w) of (x[n,c,h,w] − μ[n,c])²          (biased, as in the paper)
 *   y[n,c,h,w] = γ[c] · (x[n,c,h,w] − μ[n,c]) / sqrt(σ²[n,c] + ε) + β[c]
 * </pre>
 *
 * with ε = 1e-5 and a learned per-channel scale γ ({@link Parameter.Type#GAMMA}, starts at 1) and
 * shift β ({@link Parameter.Type#BETA}, starts at 0). There are no running statistics: training and
 * inference compute exactly the same thing, and a sample's output never depends on the rest of its
 * batch.
 *
 * <p>Input (N, C, H, W), or any (N, C, d1, ...) with at least one spatial axis (the statistics are then
 * over all axes after the channel axis). Two-dimensional input (N, F) is refused: each "instance" of
 * a channel would be a single number, normalized to 0, so the layer would output β whatever its
 * input; use batch norm, virtual batch norm or a layer norm for feature vectors. For the same reason
 * a 1×1 feature map outputs β only.
 */
public final class InstanceNorm extends PerSampleNorm {

    /** The ε added to the variance, 1e-5 (as in PyTorch's {@code InstanceNorm2d}). */
    public static final float DEFAULT_EPSILON = 1e-5f;

    /** Instance norm with ε = 1e-5. */
    public InstanceNorm() {
        this(DEFAULT_EPSILON);
    }

    /** Instance norm with this ε (> 0). */
    public InstanceNorm(float epsilon) {
        super(epsilon, "InstanceNorm");
    }

    @Override
    void checkShape(Shape in) {
        if (in.dimension() < 3) {
            throw new IllegalArgumentException("InstanceNorm normalizes each channel over its spatial positions and needs"
                    + " (N, C, H, W) input; got " + in + ", which has no spatial axis (every statistic would be over"
                    + " one number and the output would be beta alone): use batch norm, virtual batch norm or a layer"
                    + " norm for feature vectors");
        }
    }

    @Override
    int[] axes(int dimension) {
        return spatialAxes(dimension);
    }

    /**
     * Mean over several axes, keeping them as size 1. (DJL's PyTorch {@code mean} takes one axis
     * only; {@code sum} takes several on both engines.)
     */
    static NDArray mean(NDArray x, int[] axes) {
        long count = 1;
        for (int axis : axes) {
            count *= x.getShape().get(axis);
        }
        return x.sum(axes, true).div(count);
    }

    /** Axes 2, 3, ...: the spatial axes of (N, C, ...) input. */
    static int[] spatialAxes(int dimension) {
        int[] axes = new int[dimension - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        return axes;
    }

    /** (1, C, 1, ..., 1): a per-channel vector broadcast against (N, C, ...). */
    static Shape perChannelShape(Shape input) {
        long[] dims = new long[input.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[1] = input.get(1);
        return new Shape(dims);
    }

    @Override
    public String toString() {
        return "InstanceNorm(eps=" + epsilon() + ")";
    }
}
