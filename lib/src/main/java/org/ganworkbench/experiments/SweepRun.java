package org.ganworkbench.experiments;

import java.nio.file.Path;

/**
 * One run of an expanded {@link Sweep}.
 *
 * @param variant the variant's label (with the grid values, e.g. "vanilla optimizer.lr_d=0.0001")
 * @param slug the variant's folder name, unique within the sweep
 * @param seed the run's seed
 * @param spec the run's full spec
 */
public record SweepRun(String variant, String slug, long seed, RunSpec spec) {

    /** The run's folder: {@code <sweepDir>/<slug>/seed-<seed>}. */
    public Path dir(Path sweepDir) {
        return sweepDir.resolve(slug).resolve(relativeSeedDir());
    }

    /** The run's folder relative to the sweep folder, e.g. {@code vanilla/seed-1}. */
    public String relativeDir() {
        return slug + "/" + relativeSeedDir();
    }

    private String relativeSeedDir() {
        return "seed-" + seed;
    }
}
