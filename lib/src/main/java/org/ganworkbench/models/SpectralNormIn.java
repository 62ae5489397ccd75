package org.ganworkbench.models;

/** Where spectral norm (Miyato et al. 2018) wraps a GAN's weight layers. */
public enum SpectralNormIn {
    /** Nowhere. */
    NONE,
    /** D's weight layers only (Miyato et al. 2018). */
    DISCRIMINATOR,
    /** Every weight layer of G and D (SAGAN, SPADE). */
    BOTH
}
