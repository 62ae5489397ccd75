package org.ganworkbench.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.NoiseDropout;

import java.util.Arrays;
import java.util.Map;

/**
 * The multilayer-perceptron GAN of Goodfellow et al. (2014): both players are plain fully connected
 * networks. G maps z through ReLU (or LeakyReLU, optionally batch-normalized) layers to a sample
 * (tanh for images in [-1, 1], linear for 2-D points); D maps a flattened sample through
 * LeakyReLU(0.2) layers to one logit. (The paper's D used
 * maxout units and dropout; LeakyReLU is the common modern substitute and keeps runs deterministic.)
 */
public final class MlpGan extends ScoreArchitecture {

    /** What G's last layer does. */
    public enum Output {
        /** tanh: samples in [-1, 1], for images. */
        TANH,
        /** identity: unbounded samples, for 2-D toy data. */
        LINEAR
    }

    private final Shape sampleShape;
    private final int[] generatorHidden;
    private final int[] discriminatorHidden;
    private final Output output;
    private final float leakySlope;
    private final boolean generatorLeaky;
    private final boolean generatorBatchNorm;

    private MlpGan(Builder b) {
        super(b, b.sampleShape);
        this.sampleShape = b.sampleShape;
        this.generatorHidden = b.generatorHidden.clone();
        this.discriminatorHidden = b.discriminatorHidden.clone();
        this.output = b.output;
        this.leakySlope = b.leakySlope;
        this.generatorLeaky = b.generatorLeaky;
        this.generatorBatchNorm = b.generatorBatchNorm;
    }

    /**
     * The MLP GAN's options, declared once: the run spec's {@code model} keys for {@code "mlp"},
     * their checks, their provenance, the README's table. Defaults: {@link #forPoints()} for 2-D
     * data, {@link #forImages(Shape)} for images.
     */
    public static final Options<Builder, MlpGan> OPTIONS = ScoreGanBuilder.declareDiscriminatorOptions(
            ScoreGanBuilder.declareGeneratorDropout(ArchitectureBuilder.<Builder, MlpGan>options("mlp")
                    .integers("generator_hidden", 0, 1, 1 << 16, "widths of G's hidden layers",
                            Builder::generatorHidden, t -> t.generatorHidden)
                    .integers("discriminator_hidden", 0, 1, 1 << 16, "widths of D's hidden layers",
                            Builder::discriminatorHidden, t -> t.discriminatorHidden)
                    .choice("output", Output.class, "G's last non-linearity: tanh for images in [-1, 1], linear for points",
                            Builder::output, t -> t.output)
                    .floatNumber("leaky_slope", 0, false, 1, true, "negative slope of the LeakyReLUs", Builder::leakySlope,
                            t -> t.leakySlope)
                    .flag("generator_leaky_relu", "G's hidden activation LeakyReLU (else ReLU)",
                            Builder::generatorLeakyRelu, t -> t.generatorLeaky)
                    .flag("generator_batch_norm", "batch norm after each of G's hidden layers but the first",
                            Builder::generatorBatchNorm, t -> t.generatorBatchNorm)));

    /** A builder with the settings for 2-D toy data: z ~ N(0, I) of 16, G 3×128 ReLU, D 3×128. */
    public static Builder forPoints() {
        return new Builder().latent(Latent.gaussian(16)).sampleShape(new Shape(2))
                .generatorHidden(128, 128, 128).discriminatorHidden(128, 128, 128).output(Output.LINEAR);
    }

    /**
     * A builder for images of this shape (C, H, W): z ~ N(0, I) of 64; G 256-512-1024 LeakyReLU(0.2)
     * with batch norm after the second and third layer and a tanh output; D 512-256 LeakyReLU. (With
     * plain ReLU and no batch norm, G collapsed to one noisy blob on MNIST digits in our runs.)
     */
    public static Builder forImages(Shape imageShape) {
        return new Builder().latent(Latent.gaussian(64)).sampleShape(imageShape)
                .generatorHidden(256, 512, 1024).discriminatorHidden(512, 256).output(Output.TANH)
                .generatorLeakyRelu(true).generatorBatchNorm(true);
    }

