package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.NoiseDropout;
import org.ganworkbench.nn.NormKind;
import org.ganworkbench.nn.UNetGenerator;

import java.util.Map;
import java.util.Objects;

/**
 * pix2pix (Isola et al. 2017, "Image-to-Image Translation with Conditional Adversarial Networks")
 * on semantic maps, and with other settings pix2pixHD's pieces (Wang et al. 2018): a U-Net generator
 * ({@link UNetGenerator}: an encoder down to 1×1, a mirrored decoder, skip connections between
 * them, dropout as its only noise, on at training and at test time), a PatchGAN discriminator on
 * (image, map) pairs, and G's objective the GAN loss plus λ · L1 (λ = 100).
 *
 * <p>pix2pixHD's pieces are settings of the same model: {@code d_scales} 2–3 (its multi-scale D),
 * {@code feature_matching_weight} 10 (its feature-matching loss), {@code norm} and {@code d_norm}
 * instance (its instance norm), and the lsgan loss of the spec. Its coarse-to-fine ResNet generator,
 * its instance-wise feature encoder and its VGG loss (no pretrained VGG works offline here) are not
 * built; the U-Net stands in for the generator. The latent is not read: pix2pix found that G
 * learns to ignore a z given beside the map.
 *
 * <p>One difference in inference: pix2pix's code normalizes test images with the test batch's own
 * statistics (its generator stays in training mode); here G in inference mode uses batch norm's
 * running averages, as every other G of the workbench does. With {@code norm} instance the two agree.
 */
public final class Pix2Pix extends TranslationGan {

    private final int width;
    private final int depth;
    private final NormKind norm;
    private final float dropout;
    private final int dropoutBlocks;

    private Pix2Pix(Builder b) {
        super(b);
        this.width = b.width;
        this.depth = b.depth == 0 ? Integer.numberOfTrailingZeros(b.size()) : b.depth;
        this.norm = b.norm;
        this.dropout = b.dropout;
        this.dropoutBlocks = b.dropoutBlocks;
    }

    /** The options of model {@code "pix2pix"}, declared once. */
    public static final Options<Builder, Pix2Pix> OPTIONS = shared(Options.<Builder, Pix2Pix>of("pix2pix")
            .integer("width", 1, 4096, "channels of the U-Net's outermost layer; they double per level, up to 8 "
                    + "times this (pix2pix: 64)", Builder::width, t -> t.width)
            .integer("depth", 0, 12, "the U-Net's levels: stride-2 convolutions down to side / 2^depth (0 = down to "
                    + "1x1, pix2pix's)", Builder::depth, t -> t.depth)
            .choice("norm", NormKind.class, "G's normalization: batch (pix2pix), instance (pix2pixHD) or none",
                    Builder::norm, t -> t.norm)
            .floatNumber("dropout", 0, false, 1, true, "dropout rate of the innermost decoder blocks, on at "
                    + "training and test time: G's only noise (pix2pix: 0.5)", Builder::dropout, t -> t.dropout)
            .integer("dropout_blocks", 0, 12, "decoder blocks with dropout, innermost first (pix2pix: 3)",
                    Builder::dropoutBlocks, t -> t.dropoutBlocks));

    /**
     * A builder for images (C, S, S) made from maps (M, S, S), S a power of two ≥ 8, with pix2pix's
     * settings: widths 64, batch norm, dropout 0.5 in 3 blocks, one PatchGAN of 3 layers, λ_L1 = 100.
     */
    public static Builder builder(Shape imageShape, Shape mapShape) {
        return new Builder(imageShape, mapShape);
    }

    /** "pix2pix-S", with "-in" for instance norm in G, and {@link #nameTail()}. */
    @Override
    public String name() {
        return "pix2pix-" + size() + (norm == NormKind.INSTANCE ? "-in" : norm == NormKind.NONE ? "-nonorm" : "")
                + nameTail();
    }

    @Override
    public Block newGenerator() {
        return new UNetGenerator(mapChannels(), Math.toIntExact(imageShape.get(0)), size(), width, depth, norm, dropout,
                dropoutBlocks, generatorWrap());
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = translationFacts();
        s.putAll(OPTIONS.read(this, builder(imageShape, mapShape).build()));
        return s;
    }

    @Override
    public String toString() {
        return "Pix2Pix" + settings();
    }

    /** Builder for {@link Pix2Pix}. */
    public static final class Builder extends TranslationGan.Builder<Builder, Pix2Pix> {
        private int width = 64;
        private int depth;
        private NormKind norm = NormKind.BATCH;
        private float dropout = 0.5f;
        private int dropoutBlocks = 3;

        private Builder(Shape imageShape, Shape mapShape) {
            super("pix2pix", imageShape, mapShape, Latent.gaussian(1), Init.normal(0.02));
            l1Weight(100);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The outermost width (default 64). */
        public Builder width(int w) {
            this.width = positive("width", w);
            return this;
        }

        /** Levels of the U-Net (default 0: down to 1×1). */
        public Builder depth(int d) {
            if (d < 0) {
                throw new IllegalArgumentException("depth must be >= 0 (0: down to 1x1), got " + d);
            }
            this.depth = d;
            return this;
        }

        /** G's normalization (default batch). */
        public Builder norm(NormKind n) {
            this.norm = Objects.requireNonNull(n, "norm");
            return this;
        }

        /** Dropout rate of the innermost decoder blocks (default 0.5). */
        public Builder dropout(float rate) {
            this.dropout = NoiseDropout.checkRate("dropout", rate);
            return this;
        }

        /** Decoder blocks with dropout (default 3). */
        public Builder dropoutBlocks(int blocks) {
            if (blocks < 0) {
                throw new IllegalArgumentException("dropout_blocks must be >= 0, got " + blocks);
            }
            this.dropoutBlocks = blocks;
            return this;
        }

        @Override
        public Pix2Pix build() {
            check();
            int levels = Integer.numberOfTrailingZeros(size());
            if (depth > levels || (depth != 0 && depth < 2)) {
                throw new IllegalArgumentException("depth must be 0 (down to 1x1) or from 2 to " + levels + " for "
                        + size() + "x" + size() + " images, got " + depth);
            }
            int built = depth == 0 ? levels : depth;
            if (dropoutBlocks > built - 1) {
                throw new IllegalArgumentException("dropout_blocks must be at most " + (built - 1) + " (the decoder "
                        + "blocks below the outermost of a " + built + "-level U-Net), got " + dropoutBlocks);
            }
            return new Pix2Pix(this);
        }
    }
}
