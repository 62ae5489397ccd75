package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which classes a generator makes: the histogram of the {@link DomainClassifier}'s predicted class
 * (argmax) over the generated images ({@code classes_fmnist_<n>}). It sees mode dropping directly:
 * a generator that never makes trousers has no trouser bar.
 *
 * <ul>
 *   <li>{@code entropy}: of the histogram, in nats; {@code log 10 ≈ 2.303} when all ten classes are
 *       equally frequent (as in Fashion-MNIST itself), 0 when every image is one class;
 *   <li>{@code kl_to_uniform}: KL(histogram ‖ uniform) = log K - entropy, same scale reversed;
 *   <li>{@code classes_covered}: classes with at least {@value #DEFAULT_MIN_SHARE} of the images
 *       (1%, a tenth of the fair share).
 * </ul>
 *
 * <p>The real set is not used. The histogram itself is in the result's details (counts per class).
 */
public final class ClassDistribution extends SampledMetric {

    /** Smallest share of the images for a class to count as covered. */
    public static final double DEFAULT_MIN_SHARE = 0.01;

    private final double minShare;

    /**
     * The protocol for {@code count} generated samples, 1% threshold.
     *
     * @param count generated samples, at least 2
     */
    public ClassDistribution(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The standard protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public ClassDistribution(String domain, int count) {
        this(domain, count, DEFAULT_MIN_SHARE);
    }

    /**
     * The protocol with an explicit coverage threshold.
     *
     * @param count generated samples, at least 2
     * @param minShare smallest share of images for a covered class, in (0, 1]
     */
    public ClassDistribution(int count, double minShare) {
        this(MetricRegistry.FMNIST, count, minShare);
    }

    private ClassDistribution(String domain, int count, double minShare) {
        super("classes", domain, count);
        if (!(minShare > 0 && minShare <= 1)) {
            throw new IllegalArgumentException("classes: minShare must be in (0, 1], got " + minShare);
        }
        this.minShare = minShare;
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamplesWithProbabilities(generated);
        int classes = fake.probabilities()[0].length;
        int[] counts = new int[classes];
        for (int c : fake.predictedClasses()) {
            counts[c]++;
        }
        Histogram h = Histogram.of(counts, minShare);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("entropy", h.entropy());
        values.put("kl_to_uniform", h.klToUniform());
        values.put("classes_covered", (double) h.covered());
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_generated", fake.count());
        protocol.put("classes", classes);
        protocol.put("min_share", minShare);
        return new MetricResult(name(), values, protocol, Map.of("counts", counts.clone()),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Entropy, KL to uniform and coverage of a histogram.
     *
     * @param entropy in nats, in [0, log K]
     * @param klToUniform {@code log K - entropy}
     * @param covered bins holding at least the threshold share
     */
    public record Histogram(double entropy, double klToUniform, int covered) {

        /**
         * Summarizes {@code counts}.
         *
         * @param counts non-negative counts, at least one positive
         * @param minShare share a bin needs to count as covered
         * @return the summary
         */
        public static Histogram of(int[] counts, double minShare) {
            long total = 0;
            for (int c : counts) {
                if (c < 0) {
                    throw new IllegalArgumentException("negative count " + c);
                }
                total += c;
            }
            if (total == 0) {
                throw new IllegalArgumentException("an empty histogram has no entropy");
            }
            double entropy = 0;
            int covered = 0;
            for (int c : counts) {
                double p = (double) c / total;
                if (c > 0) {
                    entropy -= p * Math.log(p);
                }
                if (p >= minShare) {
                    covered++;
                }
            }
            double kl = Math.max(0.0, Math.log(counts.length) - entropy);
            return new Histogram(Math.max(0.0, entropy), kl, covered);
        }
    }

    @Override
    public String toString() {
        return name() + " (covered: share >= " + minShare + ")";
    }
}
