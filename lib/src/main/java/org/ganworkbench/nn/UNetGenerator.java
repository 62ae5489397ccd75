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

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The pix2pix generator (Isola et al. 2017, "Image-to-Image Translation with Conditional Adversarial
 * Networks"): a U-Net from semantic maps (N, M, S, S) to images (N, C, S, S) in (−1, 1), with a skip
 * connection from every encoder level to the decoder level of the same resolution.
 *
 * <pre>
 *   encoder, level i = 1 .. depth:  e_i has c_i = width · min(2^(i−1), 8) channels at side S / 2^i
 *     e_1 = conv(maps)                                   (no activation before it, no norm after it)
 *     e_i = norm(conv(LReLU₀.₂(e_{i−1})))                 1 &lt; i &lt; depth
 *     e_depth = conv(LReLU₀.₂(e_{depth−1}))                (innermost: no norm; the bottleneck)
 *   decoder, level i = depth .. 2, starting from d = e_depth:
 *     u_i = dropout?(norm(convT(ReLU(d))))               c_{i−1} channels at side S / 2^(i−1)
 *     d = concat(e_{i−1}, u_i)                           (the skip connection: 2 · c_{i−1} channels)
 *   images = tanh(convT(ReLU(d)))                        (outermost, to C channels at S × S)
 *
 *   conv = 4×4 stride 2 pad 1;  convT = transposed 4×4 stride 2 pad 1 ({@link ConvTranspose2d})
 * </pre>
 *
 * pix2pix's unet_256 is size 256, depth 8, width 64 (a 1×1 bottleneck); depth log2(S) always gives a
 * 1×1 bottleneck, a smaller depth a larger one. norm is the affine {@link NormKind#affine() norm}
 * (pix2pix: batch norm); a convolution followed by a norm has no bias (the norm's mean subtraction
 * would cancel it), every other one has.
 *
 * <p><b>Noise.</b> The inputs are [z (N, L), maps (N, M, S, S)] like every generator's, but z is
 * accepted and <em>ignored</em>: as in pix2pix, whose authors found that G learned to ignore an input
 * z, the only noise is dropout, {@link NoiseDropout} with rate {@code dropout}, which is active at
 * training <em>and</em> at inference, on the first {@code dropoutBlocks} decoder levels counted from
 * the innermost (pix2pix: 3 levels, rate 0.5). This follows the paper's decoder
 * (CD512-CD1024-CD1024-C1024-..., dropout on the first three decoder layers); the official code puts
 * the three dropout levels one further out, after the innermost level. With dropout the generator
 * draws a new image for the same map at every call; with rate 0 (or 0 blocks) it is deterministic
 * (at inference, where batch norm uses its running statistics).
 *
 * <p>{@code wrap} (e.g. spectral norm) is applied to the encoder's convolutions only: the decoder's
 * transposed convolutions are not {@link Conv2d} layers, which {@link SpectralNorm} needs.
 */
public final class UNetGenerator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int mapChannels;
    private final int imageChannels;
    private final int size;
    private final int width;
    private final int depth;
    private final NormKind norm;
    private final float dropout;
    private final int dropoutBlocks;
    private final List<Block> down = new ArrayList<>();       // index i − 1: level i's conv
    private final List<Block> downNorm = new ArrayList<>();   // index i − 1: level i's norm, or null
    private final List<Block> up = new ArrayList<>();         // index i − 1: level i's transposed conv
    private final List<Block> upNorm = new ArrayList<>();     // index i − 1: level i's norm, or null
    private final Block noise;

    /**
     * @param mapChannels M, the semantic map's channels (e.g. one-hot classes)
     * @param imageChannels C
     * @param size S, the side of maps and images
     * @param width channels of the first encoder level (doubling per level up to 8 · width)
     * @param depth encoder levels, 2 ≤ depth ≤ log2(S) (S divisible by 2^depth); log2(S) gives a 1×1 bottleneck
     * @param norm the norm after the convolutions (pix2pix: BATCH)
     * @param dropout the noise dropout's rate in [0, 1) (pix2pix: 0.5)
     * @param dropoutBlocks decoder levels with dropout, innermost first, 0 ≤ dropoutBlocks ≤ depth − 1 (pix2pix: 3)
     * @param wrap applied to the encoder's convolutions
     */
    public UNetGenerator(int mapChannels, int imageChannels, int size, int width, int depth, NormKind norm, float dropout,
                         int dropoutBlocks, UnaryOperator<Block> wrap) {
        super(VERSION);
        if (mapChannels < 1 || imageChannels < 1 || width < 1) {
            throw new IllegalArgumentException("U-Net generator needs map channels >= 1, image channels >= 1, width >= 1;"
                    + " got " + mapChannels + ", " + imageChannels + ", " + width);
        }
        if (depth < 2 || depth > 30 || size < 1 || size % (1 << depth) != 0) {
            int most = size > 0 ? Integer.numberOfTrailingZeros(size) : 0;
            throw new IllegalArgumentException("U-Net depth must be at least 2 and at most log2(size), with size divisible"
                    + " by 2^depth (each level halves the side); got depth " + depth + " for size " + size
                    + (most >= 2 ? ": use a depth from 2 to " + most : ": use a size divisible by 4"));
        }
        NoiseDropout.checkRate("U-Net dropout", dropout);
        if (dropoutBlocks < 0 || dropoutBlocks > depth - 1) {
            throw new IllegalArgumentException("U-Net dropout blocks must be in 0 .. depth - 1 = " + (depth - 1)
                    + " (the outermost level outputs the image and has no dropout); got " + dropoutBlocks);
        }
        this.mapChannels = mapChannels;
        this.imageChannels = imageChannels;
        this.size = size;
        this.width = width;
        this.depth = depth;
        this.norm = norm;
        this.dropout = dropout;
        this.dropoutBlocks = dropoutBlocks;
        for (int i = 1; i <= depth; i++) {
            boolean normed = i > 1 && i < depth && norm != NormKind.NONE;
            down.add(addChildBlock("down" + i, wrap.apply(Conv2d.builder().setKernelShape(new Shape(4, 4))
                    .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).setFilters(channels(i)).optBias(!normed)
                    .build())));
            downNorm.add(normed ? addChildBlock("down_norm" + i, norm.affine()) : null);
        }
        for (int i = depth; i >= 1; i--) {
            boolean normed = i > 1 && norm != NormKind.NONE;
            up.add(0, addChildBlock("up" + i, ConvTranspose2d.doubling(i == 1 ? imageChannels : channels(i - 1), !normed)));
            upNorm.add(0, normed ? addChildBlock("up_norm" + i, norm.affine()) : null);
        }
        this.noise = dropout > 0 && dropoutBlocks > 0 ? addChildBlock("noise", new NoiseDropout(dropout)) : null;
    }

    /** c_i, the channels of encoder level i (1 .. depth); c_0 = M. */
    private int channels(int i) {
        return i == 0 ? mapChannels : width * Math.min(1 << (i - 1), 8);
    }

    /** Side of encoder level i's output. */
    private long side(int i) {
        return size >> i;
    }

    /** Whether decoder level i (depth .. 2) has dropout. */
    private boolean dropsAt(int i) {
        return noise != null && i >= 2 && depth - i < dropoutBlocks;
    }

    /**
     * The shapes of the skip tensors for a batch of n, outermost first: e_1 .. e_{depth−1}, each
     * (n, c_i, S / 2^i, S / 2^i), concatenated onto the decoder level of the same side.
     */
    public List<Shape> skipShapes(long n) {
        List<Shape> shapes = new ArrayList<>();
        for (int i = 1; i < depth; i++) {
            shapes.add(new Shape(n, channels(i), side(i), side(i)));
        }
        return shapes;
    }

    /** The bottleneck e_depth's shape for a batch of n: (n, c_depth, S / 2^depth, S / 2^depth). */
    public Shape bottleneckShape(long n) {
        return new Shape(n, channels(depth), side(depth), side(depth));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        long n = inputShapes[1].get(0);
        for (int i = 1; i <= depth; i++) {
            down.get(i - 1).initialize(manager, dataType, new Shape(n, channels(i - 1), side(i - 1), side(i - 1)));
            Shape out = new Shape(n, channels(i), side(i), side(i));
            if (downNorm.get(i - 1) != null) {
                downNorm.get(i - 1).initialize(manager, dataType, out);
            }
            up.get(i - 1).initialize(manager, dataType, new Shape(n, i == depth ? channels(i) : 2L * channels(i), side(i),
                    side(i)));
            if (upNorm.get(i - 1) != null) {
                upNorm.get(i - 1).initialize(manager, dataType, new Shape(n, channels(i - 1), side(i - 1), side(i - 1)));
            }
        }
        if (noise != null) {
            noise.initialize(manager, dataType, new Shape(n, channels(depth - 1), side(depth - 1), side(depth - 1)));
        }
    }

    private void checkInputShapes(Shape[] in) {
        if (in.length != 2) {
            throw new IllegalArgumentException("a U-Net generator takes [z (N, L), maps (N, " + mapChannels + ", " + size
                    + ", " + size + ")] (z is ignored), got " + in.length + " input(s)");
        }
        Shape m = in[1];
        if (m.dimension() != 4 || m.get(1) != mapChannels || m.get(2) != size || m.get(3) != size) {
            throw new IllegalArgumentException("U-Net generator needs maps (N, " + mapChannels + ", " + size + ", " + size
                    + "), got " + m);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDList e = encode(store, inputs.get(1), training);
        NDArray d = e.get(depth - 1);
        for (int i = depth; i >= 2; i--) {
            NDArray u = Forward.of(up.get(i - 1), store, Activation.relu(d), training);
            if (upNorm.get(i - 1) != null) {
                u = Forward.of(upNorm.get(i - 1), store, u, training);
            }
            if (dropsAt(i)) {
                u = Forward.of(noise, store, u, training);
            }
            d = e.get(i - 2).concat(u, 1);
        }
        return new NDList(Forward.of(up.get(0), store, Activation.relu(d), training).tanh());
    }

    /**
     * The encoder's outputs e_1 .. e_depth for these maps: the skip tensors ({@link #skipShapes}),
     * then the bottleneck.
     */
    public NDList encode(ParameterStore store, NDArray maps, boolean training) {
        NDList e = new NDList(depth);
        NDArray h = maps;
        for (int i = 1; i <= depth; i++) {
            h = Forward.of(down.get(i - 1), store, i == 1 ? h : Activation.leakyRelu(h, 0.2f), training);
            if (downNorm.get(i - 1) != null) {
                h = Forward.of(downNorm.get(i - 1), store, h, training);
            }
            e.add(h);
        }
        return e;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[inputShapes.length - 1].get(0), imageChannels, size, size)};
    }

    @Override
    public String toString() {
        return "UNetGenerator(" + size + "x" + size + ", depth " + depth + ", width " + width + ", " + norm.key()
                + (noise == null ? ", no dropout" : ", dropout " + dropout + " on " + dropoutBlocks + " level(s)") + ")";
    }
}
