package org.ganworkbench.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ganworkbench.engine.Ops;

/**
 * A transposed convolution layer (the DCGAN generator's upsampler) that works on both engines.
 *
 * <p>Each input pixel scatters a k×k stamp of learned weights into the output, {@code stride} pixels
 * apart; overlapping stamps add up. With k 4, stride 2, pad 1 it doubles height and width exactly.
 * Weights are stored as (in, out, k, k), MXNet's layout, on every engine, so a checkpoint moves
 * between engines unchanged. MXNet computes with its native operator; PyTorch (through DJL, which
 * has no transposed convolution there) with the equivalent sub-pixel formulation, see
 * {@link Ops#convTranspose}. A single-channel layer (G's output for grayscale images) stores one
 * spare, unused filter so that MXNet's native operator can run it ({@link Ops#storedFilters}).
 *
 * <p>Why not DJL's {@code Conv2dTranspose}: it creates its weight as (out, in, k, k) while MXNet
 * reads (in, out, k, k) and infers the output channels from the first axis, so it breaks whenever
 * in ≠ out; and the PyTorch engine does not implement it.
 */
public final class ConvTranspose2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final int kernel;
    private final int stride;
    private final int pad;
    private final int outputPadding;
    private final boolean bias;
    private final Parameter weight;
    private final Parameter biasParameter;

    private ConvTranspose2d(Builder b) {
        super(VERSION);
        this.filters = b.filters;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.pad = b.pad;
        this.outputPadding = b.outputPadding;
        this.bias = b.bias;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.biasParameter = bias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
                : null;
    }

    /** A builder; {@code filters} (output channels) must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The usual ×2 upsampler: kernel 4, stride 2, pad 1. */
    public static ConvTranspose2d doubling(int filters, boolean bias) {
        return builder().filters(filters).kernel(4).stride(2).pad(1).bias(bias).build();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("ConvTranspose2d expects (N, C, H, W) input, got " + in);
        }
        int stored = Ops.storedFilters(filters);
        weight.setShape(new Shape(in.get(1), stored, kernel, kernel));
        if (biasParameter != null) {
            biasParameter.setShape(new Shape(stored));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = store.getValue(weight, device, training);
        NDArray b = biasParameter == null ? null : store.getValue(biasParameter, device, training);
        return new NDList(Ops.convTransposeFirst(x, w, b, stride, pad, outputPadding, filters));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, outputSize(in.get(2)), outputSize(in.get(3)))};
    }

    private long outputSize(long size) {
        return (size - 1) * stride - 2L * pad + kernel + outputPadding;
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(filters=" + filters + ", k=" + kernel + ", stride=" + stride + ", pad=" + pad
                + (outputPadding > 0 ? ", outputPadding=" + outputPadding : "") + (bias ? "" : ", no bias") + ")";
    }

    /** Settings of a {@link ConvTranspose2d}. */
    public static final class Builder {
        private int filters = -1;
        private int kernel = 4;
        private int stride = 2;
        private int pad = 1;
        private int outputPadding;
        private boolean bias = true;

        private Builder() {}

        /** Output channels. */
        public Builder filters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Kernel size k (square), default 4. */
        public Builder kernel(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /** Stride, default 2. */
        public Builder stride(int stride) {
            this.stride = stride;
            return this;
        }

        /** Pixels cropped from each border of the full result, default 1. */
        public Builder pad(int pad) {
            this.pad = pad;
            return this;
        }

        /** Extra rows/columns at the bottom and right, 0 <= outputPadding < stride; default 0. */
        public Builder outputPadding(int outputPadding) {
            this.outputPadding = outputPadding;
            return this;
        }

        /** Whether to add a learned bias (off when batch norm follows), default on. */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Checks the settings and builds the block. */
        public ConvTranspose2d build() {
            if (filters < 1) {
                throw new IllegalArgumentException("ConvTranspose2d: filters must be >= 1, got " + filters);
            }
            if (kernel < 1 || stride < 1 || pad < 0 || pad > kernel - 1) {
                throw new IllegalArgumentException("ConvTranspose2d: need kernel >= 1, stride >= 1, 0 <= pad <= kernel - 1;"
                        + " got kernel " + kernel + ", stride " + stride + ", pad " + pad);
            }
            if (outputPadding < 0 || outputPadding >= stride) {
                throw new IllegalArgumentException("ConvTranspose2d: outputPadding must be in [0, stride), got "
                        + outputPadding + " with stride " + stride);
            }
            return new ConvTranspose2d(this);
        }
    }
}
