package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Does the generator draw things the {@link DomainClassifier} recognizes: how sure the classifier
 * is of its top class on each generated image ({@code confidence_shapes_<n>},
 * {@code confidence_fmnist_<n>}). A generator that draws clear shapes gets confident predictions as
 * real images do; blobs, half shapes or two shapes in one image spread the probability over
 * classes.
 *
 * <ul>
 *   <li>{@code confidence}: the mean over the generated images of the largest class probability,
 *       from 1/K (the classifier cannot tell) to 1;
 *   <li>{@code confident}: the share of generated images whose largest class probability is above
 *       {@value #DEFAULT_THRESHOLD};
 *   <li>{@code confidence_real}, {@code confident_real}: the same of the real reference set, the
 *       value a generator should reach (when the real features carry probabilities).
 * </ul>
 *
 * <p>It judges each image alone: a generator that draws one perfect circle every time scores as
 * well as real data. And images unlike any training image can fool it: the Shapes classifier gives
 * Gaussian noise (σ = 0.3 on the shapes) a top probability of 1.0, all to one class, while blurring
 * the shapes lowers the share above 0.9 from 97% to 37% (measured, 1,000 images). Read it next to
 * the class histogram, which shows the noise's single class, and FID/KID. Reported as
 * {@code confidence_<domain>_<n>} and {@code confident_<domain>_<n>}, each with its {@code _real}.
 */
public final class ClassifierConfidence extends SampledMetric {

    /** Kind of the metric in names. */
    public static final String KIND = "confidence";

    /** A top probability above this counts as confident. */
    public static final double DEFAULT_THRESHOLD = 0.9;

    /**
     * The protocol in the Fashion-MNIST classifier's space.
     *
     * @param count generated samples, at least 2
     */
    public ClassifierConfidence(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public ClassifierConfidence(String domain, int count) {
        super(KIND, domain, count);
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamplesWithProbabilities(generated);
        double[] mine = of(fake.probabilities());
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("confidence", mine[0]);
        values.put("confident", mine[1]);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_generated", fake.count());
        protocol.put("threshold", DEFAULT_THRESHOLD);
        if (real != null && real.hasProbabilities()) {
            double[] theirs = of(real.probabilities());
            values.put("confidence_real", theirs[0]);
            values.put("confident_real", theirs[1]);
            protocol.put("n_real", real.count());
        }
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    /** {mean top probability, share of top probabilities above the threshold}. */
    static double[] of(double[][] probabilities) {
        double sum = 0;
        int confident = 0;
        for (double[] p : probabilities) {
            double top = 0;
            for (double v : p) {
                top = Math.max(top, v);
            }
            sum += top;
            if (top > DEFAULT_THRESHOLD) {
                confident++;
            }
        }
        return new double[] {sum / probabilities.length, (double) confident / probabilities.length};
    }

    @Override
    public String toString() {
        return name() + " (confident: top probability > " + DEFAULT_THRESHOLD + ")";
    }
}
