package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Depth-to-space rearrangement, the "periodic shuffling" of the efficient sub-pixel convolution
 * (Shi et al. 2016, "Real-Time Single Image and Video Super-Resolution Using an Efficient Sub-Pixel
 * Convolutional Neural Network"): (N, C·r², H, W) → (N, C, H·r, W·r), with the channel ordering of
 * {@code torch.nn.PixelShuffle}:
 *
 * <pre>
 *   y[n, c, h·r + i, w·r + j] = x[n, c·r² + i·r + j, h, w],   0 ≤ i, j &lt; r
 * </pre>
 *
 * i.e. the r² channels of output channel c are consecutive, row-major over the (i, j) offset inside
 * each r×r output block. (TensorFlow's {@code depth_to_space} in NHWC puts the offset first:
 * channel (i·r + j)·C + c; weights do not move between the two without permuting.) No parameters;
 * pure reshape and transpose, the same on every engine.
 *
 * <p>{@link #upsampling(int, boolean)} is the ×2 upsampler built on it: a 3×3 convolution to 4× the
 * channels at the input resolution, then PixelShuffle(2). It costs as many multiply-adds as a
 * resize-convolution (a 3×3 convolution at the doubled resolution) but computes at the input's.
 * With independently initialized weights its four sub-pixel phases start unrelated, which can show as
 * a checkerboard early in training (Aitken et al. 2017 propose "ICNR" initialization against it; the
 * workbench's {@code Init} does not do that).
 */
public final class PixelShuffle extends ArrayFunction {

    private final int factor;

    /** Depth-to-space by {@code factor} r >= 1. */
    public PixelShuffle(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("PixelShuffle: factor must be >= 1, got " + factor);
        }
        this.factor = factor;
    }

    /** The upscale factor r. */
    public int factor() {
        return factor;
    }

    /**
     * The ×2 sub-pixel upsampler: a 3×3 convolution (stride 1, pad 1) to {@code filters}·4 channels,
     * then PixelShuffle(2): (N, in, H, W) → (N, filters, 2H, 2W).
     */
    public static Block upsampling(int filters, boolean bias) {
        if (filters < 1) {
            throw new IllegalArgumentException("PixelShuffle.upsampling: filters must be >= 1, got " + filters);
        }
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(filters * 4).setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1)).optBias(bias).build())
                .add(new PixelShuffle(2));
    }

    /** Depth-to-space of x (N, C·r², H, W) by r, torch ordering (see the class comment). */
    public static NDArray shuffle(NDArray x, int r) {
        Shape s = x.getShape();
        checkShape(s, r);
        if (r == 1) {
            return x;
        }
        long n = s.get(0);
        long c = s.get(1) / ((long) r * r);
        long h = s.get(2);
        long w = s.get(3);
        // (N, C, i, j, H, W) -> (N, C, H, i, W, j) -> (N, C, H·r, W·r)
        return x.reshape(n, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * r, w * r);
    }

    private static void checkShape(Shape s, int r) {
        if (s.dimension() != 4 || s.get(1) % ((long) r * r) != 0) {
            throw new IllegalArgumentException("PixelShuffle(" + r + ") needs (N, C·" + r * r + ", H, W) input, i.e. a"
                    + " channel count divisible by " + r * r + "; got " + s);
        }
    }

    @Override
    protected NDArray apply(NDArray x, boolean training) {
        return shuffle(x, factor);
    }

    @Override
    protected Shape outputShape(Shape in) {
        checkShape(in, factor);
        return new Shape(in.get(0), in.get(1) / ((long) factor * factor), in.get(2) * factor, in.get(3) * factor);
    }

    @Override
    public String toString() {
        return "PixelShuffle(x" + factor + ")";
    }
}
