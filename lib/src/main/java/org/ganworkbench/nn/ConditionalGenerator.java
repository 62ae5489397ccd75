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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A class-conditional convolutional generator: (z (N, L), classes one-hot (N, K)) to images
 * (N, C, S, S), S = 4 · 2^stages. The class enters in one of two ways ({@link Mode}):
 *
 * <pre>
 *   CONCAT (Mirza and Osindero 2014, on DCGAN's body):
 *     h = dense([z, y E]) → reshape (c₀, 4, 4) → BN → ReLU       (E: a learned K × L/2 class embedding)
 *     per stage: nearest ×2 → conv 3×3 → BN → ReLU
 *   CBN (SAGAN, BigGAN): the class sets every batch norm's scale and shift instead
 *     h = dense(z) → reshape (c₀, 4, 4) → CBN(y) → ReLU
 *     per stage: nearest ×2 → conv 3×3 → CBN(y) → ReLU
 *   then conv 3×3 to C channels → tanh
 * </pre>
 *
 * Channels halve with every stage from c₀ = width · 2^stages at 4×4 to width at full size. Optionally a
 * {@link SelfAttention} block after the stage whose output has side {@code attentionAt}. Every
 * weight layer goes through {@code wrap} (e.g. spectral norm in G, as SAGAN does); norms and
 * attention's γ are not wrapped.
 */
public final class ConditionalGenerator extends AbstractBlock {

    /** How the class enters G. */
    public enum Mode {
        /** A learned class embedding concatenated with z (CGAN). */
        CONCAT,
        /** Class-conditional batch norm everywhere (SAGAN, BigGAN). */
        CBN
    }

    private static final byte VERSION = 1;

    private final int classes;
    private final int latent;
    private final int imageChannels;
    private final int stages;
    private final int width;
    private final Mode mode;
    private final int attentionAt;
    private final int embedDim;
    private final Block embedding;     // CONCAT only: K -> embedDim, no bias (a lookup table)
    private final Block dense;
    private final Block denseNorm;
    private final List<Block> convs = new ArrayList<>();
    private final List<Block> norms = new ArrayList<>();
    private final Block attention;     // null without
    private final Block toImage;

    /**
     * @param classes K ≥ 2
     * @param latent L, the size of z
     * @param imageChannels C
     * @param stages doublings from 4×4 (3 for 32×32)
     * @param width channels of the last stage (they double per stage inward)
     * @param mode how the class enters
     * @param attentionAt side of the map after which self-attention runs (8 .. S), or 0 for none
     * @param wrap applied to every weight layer
     */
    public ConditionalGenerator(int classes, int latent, int imageChannels, int stages, int width, Mode mode,
                                int attentionAt, UnaryOperator<Block> wrap) {
        super(VERSION);
        if (classes < 2 || latent < 1 || stages < 1 || width < 1) {
            throw new IllegalArgumentException("conditional generator needs >= 2 classes, latent >= 1, stages >= 1, "
                    + "width >= 1; got " + classes + ", " + latent + ", " + stages + ", " + width);
        }
        int size = 4 << stages;
        if (attentionAt != 0 && (attentionAt < 8 || attentionAt > size || Integer.bitCount(attentionAt) != 1)) {
            throw new IllegalArgumentException("attention_at must be 0 (none) or a map side from 8 to " + size
                    + " (a power of two), got " + attentionAt);
        }
        this.classes = classes;
        this.latent = latent;
        this.imageChannels = imageChannels;
        this.stages = stages;
        this.width = width;
        this.mode = mode;
        this.attentionAt = attentionAt;
        this.embedDim = Math.max(1, latent / 2);
        int c0 = channels(0);
        this.embedding = mode == Mode.CONCAT
                ? addChildBlock("class_embedding", wrap.apply(Linear.builder().setUnits(embedDim).optBias(false).build()))
                : null;
        this.dense = addChildBlock("dense", wrap.apply(Linear.builder().setUnits((long) c0 * 16).optBias(false).build()));
        this.denseNorm = addChildBlock("dense_norm", norm());
        for (int s = 1; s <= stages; s++) {
            convs.add(addChildBlock("conv" + (4 << s), wrap.apply(conv(channels(s), false))));
            norms.add(addChildBlock("norm" + (4 << s), norm()));
        }
        this.attention = attentionAt == 0 ? null
                : addChildBlock("attention" + attentionAt, new SelfAttention(channels(stageOf(attentionAt)), wrap));
        this.toImage = addChildBlock("to_image", wrap.apply(conv(imageChannels, true)));
    }

    private Block norm() {
        return mode == Mode.CBN ? new ConditionalBatchNorm(classes) : BatchNorm.builder().build();
    }

    private static Block conv(int filters, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
                .optBias(bias).build();
    }

    /** Channels after stage s (0 = the 4×4 map). */
    private int channels(int s) {
        return width << (stages - Math.min(s, stages));
    }

    private static int stageOf(int side) {
        return Integer.numberOfTrailingZeros(side) - 2;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        Shape y = new Shape(n, classes);
        if (embedding != null) {
            embedding.initialize(manager, dataType, y);
            dense.initialize(manager, dataType, new Shape(n, latent + embedDim));
        } else {
            dense.initialize(manager, dataType, new Shape(n, latent));
        }
        initNorm(denseNorm, manager, dataType, new Shape(n, channels(0), 4, 4), y);
        for (int s = 1; s <= stages; s++) {
            long side = 4L << s;
            convs.get(s - 1).initialize(manager, dataType, new Shape(n, channels(s - 1), side, side));
            initNorm(norms.get(s - 1), manager, dataType, new Shape(n, channels(s), side, side), y);
        }
        if (attention != null) {
            attention.initialize(manager, dataType, new Shape(n, channels(stageOf(attentionAt)), attentionAt, attentionAt));
        }
        long size = 4L << stages;
        toImage.initialize(manager, dataType, new Shape(n, channels(stages), size, size));
    }

    private void initNorm(Block norm, NDManager manager, DataType dataType, Shape x, Shape y) {
        if (mode == Mode.CBN) {
            norm.initialize(manager, dataType, x, y);
        } else {
            norm.initialize(manager, dataType, x);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("a conditional generator takes [z (N, " + latent + "), one-hot classes (N, "
                    + classes + ")], got " + inputs.size() + " input(s)");
        }
        return new NDList(run(store, inputs.get(0), inputs.get(1), training, false));
    }

    /**
     * The self-attention weights β of the images G makes of z and y (inference mode): (N, P, P),
     * {@code β[n, j, i]} the weight query position j of the {@code attentionAt}-sided map gives to
     * position i (row-major), as {@link SelfAttention#attention} defines them.
     *
     * @param store the parameters
     * @param z latents (N, latent)
     * @param y one-hot classes (N, classes)
     * @return β
     * @throws IllegalStateException when G has no self-attention
     */
    public NDArray attentionMap(ParameterStore store, NDArray z, NDArray y) {
        if (attention == null) {
            throw new IllegalStateException("this generator has no self-attention (attention_at 0)");
        }
        return run(store, z, y, false, true);
    }

    /** G's image, or (attentionOnly) the attention weights at the attention block's input. */
    private NDArray run(ParameterStore store, NDArray z, NDArray y, boolean training, boolean attentionOnly) {
        NDArray in = z;
        if (embedding != null) {
            in = z.concat(Forward.of(embedding, store, y, training), 1);
        }
        NDArray h = Forward.of(dense, store, in, training).reshape(-1, channels(0), 4, 4);
        h = Activation.relu(normalize(denseNorm, store, h, y, training));
        for (int s = 1; s <= stages; s++) {
            h = Forward.of(convs.get(s - 1), store, Upsample.nearest(h, 2), training);
            h = Activation.relu(normalize(norms.get(s - 1), store, h, y, training));
            if (attention != null && (4 << s) == attentionAt) {
                if (attentionOnly) {
                    return attention().attention(store, h, training);
                }
                h = Forward.of(attention, store, h, training);
            }
        }
        return Forward.of(toImage, store, h, training).tanh();
    }

    private NDArray normalize(Block norm, ParameterStore store, NDArray h, NDArray y, boolean training) {
        NDList in = mode == Mode.CBN ? new NDList(h, y) : new NDList(h);
        return norm.forward(store, in, training).singletonOrThrow();
    }

    /** The self-attention block, or null. */
    public SelfAttention attention() {
        return (SelfAttention) attention;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long size = 4L << stages;
        return new Shape[] {new Shape(inputShapes[0].get(0), imageChannels, size, size)};
    }

    @Override
    public String toString() {
        return "ConditionalGenerator(" + classes + " classes, " + mode + ", " + (4 << stages) + "x" + (4 << stages)
                + (attention == null ? "" : ", attention at " + attentionAt) + ")";
    }
}
