package org.ganworkbench.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ganworkbench.engine.Ops;

/**
 * The generator of a progressive GAN (Karras et al. 2018, Table 2) with its growth state: which
 * level (resolution 4·2^level) it works at and the fade-in weight α of that level.
 *
 * <pre>
 *   z → [pixel norm] → dense to c₀·4·4 → reshape (c₀, 4, 4) + bias → [BN] → LReLU → [PN]
 *     → conv 3×3 → [BN] → LReLU → [PN]                               (level 0, 4×4)
 *   per level l ≥ 1: nearest ×2 → conv 3×3 → [BN] → LReLU → [PN] → conv 3×3 → [BN] → LReLU → [PN]
 *   toRGB_l: conv 1×1 to C channels, linear (gain 1)
 * </pre>
 *
 * At level L with α &lt; 1 the image is lerp(upsample(toRGB_{L−1}(h_{L−1})), toRGB_L(h_L), α); at
 * α = 1 only toRGB_L runs. The image is then upsampled (nearest) to the full size, so G's output is
 * always (N, C, full, full). Levels above L and toRGB layers not used at the stage are not run, so a
 * forward pass neither reads nor gives gradients to them. All convolutions and dense layers are
 * {@link EqualizedConv2d}/{@link EqualizedLinear}; the dense layer's gain is √2/4, the std of a 4×4
 * convolution from the 1×1 latent (fan-in 16·latent), as in the official code. LReLU slope 0.2.
 *
 * <p>[BN]: batch norm, only with {@code Norm.BATCH} — the normalization of the WGAN-GP baseline that
 * the paper's Table 1 starts from (Gulrajani et al. 2017: batch norm in G), which the paper's row (d)
 * removes.
 *
 * <p>Without growing only the full-size toRGB layer exists and the stage is fixed at the last level.
 */
public final class ProgressiveGenerator extends ProgressiveBlock {

    private static final byte VERSION = 1;
    private static final float SLOPE = 0.2f;

    private final int imageChannels;
    private final boolean pixelNorm;
    private final boolean normalizeLatent;
    private final Norm norm;
    private final EqualizedLinear dense;
    private final Block denseNorm;   // null without batch norm
    private final Parameter denseBias;
    private final Block baseConv;
    private final Block[] blocks;     // blocks[l] for l >= 1; blocks[0] unused
    private final Block[] toRgb;      // null where absent (growing off: only the last)

    /**
     * @param channels feature maps per level, 4×4 first (its length is the number of levels)
     * @param imageChannels C of the images
     * @param growing whether the network grows (builds toRGB for every level) or is always full-size
     * @param equalized equalized learning rate in every layer
     * @param pixelNorm pixelwise feature normalization after every convolution (and the dense layer)
     * @param normalizeLatent pixel-normalize z before the dense layer (the official code's default)
     */
    public ProgressiveGenerator(int[] channels, int imageChannels, boolean growing, boolean equalized,
                                boolean pixelNorm, boolean normalizeLatent) {
        this(channels, imageChannels, growing, equalized, pixelNorm, normalizeLatent, Norm.NONE);
    }

    /**
     * As {@link #ProgressiveGenerator(int[], int, boolean, boolean, boolean, boolean)}, with batch norm
     * before every LReLU when {@code norm} is {@link Norm#BATCH} ({@link Norm#NONE}: none; no other).
     */
    public ProgressiveGenerator(int[] channels, int imageChannels, boolean growing, boolean equalized,
                                boolean pixelNorm, boolean normalizeLatent, Norm norm) {
        super(VERSION, "generator", channels, growing);
        if (norm != Norm.NONE && norm != Norm.BATCH) {
            throw new IllegalArgumentException("the progressive generator's norm is none or batch, got " + norm.key());
        }
        this.imageChannels = imageChannels;
        this.pixelNorm = pixelNorm;
        this.normalizeLatent = normalizeLatent;
        this.norm = norm;
        int levels = channels.length;
        this.dense = addChildBlock("dense", new EqualizedLinear(channels[0] * 16, EqualizedLr.RELU_GAIN / 4, equalized, false));
        this.denseBias = addParameter(Parameter.builder().setName("dense_bias").setType(Parameter.Type.BIAS).build());
        this.denseNorm = norm == Norm.BATCH ? addChildBlock("dense_norm", BatchNorm.builder().build()) : null;
        this.baseConv = addChildBlock("conv4", convAct(channels[0], equalized));
        this.blocks = new Block[levels];
        this.toRgb = new Block[levels];
        for (int l = 0; l < levels; l++) {
            int r = 4 << l;
            if (l > 0) {
                blocks[l] = addChildBlock("block" + r, new SequentialBlock()
                        .add(new Upsample(2))
                        .add(convAct(channels[l], equalized))
                        .add(convAct(channels[l], equalized)));
            }
            if (growing || l == levels - 1) {
                toRgb[l] = addChildBlock("torgb" + r, new EqualizedConv2d(imageChannels, 1, 1, equalized));
            }
        }
    }

