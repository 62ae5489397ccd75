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
import org.ganworkbench.nn.ConvTranspose2d;
import org.ganworkbench.nn.Norm;
import org.ganworkbench.nn.Upsample;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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
 */
public final class Dcgan implements GanArchitecture {

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

    private final Latent latent;
    private final Shape imageShape;
    private final int width;
    private final Upsampler upsampler;
    private final boolean discriminatorBatchNorm;
    private final Init init;
    private final Norm generatorNorm;
    private final Norm discriminatorNorm;
    private final Downsampler downsampler;
    private final DiscriminatorOptions dOptions;
    private final float generatorDropout;
    private final int startSize;
    private final int stages;

    private Dcgan(Builder b) {
        this.latent = b.latent;
        this.imageShape = b.imageShape;
        this.width = b.width;
        this.upsampler = b.upsampler;
        this.discriminatorBatchNorm = b.discriminatorBatchNorm;
        this.init = b.init;
        this.generatorNorm = b.generatorNorm;
        this.discriminatorNorm = b.discriminatorBatchNorm ? b.discriminatorNorm : Norm.NONE;
        this.downsampler = b.downsampler;
        this.dOptions = b.dOptions;
        this.generatorDropout = b.generatorDropout;
        int size = Math.toIntExact(imageShape.get(1));
        if (size == 28) {
            this.startSize = 7;
            this.stages = 2;
        } else {
            this.startSize = 4;
            this.stages = Integer.numberOfTrailingZeros(size) - 2;
        }
    }

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

    @Override
    public String name() {
        return "dcgan-" + imageShape.get(1) + (upsampler == Upsampler.RESIZE ? "-resize" : "");
    }

    @Override
    public Latent latent() {
        return latent;
    }

    @Override
    public Shape sampleShape() {
        return imageShape;
    }

