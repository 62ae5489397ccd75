package org.ganworkbench.experiments;

import org.ganworkbench.config.Options;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A run spec's {@code evaluation} section, read: {@code n} generated samples scored, the
 * {@code seed} of their latents, the {@code metrics} by kind, and {@code every} (also evaluate every
 * this many steps during training; 0 = only at the end). Which keys a section takes, their ranges
 * and defaults depend on the data, so each {@link RunEvaluator} declares its own {@link Schema}:
 * {@link #images}, {@link #points} or {@link #everyOnly}.
 *
 * @param n samples to generate and score
 * @param seed seed of their latents
 * @param metrics metric kinds, e.g. {@code fid}, {@code swd} (empty: none, or fixed by the evaluator)
 * @param every evaluate every this many steps as well (0 = only at the end)
 */
public record EvaluationSettings(int n, long seed, List<String> metrics, int every) {

    /** The latent seed when none is given. */
    public static final long DEFAULT_SEED = 1234;

    public EvaluationSettings {
        metrics = List.copyOf(metrics);
    }

    /**
     * The options of one evaluator's section and a builder holding its defaults: the spec's schema,
     * its checks, the README's table and the reading all come from here.
     *
     * @param options the declarations
     * @param defaults a fresh builder with the evaluator's defaults
     */
    public record Schema(Options<Builder, EvaluationSettings> options, Supplier<Builder> defaults) {

        /** A section's settings: its values over the defaults, checked (errors name {@code evaluation.KEY}). */
        public EvaluationSettings read(Map<String, ?> section) {
            return options.apply("evaluation", defaults.get(), options.own(section)).build();
        }

        /** The markdown table of the section's options with their defaults. */
        public String table() {
            return options.table(defaults.get().build());
        }
    }

    /** The section's builder. */
    public static final class Builder {
        private int n;
        private long seed = DEFAULT_SEED;
        private List<String> metrics = List.of();
        private int every;

        private Builder(int n, List<String> metrics) {
            this.n = n;
            this.metrics = metrics;
        }

        public Builder n(int n) {
            this.n = n;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder metrics(List<String> metrics) {
            this.metrics = List.copyOf(metrics);
            return this;
        }

        public Builder every(int every) {
            this.every = every;
            return this;
        }

        public EvaluationSettings build() {
            return new EvaluationSettings(n, seed, metrics, every);
        }
    }

    /**
     * The section of image data: {@code n} in [2, maxN] (default {@code defaultN}), {@code metrics}
     * from {@code allowed} (default {@code defaultMetrics}), {@code seed}, {@code every}.
     */
    static Schema images(String name, int defaultN, int maxN, List<String> defaultMetrics, List<String> allowed) {
        Options<Builder, EvaluationSettings> o = Options.<Builder, EvaluationSettings>of(name)
                .integer("n", 2, maxN, "generated images scored, against as many real ones; metric names carry it "
                        + "(fid_fmnist_2k, swd_2048)", Builder::n, EvaluationSettings::n)
                .choices("metrics", allowed, "the metrics, by kind (feature metrics on the domain classifier's "
                        + "features, pixel metrics on the images; cacc, ifid, ipr score a conditional model's samples "
                        + "against the class each was asked for)", Builder::metrics, EvaluationSettings::metrics);
        return new Schema(seedAndEvery(o), () -> new Builder(defaultN, defaultMetrics));
    }

    /** The section of 2-D toy data (mode coverage): {@code n} points (default 2500), {@code seed}, {@code every}. */
    /** The fewest points the 2-D metrics take: density/coverage's k = 5 neighbours need 6. */
    static final int MIN_POINTS = org.ganworkbench.metrics.DensityCoverage.DEFAULT_K + 1;

    static Schema points() {
        Options<Builder, EvaluationSettings> o = Options.<Builder, EvaluationSettings>of("mode coverage")
                .integer("n", MIN_POINTS, Integer.MAX_VALUE, "generated points the metrics are counted on (at least "
                        + MIN_POINTS + ": density/coverage's balls reach the 5th neighbour)", Builder::n, EvaluationSettings::n);
        return new Schema(seedAndEvery(o), () -> new Builder(2500, List.of()));
    }

    /** The section of data without metrics: {@code every} only (a sample picture at each). */
    static Schema everyOnly() {
        return new Schema(every(Options.of("none")), () -> new Builder(0, List.of()));
    }

    private static Options<Builder, EvaluationSettings> seedAndEvery(Options<Builder, EvaluationSettings> o) {
        return every(o.longInteger("seed", Long.MIN_VALUE, Long.MAX_VALUE, "seed of the latents of the scored samples",
                Builder::seed, EvaluationSettings::seed));
    }

    private static Options<Builder, EvaluationSettings> every(Options<Builder, EvaluationSettings> o) {
        return o.integer("every", 0, Integer.MAX_VALUE, "evaluate (and draw samples) every this many steps during "
                + "training as well; 0 = only at the end", Builder::every, EvaluationSettings::every);
    }
}