    /** conv 3×3 → [batch norm] → LReLU(0.2) → [pixel norm]. */
    private Block convAct(int filters, boolean equalized) {
        SequentialBlock b = new SequentialBlock()
                .add(new EqualizedConv2d(filters, 3, EqualizedLr.RELU_GAIN, equalized));
        if (norm == Norm.BATCH) {
            b.add(BatchNorm.builder().build());
        }
        b.add(Activation.leakyReluBlock(SLOPE));
        if (pixelNorm) {
            b.add(new PixelNorm());
        }
        return b;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        denseBias.setShape(new Shape(channels[0]));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        dense.initialize(manager, dataType, inputShapes[0]);
        if (denseNorm != null) {
            denseNorm.initialize(manager, dataType, new Shape(n, channels[0], 4, 4));
        }
        baseConv.initialize(manager, dataType, new Shape(n, channels[0], 4, 4));
        for (int l = 0; l < channels.length; l++) {
            long r = 4L << l;
            if (l > 0) {
                blocks[l].initialize(manager, dataType, new Shape(n, channels[l - 1], r / 2, r / 2));
            }
            if (toRgb[l] != null) {
                toRgb[l].initialize(manager, dataType, new Shape(n, channels[l], r, r));
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        Device device = z.getDevice();
        int level = level();
        float alpha = alpha();
        if (normalizeLatent) {
            z = PixelNorm.normalize(z, PixelNorm.EPSILON);
        }
        NDArray h = dense.forward(store, new NDList(z), training).singletonOrThrow()
                .reshape(-1, channels[0], 4, 4)
                .add(Ops.intoPass(store.getValue(denseBias, device, training).reshape(1, channels[0], 1, 1), z));
        if (denseNorm != null) {
            h = denseNorm.forward(store, new NDList(h), training).singletonOrThrow();
        }
        h = Activation.leakyRelu(h, SLOPE);
        if (pixelNorm) {
            h = PixelNorm.normalize(h, PixelNorm.EPSILON);
        }
        h = baseConv.forward(store, new NDList(h), training).singletonOrThrow();
        NDArray previous = h;
        for (int l = 1; l <= level; l++) {
            previous = h;
            h = blocks[l].forward(store, new NDList(h), training).singletonOrThrow();
        }
        NDArray image = rgb(store, level, h, training);
        if (alpha < 1) {
            NDArray old = Upsample.nearest(rgb(store, level - 1, previous, training), 2);
            image = old.add(image.sub(old).mul(alpha));
        }
        return new NDList(Upsample.nearest(image, fullSize() >> (2 + level)));
    }

    private NDArray rgb(ParameterStore store, int l, NDArray h, boolean training) {
        return toRgb[l].forward(store, new NDList(h), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), imageChannels, fullSize(), fullSize())};
    }

    @Override
    public String toString() {
        return "ProgressiveGenerator(" + java.util.Arrays.toString(channels) + " -> " + imageChannels + "x" + fullSize()
                + "x" + fullSize() + (norm == Norm.NONE ? "" : ", " + norm.key() + " norm") + ", level " + level() + ", alpha " + alpha() + ")";
    }
}
