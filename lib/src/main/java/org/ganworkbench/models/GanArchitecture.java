package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.util.Map;

/**
 * A blueprint for a GAN: how to build its generator and discriminator, what latent they use, what
 * samples look like and how weights start. {@link Gan#create} turns a blueprint into live networks
 * on an engine.
 *
 * <p>The discriminator returns one raw score (a logit) per sample; losses decide how to read it.
 */
public interface GanArchitecture {

    /** Short name, e.g. {@code mlp-gan}. */
    String name();

    /** The generator's input. */
    Latent latent();

    /** Shape of one generated sample, without the batch dimension: (C, H, W) or (2). */
    Shape sampleShape();

    /** A new, uninitialized generator block: (N, latent) to (N, sampleShape...). */
    Block newGenerator();

    /** A new, uninitialized discriminator block: (N, sampleShape...) to (N, 1) logits. */
    Block newDiscriminator();

    /**
     * The number of classes the networks are conditioned on; then G takes [z (N, latent), one-hot
     * classes (N, K)] and D takes [x, one-hot classes (N, K)]. 0 (the default) for an unconditional GAN.
     */
    default int classes() {
        return 0;
    }

    /**
     * The shape (C, H, W) of the condition map a translation GAN is made for (pix2pix, SPADE): G
     * takes [z (N, latent), map (N, C, H, W)] and makes the image of that map, D takes [x, map] and
     * scores the pair, patch by patch (its scores are (N, P), one per patch; a loss's mean over
     * them is a patch-wise loss). The maps come with the data ({@code GanData.samplePaired}). null
     * (the default) for a GAN that is not made from maps.
     */
    default Shape mapShape() {
        return null;
    }

    /**
     * The weights of a translation GAN's extra generator terms, which the training loop adds to
     * G's objective (all 0, the default, for other GANs): see {@link TranslationWeights}.
     */
    default TranslationWeights translationWeights() {
        return TranslationWeights.NONE;
    }

    /**
     * The weight of AC-GAN's class term when D has an auxiliary classifier head (its third output,
     * class logits (N, K)); 0 (the default) when it has none.
     */
    default double auxiliaryClassWeight() {
        return 0;
    }

    /**
     * Whether D's first output is an energy per sample (an autoencoder's reconstruction error, low
     * for what D takes as real) rather than a logit-like score; only energy losses (EBGAN, BEGAN)
     * read energies, and only they accept such an architecture.
     */
    default boolean discriminatorGivesEnergy() {
        return false;
    }

    /** How weights start. */
    Init init();

    /** Every setting that determines the architecture, for run configs and provenance. */
    Map<String, Object> settings();
}
