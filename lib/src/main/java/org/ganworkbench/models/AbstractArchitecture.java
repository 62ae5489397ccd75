package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every blueprint keeps from its builder ({@link ArchitectureBuilder}): the latent and the
 * weight initialization, the shape of a sample, and the facts every provenance starts with.
 */
abstract class AbstractArchitecture implements GanArchitecture {

    protected final Latent latent;
    protected final Init init;
    private final Shape sampleShape;

    protected AbstractArchitecture(ArchitectureBuilder<?, ?> b, Shape sampleShape) {
        this.latent = b.latent();
        this.init = b.init();
        this.sampleShape = sampleShape;
    }

    @Override
    public final Shape sampleShape() {
        return sampleShape;
    }

    @Override
    public final Latent latent() {
        return latent;
    }

    @Override
    public final Init init() {
        return init;
    }

    /** The start of every provenance: the name, the latent's prior, the sample shape, the initialization. */
    protected final Map<String, Object> facts() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("architecture", name());
        s.put("latent_prior", latent.prior().name().toLowerCase());
        s.put("sample_shape", sampleShape().toString());
        s.put("init", init.toString());
        return s;
    }
}
