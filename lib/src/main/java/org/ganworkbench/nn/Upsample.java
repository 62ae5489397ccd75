package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Nearest-neighbour upsampling by an integer factor: every pixel becomes a factor×factor block.
 * Followed by a 3×3 convolution it is the "resize-convolution" upsampler (Odena et al. 2016), which
 * avoids the checkerboard artifacts transposed convolutions make when kernel size is not divisible
 * by stride or their stamps overlap unevenly.
 */
public final class Upsample extends ArrayFunction {

    private final int factor;

    /** Nearest-neighbour upsampling by {@code factor} (>= 1) in height and width. */
    public Upsample(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("Upsample: factor must be >= 1, got " + factor);
        }
        this.factor = factor;
    }

    /** Nearest upsample ×2 then a 3×3 convolution (pad 1) to {@code filters} channels. */
    public static Block resizeConv(int filters, boolean bias) {
        return new SequentialBlock()
                .add(new Upsample(2))
                .add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .optBias(bias).build());
    }

    /** Nearest-neighbour upsampling of (N, C, H, W) by {@code factor} (>= 1); factor 1 returns x itself. */
    public static NDArray nearest(NDArray x, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("Upsample: factor must be >= 1, got " + factor);
        }
        return factor == 1 ? x : x.repeat(2, factor).repeat(3, factor);
    }

    @Override
    protected NDArray apply(NDArray x, boolean training) {
        return nearest(x, factor);
    }

    @Override
    protected Shape outputShape(Shape in) {
        return new Shape(in.get(0), in.get(1), in.get(2) * factor, in.get(3) * factor);
    }

    @Override
    public String toString() {
        return "Upsample(x" + factor + ", nearest)";
    }
}
