package org.ganworkbench.models;

import org.ganworkbench.config.Options;
import org.ganworkbench.nn.NoiseDropout;

/**
 * The builder of an architecture whose D gives a score (the MLP GAN, DCGAN): beside the latent, G's
 * dropout as noise and D's optional layers ({@link DiscriminatorOptions}), with their options
 * declared once here.
 *
 * @param <B> the concrete builder
 * @param <T> the blueprint it builds
 */
public abstract class ScoreGanBuilder<B extends ScoreGanBuilder<B, T>, T extends GanArchitecture & ScoreGanBuilder.Built>
        extends ArchitectureBuilder<B, T> {

    /** What a blueprint built by such a builder tells about these settings. */
    public interface Built {
        /** D's optional layers. */
        DiscriminatorOptions discriminatorOptions();

        /** G's dropout rate (0 = off). */
        float generatorDropout();
    }

    private DiscriminatorOptions dOptions = DiscriminatorOptions.NONE;
    private float generatorDropout;

    protected ScoreGanBuilder(Latent latent, Init init) {
        super(latent, init);
    }

    /** D's optional layers: spectral norm, minibatch discrimination, minibatch stddev. */
    public B discriminatorOptions(DiscriminatorOptions options) {
        this.dOptions = java.util.Objects.requireNonNull(options, "options");
        return self();
    }

    /** D's optional layers set so far. */
    public DiscriminatorOptions discriminatorOptions() {
        return dOptions;
    }

    /**
     * Dropout with this rate after G's hidden layers, on at training and sampling time, as a noise
     * source (pix2pix, Isola et al. 2017); 0 = off.
     */
    public B generatorDropout(float rate) {
        this.generatorDropout = NoiseDropout.checkRate("generatorDropout", rate);
        return self();
    }

    /** G's dropout rate set so far. */
    public float generatorDropout() {
        return generatorDropout;
    }

    /** {@code generator_dropout}, declared after the architecture's own options. */
    static <B extends ScoreGanBuilder<B, T>, T extends GanArchitecture & Built> Options<B, T> declareGeneratorDropout(
            Options<B, T> o) {
        return o.floatNumber("generator_dropout", 0, false, 1, true,
                "dropout rate after G's hidden layers, also when sampling: noise as in pix2pix (0 = off)",
                ScoreGanBuilder::generatorDropout, Built::generatorDropout);
    }

    /**
     * D's optional layers as options, declared last: {@code spectral_norm}, {@code minibatch_kernels},
     * {@code minibatch_kernel_dim}, {@code stddev_group}.
     */
    static <B extends ScoreGanBuilder<B, T>, T extends GanArchitecture & Built> Options<B, T> declareDiscriminatorOptions(
            Options<B, T> o) {
        return o.flag("spectral_norm", "every weight layer of D divided by its largest singular value (Miyato et al. 2018)",
                        (b, v) -> b.discriminatorOptions(b.discriminatorOptions().withSpectralNorm(v)),
                        t -> t.discriminatorOptions().spectralNorm())
                .integer("minibatch_kernels", 0, 4096,
                        "minibatch-discrimination kernels B before D's output layer (Salimans et al. 2016; 0 = off)",
                        (b, v) -> b.discriminatorOptions(b.discriminatorOptions()
                                .withMinibatchDiscrimination(v, b.discriminatorOptions().minibatchKernelDim())),
                        t -> t.discriminatorOptions().minibatchKernels())
                .integer("minibatch_kernel_dim", 1, 1024,
                        "dimension C of each minibatch-discrimination kernel (Salimans et al. used 5)",
                        (b, v) -> b.discriminatorOptions(b.discriminatorOptions()
                                .withMinibatchDiscrimination(b.discriminatorOptions().minibatchKernels(), v)),
                        t -> t.discriminatorOptions().minibatchKernelDim())
                .integer("stddev_group", 0, 1024,
                        "group size of a minibatch-stddev layer before D's output layer (Karras et al. 2018; 0 = off, else >= 2)",
                        (b, v) -> b.discriminatorOptions(b.discriminatorOptions().withMinibatchStdDev(v)),
                        t -> t.discriminatorOptions().stddevGroup());
    }
}
