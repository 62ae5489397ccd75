package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.ganworkbench.config.Options;
import org.ganworkbench.nn.Downsample;
import org.ganworkbench.nn.EqualizedConv2d;
import org.ganworkbench.nn.EqualizedLinear;
import org.ganworkbench.nn.MinibatchStdDev;
import org.ganworkbench.nn.Norm;
import org.ganworkbench.nn.PixelNorm;
import org.ganworkbench.nn.ProgressiveDiscriminator;
import org.ganworkbench.nn.ProgressiveGenerator;
import org.ganworkbench.nn.Upsample;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The progressive GAN of Karras, Aila, Laine and Lehtinen (2018), "Progressive growing of GANs for
 * improved quality, stability, and variation", following the paper and the official code
 * (tkarras/progressive_growing_of_gans, {@code networks.py}, {@code train.py}). Each of its four
 * contributions can be switched off on its own, so the ablation of the paper's Table 1 can be run:
 *
 * <ul>
 *   <li><b>progressive growing</b> ({@link Builder#growing}): G and D start at 4×4 and grow to the
 *       full size, one resolution at a time, each new one faded in ({@link GrowthSchedule}); off =
 *       the full-size networks train from the start (Table 1's baseline);
 *   <li><b>minibatch standard deviation</b> ({@link Builder#minibatchStdDev}): one feature map with
 *       the average stddev over groups of 4 samples, appended before D's last 3×3 convolution
 *       ({@link MinibatchStdDev});
 *   <li><b>equalized learning rate</b> ({@link Builder#equalizedLr}): weights stored N(0, 1) and
 *       scaled at run time by He's constant ({@link EqualizedConv2d}, {@link EqualizedLinear}); off =
 *       the same layers with He-initialized weights;
 *   <li><b>pixelwise feature normalization</b> ({@link Builder#pixelNorm}): {@link PixelNorm} after
 *       every convolution of G (after its LReLU, as the official code does).
 * </ul>
 *
 * <p>The normalization of the WGAN-GP baseline the paper's Table 1 starts from (Gulrajani et al.
 * 2017), which its row (d) removes, can be switched on: batch norm in G ({@link
 * Builder#generatorNorm}) and layer norm in D ({@link Builder#discriminatorNorm}); default none, as
 * in the paper's own networks.
 *
 * <p>Networks (see {@link ProgressiveGenerator} and {@link ProgressiveDiscriminator}): G maps a
 * Gaussian latent (pixel-normalized first, {@link Builder#normalizeLatent}) by a dense layer to
 * 4×4, then per resolution nearest ×2 upsampling and two 3×3 convolutions, LReLU(0.2), a linear
 * 1×1 toRGB per resolution; D mirrors it with a 1×1 fromRGB per resolution, two 3×3 convolutions and
 * 2×2 average pooling per resolution, and at 4×4 the minibatch stddev, a 3×3 convolution, a dense
 * layer and the linear output. G's output is linear (no tanh), as in the paper.
 *
 * <p>Growing ({@link Growing}): the growth state (level, α) lives in the G and D blocks of each
 * {@link Gan}; {@link #grow} sets it from the images shown. Outside, G always makes full-size
 * images (upsampled from the current resolution) and D takes full-size images (reducing them by
 * average pooling), so data, metrics and pictures work at every stage. {@link #realBatch} shows D
 * the reals at the current resolution, faded in as G's output is; {@link #atStage} gives the images
 * at the current resolution, where the training loop takes the gradient penalty.
 *
 * <p>Training as in the paper: WGAN-GP with λ = 10 and the drift term ε = 0.001
 * ({@code Losses.create("wgan-gp", {"lambda": 10, "drift": 0.001})}, PyTorch engine only), Adam with
 * lr 1e-3 and β = (0, 0.99), one D step per G step, and an exponential moving average of G's
 * weights with decay 0.999 for sampling ({@code Tricks.builder().ema(0.999)}). LSGAN works on both
 * engines.
 *
 * <p>Sizes: the defaults are small, for a 2-core CPU: latent 128 and feature maps min(2·256 / r, 64)
 * at resolution r (64 at 4×4 and 8×8, 32 at 16×16, 16 at 32×32, 8 at 64×64; about 40 MFLOP per
 * forward pass of G or D at 32×32), fade-in and stable phases of 30k images each (the paper: 800k,
 * the official code: 600k). The paper's networks are {@code featureMapRule(8192, 512)} with latent
 * 512.
 */
public final class ProgressiveGan extends AbstractArchitecture implements Growing {

    /** Default images per fade-in and per stable phase. */
    public static final long DEFAULT_PHASE_IMAGES = 30_000;
    /** Default base of the feature-map rule min(2·base / r, max). */
    public static final int DEFAULT_FMAP_BASE = 256;
    /** Default cap of the feature-map rule. */
    public static final int DEFAULT_FMAP_MAX = 64;

    private final Shape imageShape;
    private final int[] channels;
    private final boolean growing;
    private final GrowthSchedule schedule;
    private final int stddevGroup;
    private final boolean equalizedLr;
    private final boolean pixelNorm;
    private final boolean normalizeLatent;
    private final boolean resetOptimizer;
    private final Norm generatorNorm;
    private final Norm discriminatorNorm;
    private final int fmapBase;
    private final int fmapMax;

    private ProgressiveGan(Builder b) {
        super(b, b.imageShape);
        this.imageShape = b.imageShape;
        this.fmapBase = b.fmapBase;
        this.fmapMax = b.fmapMax;
        int levels = b.levels();
        if (b.channels != null) {
            if (b.channels.length != levels) {
                throw new IllegalArgumentException("featureMaps needs one width per resolution 4x4 .. " + imageShape.get(1)
                        + " (" + levels + "), got " + b.channels.length + ": " + Arrays.toString(b.channels));
            }
            this.channels = b.channels.clone();
        } else {
            this.channels = new int[levels];
            for (int l = 0; l < levels; l++) {
                channels[l] = Math.max(1, Math.min(b.fmapBase >> (l + 1), b.fmapMax));
            }
        }
        this.growing = b.growing;
        this.schedule = new GrowthSchedule(levels, b.fadeImages, b.stableImages, b.growing);
        this.stddevGroup = b.stddevGroup;
        this.equalizedLr = b.equalizedLr;
        this.pixelNorm = b.pixelNorm;
        this.normalizeLatent = b.normalizeLatent;
        this.resetOptimizer = b.resetOptimizer;
        this.generatorNorm = b.generatorNorm;
        this.discriminatorNorm = b.discriminatorNorm;
    }

    /**
     * The progressive GAN's options, declared once: the run spec's {@code model} keys for
     * {@code "progressive"}, their checks, their provenance, the README's table. Each of the
     * paper's four contributions can be switched off.
     */
    public static final Options<Builder, ProgressiveGan> OPTIONS = ArchitectureBuilder.<Builder, ProgressiveGan>options("progressive")
            .integers("feature_maps", 1, 1, 4096, "feature maps per resolution, 4x4 first, one per resolution up "
                    + "to the image size (instead of the rule fmap_base/fmap_max)", Builder::featureMaps,
                    ProgressiveGan::featureMaps)
            .integer("fmap_base", 2, 1 << 20, "feature maps by the official rule min(2·fmap_base / r, fmap_max) at "
                    + "resolution r (the paper's networks: 8192, 512)", Builder::fmapBase, t -> t.fmapBase)
            .recordedOnlyWhenSet()
            .integer("fmap_max", 1, 1 << 16, "the cap of that rule", Builder::fmapMax, t -> t.fmapMax)
            .recordedOnlyWhenSet()
            .exclusive("feature_maps", "fmap_base", "fmap_max")
            .flag("growing", "progressive growing (off: the full-size networks train from the start)", Builder::growing,
                    ProgressiveGan::growing)
            .longInteger("fade_images", 0, Long.MAX_VALUE, "images shown per fade-in of a new resolution",
                    Builder::fadeImages, t -> t.schedule.fadeImages())
            .longInteger("stable_images", 0, Long.MAX_VALUE, "images shown per stable phase",
                    Builder::stableImages, t -> t.schedule.stableImages())
            .integer("stddev_group", 0, 1024, "group size of D's minibatch-stddev layer (0 = off, else >= 2)",
                    Builder::minibatchStdDevGroup, t -> t.stddevGroup)
            .flag("minibatch_stddev", "D's minibatch-stddev layer; false switches it off (true keeps stddev_group)",
                    (b, v) -> {
                        if (!v) {
                            b.minibatchStdDev(false);
                        }
                    }, t -> t.stddevGroup > 0)
            .flag("equalized_lr", "equalized learning rate in every layer (off: He-initialized weights)",
                    Builder::equalizedLr, t -> t.equalizedLr)
            .flag("pixelnorm", "pixelwise feature normalization in G", Builder::pixelNorm, t -> t.pixelNorm)
            .flag("normalize_latent", "pixel-normalize z before G's first layer, as the official code",
                    Builder::normalizeLatent, t -> t.normalizeLatent)
            .flag("reset_optimizer", "start the optimizers afresh at every new phase, as the official code does",
                    Builder::resetOptimizerEachPhase, ProgressiveGan::resetsOptimizerEachPhase)
            .recordedOnlyWhenSet()
            .choice("generator_norm", List.of("none", "batch"), Norm::parse, "G's normalization before every LReLU: "
                    + "batch norm is the WGAN-GP baseline's (Table 1's rows a-c); the paper's networks have none",
                    Builder::generatorNorm, t -> t.generatorNorm.key())
            .recordedOnlyWhenSet()
            .choice("discriminator_norm", List.of("none", "layer"), Norm::parse, "D's normalization after every 3x3 "
                    + "convolution: layer norm is the WGAN-GP baseline's (Table 1's rows a-c); the paper's networks have "
                    + "none", Builder::discriminatorNorm, t -> t.discriminatorNorm.key())
            .recordedOnlyWhenSet();

    /** A builder for images (C, H, W): C 1 or 3, H = W a power of two ≥ 8. */
    public static Builder builder(Shape imageShape) {
        return new Builder(imageShape);
    }

    /** Number of resolutions, 4×4 .. full size. */
    public int levels() {
        return channels.length;
    }

    /** Feature maps per resolution, 4×4 first. */
    public int[] featureMaps() {
        return channels.clone();
    }

    /** When the networks grow. */
    public GrowthSchedule schedule() {
        return schedule;
    }

    /** Whether the networks grow (false: the full-size networks from the start). */
    public boolean growing() {
        return growing;
    }

    /**
     * "progressive-SIZE", with a suffix per contribution switched off: "-nogrow", "-nostddev",
     * "-noeqlr", "-nopixelnorm"; "-nolatentnorm" without the latent's normalization and
     * "-stddevG" for a group size G other than 4; "-gbatch" and "-dlayer" with the baseline's norms.
     */
    @Override
    public String name() {
        StringBuilder n = new StringBuilder("progressive-").append(imageShape.get(1));
        if (!growing) {
            n.append("-nogrow");
        }
        if (stddevGroup == 0) {
            n.append("-nostddev");
        } else if (stddevGroup != 4) {
            n.append("-stddev").append(stddevGroup);
        }
        if (!equalizedLr) {
            n.append("-noeqlr");
        }
        if (!pixelNorm) {
            n.append("-nopixelnorm");
        }
        if (!normalizeLatent) {
            n.append("-nolatentnorm");
        }
        if (generatorNorm != Norm.NONE) {
            n.append("-g").append(generatorNorm.key());
        }
        if (discriminatorNorm != Norm.NONE) {
            n.append("-d").append(discriminatorNorm.key());
        }
        return n.toString();
    }

    /** A new G, at the schedule's first stage (4×4 when growing, the full size otherwise). */
    @Override
    public Block newGenerator() {
        return new ProgressiveGenerator(channels, Math.toIntExact(imageShape.get(0)), growing, equalizedLr, pixelNorm,
                normalizeLatent, generatorNorm);
    }

    /** A new D, at the schedule's first stage. */
    @Override
    public Block newDiscriminator() {
        return new ProgressiveDiscriminator(channels, Math.toIntExact(imageShape.get(0)), growing, equalizedLr,
                stddevGroup, discriminatorNorm);
    }

    // ---- growing ----

    @Override
    public boolean grow(Gan gan, long imagesShown) {
        GrowthSchedule.Stage before = stage(gan);
        GrowthSchedule.Stage now = schedule.at(imagesShown);
        setStage(gan, now);
        return now.level() != before.level() || (now.alpha() == 1) != (before.alpha() == 1);
    }

    @Override
    public boolean resetsOptimizerEachPhase() {
        return resetOptimizer;
    }

    /** Puts G and D of {@code gan} at this stage (e.g. to look at an earlier resolution). */
    public void setStage(Gan gan, GrowthSchedule.Stage stage) {
        generator(gan).setStage(stage.level(), stage.alpha());
        discriminator(gan).setStage(stage.level(), stage.alpha());
    }

    /** The stage G and D of {@code gan} are at. */
    public GrowthSchedule.Stage stage(Gan gan) {
        ProgressiveGenerator g = generator(gan);
        return new GrowthSchedule.Stage(g.level(), g.alpha());
    }

    @Override
    public NDArray realBatch(Gan gan, NDArray real) {
        ProgressiveDiscriminator d = discriminator(gan);
        int full = d.fullSize();
        if (d.level() == d.levels() - 1 && d.alpha() == 1) {
            return real;
        }
        int factor = full >> (2 + d.level());
        NDArray x = Downsample.average(real, factor);
        if (d.alpha() < 1) {
            NDArray coarse = Upsample.nearest(Downsample.average(x, 2), 2);
            x = coarse.add(x.sub(coarse).mul(d.alpha()));
        }
        return Upsample.nearest(x, factor);
    }

    /** The images reduced to the current resolution r: (N, C, r, r), which D takes as they are. */
    @Override
    public NDArray atStage(Gan gan, NDArray images) {
        ProgressiveDiscriminator d = discriminator(gan);
        int r = 4 << d.level();
        long size = images.getShape().get(2);
        return size == r ? images : Downsample.average(images, Math.toIntExact(size / r));
    }

    @Override
    public List<String> stageValues() {
        return List.of(RESOLUTION, ALPHA);
    }

    @Override
    public double[] stageValuesNow(Gan gan) {
        GrowthSchedule.Stage s = stage(gan);
        return new double[] {s.resolution(), s.alpha()};
    }

    private static ProgressiveGenerator generator(Gan gan) {
        if (gan.generator() instanceof ProgressiveGenerator g) {
            return g;
        }
        throw new IllegalArgumentException("not a progressive GAN: " + gan);
    }

    private static ProgressiveDiscriminator discriminator(Gan gan) {
        if (gan.discriminator() instanceof ProgressiveDiscriminator d) {
            return d;
        }
        throw new IllegalArgumentException("not a progressive GAN: " + gan);
    }

    // ---- cost and settings ----

    /**
     * Floating-point operations of one forward pass of G and of D on one sample at full size
     * (multiply and add counted as 2; convolutions and dense layers only). During growth the
     * networks cost less: the layers above the current resolution do not run.
     */
    public Dcgan.Flops flops() {
        long c = imageShape.get(0);
        long c0 = channels[0];
        long g = 2L * latent.dim() * c0 * 16 + 2L * c0 * c0 * 9 * 16;
        long d = 2L * (c0 + (stddevGroup > 0 ? 1 : 0)) * c0 * 9 * 16 + 2L * c0 * 16 * c0 + 2L * c0;
        for (int l = 1; l < channels.length; l++) {
            long r2 = (4L << l) * (4L << l);
            long in = channels[l - 1];
            long cl = channels[l];
            g += 2L * in * cl * 9 * r2 + 2L * cl * cl * 9 * r2;
            d += 2L * cl * cl * 9 * r2 + 2L * cl * in * 9 * r2;
        }
        long full = imageShape.get(1) * imageShape.get(2);
        long top = channels[channels.length - 1];
        g += 2L * top * c * full;
        d += 2L * c * top * full;
        return new Dcgan.Flops(g, d);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = facts();
        s.putAll(OPTIONS.read(this, builder(imageShape).build()));   // options added later: only when set
        return s;
    }

    @Override
    public String toString() {
        return "ProgressiveGan" + settings();
    }

    /** Builder for {@link ProgressiveGan}; the defaults are the paper's networks, scaled down for a CPU. */
    public static final class Builder extends ArchitectureBuilder<Builder, ProgressiveGan> {
        private final Shape imageShape;
        private int[] channels;
        private int fmapBase = DEFAULT_FMAP_BASE;
        private int fmapMax = DEFAULT_FMAP_MAX;
        private boolean growing = true;
        private long fadeImages = DEFAULT_PHASE_IMAGES;
        private long stableImages = DEFAULT_PHASE_IMAGES;
        private int stddevGroup = 4;
        private boolean equalizedLr = true;
        private boolean pixelNorm = true;
        private boolean normalizeLatent = true;
        private boolean resetOptimizer;
        private Norm generatorNorm = Norm.NONE;
        private Norm discriminatorNorm = Norm.NONE;

        private Builder(Shape imageShape) {
            // He's initialization from the seed: each layer's weights from its declared std (N(0, 1)
            // with equalized learning rate, N(0, (gain / sqrt(fan_in))^2) without), biases 0
            super(Latent.gaussian(128), Init.he());
            long size = ImageShapes.squareSide(imageShape, "the progressive GAN");
            if (size < 8 || Long.bitCount(size) != 1) {
                throw new IllegalArgumentException("the progressive GAN needs a power-of-two image size >= 8 (8, 16, 32, "
                        + "64, ...); got " + size + " (pad or resize the data, e.g. fashion-mnist-32)");
            }
            this.imageShape = imageShape;
        }

        @Override
        protected Builder self() {
            return this;
        }

        int levels() {
            return Integer.numberOfTrailingZeros(Math.toIntExact(imageShape.get(1))) - 1;
        }

        /** Feature maps per resolution, 4×4 first, one per resolution up to the full size (e.g. 4 for 32×32). */
        public Builder featureMaps(int... perResolution) {
            for (int c : perResolution) {
                if (c < 1) {
                    throw new IllegalArgumentException("feature maps must be >= 1, got " + Arrays.toString(perResolution));
                }
            }
            this.channels = perResolution.clone();
            return this;
        }

        /**
         * Feature maps by the official rule: min(2·base / r, max) at resolution r (default base 256,
         * max 64; the paper's networks: 8192, 512). Replaces {@link #featureMaps(int...)}.
         */
        public Builder featureMapRule(int base, int max) {
            return fmapBase(base).fmapMax(max);
        }

        /** The base of the feature-map rule (default 256); replaces {@link #featureMaps(int...)}. */
        public Builder fmapBase(int base) {
            if (base < 2) {
                throw new IllegalArgumentException("feature map rule needs base >= 2, got " + base);
            }
            this.fmapBase = base;
            this.channels = null;
            return this;
        }

        /** The cap of the feature-map rule (default 64); replaces {@link #featureMaps(int...)}. */
        public Builder fmapMax(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("feature map rule needs max >= 1, got " + max);
            }
            this.fmapMax = max;
            this.channels = null;
            return this;
        }

        /** Progressive growing (default on); off = the full-size networks train from the start. */
        public Builder growing(boolean on) {
            this.growing = on;
            return this;
        }

        /** Images shown per fade-in and per stable phase (default 30k each; see {@link GrowthSchedule}). */
        public Builder schedule(long fadeImages, long stableImages) {
            if (fadeImages + stableImages == 0) {
                throw new IllegalArgumentException("fade and stable images must not both be 0");
            }
            return fadeImages(fadeImages).stableImages(stableImages);
        }

        /** Images shown per fade-in (default 30k); with {@link #stableImages}, not both 0. */
        public Builder fadeImages(long images) {
            if (images < 0) {
                throw new IllegalArgumentException("fade images must be >= 0, got " + images);
            }
            this.fadeImages = images;
            return this;
        }

        /** Images shown per stable phase (default 30k); with {@link #fadeImages}, not both 0. */
        public Builder stableImages(long images) {
            if (images < 0) {
                throw new IllegalArgumentException("stable images must be >= 0, got " + images);
            }
            this.stableImages = images;
            return this;
        }

        /**
         * Start the optimizers afresh at every new phase (each fade-in and each stable phase after
         * one), as the official code does by default ({@code reset_opt_for_new_lod = True}). Default
         * off here, the setting the notebooks' runs were made with. The old state stays in the
         * networks' memory until the run ends (two arrays the size of the weights per reset).
         */
        public Builder resetOptimizerEachPhase(boolean on) {
            this.resetOptimizer = on;
            return this;
        }

        /** D's minibatch stddev layer over groups of 4 (default on). */
        public Builder minibatchStdDev(boolean on) {
            this.stddevGroup = on ? 4 : 0;
            return this;
        }

        /** D's minibatch stddev layer over groups of this size (≥ 2), or 0 for none. */
        public Builder minibatchStdDevGroup(int groupSize) {
            if (groupSize < 0 || groupSize == 1) {
                throw new IllegalArgumentException("minibatch stddev group must be 0 (off) or >= 2, got " + groupSize);
            }
            this.stddevGroup = groupSize;
            return this;
        }

        /** Equalized learning rate in every layer of G and D (default on); off = He-initialized weights. */
        public Builder equalizedLr(boolean on) {
            this.equalizedLr = on;
            return this;
        }

        /** Pixelwise feature normalization in G (default on). */
        public Builder pixelNorm(boolean on) {
            this.pixelNorm = on;
            return this;
        }

        /** Pixel-normalize the latent before G's first layer (default on, as the official code). */
        public Builder normalizeLatent(boolean on) {
            this.normalizeLatent = on;
            return this;
        }

        /**
         * G's normalization before every LReLU: {@link Norm#NONE} (default, the paper's networks) or
         * {@link Norm#BATCH} (the WGAN-GP baseline of the paper's Table 1).
         */
        public Builder generatorNorm(Norm norm) {
            if (norm != Norm.NONE && norm != Norm.BATCH) {
                throw new IllegalArgumentException("generator_norm of the progressive GAN is none or batch, got " + norm.key());
            }
            this.generatorNorm = norm;
            return this;
        }

        /**
         * D's normalization after every 3×3 convolution: {@link Norm#NONE} (default, the paper's
         * networks) or {@link Norm#LAYER} (the WGAN-GP baseline's critic).
         */
        public Builder discriminatorNorm(Norm norm) {
            if (norm != Norm.NONE && norm != Norm.LAYER) {
                throw new IllegalArgumentException("discriminator_norm of the progressive GAN is none or layer, got "
                        + norm.key() + " (batch norm would couple the samples a gradient penalty treats one by one)");
            }
            this.discriminatorNorm = norm;
            return this;
        }

        /** Builds the blueprint. */
        @Override
        public ProgressiveGan build() {
            if (fadeImages + stableImages == 0) {
                throw new IllegalArgumentException("fade and stable images must not both be 0");
            }
            return new ProgressiveGan(this);
        }
    }
}
