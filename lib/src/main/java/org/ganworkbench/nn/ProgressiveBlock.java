package org.ganworkbench.nn;

import ai.djl.nn.AbstractBlock;

/**
 * What the progressive generator and discriminator share: their feature maps per level (4×4
 * first) and their growth state, the level (resolution 4·2^level) they work at and the fade-in
 * weight α of that level's new layers.
 */
public abstract class ProgressiveBlock extends AbstractBlock {

    /** Feature maps per level, 4×4 first; its length is the number of levels. */
    protected final int[] channels;
    /** Whether the network grows (has layers for every level) or is always full-size. */
    protected final boolean growing;
    private int level;
    private float alpha = 1;

    /**
     * @param version the block's serialization version
     * @param what "generator" or "discriminator", for the message
     * @param channels feature maps per level, 4×4 first (copied)
     * @param growing whether the network grows; it starts at level 0 if so, at the last level if not
     */
    ProgressiveBlock(byte version, String what, int[] channels, boolean growing) {
        super(version);
        if (channels.length < 2) {
            throw new IllegalArgumentException("a progressive " + what + " needs >= 2 levels, got " + channels.length);
        }
        this.channels = channels.clone();
        this.growing = growing;
        this.level = growing ? 0 : channels.length - 1;
    }

    /** Number of levels (resolutions 4×4 .. full). */
    public int levels() {
        return channels.length;
    }

    /** Side of the full-size images. */
    public int fullSize() {
        return 4 << (channels.length - 1);
    }

    /** The level the network works at. */
    public int level() {
        return level;
    }

    /** The fade-in weight of the current level (1 = stable). */
    public float alpha() {
        return alpha;
    }

    /**
     * Sets the growth state: work at {@code level} (4·2^level pixels), the level's new layers
     * weighted by α ∈ [0, 1] (α &lt; 1 only for level ≥ 1). Without growing only the last level at
     * α = 1 is accepted.
     */
    public void setStage(int level, float alpha) {
        int levels = channels.length;
        if (level < 0 || level >= levels || !(alpha >= 0 && alpha <= 1) || (level == 0 && alpha != 1)) {
            throw new IllegalArgumentException("stage must have level in [0, " + levels + ") and alpha in [0, 1] "
                    + "(1 at level 0); got level " + level + ", alpha " + alpha);
        }
        if (!growing && (level != levels - 1 || alpha != 1)) {
            throw new IllegalArgumentException("a network built without growing works at its full size only (level "
                    + (levels - 1) + ", alpha 1); got level " + level + ", alpha " + alpha);
        }
        this.level = level;
        this.alpha = alpha;
    }
}
