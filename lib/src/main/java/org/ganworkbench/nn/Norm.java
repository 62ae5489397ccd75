package org.ganworkbench.nn;

import java.util.Locale;

/** Which feature normalization a network's hidden layers use. */
public enum Norm {
    /** None. */
    NONE,
    /** Batch norm (Ioffe and Szegedy 2015): statistics of the current batch while training. */
    BATCH,
    /**
     * Instance norm (Ulyanov et al. 2016): statistics of each sample's own feature map, per channel
     * ({@link InstanceNorm}).
     */
    INSTANCE,
    /**
     * Layer norm (Ba et al. 2016) as WGAN-GP's critic uses it: statistics of each sample over all its
     * channels and positions together ({@link LayerNorm}).
     */
    LAYER,
    /**
     * Virtual batch norm (Salimans et al. 2016): statistics of a fixed reference batch plus the sample
     * itself, so a sample's output does not depend on the other samples of its batch
     * ({@link VirtualBatchNorm}, run inside a {@link ReferenceBatch}).
     */
    VIRTUAL_BATCH;

    /** Parses "none", "batch", "instance", "layer" or "virtual-batch". */
    public static Norm parse(String s) {
        String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (k.equals("VIRTUAL") || k.equals("VBN")) {
            return VIRTUAL_BATCH;
        }
        try {
            return valueOf(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown norm '" + s + "'; known: none, batch, instance, layer, virtual-batch");
        }
    }

    /** Lower-case name with dashes, for settings. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
