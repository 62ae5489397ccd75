package org.ganworkbench.models;

import org.ganworkbench.config.Options;

import java.util.Objects;

/**
 * What every architecture's builder has: the latent and the weight initialization, with setters
 * that return the concrete builder (DJL's {@code self()} pattern), and the options every
 * architecture shares ({@link #options}).
 *
 * @param <B> the concrete builder
 * @param <T> the blueprint it builds
 */
public abstract class ArchitectureBuilder<B extends ArchitectureBuilder<B, T>, T extends GanArchitecture> {

    private Latent latent;
    private Init init;

    protected ArchitectureBuilder(Latent latent, Init init) {
        this.latent = latent;
        this.init = init;
    }

    /** This builder, as its own type. */
    protected abstract B self();

    /** Builds the blueprint. */
    public abstract T build();

    /** The generator's input. */
    public B latent(Latent latent) {
        this.latent = Objects.requireNonNull(latent, "latent");
        return self();
    }

    /** The latent set so far. */
    public Latent latent() {
        return latent;
    }

    /** How weights start. */
    public B init(Init init) {
        this.init = Objects.requireNonNull(init, "init");
        return self();
    }

    /** The initialization set so far. */
    public Init init() {
        return init;
    }

    /**
     * The options of the architecture {@code name} that every architecture has: {@code latent_dim}
     * (the size of z; its prior stays the builder's).
     */
    static <B extends ArchitectureBuilder<B, T>, T extends GanArchitecture> Options<B, T> options(String name) {
        return Options.<B, T>of(name).integer("latent_dim", 1, 65_536,
                "size of the latent z (its prior is the architecture's: Gaussian, uniform for BEGAN)",
                (b, v) -> b.latent(new Latent(v, b.latent().prior())), t -> t.latent().dim());
    }
}
