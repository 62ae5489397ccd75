package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * SPADE's residual block (Park et al. 2019, figure 4): every norm of a pre-activation residual block
 * is a {@link SpadeNorm} that reads the semantic map.
 *
 * <pre>
 *   inputs: x (N, in, H, W), maps (N, M, S, S)                 middle = min(in, out)
 *   residual = conv3×3(LReLU₀.₂(SPADE₁(h, maps)))               → out channels
 *        h   = conv3×3(LReLU₀.₂(SPADE₀(x, maps)))               → middle channels
 *   shortcut = conv1×1(SPADE_s(x, maps))   if in ≠ out          (no bias, no activation: the learned shortcut)
 *            = x                           if in = out
 *   y = shortcut + residual                                     (N, out, H, W)
 *   conv3×3 = 3×3 stride 1 pad 1, with bias
 * </pre>
 *
 * Each SpadeNorm has its own weights ({@code hidden} channels, norm {@code norm}); the two or three
 * convolutions go through {@code wrap} (the paper: spectral norm), the Spades' own do not.
 */
public final class SpadeResBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int in;
    private final int out;
    private final int middle;
    private final Block spade0;
    private final Block conv0;
    private final Block spade1;
    private final Block conv1;
    private final Block spadeShortcut;   // null when in = out
    private final Block convShortcut;    // null when in = out

    /**
     * @param in input channels
     * @param out output channels
     * @param mapChannels M
     * @param hidden each SpadeNorm's hidden channels
     * @param norm each SpadeNorm's parameter-free norm
     * @param wrap applied to the block's convolutions
     */
    public SpadeResBlock(int in, int out, int mapChannels, int hidden, NormKind norm, UnaryOperator<Block> wrap) {
        super(VERSION);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("SPADE residual block needs in >= 1 and out >= 1 channels, got " + in + ", "
                    + out);
        }
        this.in = in;
        this.out = out;
        this.middle = Math.min(in, out);
        this.spade0 = addChildBlock("spade0", new SpadeNorm(in, mapChannels, hidden, norm));
        this.conv0 = addChildBlock("conv0", wrap.apply(conv(middle, 3, true)));
        this.spade1 = addChildBlock("spade1", new SpadeNorm(middle, mapChannels, hidden, norm));
        this.conv1 = addChildBlock("conv1", wrap.apply(conv(out, 3, true)));
        boolean learned = in != out;
        this.spadeShortcut = learned ? addChildBlock("spade_shortcut", new SpadeNorm(in, mapChannels, hidden, norm)) : null;
        this.convShortcut = learned ? addChildBlock("conv_shortcut", wrap.apply(conv(out, 1, false))) : null;
    }

    private static Block conv(int filters, int kernel, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters).optBias(bias).build();
    }

    private void checkInputShapes(Shape[] shapes) {
        if (shapes.length != 2 || shapes[0].dimension() != 4 || shapes[0].get(1) != in) {
            throw new IllegalArgumentException("a SPADE residual block (" + in + " -> " + out + ") takes [x (N, " + in
                    + ", H, W), maps (N, M, S, S)], got " + Arrays.toString(shapes));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        Shape x = inputShapes[0];
        Shape maps = inputShapes[1];
        Shape mid = new Shape(x.get(0), middle, x.get(2), x.get(3));
        spade0.initialize(manager, dataType, x, maps);
        conv0.initialize(manager, dataType, x);
        spade1.initialize(manager, dataType, mid, maps);
        conv1.initialize(manager, dataType, mid);
        if (spadeShortcut != null) {
            spadeShortcut.initialize(manager, dataType, x, maps);
            convShortcut.initialize(manager, dataType, x);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray x = inputs.get(0);
        NDArray maps = inputs.get(1);
        NDArray h = Forward.of(conv0, store, Activation.leakyRelu(spade(spade0, store, x, maps, training), 0.2f), training);
        NDArray r = Forward.of(conv1, store, Activation.leakyRelu(spade(spade1, store, h, maps, training), 0.2f), training);
        NDArray s = spadeShortcut == null ? x
                : Forward.of(convShortcut, store, spade(spadeShortcut, store, x, maps, training), training);
        return new NDList(s.add(r));
    }

    private static NDArray spade(Block spade, ParameterStore store, NDArray x, NDArray maps, boolean training) {
        return spade.forward(store, new NDList(x, maps), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), out, x.get(2), x.get(3))};
    }

    @Override
    public String toString() {
        return "SpadeResBlock(" + in + " -> " + out + (spadeShortcut == null ? "" : ", learned shortcut") + ")";
    }
}
