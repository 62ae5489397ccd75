package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Inception-Score analogue (Salimans et al. 2016) computed with a domain's
 * {@link DomainClassifier} instead of Inception-v3, hence {@code is_fmnist_<n>} ({@code is_shapes_<n>}): its numbers are
 * on their own scale, not comparable with published Inception Scores.
 *
 * <p>{@code score = exp(E_x KL(p(y|x) ‖ p(y)))}, with p(y|x) the classifier's class probabilities for
 * image x and p(y) their mean over the split. It is high when each image is confidently one class
 * (sharp p(y|x)) and the classes are varied (flat p(y)); it lies between 1 (every image gets the
 * same prediction) and the number of classes, 10 for Fashion-MNIST and 5 for Shapes (confident and
 * perfectly balanced). As in the original, the samples are cut into {@value #DEFAULT_SPLITS}
 * consecutive splits and the score is
 * reported as mean and (population) standard deviation over them. It never looks at real images, so
 * a generator that makes one perfect image per class scores the maximum: read it next to FID/KID.
 */
public final class ClassifierScore extends SampledMetric {

    /** Number of splits. */
    public static final int DEFAULT_SPLITS = 10;

    private final int splits;

    /**
     * The protocol for {@code count} generated samples, {@value #DEFAULT_SPLITS} splits.
     *
     * @param count generated samples, at least 2
     */
    public ClassifierScore(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The standard protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public ClassifierScore(String domain, int count) {
        this(domain, count, Math.min(DEFAULT_SPLITS, count));
    }

    /**
     * The protocol with an explicit number of splits.
     *
     * @param count generated samples, at least 2
     * @param splits number of splits, in [1, count]
     */
    public ClassifierScore(int count, int splits) {
        this(MetricRegistry.FMNIST, count, splits);
    }

    private ClassifierScore(String domain, int count, int splits) {
        super("is", domain, count);
        if (splits < 1 || splits > count) {
            throw new IllegalArgumentException("is: splits must be in [1, " + count + "], got " + splits);
        }
        this.splits = splits;
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamplesWithProbabilities(generated);
        double[][] p = fake.probabilities();
        int n = p.length;
        int part = n / splits;
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            scores[s] = score(p, s * part, (s + 1) * part);
        }
        double mean = 0;
        for (double v : scores) {
            mean += v;
        }
        mean /= splits;
        double var = 0;
        for (double v : scores) {
            var += (v - mean) * (v - mean);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("is", mean);
        values.put("is_std", Math.sqrt(var / splits));
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_generated", n);
        protocol.put("splits", splits);
        protocol.put("split_size", part);
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The score of rows [from, to): {@code exp(mean_x KL(p(y|x) ‖ p(y)))}, {@code 0 log 0 = 0}.
     *
     * @param p probability rows
     * @param from first row
     * @param to end row (exclusive), greater than from
     * @return the score, at least 1
     */
    static double score(double[][] p, int from, int to) {
        int k = p[from].length;
        double[] marginal = new double[k];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < k; c++) {
                marginal[c] += p[i][c];
            }
        }
        int n = to - from;
        for (int c = 0; c < k; c++) {
            marginal[c] /= n;
        }
        double kl = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < k; c++) {
                double pc = p[i][c];
                if (pc > 0) {
                    kl += pc * (Math.log(pc) - Math.log(marginal[c]));
                }
            }
        }
        return Math.exp(Math.max(0.0, kl / n));
    }

    @Override
    public String toString() {
        return name() + " (" + splits + " splits)";
    }
}
