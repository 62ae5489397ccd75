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
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The SPADE generator (Park et al. 2019), scaled to small images: a latent z sets the image's style,
 * the semantic map enters every residual block through {@link SpadeNorm}, so the map is never washed out
 * by a normalization.
 *
 * <pre>
 *   inputs: z (N, L), maps (N, M, S, S)                    S a power of two ≥ 8
 *   h = reshape(dense(z), (N, 4·width, 4, 4))
 *   for side = 4, 8, ..., S:
 *     h = SpadeResBlock(h, maps)                           → c(side) = width · min(4, S / side) channels
 *     h = nearest-upsample(h, 2)                           (all but the last)
 *   images = tanh(conv3×3(LReLU₀.₂(h)))                    (N, C, S, S); conv3×3 = 3×3 pad 1, with bias
 * </pre>
 *
 * Channels: 4·width into the first block, then constant while the side is at most S/4, 2·width out
 * of the block at S/2 and width out of the last (for S = 32: 4w in, then 4w, 4w, 2w, w out of the
 * blocks at sides 4, 8, 16, 32; the paper's: 1024 at the start, halving to 64 at 256×256, i.e. 16·nf
 * to nf with nf = 64). Every block has its own SPADE layers, which resize the map to the block's side by
 * nearest neighbour. The dense layer, the blocks' convolutions and the output convolution go
 * through {@code wrap} (spectral norm for the SPADE model; the official code has it on the blocks'
 * convolutions only, not on the dense layer or the output convolution); the SPADE layers' own convolutions do not.
 *
 * <p>Differences from the paper's generator: z ~ N(0, I) goes through one dense layer to a 4×4 map
 * and there is one block per resolution (the paper's starts from an 8×8 map at 256×256, has seven
 * blocks for its five doublings, and can take z from an image encoder trained as a VAE). Different z give
 * different images for the same map; in inference mode (batch norm then uses its running
 * statistics) the same z and map always give the same image.
 */
public final class SpadeGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int latentDim;
    private final int mapChannels;
    private final int imageChannels;
    private final int size;
    private final int width;
    private final Block dense;
    private final List<Block> blocks = new ArrayList<>();   // index k: side 4 · 2^k
    private final Block toImage;

    /**
     * @param latentDim L, the size of z
     * @param mapChannels M
     * @param imageChannels C
     * @param size S, a power of two ≥ 8
     * @param width the output resolution's channels (4 · width at 4×4)
     * @param hidden every SpadeNorm's hidden channels
     * @param norm every SpadeNorm's parameter-free norm (the paper: BATCH)
     * @param wrap applied to the dense layer and every convolution outside the Spades
     */
    public SpadeGenerator(int latentDim, int mapChannels, int imageChannels, int size, int width, int hidden,
                          NormKind norm, UnaryOperator<Block> wrap) {
        super(VERSION);
        if (latentDim < 1 || mapChannels < 1 || imageChannels < 1 || width < 1 || hidden < 1) {
            throw new IllegalArgumentException("SPADE generator needs latent, map channels, image channels, width and hidden"
                    + " all >= 1; got " + latentDim + ", " + mapChannels + ", " + imageChannels + ", " + width + ", "
                    + hidden);
        }
        if (size < 8 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("SPADE generator size must be a power of two >= 8 (it grows from 4x4 by"
                    + " doubling), got " + size);
        }
        this.latentDim = latentDim;
        this.mapChannels = mapChannels;
        this.imageChannels = imageChannels;
        this.size = size;
        this.width = width;
        this.dense = addChildBlock("dense", wrap.apply(Linear.builder().setUnits(16L * 4 * width).build()));
        for (int side = 4; side <= size; side *= 2) {
            blocks.add(addChildBlock("block" + side,
                    new SpadeResBlock(channelsBefore(side), channels(side), mapChannels, hidden, norm, wrap)));
        }
        this.toImage = addChildBlock("to_image", wrap.apply(Conv2d.builder().setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1)).setFilters(imageChannels).build()));
    }

    /** c(side): the channels the block at this side outputs. */
    private int channels(int side) {
        return width * Math.min(4, size / side);
    }

    /** The channels entering the block at this side: 4 · width at 4×4, else the previous block's. */
    private int channelsBefore(int side) {
        return side == 4 ? 4 * width : channels(side / 2);
    }

    private void checkInputShapes(Shape[] in) {
        if (in.length != 2 || in[0].dimension() != 2 || in[0].get(1) != latentDim || in[1].dimension() != 4
                || in[1].get(1) != mapChannels || in[1].get(2) != size || in[1].get(3) != size
                || in[0].get(0) != in[1].get(0)) {
            throw new IllegalArgumentException("a SPADE generator takes [z (N, " + latentDim + "), maps (N, " + mapChannels
                    + ", " + size + ", " + size + ")], got " + Arrays.toString(in));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        long n = inputShapes[0].get(0);
        dense.initialize(manager, dataType, inputShapes[0]);
        int k = 0;
        for (int side = 4; side <= size; side *= 2) {
            blocks.get(k++).initialize(manager, dataType, new Shape(n, channelsBefore(side), side, side), inputShapes[1]);
        }
        toImage.initialize(manager, dataType, new Shape(n, channels(size), size, size));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray maps = inputs.get(1);
        NDArray h = Forward.of(dense, store, inputs.get(0), training).reshape(-1, 4L * width, 4, 4);
        int k = 0;
        for (int side = 4; side <= size; side *= 2) {
            h = blocks.get(k++).forward(store, new NDList(h, maps), training).singletonOrThrow();
            if (side < size) {
                h = Upsample.nearest(h, 2);
            }
        }
        return new NDList(Forward.of(toImage, store, Activation.leakyRelu(h, 0.2f), training).tanh());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), imageChannels, size, size)};
    }

    @Override
    public String toString() {
        return "SpadeGenerator(" + size + "x" + size + ", width " + width + ", " + blocks.size() + " blocks)";
    }
}
