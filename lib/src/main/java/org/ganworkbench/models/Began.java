package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.EnergyAutoencoder;
import org.ganworkbench.nn.Upsample;

import java.util.Map;

/**
 * The networks of BEGAN (Berthelot, Schumm and Metz 2017, figure 1): the discriminator is an
 * autoencoder ({@link EnergyAutoencoder}) whose score is its L1 reconstruction error, the generator
 * has the architecture of its decoder. Almost everything is a 3×3 convolution with ELU; no batch
 * norm, no dropout, no transposed convolution.
 *
 * <ul>
 *   <li>Encoder: a 3×3 convolution to n channels, then per scale two 3×3 convolutions with
 *       n·(scale + 1) channels and, except at the last scale, a stride-2 3×3 convolution (the
 *       subsampling); channels thus grow linearly with depth (n, 2n, 3n, ...). The 8×8 map is read
 *       out by a dense layer to the code h (no activation).
 *   <li>Decoder and generator: a dense layer from h (or z) to an 8×8×n map, then per scale two 3×3
 *       convolutions with n channels and, except at the last scale, nearest-neighbour upsampling
 *       ×2, and a 3×3 convolution to the image's channels, without an output activation (the
 *       paper's; samples may leave [-1, 1] slightly, and are clamped where they become images).
 *   <li>Scales: log2(size) − 2, so 32×32 runs 8 → 16 → 32 and 64×64 runs 8 → 16 → 32 → 64.
 *   <li>z uniform in [-1, 1]^z; Xavier-uniform weights.
 * </ul>
 *
 * <p>Defaults: n 64, h 64, z 64 (the paper's). D gives energies ({@link #discriminatorGivesEnergy()}),
 * so it trains with the energy losses only: {@code Losses.began()} or {@code Losses.ebgan(m)}.
 */
public final class Began extends AbstractArchitecture {

    /** Side of the smallest feature map. */
    public static final int BASE = 8;

    private final Shape imageShape;
    private final int width;
    private final int hidden;
    private final int scales;

    private Began(Builder b) {
        super(b, b.imageShape);
        this.imageShape = b.imageShape;
        this.width = b.width;
        this.hidden = b.hidden;
        this.scales = Integer.numberOfTrailingZeros(Math.toIntExact(imageShape.get(1))) - 2;
    }

    /**
     * BEGAN's options, declared once: the run spec's {@code model} keys for {@code "began"}, their
     * checks, their provenance, the README's table. Defaults: the paper's.
     */
    public static final Options<Builder, Began> OPTIONS = ArchitectureBuilder.<Builder, Began>options("began")
            .integer("width", 1, 4096, "channels n; the encoder grows them to n·scales", Builder::width, Began::width)
            .integer("hidden", 1, 65_536, "size h of D's code, the autoencoder's bottleneck", Builder::hidden,
                    Began::hidden);

    /** A builder for images of this shape (C, H, W): C 1 or 3, H = W a power of two ≥ 16. */
    public static Builder builder(Shape imageShape) {
        return new Builder(imageShape);
    }

    /** "began-SIZE-nN". */
    @Override
    public String name() {
        return "began-" + imageShape.get(1) + "-n" + width;
    }

    /** Number of scales (feature-map sizes 8, 16, ... up to the image size). */
    public int scales() {
        return scales;
    }

    /** Channels n of the first encoder layer and of every decoder layer. */
    public int width() {
        return width;
    }

    /** Size h of D's code. */
    public int hidden() {
        return hidden;
    }

    @Override
    public Block newGenerator() {
        return decoder();
    }

    @Override
    public Block newDiscriminator() {
        return new EnergyAutoencoder(encoder(), decoder());
    }

    @Override
    public boolean discriminatorGivesEnergy() {
        return true;
    }

