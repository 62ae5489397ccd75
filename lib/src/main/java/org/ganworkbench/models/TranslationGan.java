package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.MultiScaleDiscriminator;
import org.ganworkbench.nn.NormKind;
import org.ganworkbench.nn.SpectralNorm;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What the translation GANs of seed 002 share (pix2pix, pix2pixHD's pieces, SPADE): a generator
 * that makes the image of a semantic map, and a discriminator that scores (image, map) pairs patch
 * by patch at one or more scales ({@link MultiScaleDiscriminator}: pix2pix's PatchGAN at one scale,
 * pix2pixHD's and SPADE's at 2 or 3), with the weights of G's objective ({@link TranslationWeights}):
 * the GAN loss, pix2pix's L1 term, pix2pixHD's feature matching. Spectral norm can wrap D's or
 * both networks' convolutions (SPADE has it in both).
 *
 * <p>Two differences from the official discriminators: spectral norm, when on, wraps every
 * convolution of D (SPADE's code leaves the first and the last without it), and D's instance norm
 * has a learned scale and shift (pix2pixHD's and SPADE's have none).
 *
 * <p>The maps come with the data ({@code GanData.mapShape()}: for the Shapes scenes, the one-hot
 * label planes and an instance-edge plane), and the loss is the spec's own (pix2pix: the
 * non-saturating loss; pix2pixHD: least squares; SPADE: hinge).
 */
public abstract class TranslationGan extends AbstractArchitecture {

    protected final Shape imageShape;
    protected final Shape mapShape;
    protected final int dWidth;
    protected final int dLayers;
    protected final int dScales;
    protected final NormKind dNorm;
    protected final SpectralNormIn spectralNorm;
    protected final TranslationWeights weights;

    protected TranslationGan(Builder<?, ?> b) {
        super(b, b.imageShape);
        this.imageShape = b.imageShape;
        this.mapShape = b.mapShape;
        this.dWidth = b.dWidth;
        this.dLayers = b.dLayers;
        this.dScales = b.dScales;
        this.dNorm = b.dNorm;
        this.spectralNorm = b.spectralNorm;
        this.weights = new TranslationWeights(b.adversarialWeight, b.l1Weight, b.featureMatchingWeight);
    }

    @Override
    public final Shape mapShape() {
        return mapShape;
    }

    @Override
    public final TranslationWeights translationWeights() {
        return weights;
    }

    /** The side of the square images. */
    protected final int size() {
        return Math.toIntExact(imageShape.get(1));
    }

    /** The map's channels. */
    protected final int mapChannels() {
        return Math.toIntExact(mapShape.get(0));
    }

    /** What wraps G's weight layers: spectral norm when it is in both networks. */
    protected final UnaryOperator<Block> generatorWrap() {
        return spectralNorm == SpectralNormIn.BOTH ? SpectralNorm::new : UnaryOperator.identity();
    }

    @Override
    public final Block newDiscriminator() {
        return new MultiScaleDiscriminator(dScales, Math.toIntExact(imageShape.get(0)), mapChannels(), dWidth, dLayers,
                dNorm, spectralNorm == SpectralNormIn.NONE ? UnaryOperator.identity() : SpectralNorm::new);
    }

    /** The name's tail the D settings and the weights give: "-d2" for 2 scales, "-fm", "-l1", "-noadv", "-sn"/"-sngd". */
    protected final String nameTail() {
        StringBuilder n = new StringBuilder();
        if (dScales > 1) {
            n.append("-d").append(dScales);
        }
        if (weights.l1() > 0) {
            n.append("-l1");
        }
        if (weights.featureMatching() > 0) {
            n.append("-fm");
        }
        if (weights.adversarial() == 0) {
            n.append("-noadv");
        }
        if (spectralNorm == SpectralNormIn.DISCRIMINATOR) {
            n.append("-sn");
        } else if (spectralNorm == SpectralNormIn.BOTH) {
            n.append("-sngd");
        }
        return n.toString();
    }

    /** The provenance's start: the facts and the map's shape. */
    protected final Map<String, Object> translationFacts() {
        Map<String, Object> s = facts();
        s.put("map_shape", mapShape.toString());
        return s;
    }

    /**
     * Adds the options every translation GAN has to {@code o}: D's width, layers, scales and norm,
     * spectral norm, and the weights of G's objective.
     */
    static <B extends Builder<B, T>, T extends TranslationGan> Options<B, T> shared(Options<B, T> o) {
        return o.integer("d_width", 1, 4096, "channels of D's first layer at every scale; they double per layer, "
                        + "up to 8 times this", Builder::dWidth, t -> t.dWidth)
                .integer("d_layers", 1, 8, "stride-2 4x4 convolutions of D at each scale before its two 3x3 ones "
                        + "(pix2pix: 3); a patch sees 7 * 2^d_layers - 2 pixels (54 at 3; pix2pix's 4x4 ones: 70), the "
                        + "finest patch grid is side / 2^d_layers",
                        Builder::dLayers, t -> t.dLayers)
                .integer("d_scales", 1, 3, "discriminators at the full, half and quarter size (pix2pix: 1; pix2pixHD: "
                        + "3; SPADE: 2), each with its own weights", Builder::dScales, t -> t.dScales)
                .choice("d_norm", NormKind.class, "D's normalization after every convolution but the first and "
                        + "the last: batch (pix2pix), instance (pix2pixHD, SPADE) or none", Builder::dNorm, t -> t.dNorm)
                .choice("spectral_norm", SpectralNormIn.class, "spectral norm on the weight layers: none, "
                        + "discriminator, or both (SPADE)", Builder::spectralNorm, t -> t.spectralNorm)
                .number("adversarial_weight", 0, false, 1e6, false, "weight of the GAN loss's generator term (0: G "
                        + "trains on the terms below alone, pix2pix's 'L1 only'; D is still trained)",
                        Builder::adversarialWeight, t -> t.weights.adversarial())
                .number("l1_weight", 0, false, 1e6, false, "weight of mean |y - G(map)| in G's objective (pix2pix: "
                        + "100)", Builder::l1Weight, t -> t.weights.l1())
                .number("feature_matching_weight", 0, false, 1e6, false, "weight of D's feature matching in G's "
                        + "objective, pix2pixHD's form (pix2pixHD and SPADE: 10; see TranslationTerms)",
                        Builder::featureMatchingWeight, t -> t.weights.featureMatching());
    }

    /**
     * What the translation GANs' builders share.
     *
     * @param <B> the concrete builder
     * @param <T> the blueprint it builds
     */
    public abstract static class Builder<B extends Builder<B, T>, T extends TranslationGan>
            extends ArchitectureBuilder<B, T> {
        private final Shape imageShape;
        private final Shape mapShape;
        private int dWidth = 64;
        private int dLayers = 3;
        private int dScales = 1;
        private NormKind dNorm = NormKind.BATCH;
        private SpectralNormIn spectralNorm = SpectralNormIn.NONE;
        private double adversarialWeight = 1;
        private double l1Weight;
        private double featureMatchingWeight;

        /**
         * @param model the model's name, for messages
         * @param imageShape (C, S, S), S a power of two ≥ 8
         * @param mapShape (M, S, S) of the data's maps
         */
        protected Builder(String model, Shape imageShape, Shape mapShape, Latent latent, Init init) {
            super(latent, init);
            long size = ImageShapes.squareSide(imageShape, model);
            if (size < 8 || Long.bitCount(size) != 1) {
                throw new IllegalArgumentException(model + " needs a power-of-two image size >= 8, got " + size);
            }
            if (mapShape == null) {
                throw new IllegalArgumentException(model + " translates maps, but the data has none (use paired data: "
                        + "shape-scenes-32 / shape-scenes-64, or ImageFolder.loadPairs for your own labels/ + images/)");
            }
            if (mapShape.dimension() != 3 || mapShape.get(1) != size || mapShape.get(2) != size) {
                throw new IllegalArgumentException(model + " needs maps (M, " + size + ", " + size + ") aligned with the "
                        + size + "x" + size + " images, got " + mapShape);
            }
            this.imageShape = imageShape;
            this.mapShape = mapShape;
        }

        /** The side of the images. */
        protected int size() {
            return Math.toIntExact(imageShape.get(1));
        }

        /** D's first width (default 64). */
        public B dWidth(int w) {
            this.dWidth = positive("d_width", w);
            return self();
        }

        /** D's stride-2 layers per scale (default 3). */
        public B dLayers(int layers) {
            this.dLayers = positive("d_layers", layers);
            return self();
        }

        /** D's scales, 1 to 3 (default 1). */
        public B dScales(int scales) {
            if (scales < 1 || scales > 3) {
                throw new IllegalArgumentException("d_scales must be 1, 2 or 3, got " + scales);
            }
            this.dScales = scales;
            return self();
        }

        /** D's normalization (default batch, pix2pix's). */
        public B dNorm(NormKind norm) {
            this.dNorm = Objects.requireNonNull(norm, "d_norm");
            return self();
        }

        /** Where spectral norm goes (default none). */
        public B spectralNorm(SpectralNormIn where) {
            this.spectralNorm = Objects.requireNonNull(where, "spectral_norm");
            return self();
        }

        /** The GAN loss's weight in G's objective (default 1). */
        public B adversarialWeight(double w) {
            this.adversarialWeight = w;
            return self();
        }

        /** The L1 term's weight (default per model). */
        public B l1Weight(double w) {
            this.l1Weight = w;
            return self();
        }

        /** The feature-matching term's weight (default per model). */
        public B featureMatchingWeight(double w) {
            this.featureMatchingWeight = w;
            return self();
        }

        /** {@code v} if ≥ 1, else an error naming the setting. */
        protected static int positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + v);
            }
            return v;
        }

        /**
         * Checks what the settings must satisfy together: the weights (one term at least), and D's
         * coarsest patch grid (side / 2^(d_layers + d_scales − 1) ≥ 1).
         */
        protected void check() {
            new TranslationWeights(adversarialWeight, l1Weight, featureMatchingWeight);
            long coarsest = size() >> (dLayers + dScales - 1);
            if (coarsest < 1) {
                throw new IllegalArgumentException("D's coarsest scale has no patch left: " + size() + "x" + size()
                        + " images, d_layers " + dLayers + " and d_scales " + dScales + " need side / 2^(d_layers + "
                        + "d_scales - 1) >= 1 (lower d_layers or d_scales)");
            }
        }
    }
}
