package org.ganworkbench.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.ConvTranspose2d;
import org.ganworkbench.nn.InstanceNorm;
import org.ganworkbench.nn.LayerNorm;
import org.ganworkbench.nn.NoiseDropout;
import org.ganworkbench.nn.Norm;
import org.ganworkbench.nn.PixelShuffle;
import org.ganworkbench.nn.ReferenceBatch;
import org.ganworkbench.nn.Upsample;
import org.ganworkbench.nn.VirtualBatchNorm;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * The deep convolutional GAN of Radford, Metz and Chintala (2016), following the paper's
 * architecture guidelines:
 *
 * <ul>
 *   <li>no pooling: D downsamples with stride-2 convolutions, G upsamples with stride-2 transposed
 *       convolutions (or, as an option, nearest upsampling + 3×3 convolution), so both networks learn
 *       their own spatial resampling;
 *   <li>batch norm in both networks, except at G's output and D's input;
 *   <li>no hidden fully connected layers: G's only dense layer projects z to the first feature map,
 *       D's only dense layer reads the last feature map out to one logit;
 *   <li>ReLU in G with a tanh output, LeakyReLU(0.2) in D;
 *   <li>weights from N(0, 0.02); Adam with lr 2e-4 and β1 0.5 (set in the training config).
 * </ul>
 *
 * <p>Sizes: 28×28 (Fashion-MNIST; 7 → 14 → 28), or a power of two ≥ 16 (4 → 8 → ... → size; 32 for
 * padded Fashion-MNIST, 64 for users' image folders). Channel widths double with every step away
 * from the image: with width 64, a 28×28 G is Linear → 128×7×7 → 64×14×14 → C×28×28 and D is
 * C → 64 → 128 → Linear; a 64×64 G starts from 512×4×4.
 *
 * <p>Options beyond the paper (the defaults build exactly the paper's networks):
 *
 * <ul>
 *   <li>{@link Builder#generatorNorm}: batch norm (default), none, instance norm
 *       ({@link InstanceNorm}) or virtual batch norm ({@link VirtualBatchNorm}; G is then wrapped in
 *       a {@link ReferenceBatch} of {@link Builder#referenceBatch R} fixed latent vectors, which makes
 *       every forward pass R rows larger). With batch norm the projection is normalized per feature
 *       before the reshape (the paper's); with instance or virtual batch norm per channel after it.
 *       Layers followed by a norm have no bias; without a norm they have one.
 *   <li>{@link Builder#discriminatorNorm}: batch norm (default), none or instance norm, never on D's
 *       input layer; virtual batch norm is refused for D.
 *   <li>{@link Upsampler}: transposed convolution (default), resize-convolution, or pixel shuffle
 *       ({@link PixelShuffle#upsampling}).
 *   <li>{@link Downsampler}: stride-2 4×4 convolution (default) or 3×3 convolution then 2×2 average
 *       pooling.
 *   <li>{@link Builder#leakySlope}: the negative slope of D's LeakyReLUs (default the paper's 0.2).
 *   <li>{@link Builder#generatorDropout}: {@link NoiseDropout} after every hidden stage of G, active
 *       at sampling time too (pix2pix); G's samples then depend on the engine's random generator and
 *       no longer match between engines.
 * </ul>
 */
public final class Dcgan extends ScoreArchitecture {

    /** How G doubles its feature maps. */
    public enum Upsampler {
        /** 4×4 transposed convolution, stride 2 (the paper's). */
        TRANSPOSED,
        /** nearest-neighbour ×2 then a 3×3 convolution (Odena et al. 2016: no checkerboard). */
        RESIZE,
        /** a 3×3 convolution to 4× the channels, then depth-to-space (PixelShuffle, Shi et al. 2016). */
        PIXEL_SHUFFLE
    }

    /** How D halves its feature maps. */
    public enum Downsampler {
        /** 4×4 convolution, stride 2 (the paper's). */
        STRIDED,
        /** 3×3 convolution, stride 1, then 2×2 average pooling. */
        AVERAGE_POOL
    }

    private final Shape imageShape;
    private final int width;
    private final Upsampler upsampler;
    private final Norm generatorNorm;
    private final Norm discriminatorNorm;
    private final Downsampler downsampler;
    private final int referenceSize;
    private final long referenceSeed;
    private final float leakySlope;
    private final int startSize;
    private final int stages;

    private Dcgan(Builder b) {
        super(b, b.imageShape);
        this.imageShape = b.imageShape;
        this.width = b.width;
        this.upsampler = b.upsampler;
        this.generatorNorm = b.generatorNorm;
        this.discriminatorNorm = b.discriminatorNorm;
        this.downsampler = b.downsampler;
        this.referenceSize = b.referenceSize;
        this.referenceSeed = b.referenceSeed;
        this.leakySlope = b.leakySlope;
        int size = Math.toIntExact(imageShape.get(1));
        if (size == 28) {
            this.startSize = 7;
            this.stages = 2;
        } else {
            this.startSize = 4;
            this.stages = Integer.numberOfTrailingZeros(size) - 2;
        }
    }

    /** The norms a DCGAN's networks can use, as option values. */
    private static final java.util.List<String> NORMS = java.util.Arrays.stream(Norm.values()).map(Norm::key).toList();

    /**
     * DCGAN's options, declared once: the run spec's {@code model} keys for {@code "dcgan"}, their
     * checks, their provenance, the README's table. Defaults: {@link #builder(Shape)}'s, the paper's.
     */
    public static final Options<Builder, Dcgan> OPTIONS = ScoreGanBuilder.declareDiscriminatorOptions(
            ScoreGanBuilder.declareGeneratorDropout(ArchitectureBuilder.<Builder, Dcgan>options("dcgan")
                    .integer("width", 1, 4096, "channels of the layer nearest the image; they double with every stage inward",
                            Builder::width, t -> t.width)
                    .choice("upsampler", Upsampler.class, "how G doubles its feature maps: transposed convolution "
                            + "(the paper's), nearest-neighbour resize + convolution, or sub-pixel convolution",
                            Builder::upsampler, t -> t.upsampler)
                    .choice("downsampler", Downsampler.class, "how D halves its feature maps: stride-2 convolution "
                            + "(the paper's) or convolution + average pooling", Builder::downsampler, t -> t.downsampler)
                    .choice("generator_norm", NORMS, Norm::parse, "G's normalization (virtual-batch: a fixed reference "
                            + "batch of 32 latents, seed 0)", Builder::generatorNorm, t -> t.generatorNorm.key())
                    .choice("discriminator_norm", NORMS, Norm::parse, "D's normalization of its hidden layers (never "
                            + "on its input layer; virtual-batch is refused)", Builder::discriminatorNorm,
                            t -> t.discriminatorNorm.key())
                    .floatNumber("leaky_slope", 0, false, 1, true, "negative slope of D's LeakyReLUs (the paper's 0.2)",
                            Builder::leakySlope, t -> t.leakySlope).recordedOnlyWhenSet()));

    /** A builder for images of this shape (C, H, W), H = W = 28 or a power of two ≥ 16. */
    public static Builder builder(Shape imageShape) {
        return new Builder(imageShape);
    }

    /** The DCGAN-28 for Fashion-MNIST / MNIST: z 100, width 64, transposed convolutions. */
    public static Dcgan fashionMnist() {
        return builder(new Shape(1, 28, 28)).build();
    }

    /** Feature-map channels at G's stage i (0 = the projected map); D uses them in reverse. */
    private int channels(int stage) {
        return width << (stages - 1 - stage);
    }

    /**
     * "dcgan-SIZE" for the paper's networks, with a suffix per option that differs: "-resize" or
     * "-pixelshuffle", "-avgpool", "-g" + G's norm when not batch norm (e.g. "-ginstance"),
     * "-dinstance" or "-dlayer", "-gdropout" + rate. (D without a norm is not in the name, as before; see
     * {@link #settings()}.)
     */
    @Override
    public String name() {
        StringBuilder n = new StringBuilder("dcgan-").append(imageShape.get(1));
        if (upsampler == Upsampler.RESIZE) {
            n.append("-resize");
        } else if (upsampler == Upsampler.PIXEL_SHUFFLE) {
            n.append("-pixelshuffle");
        }
        if (downsampler == Downsampler.AVERAGE_POOL) {
            n.append("-avgpool");
        }
        if (generatorNorm != Norm.BATCH) {
            n.append("-g").append(generatorNorm.key());
        }
        if (discriminatorNorm == Norm.INSTANCE || discriminatorNorm == Norm.LAYER) {
            n.append("-d").append(discriminatorNorm.key());
        }
        if (generatorDropout > 0) {
            n.append("-gdropout").append(generatorDropout);
        }
        return n.toString();
    }

    /**
     * G: Linear → norm → ReLU → reshape to (c0, s0, s0), then per stage upsample → norm → ReLU, and
     * an upsampler with bias → tanh at the output; {@link NoiseDropout} after each hidden ReLU when
     * {@code generatorDropout} > 0. With virtual batch norm the whole network is wrapped in a
     * {@link ReferenceBatch} of the builder's R latent vectors (drawn from the latent prior with the
     * builder's reference seed), so its input and output are still (N, latent) and (N, C, H, W).
     */
    @Override
    public Block newGenerator() {
        int c0 = channels(0);
        int s0 = startSize;
        boolean bias = generatorNorm == Norm.NONE;   // a norm's mean subtraction cancels a bias
        SequentialBlock g = new SequentialBlock();
        LambdaBlock toFeatureMap =
                new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, c0, s0, s0)), "to-feature-map");
        if (generatorNorm == Norm.BATCH) {   // the paper's: per feature of the projection, before the reshape
            g.add(Linear.builder().setUnits((long) c0 * s0 * s0).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(toFeatureMap);
        } else {                             // per channel of the projected feature map
            g.add(Linear.builder().setUnits((long) c0 * s0 * s0).optBias(bias).build()).add(toFeatureMap);
            addNorm(g, generatorNorm);
            g.add(Activation.reluBlock());
        }
        addDropout(g);
        for (int i = 1; i < stages; i++) {
            g.add(upsample(channels(i), bias));
            addNorm(g, generatorNorm);
            g.add(Activation.reluBlock());
            addDropout(g);
        }
        g.add(upsample(Math.toIntExact(imageShape.get(0)), true)).add(Activation.tanhBlock());
        if (generatorNorm == Norm.VIRTUAL_BATCH) {
            float[] reference = latent.draw(new Random(referenceSeed), referenceSize);
            return new ReferenceBatch(g, reference, new Shape(latent.dim()));
        }
        return g;
    }

    private void addNorm(SequentialBlock block, Norm norm) {
        switch (norm) {
            case NONE -> { }
            case BATCH -> block.add(BatchNorm.builder().build());
            case INSTANCE -> block.add(new InstanceNorm());
            case LAYER -> block.add(new LayerNorm());
            case VIRTUAL_BATCH -> block.add(new VirtualBatchNorm(referenceSize));
        }
    }

    private void addDropout(SequentialBlock g) {
        if (generatorDropout > 0) {
            g.add(new NoiseDropout(generatorDropout));
        }
    }

    private Block upsample(int filters, boolean bias) {
        return switch (upsampler) {
            case TRANSPOSED -> ConvTranspose2d.doubling(filters, bias);
            case RESIZE -> Upsample.resizeConv(filters, bias);
            case PIXEL_SHUFFLE -> PixelShuffle.upsampling(filters, bias);
        };
    }

    /** D's ×½ step: the paper's 4×4 stride-2 convolution, or a 3×3 convolution then 2×2 average pooling. */
    private Block downsample(int filters, boolean bias) {
        if (downsampler == Downsampler.STRIDED) {
            return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(4, 4))
                    .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).optBias(bias).build();
        }
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1)).optBias(bias).build())
                .add(Pool.avgPool2dBlock(new Shape(2, 2)));
    }

    @Override
    public Block newDiscriminator() {
        SequentialBlock d = new SequentialBlock();
        for (int i = stages - 1; i >= 0; i--) {
            boolean first = i == stages - 1;
            Norm norm = first ? Norm.NONE : discriminatorNorm;   // never on D's input layer
            d.add(DiscriminatorOptions.wrap(downsample(channels(i), norm == Norm.NONE), dOptions));
            addNorm(d, norm);
            d.add(Activation.leakyReluBlock(leakySlope));
        }
        d.add(Blocks.batchFlattenBlock());
        return DiscriminatorOptions.assemble(d, Linear.builder().setUnits(1).build(), dOptions);
    }

    /**
     * Floating-point operations of one forward pass of G and of D on one sample (multiply and add
     * counted as 2; convolutions and dense layers only, which is where the time goes). Exact for
     * every upsampler and downsampler: pixel shuffle's 3×3 convolution to 4× the channels at the
     * input size costs what resize-convolution's 3×3 convolution at the doubled size costs; average
     * pooling's 3×3 convolution runs at the full input size (the pooling itself, norms, activations
     * and dropout are not counted). Not counted either: virtual batch norm's R reference rows, which
     * add R / N of G's cost to every batch of N.
     */
    public Flops flops() {
        long c = imageShape.get(0);
        long g = 2L * latent.dim() * channels(0) * startSize * startSize;
        long d = 0;
        long size = startSize;
        for (int i = 1; i <= stages; i++) {
            long in = channels(i - 1);
            long out = i == stages ? c : channels(i);
            size *= 2;
            g += upsampler == Upsampler.TRANSPOSED
                    ? 2L * in * out * 16 * (size / 2) * (size / 2)   // every input pixel stamps 4×4
                    : 2L * in * out * 9 * size * size;              // 3×3 conv at the doubled size (or to 4·out at size/2)
            long dIn = i == stages ? c : channels(i);
            d += downsampler == Downsampler.STRIDED
                    ? 2L * dIn * in * 16 * (size / 2) * (size / 2)  // 4×4 stride-2 conv to size/2
                    : 2L * dIn * in * 9 * size * size;              // 3×3 conv at size, then pooling
        }
        d += 2L * channels(0) * startSize * startSize;
        return new Flops(g, d);
    }

    /**
     * FLOPs of one forward pass per sample.
     *
     * @param generator of G
     * @param discriminator of D
     */
    public record Flops(long generator, long discriminator) {
        /**
         * FLOPs of one training step per real image with k D-steps: each D step runs G forward and
         * D forward on real and fake batches, each G step runs G and D forward; a backward pass costs
         * about twice its forward pass.
         */
        public long perTrainingStep(int k) {
            long dStep = generator + 3L * 2 * discriminator;   // G fwd (no backward), D fwd+bwd twice
            long gStep = 3L * generator + 3L * discriminator;  // G and D fwd+bwd
            return k * dStep + gStep;
        }
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = facts();
        int[] widths = new int[stages];
        for (int i = 0; i < stages; i++) {
            widths[i] = channels(i);
        }
        s.put("generator_channels", startSize + "x" + startSize + " " + Arrays.toString(widths));
        if (generatorNorm == Norm.VIRTUAL_BATCH) {
            s.put("reference_batch", referenceSize);
            s.put("reference_seed", referenceSeed);
        }
        s.putAll(OPTIONS.read(this, builder(imageShape).build()));   // leaky_slope only when not the paper's
        return s;
    }

    @Override
    public String toString() {
        return "Dcgan" + settings();
    }

    /** Default size R of virtual batch norm's reference batch. */
    public static final int DEFAULT_REFERENCE_BATCH = 32;

    /** Builder for {@link Dcgan}. */
    public static final class Builder extends ScoreGanBuilder<Builder, Dcgan> {
        private final Shape imageShape;
        private int width = 64;
        private Upsampler upsampler = Upsampler.TRANSPOSED;
        private Norm generatorNorm = Norm.BATCH;
        private Norm discriminatorNorm = Norm.BATCH;
        private Downsampler downsampler = Downsampler.STRIDED;
        private int referenceSize = DEFAULT_REFERENCE_BATCH;
        private long referenceSeed;
        private float leakySlope = 0.2f;

        private Builder(Shape imageShape) {
            super(Latent.gaussian(100), Init.normal(0.02));
            long size = ImageShapes.squareSide(imageShape, "DCGAN");
            boolean powerOfTwo = size >= 16 && Long.bitCount(size) == 1;
            if (size != 28 && !powerOfTwo) {
                throw new IllegalArgumentException("DCGAN image size must be 28 or a power of two >= 16 (32, 64, ...); got "
                        + size + " (resize or pad the data, e.g. ImageFolder.load(folder, 64, rgb))");
            }
            this.imageShape = imageShape;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Channels of the layer nearest the image (default 64); they double with every stage inward. */
        public Builder width(int width) {
            if (width < 1) {
                throw new IllegalArgumentException("width must be >= 1, got " + width);
            }
            this.width = width;
            return this;
        }

        /** How G doubles its feature maps (default transposed convolution). */
        public Builder upsampler(Upsampler upsampler) {
            this.upsampler = upsampler;
            return this;
        }

        /**
         * G's normalization (default batch norm; none, instance or virtual batch norm as options; see
         * {@link #referenceBatch} for virtual batch norm's reference batch).
         */
        public Builder generatorNorm(Norm norm) {
            this.generatorNorm = norm;
            return this;
        }

        /**
         * D's normalization of hidden layers (default batch norm; none or instance norm as options;
         * never on D's input layer). Virtual batch norm is refused by {@link #build()}.
         */
        public Builder discriminatorNorm(Norm norm) {
            this.discriminatorNorm = norm;
            return this;
        }

        /** Negative slope of D's LeakyReLUs (default 0.2, the paper's). */
        public Builder leakySlope(float slope) {
            this.leakySlope = OPTIONS.checked("leaky_slope", slope);
            return this;
        }

        /** How D halves its feature maps (default stride-2 convolution). */
        public Builder downsampler(Downsampler downsampler) {
            this.downsampler = downsampler;
            return this;
        }

        /**
         * Virtual batch norm's reference batch: {@code size} latent vectors drawn from the latent prior
         * with a {@code Random(seed)} when G is built (default 32 vectors, seed 0). Only used with
         * {@code generatorNorm(Norm.VIRTUAL_BATCH)}; every forward pass of G then runs on size extra rows.
         */
        public Builder referenceBatch(int size, long seed) {
            if (size < 1) {
                throw new IllegalArgumentException("reference batch size must be >= 1, got " + size);
            }
            this.referenceSize = size;
            this.referenceSeed = seed;
            return this;
        }

        /** Builds the blueprint. */
        @Override
        public Dcgan build() {
            if (discriminatorOptions().spectralNorm() && discriminatorNorm == Norm.BATCH) {
                throw new IllegalArgumentException("spectral norm with batch norm in D: batch norm rescales what spectral "
                        + "norm bounds; use discriminatorNorm(Norm.NONE) (or INSTANCE) with spectral norm");
            }
            if (discriminatorNorm == Norm.VIRTUAL_BATCH) {
                throw new IllegalArgumentException("discriminatorNorm VIRTUAL_BATCH is not supported: D reads real and"
                        + " fake batches separately and would need a reference batch of real images; use BATCH,"
                        + " INSTANCE or NONE for D (virtual batch norm is for the generator: generatorNorm)");
            }
            return new Dcgan(this);
        }
    }
}
