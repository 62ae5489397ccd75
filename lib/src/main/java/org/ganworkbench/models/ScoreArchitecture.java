package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;

/**
 * A blueprint whose D gives a score (the MLP GAN, DCGAN): beside the latent, G's dropout as noise
 * and D's optional layers, as its {@link ScoreGanBuilder} set them.
 */
abstract class ScoreArchitecture extends AbstractArchitecture implements ScoreGanBuilder.Built {

    protected final DiscriminatorOptions dOptions;
    protected final float generatorDropout;

    protected ScoreArchitecture(ScoreGanBuilder<?, ?> b, Shape sampleShape) {
        super(b, sampleShape);
        this.dOptions = b.discriminatorOptions();
        this.generatorDropout = b.generatorDropout();
    }

    @Override
    public final DiscriminatorOptions discriminatorOptions() {
        return dOptions;
    }

    @Override
    public final float generatorDropout() {
        return generatorDropout;
    }
}