    private Block encoder() {
        SequentialBlock e = new SequentialBlock().add(conv(width, 1)).add(elu());
        for (int s = 0; s < scales; s++) {
            int c = width * (s + 1);
            e.add(conv(c, 1)).add(elu()).add(conv(c, 1)).add(elu());
            if (s < scales - 1) {
                e.add(conv(c, 2)).add(elu());
            }
        }
        return e.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(hidden).build());
    }

    private Block decoder() {
        int c0 = width;
        SequentialBlock d = new SequentialBlock()
                .add(Linear.builder().setUnits((long) width * BASE * BASE).build())
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, c0, BASE, BASE)), "to-8x8"));
        for (int s = 0; s < scales; s++) {
            d.add(conv(width, 1)).add(elu()).add(conv(width, 1)).add(elu());
            if (s < scales - 1) {
                d.add(new Upsample(2));
            }
        }
        return d.add(conv(Math.toIntExact(imageShape.get(0)), 1));
    }

    private static Block conv(int filters, int stride) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)).build();
    }

    private static Block elu() {
        return new LambdaBlock(x -> new NDList(Activation.elu(x.singletonOrThrow(), 1f)), "elu");
    }

    /**
     * D's reconstructions of {@code images} (N, C, H, W), in inference mode: what the autoencoder
     * makes of them, to look at.
     *
     * @param gan a GAN built from a {@code Began} blueprint
     * @param images images on any manager; the result lives in their manager
     * @return [energies (N), reconstructions (N, C, H, W)]
     */
    public static NDList reconstruct(Gan gan, NDArray images) {
        if (!gan.architecture().discriminatorGivesEnergy()) {
            throw new IllegalArgumentException(gan.architecture().name() + "'s D is not an autoencoder");
        }
        NDList out = gan.discriminatorOutputs(images, false);
        return new NDList(out.get(0), out.get(2));
    }

    /**
     * Floating-point operations of one forward pass of G and of D per sample (multiply-add = 2;
     * convolutions and dense layers).
     */
    public Dcgan.Flops flops() {
        long c = imageShape.get(0);
        long size = imageShape.get(1);
        long g = 2L * latent.dim() * width * BASE * BASE;
        long dec = 2L * hidden * width * BASE * BASE;
        long enc = 2L * 9 * c * width * size * size;
        long s = BASE;
        for (int i = 0; i < scales; i++) {
            long convs = 2 * (2L * 9 * width * width * s * s);
            g += convs;
            dec += convs;
            s *= 2;
        }
        g += 2L * 9 * width * c * size * size;
        dec += 2L * 9 * width * c * size * size;
        s = size;
        long in = width;
        for (int i = 0; i < scales; i++) {
            long ch = (long) width * (i + 1);
            enc += 2L * 9 * in * ch * s * s + 2L * 9 * ch * ch * s * s;
            if (i < scales - 1) {
                enc += 2L * 9 * ch * ch * (s / 2) * (s / 2);
            }
            in = ch;
            s /= 2;
        }
        enc += 2L * in * BASE * BASE * hidden;
        return new Dcgan.Flops(g, enc + dec);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = facts();
        s.put("scales", scales);
        s.putAll(OPTIONS.read(this, null));
        return s;
    }

    @Override
    public String toString() {
        return "Began" + settings();
    }

    /** Builder for {@link Began}. */
    public static final class Builder extends ArchitectureBuilder<Builder, Began> {
        private final Shape imageShape;
        private int width = 64;
        private int hidden = 64;

        private Builder(Shape imageShape) {
            super(Latent.uniform(64), Init.xavier());
            long size = ImageShapes.squareSide(imageShape, "BEGAN");
            if (size < 16 || Long.bitCount(size) != 1) {
                throw new IllegalArgumentException("BEGAN image size must be a power of two >= 16 (32, 64, ...); got "
                        + size + " (pad Fashion-MNIST to 32: FashionMnist.train().padded(32), or load folders at 64)");
            }
            this.imageShape = imageShape;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Channels n (default 64; the paper uses 64 or 128); the encoder grows them to n·scales. */
        public Builder width(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("BEGAN width n must be >= 1, got " + n);
            }
            this.width = n;
            return this;
        }

        /** Size h of D's code, the bottleneck (default 64). */
        public Builder hidden(int h) {
            if (h < 1) {
                throw new IllegalArgumentException("BEGAN hidden size h must be >= 1, got " + h);
            }
            this.hidden = h;
            return this;
        }

        /** Builds the blueprint (z uniform in [-1, 1]^64 and Xavier weights unless set otherwise). */
        @Override
        public Began build() {
            return new Began(this);
        }
    }
}