    @Override
    public Block newGenerator() {
        int c0 = channels(0);
        int s0 = startSize;
        SequentialBlock g = new SequentialBlock();
        g.add(Linear.builder().setUnits((long) c0 * s0 * s0).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, c0, s0, s0)), "to-feature-map"));
        for (int i = 1; i < stages; i++) {
            g.add(upsample(channels(i), false)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        }
        g.add(upsample(Math.toIntExact(imageShape.get(0)), true)).add(Activation.tanhBlock());
        return g;
    }

    private Block upsample(int filters, boolean bias) {
        return upsampler == Upsampler.TRANSPOSED ? ConvTranspose2d.doubling(filters, bias)
                : Upsample.resizeConv(filters, bias);
    }

    @Override
    public Block newDiscriminator() {
        SequentialBlock d = new SequentialBlock();
        for (int i = stages - 1; i >= 0; i--) {
            boolean first = i == stages - 1;
            boolean norm = discriminatorBatchNorm && !first;   // never on D's input layer
            d.add(Conv2d.builder().setFilters(channels(i)).setKernelShape(new Shape(4, 4))
                    .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).optBias(!norm).build());
            if (norm) {
                d.add(BatchNorm.builder().build());
            }
            d.add(Activation.leakyReluBlock(0.2f));
        }
        d.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(1).build());
        return d;
    }

    @Override
    public Init init() {
        return init;
    }

    /**
     * Floating-point operations of one forward pass of G and of D on one sample (multiply and add
     * counted as 2; convolutions and dense layers only, which is where the time goes).
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
                    : 2L * in * out * 9 * size * size;              // 3×3 conv at the doubled size
            long dIn = i == stages ? c : channels(i);
            d += 2L * dIn * in * 16 * (size / 2) * (size / 2);     // 4×4 stride-2 conv to size/2
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
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("architecture", name());
        s.put("latent_dim", latent.dim());
        s.put("latent_prior", latent.prior().name().toLowerCase());
        s.put("sample_shape", imageShape.toString());
        s.put("width", width);
        int[] widths = new int[stages];
        for (int i = 0; i < stages; i++) {
            widths[i] = channels(i);
        }
        s.put("generator_channels", startSize + "x" + startSize + " " + Arrays.toString(widths));
        s.put("upsampler", upsampler.name().toLowerCase());
        s.put("discriminator_batch_norm", discriminatorBatchNorm);
        s.put("init", init.toString());
        s.put("generator_norm", generatorNorm.key());
        s.put("discriminator_norm", discriminatorNorm.key());
        s.put("downsampler", downsampler.name().toLowerCase());
        s.put("generator_dropout", generatorDropout);
        s.putAll(dOptions.settings());
        return s;
    }

    @Override
    public String toString() {
        return "Dcgan" + settings();
    }

    /** Builder for {@link Dcgan}. */
    public static final class Builder {
        private final Shape imageShape;
        private Latent latent = Latent.gaussian(100);
        private int width = 64;
        private Upsampler upsampler = Upsampler.TRANSPOSED;
        private boolean discriminatorBatchNorm = true;
        private Init init = Init.normal(0.02);
        private Norm generatorNorm = Norm.BATCH;
        private Norm discriminatorNorm = Norm.BATCH;
        private Downsampler downsampler = Downsampler.STRIDED;
        private DiscriminatorOptions dOptions = DiscriminatorOptions.NONE;
        private float generatorDropout;

        private Builder(Shape imageShape) {
            if (imageShape.dimension() != 3 || imageShape.get(1) != imageShape.get(2)) {
                throw new IllegalArgumentException("DCGAN needs square images (C, H, W); got " + imageShape);
            }
            long size = imageShape.get(1);
            boolean powerOfTwo = size >= 16 && Long.bitCount(size) == 1;
            if (size != 28 && !powerOfTwo) {
                throw new IllegalArgumentException("DCGAN image size must be 28 or a power of two >= 16 (32, 64, ...); got "
                        + size + " (resize or pad the data, e.g. ImageFolder.load(folder, 64, rgb))");
            }
            if (imageShape.get(0) != 1 && imageShape.get(0) != 3) {
                throw new IllegalArgumentException("DCGAN images need 1 or 3 channels; got " + imageShape.get(0));
            }
            this.imageShape = imageShape;
        }

        /** The generator's input (default N(0, I) of 100, as in the paper). */
        public Builder latent(Latent latent) {
            this.latent = latent;
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

        /** Batch norm in D's hidden layers (default on; off for losses that penalize D's gradient per sample). */
        public Builder discriminatorBatchNorm(boolean on) {
            this.discriminatorBatchNorm = on;
            this.discriminatorNorm = on ? Norm.BATCH : Norm.NONE;
            return this;
        }

        /** G's normalization (default batch norm; instance or virtual batch norm as options). */
        public Builder generatorNorm(Norm norm) {
            this.generatorNorm = norm;
            return this;
        }

        /** D's normalization of hidden layers (default batch norm; never on D's input layer). */
        public Builder discriminatorNorm(Norm norm) {
            this.discriminatorNorm = norm;
            this.discriminatorBatchNorm = norm != Norm.NONE;
            return this;
        }

        /** How D halves its feature maps (default stride-2 convolution). */
        public Builder downsampler(Downsampler downsampler) {
            this.downsampler = downsampler;
            return this;
        }

        /** D's optional layers: spectral norm, minibatch discrimination, minibatch stddev. */
        public Builder discriminatorOptions(DiscriminatorOptions options) {
            this.dOptions = options;
            return this;
        }

        /** Dropout with this rate after G's hidden stages, on at training and sampling time (pix2pix); 0 = off. */
        public Builder generatorDropout(float rate) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("generatorDropout must be in [0, 1), got " + rate);
            }
            this.generatorDropout = rate;
            return this;
        }

        /** How weights start (default N(0, 0.02)). */
        public Builder init(Init init) {
            this.init = init;
            return this;
        }

        /** Builds the blueprint. */
        public Dcgan build() {
            return new Dcgan(this);
        }
    }
}
