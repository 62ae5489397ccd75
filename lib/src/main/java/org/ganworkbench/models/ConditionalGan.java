package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.ConditionalDiscriminator;
import org.ganworkbench.nn.ConditionalGenerator;
import org.ganworkbench.nn.SpectralNorm;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Class-conditional GANs on images (seed 001): one convolutional body, G from 4×4 by nearest ×2 +
 * 3×3 convolutions, D down to 4×4 by stride-2 4×4 convolutions and global sum pooling
 * ({@link ConditionalGenerator}, {@link ConditionalDiscriminator}), with the class entering as the
 * papers have it:
 *
 * <ul>
 *   <li>G ({@link Builder#generatorConditioning}): a class embedding concatenated with z (CGAN,
 *       Mirza and Osindero 2014) or class-conditional batch norm (SAGAN, BigGAN);
 *   <li>D ({@link Builder#discriminatorConditioning}): one-hot class maps concatenated to the image
 *       (CGAN), an auxiliary classifier head (AC-GAN, Odena et al. 2017) or the projection term
 *       (Miyato and Koyama 2018);
 *   <li>self-attention (Zhang et al. 2019) after the stage of a chosen side, in G and D alike
 *       ({@link Builder#attentionAt}); spectral norm in G and/or D ({@link Builder#spectralNorm}).
 * </ul>
 *
 * SAGAN's recipe is then {@code cbn} + {@code projection} + attention at 16 or 32 + spectral norm in
 * both, trained with the hinge loss and TTUR (D 4e-4, G 1e-4, β = (0, 0.9)). The number of classes
 * comes from the data ({@code GanData.classes()}).
 */
public final class ConditionalGan extends AbstractArchitecture {


    private final Shape imageShape;
    private final int classes;
    private final int stages;
    private final int width;
    private final ConditionalGenerator.Mode generatorMode;
    private final ConditionalDiscriminator.Mode discriminatorMode;
    private final int attentionAt;
    private final SpectralNormIn spectralNorm;
    private final double classWeight;

    private ConditionalGan(Builder b) {
        super(b, b.imageShape);
        this.imageShape = b.imageShape;
        this.classes = b.classes;
        this.stages = Integer.numberOfTrailingZeros(Math.toIntExact(b.imageShape.get(1))) - 2;
        this.width = b.width;
        this.generatorMode = b.generatorMode;
        this.discriminatorMode = b.discriminatorMode;
        this.attentionAt = b.attentionAt;
        this.spectralNorm = b.spectralNorm;
        this.classWeight = b.classWeight;
    }

    /** The options of model {@code "conditional"}, declared once. */
    public static final Options<Builder, ConditionalGan> OPTIONS = ArchitectureBuilder.<Builder, ConditionalGan>options("conditional")
            .integer("width", 1, 4096, "channels of G's last stage and D's first; they double with every stage inward",
                    Builder::width, t -> t.width)
            .choice("generator_conditioning", ConditionalGenerator.Mode.class, "how the class enters G: concat (a class "
                    + "embedding beside z, CGAN) or cbn (class-conditional batch norm, SAGAN/BigGAN)",
                    Builder::generatorConditioning, t -> t.generatorMode)
            .choice("discriminator_conditioning", ConditionalDiscriminator.Mode.class, "how the class enters D: concat "
                    + "(one-hot maps beside the image, CGAN), acgan (an auxiliary classifier head, AC-GAN) or projection "
                    + "(<y V, phi(x)> added to the score, Miyato and Koyama 2018)",
                    Builder::discriminatorConditioning, t -> t.discriminatorMode)
            .integer("attention_at", 0, 4096, "self-attention after the stage whose maps have this side, in G and D "
                    + "(0 = none; SAGAN: 32 of 64, here e.g. 16)", Builder::attentionAt, t -> t.attentionAt)
            .choice("spectral_norm", SpectralNormIn.class, "spectral norm on the weight layers: none, discriminator, "
                    + "or both (SAGAN)", Builder::spectralNorm, t -> t.spectralNorm)
            .number("class_weight", 0, true, 1000, false, "weight of AC-GAN's class term in both players' losses (the "
                    + "paper's 1); only with discriminator_conditioning acgan", Builder::classWeight, t -> t.classWeight)
            .recordedOnlyWhenSet();

    /**
     * A builder for images of this shape (C, H, W), H = W a power of two ≥ 8, and {@code classes}
     * classes (≥ 2).
     */
    public static Builder builder(Shape imageShape, int classes) {
        return new Builder(imageShape, classes);
    }

    @Override
    public int classes() {
        return classes;
    }

    /** "conditional-SIZE-G-D" with the conditioning modes, "-attnS" and "-sn"/"-sngd". */
    @Override
    public String name() {
        StringBuilder n = new StringBuilder("conditional-").append(imageShape.get(1)).append('-')
                .append(generatorMode.name().toLowerCase()).append('-').append(discriminatorMode.name().toLowerCase());
        if (attentionAt > 0) {
            n.append("-attn").append(attentionAt);
        }
        if (spectralNorm == SpectralNormIn.DISCRIMINATOR) {
            n.append("-sn");
        } else if (spectralNorm == SpectralNormIn.BOTH) {
            n.append("-sngd");
        }
        return n.toString();
    }

    @Override
    public double auxiliaryClassWeight() {
        return discriminatorMode == ConditionalDiscriminator.Mode.ACGAN ? classWeight : 0;
    }

    @Override
    public Block newGenerator() {
        return new ConditionalGenerator(classes, latent.dim(), Math.toIntExact(imageShape.get(0)), stages, width,
                generatorMode, attentionAt, spectralNorm == SpectralNormIn.BOTH ? SpectralNorm::new : UnaryOperator.identity());
    }

    @Override
    public Block newDiscriminator() {
        return new ConditionalDiscriminator(classes, Math.toIntExact(imageShape.get(0)), stages, width, discriminatorMode,
                attentionAt, spectralNorm == SpectralNormIn.NONE ? UnaryOperator.identity() : SpectralNorm::new);
    }

    /** How the class enters G. */
    public ConditionalGenerator.Mode generatorConditioning() {
        return generatorMode;
    }

    /** How the class enters D. */
    public ConditionalDiscriminator.Mode discriminatorConditioning() {
        return discriminatorMode;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = facts();
        s.put("classes", classes);
        s.putAll(OPTIONS.read(this, builder(imageShape, classes).build()));
        return s;
    }

    @Override
    public String toString() {
        return "ConditionalGan" + settings();
    }

    /** Builder for {@link ConditionalGan}. */
    public static final class Builder extends ArchitectureBuilder<Builder, ConditionalGan> {
        private final Shape imageShape;
        private final int classes;
        private int width = 32;
        private ConditionalGenerator.Mode generatorMode = ConditionalGenerator.Mode.CBN;
        private ConditionalDiscriminator.Mode discriminatorMode = ConditionalDiscriminator.Mode.PROJECTION;
        private int attentionAt;
        private SpectralNormIn spectralNorm = SpectralNormIn.NONE;
        private double classWeight = 1;
        private boolean classWeightSet;

        private Builder(Shape imageShape, int classes) {
            super(Latent.gaussian(128), Init.normal(0.02));
            long size = ImageShapes.squareSide(imageShape, "the conditional GAN");
            if (size < 8 || Long.bitCount(size) != 1) {
                throw new IllegalArgumentException("the conditional GAN needs a power-of-two image size >= 8, got " + size
                        + " (pad or resize the data, e.g. fashion-mnist-32)");
            }
            if (classes < 2) {
                throw new IllegalArgumentException("a conditional GAN needs data with >= 2 classes, got " + classes
                        + " (fashion-mnist, mnist-digits and shapes-32 are labeled)");
            }
            this.imageShape = imageShape;
            this.classes = classes;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Channels of G's last stage and D's first (default 32); they double per stage inward. */
        public Builder width(int width) {
            if (width < 1) {
                throw new IllegalArgumentException("width must be >= 1, got " + width);
            }
            this.width = width;
            return this;
        }

        /** How the class enters G (default {@code CBN}). */
        public Builder generatorConditioning(ConditionalGenerator.Mode mode) {
            this.generatorMode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** How the class enters D (default {@code PROJECTION}). */
        public Builder discriminatorConditioning(ConditionalDiscriminator.Mode mode) {
            this.discriminatorMode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Self-attention after the stage of maps with this side, in G and D (0 = none, the default). */
        public Builder attentionAt(int side) {
            long size = imageShape.get(1);
            if (side != 0 && (side < 8 || side >= size || Integer.bitCount(side) != 1)) {
                throw new IllegalArgumentException("attention_at must be 0 (none) or a power of two from 8 to " + size / 2
                        + " (a map both G and D have), got " + side);
            }
            this.attentionAt = side;
            return this;
        }

        /** Where spectral norm goes (default none). */
        public Builder spectralNorm(SpectralNormIn where) {
            this.spectralNorm = java.util.Objects.requireNonNull(where, "where");
            return this;
        }

        /** Weight of AC-GAN's class term (default 1, the paper's); only with an AC-GAN D. */
        public Builder classWeight(double w) {
            if (!(w > 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("class_weight must be > 0, got " + w);
            }
            this.classWeight = w;
            this.classWeightSet = true;
            return this;
        }

        @Override
        public ConditionalGan build() {
            if (classWeightSet && discriminatorMode != ConditionalDiscriminator.Mode.ACGAN) {
                throw new IllegalArgumentException("class_weight weighs AC-GAN's class term, but discriminator_conditioning is "
                        + discriminatorMode.name().toLowerCase() + " (set it to acgan, or drop class_weight)");
            }
            if (attentionAt > 0) {
                int stages = Integer.numberOfTrailingZeros(Math.toIntExact(imageShape.get(1))) - 2;
                int dChannels = width << (stages - (Integer.numberOfTrailingZeros(attentionAt) - 2) - 1);   // D's, fewer than G's
                if (dChannels < 8) {
                    throw new IllegalArgumentException("self-attention at " + attentionAt + "x" + attentionAt + " needs >= 8 "
                            + "channels there; D has " + dChannels + " with width " + width + " (raise width, or attention_at "
                            + "to a smaller map)");
                }
            }
            return new ConditionalGan(this);
        }
    }
}
