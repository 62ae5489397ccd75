package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.NormKind;
import org.ganworkbench.nn.SpadeGenerator;

import java.util.Map;
import java.util.Objects;

/**
 * SPADE / GauGAN (Park et al. 2019, "Semantic Image Synthesis with Spatially-Adaptive
 * Normalization"): a generator that starts from noise, not from the map, and lets the map in at
 * every resolution through spatially-adaptive normalization ({@link SpadeGenerator}: residual blocks
 * whose normalization takes its scale γ(x, y) and shift β(x, y) from the map, resized to the block's
 * side). The map is never pushed through a normalization layer itself, so a uniform region of one
 * class keeps its class, which a conv + instance norm stack washes out. D is pix2pixHD's multi-scale
 * PatchGAN with feature matching; the paper trains both with the hinge loss, spectral norm in G and
 * D, TTUR (D 4e-4, G 1e-4, β = (0, 0.9)).
 *
 * <p>Different latents give different images of one map (multi-modal synthesis). The paper's VAE
 * style encoder and its VGG loss are not built here.
 */
public final class Spade extends TranslationGan {

    private final int width;
    private final int hidden;
    private final NormKind norm;

    private Spade(Builder b) {
        super(b);
        this.width = b.width;
        this.hidden = b.hidden;
        this.norm = b.norm;
    }

    /** The options of model {@code "spade"}, declared once. */
    public static final Options<Builder, Spade> OPTIONS = shared(ArchitectureBuilder.<Builder, Spade>options("spade")
            .integer("width", 1, 4096, "channels out of the last residual block; 2 times this out of the block at "
                    + "half the side, 4 times from a quarter inward (SPADE: 64, 16 times at its smallest map)", Builder::width, t -> t.width)
            .integer("hidden", 1, 4096, "channels of the small conv net in every SPADE layer that reads the map "
                    + "(SPADE: 128)", Builder::hidden, t -> t.hidden)
            .choice("norm", NormKind.class, "the parameter-free normalization SPADE modulates: batch (the paper's "
                    + "synchronized batch norm) or instance", Builder::norm, t -> t.norm));

    /**
     * A builder for images (C, S, S) made from maps (M, S, S), S a power of two ≥ 8, with SPADE's
     * settings where they fit: z of 256, width 64, hidden 128, batch norm, 2 D scales with instance
     * norm, spectral norm in G and D, feature matching 10, no L1.
     */
    public static Builder builder(Shape imageShape, Shape mapShape) {
        return new Builder(imageShape, mapShape);
    }

    /** "spade-S", with "-in" for instance norm, and {@link #nameTail()}. */
    @Override
    public String name() {
        return "spade-" + size() + (norm == NormKind.INSTANCE ? "-in" : "") + nameTail();
    }

    @Override
    public Block newGenerator() {
        return new SpadeGenerator(latent.dim(), mapChannels(), Math.toIntExact(imageShape.get(0)), size(), width, hidden,
                norm, generatorWrap());
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = translationFacts();
        s.putAll(OPTIONS.read(this, builder(imageShape, mapShape).build()));
        return s;
    }

    @Override
    public String toString() {
        return "Spade" + settings();
    }

    /** Builder for {@link Spade}. */
    public static final class Builder extends TranslationGan.Builder<Builder, Spade> {
        private int width = 64;
        private int hidden = 128;
        private NormKind norm = NormKind.BATCH;

        private Builder(Shape imageShape, Shape mapShape) {
            super("spade", imageShape, mapShape, Latent.gaussian(256), Init.normal(0.02));
            dScales(2);
            dNorm(NormKind.INSTANCE);
            spectralNorm(SpectralNormIn.BOTH);
            featureMatchingWeight(10);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Channels of the last block (default 64). */
        public Builder width(int w) {
            this.width = positive("width", w);
            return this;
        }

        /** Channels of the map's conv net in each SPADE layer (default 128). */
        public Builder hidden(int h) {
            this.hidden = positive("hidden", h);
            return this;
        }

        /** The normalization SPADE modulates (default batch). */
        public Builder norm(NormKind n) {
            if (Objects.requireNonNull(n, "norm") == NormKind.NONE) {
                throw new IllegalArgumentException("SPADE modulates a normalized activation: norm must be batch or "
                        + "instance, got none");
            }
            this.norm = n;
            return this;
        }

        @Override
        public Spade build() {
            check();
            return new Spade(this);
        }
    }
}
