package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The discriminator of a progressive GAN (Karras et al. 2018, Table 2), mirroring
 * {@link ProgressiveGenerator}, with the same growth state (level, α; see {@link ProgressiveBlock}).
 *
 * <pre>
 *   fromRGB_l: conv 1×1 to c_l → LReLU
 *   per level l ≥ 1: conv 3×3 to c_l → [LN] → LReLU → conv 3×3 to c_{l−1} → [LN] → LReLU → 2×2 average pooling
 *   level 0 (4×4): [minibatch stddev, one extra map] → conv 3×3 to c₀ → [LN] → LReLU
 *                  → dense to c₀ (the "4×4 conv") → LReLU → dense to 1 (gain 1, linear)
 * </pre>
 *
 * Input: images of the full size, or of any power-of-two size down to the current resolution r (the
 * {@code atStage} views a gradient penalty is taken on); they are reduced to r by 2×2 average
 * pooling ({@link Downsample}). At level L with α &lt; 1 the features entering level L−1 are
 * lerp(fromRGB_{L−1}(avgpool(x_r)), block_L(fromRGB_L(x_r)), α). Layers not used at the stage are
 * not run. [LN]: {@link LayerNorm}, only with {@code Norm.LAYER} — the critic's normalization in the
 * WGAN-GP baseline that the paper's Table 1 starts from (Gulrajani et al. 2017), removed in its row
 * (d); a per-sample norm, so the gradient penalty stays a per-sample quantity. Output: [scores (N, 1), features (N, c₀)], the features being what the output layer
 * reads (for feature matching).
 */
public final class ProgressiveDiscriminator extends ProgressiveBlock {

    private static final byte VERSION = 1;
    private static final float SLOPE = 0.2f;

    private final int imageChannels;
    private final int stddevGroup;
    private final Norm norm;
    private final Block[] fromRgb;    // null where absent (growing off: only the last)
    private final Block[] blocks;     // blocks[l] for l >= 1
    private final Block baseConv;
    private final Block dense;
    private final Block out;

    /**
     * @param channels feature maps per level, 4×4 first (as the generator's)
     * @param imageChannels C of the images
     * @param growing whether the network grows (builds fromRGB for every level) or is always full-size
     * @param equalized equalized learning rate in every layer
     * @param stddevGroup group size of the minibatch stddev layer at 4×4; 0 = off
     */
    public ProgressiveDiscriminator(int[] channels, int imageChannels, boolean growing, boolean equalized,
                                    int stddevGroup) {
        this(channels, imageChannels, growing, equalized, stddevGroup, Norm.NONE);
    }

    /**
     * As {@link #ProgressiveDiscriminator(int[], int, boolean, boolean, int)}, with layer norm after
     * every 3×3 convolution when {@code norm} is {@link Norm#LAYER} ({@link Norm#NONE}: none; no other).
     */
    public ProgressiveDiscriminator(int[] channels, int imageChannels, boolean growing, boolean equalized,
                                    int stddevGroup, Norm norm) {
        super(VERSION, "discriminator", channels, growing);
        if (stddevGroup < 0 || stddevGroup == 1) {
            throw new IllegalArgumentException("minibatch stddev group must be 0 (off) or >= 2, got " + stddevGroup);
        }
        if (norm != Norm.NONE && norm != Norm.LAYER) {
            throw new IllegalArgumentException("the progressive discriminator's norm is none or layer, got " + norm.key()
                    + " (batch norm would couple the samples a gradient penalty treats one by one)");
        }
        this.imageChannels = imageChannels;
        this.stddevGroup = stddevGroup;
        this.norm = norm;
        int levels = channels.length;
        this.fromRgb = new Block[levels];
        this.blocks = new Block[levels];
        for (int l = levels - 1; l >= 0; l--) {
            int r = 4 << l;
            if (growing || l == levels - 1) {
                fromRgb[l] = addChildBlock("fromrgb" + r, new SequentialBlock()
                        .add(new EqualizedConv2d(channels[l], 1, EqualizedLr.RELU_GAIN, equalized))
                        .add(Activation.leakyReluBlock(SLOPE)));
            }
            if (l > 0) {
                SequentialBlock block = new SequentialBlock();
                convAct(block, channels[l], equalized);
                convAct(block, channels[l - 1], equalized);
                blocks[l] = addChildBlock("block" + r, block.add(new Downsample(2)));
            }
        }
        SequentialBlock base = new SequentialBlock();
        if (stddevGroup > 0) {
            base.add(new MinibatchStdDev(stddevGroup));
        }
        this.baseConv = addChildBlock("conv4", convAct(base, channels[0], equalized));
        this.dense = addChildBlock("dense4", new SequentialBlock()
                .add(new EqualizedLinear(channels[0], EqualizedLr.RELU_GAIN, equalized, true))
                .add(Activation.leakyReluBlock(SLOPE)));
        this.out = addChildBlock("out", new EqualizedLinear(1, 1, equalized, true));
    }

