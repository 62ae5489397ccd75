package org.ganworkbench.experiments;

import org.ganworkbench.config.ValueKind;
import java.util.List;
import java.util.Map;

/**
 * The {@code evaluation} section of an image run, as the image evaluators read it: {@code n}
 * generated images, the latent {@code seed} they are drawn from (default 1234), the {@code metrics}
 * by kind, and {@code every} (read by {@link Experiment}).
 *
 * @param n images to generate and compare
 * @param seed seed of the latents
 * @param metrics metric kinds, e.g. {@code fid}, {@code swd}
 */
record ImageEvaluation(int n, long seed, List<String> metrics) {

    /** The keys of the section and their types. */
    static final Map<String, ValueKind> KEYS = SpecSchema.ordered("n", ValueKind.INT, "metrics", ValueKind.STRING_LIST,
            "seed", ValueKind.INT, "every", ValueKind.INT);

    /**
     * Reads a section, with the evaluator's defaults.
     *
     * @throws IllegalArgumentException naming {@code evaluation.n} if n is outside [2, maxN]
     */
    @SuppressWarnings("unchecked")
    static ImageEvaluation read(Map<String, Object> settings, int defaultN, int maxN, List<String> defaultMetrics) {
        int n = SpecConfigs.toInt("evaluation.n", settings.getOrDefault("n", (long) defaultN));
        if (n < 2 || n > maxN) {
            throw new IllegalArgumentException("RunSpec field 'evaluation.n' must be in [2, " + maxN + "], got " + n);
        }
        long seed = ((Number) settings.getOrDefault("seed", 1234L)).longValue();
        return new ImageEvaluation(n, seed, (List<String>) settings.getOrDefault("metrics", defaultMetrics));
    }
}
