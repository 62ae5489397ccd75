package org.ganworkbench.nn;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;

import java.util.Locale;

/**
 * The feature normalization of the image-to-image translation networks ({@link UNetGenerator},
 * {@link PatchDiscriminator}, {@link MultiScaleDiscriminator}, {@link SpadeNorm}, {@link SpadeResBlock},
 * {@link SpadeGenerator}): the three that pix2pix, pix2pixHD and SPADE use or ablate. (The wider
 * {@link Norm} of the DCGAN-style models also has layer and virtual batch norm, which none of these
 * papers uses.)
 *
 * <p>Two forms of each: the U-Net and the patch discriminators use the <em>affine</em> form, with a
 * learned per-channel scale γ and shift β ({@link #affine()}); {@link SpadeNorm} uses the
 * <em>parameter-free</em> form, because its scale and shift come from the semantic map instead.
 */
public enum NormKind {
    /**
     * Batch norm (Ioffe and Szegedy 2015): batch statistics while training, running statistics at
     * inference (DJL's {@link BatchNorm}, ε 1e-5, running averages with momentum 0.9).
     */
    BATCH,
    /**
     * Instance norm (Ulyanov et al. 2016): each sample's own per-channel statistics over H×W, ε 1e-5,
     * the same at training and inference ({@link InstanceNorm}).
     */
    INSTANCE,
    /** No normalization. */
    NONE;

    /**
     * The affine norm layer for this kind: DJL's {@link BatchNorm} (learned γ, β), an
     * {@link InstanceNorm} (learned γ, β), or null for {@link #NONE}.
     */
    public Block affine() {
        return switch (this) {
            case BATCH -> BatchNorm.builder().build();
            case INSTANCE -> new InstanceNorm();
            case NONE -> null;
        };
    }

    /** Parses "batch", "instance" or "none" (case-insensitive). */
    public static NormKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown norm kind '" + s + "'; known: batch, instance, none");
        }
    }

    /** Lower-case name, for settings. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