    /** Adds conv 3×3 → [layer norm] → LReLU(0.2) to {@code block}. */
    private SequentialBlock convAct(SequentialBlock block, int filters, boolean equalized) {
        block.add(new EqualizedConv2d(filters, 3, EqualizedLr.RELU_GAIN, equalized));
        if (norm == Norm.LAYER) {
            block.add(new LayerNorm());
        }
        return block.add(Activation.leakyReluBlock(SLOPE));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        for (int l = channels.length - 1; l >= 0; l--) {
            long r = 4L << l;
            if (fromRgb[l] != null) {
                fromRgb[l].initialize(manager, dataType, new Shape(n, imageChannels, r, r));
            }
            if (l > 0) {
                blocks[l].initialize(manager, dataType, new Shape(n, channels[l], r, r));
            }
        }
        Shape four = new Shape(n, channels[0], 4, 4);
        baseConv.initialize(manager, dataType, four);
        dense.initialize(manager, dataType, four);
        out.initialize(manager, dataType, new Shape(n, channels[0]));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        int level = level();
        float alpha = alpha();
        int r = 4 << level;
        long size = s.dimension() == 4 ? s.get(2) : -1;
        if (size < r || s.get(1) != imageChannels || s.get(3) != size || size > fullSize() || size % r != 0
                || Long.bitCount(size / r) != 1) {
            throw new IllegalArgumentException("ProgressiveDiscriminator at " + r + "x" + r + " needs (N, " + imageChannels
                    + ", S, S) images with S a power of two from " + r + " to " + fullSize() + "; got " + s);
        }
        NDArray image = Downsample.average(x, (int) (size / r));
        NDArray h = Forward.of(fromRgb[level], store, image, training);
        if (level > 0) {
            h = Forward.of(blocks[level], store, h, training);
            if (alpha < 1) {
                NDArray old = Forward.of(fromRgb[level - 1], store, Downsample.average(image, 2), training);
                h = old.add(h.sub(old).mul(alpha));
            }
        }
        for (int l = level - 1; l >= 1; l--) {
            h = Forward.of(blocks[l], store, h, training);
        }
        h = Forward.of(baseConv, store, h, training);
        NDArray features = Forward.of(dense, store, h, training);
        NDArray scores = Forward.of(out, store, features, training);
        return new NDList(scores, features);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, 1), new Shape(n, channels[0])};
    }

    @Override
    public String toString() {
        return "ProgressiveDiscriminator(" + imageChannels + "x" + fullSize() + "x" + fullSize() + " -> "
                + java.util.Arrays.toString(channels) + (stddevGroup > 0 ? ", minibatch stddev " + stddevGroup : "")
                + (norm == Norm.NONE ? "" : ", " + norm.key() + " norm")
                + ", level " + level() + ", alpha " + alpha() + ")";
    }
}
