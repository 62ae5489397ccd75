package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Box-filter downscaling (2×2 average pooling), the progressive GAN's way of bringing images and
 * feature maps to a lower resolution. A reduction by 2^k is k reductions by 2, always in that
 * order, so reducing to r/2 in one call or to r and then by 2 gives bit-identical results (the
 * fade-in blends rely on it), and nearest {@link Upsample upsampling} followed by this reduction
 * gives the input back.
 */
public final class Downsample extends ArrayFunction {

    private final int factor;

    /** Average pooling by {@code factor} (a power of two) in height and width. */
    public Downsample(int factor) {
        this.factor = checkFactor(factor);
    }

    @Override
    protected NDArray apply(NDArray x, boolean training) {
        return average(x, factor);
    }

    @Override
    protected Shape outputShape(Shape in) {
        return new Shape(in.get(0), in.get(1), in.get(2) / factor, in.get(3) / factor);
    }

    @Override
    public String toString() {
        return "Downsample(/" + factor + ", average)";
    }

    /** (N, C, H, W) reduced by {@code factor} (a power of two dividing H and W); factor 1 returns x itself. */
    public static NDArray average(NDArray x, int factor) {
        checkFactor(factor);
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) % factor != 0 || s.get(3) % factor != 0) {
            throw new IllegalArgumentException("Downsample: need (N, C, H, W) with H and W divisible by " + factor
                    + ", got " + s);
        }
        // log2(f) 2×2 averages in a row, not one f×f box: the same sums in the same order as a D
        // that halves level by level, so a fade-in at α = 0 matches the old network to the bit
        NDArray y = x;
        for (int f = factor; f > 1; f /= 2) {
            y = half(y);
        }
        return y;
    }

    /** One 2×2 average: (N, C, H, W) → (N, C, H/2, W/2). */
    private static NDArray half(NDArray x) {
        Shape two = new Shape(2, 2);
        return Pool.avgPool2d(x, two, two, new Shape(0, 0), false, true);
    }

    private static int checkFactor(int factor) {
        if (factor < 1 || Integer.bitCount(factor) != 1) {
            throw new IllegalArgumentException("Downsample: factor must be a power of two, got " + factor);
        }
        return factor;
    }
}
