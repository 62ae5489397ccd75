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
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A class-conditional convolutional discriminator: (images (N, C, S, S), classes one-hot (N, K)) to
 * [scores (N, 1), features (N, F)], and for {@link Mode#ACGAN} also [class logits (N, K)].
 *
 * <pre>
 *   per stage, S → 4: conv 4×4 stride 2 → LReLU(0.2)      (channels width, 2·width, ...; no norm, so D stays per sample)
 *   φ(x) = sum over the 4×4 positions (SAGAN's global sum pooling), F = width · 2^(stages−1)
 *   score = ψ(φ(x)) = dense(φ(x))
 * </pre>
 *
 * The class enters in one of three ways ({@link Mode}): {@code CONCAT} appends the one-hot classes
 * as K constant maps to the image (Mirza and Osindero's CGAN, for a convolutional D); {@code ACGAN}
 * (Odena et al. 2017) leaves the score alone and adds a second head, class logits = dense(φ(x)), which
 * the AC-GAN loss trains to name the class of real and generated images; {@code PROJECTION} (Miyato and
 * Koyama 2018) adds ⟨y V, φ(x)⟩ to the score ({@link Projection}). Optionally a {@link SelfAttention}
 * block after the stage whose output has side {@code attentionAt}. Every weight layer goes through
 * {@code wrap} (e.g. spectral norm).
 */
public final class ConditionalDiscriminator extends AbstractBlock {

    /** How the class enters D. */
    public enum Mode {
        /** One-hot class maps concatenated to the image (CGAN). */
        CONCAT,
        /** An auxiliary classifier head beside the score (AC-GAN). */
        ACGAN,
        /** The projection term added to the score. */
        PROJECTION
    }

    private static final byte VERSION = 1;

    private final int classes;
    private final int imageChannels;
    private final int stages;
    private final int width;
    private final Mode mode;
    private final int attentionAt;
    private final List<Block> convs = new ArrayList<>();
    private final Block attention;
    private final Block out;
    private final Block classifier;   // ACGAN only
    private final Block projection;   // PROJECTION only

    /**
     * @param classes K ≥ 2
     * @param imageChannels C
     * @param stages halvings down to 4×4 (3 for 32×32)
     * @param width channels of the first stage (doubling per stage)
     * @param mode how the class enters
     * @param attentionAt side of the map after which self-attention runs (4 < side < S), or 0 for none
     * @param wrap applied to every weight layer (convolutions and dense layers)
     */
    public ConditionalDiscriminator(int classes, int imageChannels, int stages, int width, Mode mode, int attentionAt,
                                    UnaryOperator<Block> wrap) {
        super(VERSION);
        if (classes < 2 || stages < 1 || width < 1) {
            throw new IllegalArgumentException("conditional discriminator needs >= 2 classes, stages >= 1, width >= 1; got "
                    + classes + ", " + stages + ", " + width);
        }
        int size = 4 << stages;
        if (attentionAt != 0 && (attentionAt < 8 || attentionAt >= size || Integer.bitCount(attentionAt) != 1)) {
            throw new IllegalArgumentException("attention_at in D must be 0 (none) or a map side from 8 to " + size / 2
                    + " (a power of two), got " + attentionAt);
        }
        this.classes = classes;
        this.imageChannels = imageChannels;
        this.stages = stages;
        this.width = width;
        this.mode = mode;
        this.attentionAt = attentionAt;
        for (int s = 1; s <= stages; s++) {
            convs.add(addChildBlock("conv" + (size >> s), wrap.apply(Conv2d.builder().setKernelShape(new Shape(4, 4))
                    .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).setFilters(channels(s)).build())));
        }
        this.attention = attentionAt == 0 ? null
                : addChildBlock("attention" + attentionAt, new SelfAttention(channels(stages - stageOf(attentionAt)), wrap));
        this.out = addChildBlock("out", wrap.apply(Linear.builder().setUnits(1).build()));
        this.classifier = mode == Mode.ACGAN ? addChildBlock("classifier", wrap.apply(Linear.builder().setUnits(classes).build()))
                : null;
        this.projection = mode == Mode.PROJECTION ? addChildBlock("projection", new Projection(classes)) : null;
    }

    /** Channels after stage s (s = 1 is the first halving). */
    private int channels(int s) {
        return width << (s - 1);
    }

    /** Stages from 4×4 up to this side. */
    private static int stageOf(int side) {
        return Integer.numberOfTrailingZeros(side) - 2;
    }

    /** The features' size F. */
    public int featureSize() {
        return channels(stages);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long size = 4L << stages;
        long in = imageChannels + (mode == Mode.CONCAT ? classes : 0);
        for (int s = 1; s <= stages; s++) {
            convs.get(s - 1).initialize(manager, dataType, new Shape(n, s == 1 ? in : channels(s - 1), size >> (s - 1),
                    size >> (s - 1)));
        }
        if (attention != null) {
            attention.initialize(manager, dataType,
                    new Shape(n, channels(stages - stageOf(attentionAt)), attentionAt, attentionAt));
        }
        Shape features = new Shape(n, featureSize());
        out.initialize(manager, dataType, features);
        if (classifier != null) {
            classifier.initialize(manager, dataType, features);
        }
        if (projection != null) {
            projection.initialize(manager, dataType, features, new Shape(n, classes));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("a conditional discriminator takes [images (N, " + imageChannels
                    + ", S, S), one-hot classes (N, " + classes + ")], got " + inputs.size() + " input(s)");
        }
        NDArray x = inputs.get(0);
        NDArray y = inputs.get(1);
        long size = 4L << stages;
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != imageChannels || s.get(2) != size || s.get(3) != size) {
            throw new IllegalArgumentException("conditional discriminator needs (N, " + imageChannels + ", " + size + ", "
                    + size + ") images, got " + s);
        }
        NDArray h = x;
        if (mode == Mode.CONCAT) {
            h = x.concat(y.reshape(y.getShape().get(0), classes, 1, 1).broadcast(s.get(0), classes, size, size), 1);
        }
        for (int i = 1; i <= stages; i++) {
            h = Activation.leakyRelu(Forward.of(convs.get(i - 1), store, h, training), 0.2f);
            if (attention != null && (size >> i) == attentionAt) {
                h = Forward.of(attention, store, h, training);
            }
        }
        NDArray features = h.sum(new int[] {2, 3});
        NDArray scores = Forward.of(out, store, features, training);
        if (projection != null) {
            scores = scores.add(projection.forward(store, new NDList(features, y), training).singletonOrThrow());
        }
        NDList result = new NDList(scores, features);
        if (classifier != null) {
            result.add(Forward.of(classifier, store, features, training));
        }
        return result;
    }

    /** The self-attention block, or null. */
    public SelfAttention attention() {
        return (SelfAttention) attention;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        Shape scores = new Shape(n, 1);
        Shape features = new Shape(n, featureSize());
        return classifier == null ? new Shape[] {scores, features} : new Shape[] {scores, features, new Shape(n, classes)};
    }

    @Override
    public String toString() {
        return "ConditionalDiscriminator(" + classes + " classes, " + mode + ", " + (4 << stages) + "x" + (4 << stages)
                + (attention == null ? "" : ", attention at " + attentionAt) + ")";
    }
}
