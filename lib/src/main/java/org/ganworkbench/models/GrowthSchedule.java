package org.ganworkbench.models;

/**
 * When a progressive GAN grows, by real images shown to D (Karras et al. 2018, §3; the official
 * {@code TrainingSchedule}). Levels 0 .. levels−1 work at 4×4, 8×8, ..., full size. Level 0 trains
 * alone ("stable") for {@code stableImages}; every further level first fades in over
 * {@code fadeImages}, its weight α going linearly from 0 to 1 with the images shown, then trains
 * stable (α = 1) for {@code stableImages}. After the last level's fade-in the networks stay at full
 * size, α = 1, for the rest of the run:
 *
 * <pre>
 *   images shown        level  α
 *   [0, s)              0      1
 *   [s, s+f)            1      (shown − s) / f
 *   [s+f, 2s+f)         1      1
 *   [2s+f, 2s+2f)       2      (shown − 2s − f) / f
 *   ...
 *   ≥ (L−1)(s+f)        L−1    1
 * </pre>
 *
 * The paper shows 800k images per phase; the official code's default is 600k. Without growing
 * (the baseline of the paper's Table 1) every stage is the last level at α = 1.
 *
 * @param levels number of resolutions, 4×4 up to full size (≥ 2)
 * @param fadeImages images of each fade-in (≥ 0; 0 = new levels switch on at once)
 * @param stableImages images of each stable phase (≥ 0)
 * @param growing false: always the full network
 */
public record GrowthSchedule(int levels, long fadeImages, long stableImages, boolean growing) {

    /** A level and its fade-in weight α (1 = stable). */
    public record Stage(int level, float alpha) {

        public Stage {
            if (level < 0 || !(alpha >= 0 && alpha <= 1) || (level == 0 && alpha != 1)) {
                throw new IllegalArgumentException("a stage needs level >= 0 and alpha in [0, 1] (1 at level 0); got level "
                        + level + ", alpha " + alpha);
            }
        }

        /** Side of the images at this level: 4·2^level. */
        public int resolution() {
            return 4 << level;
        }
    }

    public GrowthSchedule {
        if (levels < 2) {
            throw new IllegalArgumentException("a growth schedule needs >= 2 levels (8x8 images or larger), got " + levels);
        }
        if (fadeImages < 0 || stableImages < 0 || (growing && fadeImages + stableImages == 0)) {
            throw new IllegalArgumentException("fade and stable images must be >= 0 and not both 0; got fade " + fadeImages
                    + ", stable " + stableImages);
        }
    }

    /** The stage after {@code imagesShown} real images. */
    public Stage at(long imagesShown) {
        if (imagesShown < 0) {
            throw new IllegalArgumentException("images shown must be >= 0, got " + imagesShown);
        }
        int last = levels - 1;
        if (!growing) {
            return new Stage(last, 1);
        }
        if (imagesShown < stableImages) {
            return new Stage(0, 1);
        }
        long t = imagesShown - stableImages;
        long phase = fadeImages + stableImages;
        long level = 1 + t / phase;
        if (level > last) {
            return new Stage(last, 1);
        }
        long within = t % phase;
        float alpha = within < fadeImages ? (float) ((double) within / fadeImages) : 1f;
        return new Stage((int) level, alpha);
    }

    /** Images shown when the last fade-in ends and the full network trains alone: (L−1)(fade + stable); 0 without growing. */
    public long imagesToFullResolution() {
        return growing ? (levels - 1) * (fadeImages + stableImages) : 0;
    }

    /** Images shown when {@code level} starts (its fade-in; level 0 at 0): s + (level−1)(s+f) for level ≥ 1. */
    public long levelStart(int level) {
        if (level < 0 || level >= levels) {
            throw new IllegalArgumentException("level must be in [0, " + levels + "), got " + level);
        }
        if (!growing || level == 0) {
            return 0;
        }
        return stableImages + (level - 1) * (fadeImages + stableImages);
    }
}