    @Override
    public String name() {
        return "mlp-gan";
    }

    @Override
    public Block newGenerator() {
        SequentialBlock g = new SequentialBlock();
        for (int i = 0; i < generatorHidden.length; i++) {
            g.add(Linear.builder().setUnits(generatorHidden[i]).build());
            if (generatorBatchNorm && i > 0) {
                g.add(BatchNorm.builder().build());
            }
            g.add(generatorLeaky ? Activation.leakyReluBlock(leakySlope) : Activation.reluBlock());
            if (generatorDropout > 0) {
                g.add(new NoiseDropout(generatorDropout));   // on at sampling time too
            }
        }
        g.add(Linear.builder().setUnits(sampleShape.size()).build());
        if (output == Output.TANH) {
            g.add(Activation.tanhBlock());
        }
        Shape shape = sampleShape;
        g.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(new Shape(-1).addAll(shape))),
                "reshape"));
        return g;
    }

    @Override
    public Block newDiscriminator() {
        SequentialBlock d = new SequentialBlock();
        d.add(Blocks.batchFlattenBlock());
        for (int units : discriminatorHidden) {
            d.add(DiscriminatorOptions.wrap(Linear.builder().setUnits(units).build(), dOptions))
                    .add(Activation.leakyReluBlock(leakySlope));
        }
        return DiscriminatorOptions.assemble(d, Linear.builder().setUnits(1).build(), dOptions);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = facts();
        s.putAll(OPTIONS.read(this, null));
        return s;
    }

    @Override
    public String toString() {
        return "MlpGan" + settings();
    }

    /** Builder for {@link MlpGan}; start from {@link #forPoints()} or {@link #forImages(Shape)}. */
    public static final class Builder extends ScoreGanBuilder<Builder, MlpGan> {
        private Shape sampleShape = new Shape(2);
        private int[] generatorHidden = {128, 128, 128};
        private int[] discriminatorHidden = {128, 128, 128};
        private Output output = Output.LINEAR;
        private float leakySlope = 0.2f;
        private boolean generatorLeaky;
        private boolean generatorBatchNorm;

        private Builder() {
            super(Latent.gaussian(16), Init.xavier());
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Shape of one sample, without the batch dimension. */
        public Builder sampleShape(Shape sampleShape) {
            this.sampleShape = sampleShape;
            return this;
        }

        /** Widths of G's hidden layers. */
        public Builder generatorHidden(int... units) {
            this.generatorHidden = checkWidths("generatorHidden", units);
            return this;
        }

        /** Widths of D's hidden layers. */
        public Builder discriminatorHidden(int... units) {
            this.discriminatorHidden = checkWidths("discriminatorHidden", units);
            return this;
        }

        /** G's output non-linearity. */
        public Builder output(Output output) {
            this.output = output;
            return this;
        }

        /** Negative slope of D's LeakyReLU, in [0, 1). */
        public Builder leakySlope(float slope) {
            if (!(slope >= 0 && slope < 1)) {
                throw new IllegalArgumentException("leakySlope must be in [0, 1), got " + slope);
            }
            this.leakySlope = slope;
            return this;
        }

        /** G's hidden activation: LeakyReLU (true) or ReLU (false, the default). */
        public Builder generatorLeakyRelu(boolean leaky) {
            this.generatorLeaky = leaky;
            return this;
        }

        /** Batch normalization after each of G's hidden layers but the first. */
        public Builder generatorBatchNorm(boolean on) {
            this.generatorBatchNorm = on;
            return this;
        }

        /** The blueprint. */
        @Override
        public MlpGan build() {
            if (sampleShape.size() < 1) {
                throw new IllegalArgumentException("sampleShape must have at least one element: " + sampleShape);
            }
            return new MlpGan(this);
        }

        private static int[] checkWidths(String field, int[] units) {
            for (int u : units) {
                if (u < 1) {
                    throw new IllegalArgumentException(field + " widths must be >= 1, got " + Arrays.toString(units));
                }
            }
            return units.clone();
        }
    }
}
