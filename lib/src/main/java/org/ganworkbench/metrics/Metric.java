package org.ganworkbench.metrics;

/**
 * One sample-quality metric with its protocol: which features it reads, how many generated samples
 * it takes, how it draws subsets. The protocol is part of the name, as in StyleGAN2-ADA's
 * {@code fid50k_full}: {@code fid_fmnist_10k} is the Fréchet distance in the Fashion-MNIST
 * classifier's feature space over 10,000 generated images, and a number reported under that name
 * means exactly that. Metrics are found by name in {@link MetricRegistry}.
 *
 * <p>A metric compares generated samples with a real reference set, both given as {@link Features}
 * (plain Java arrays, so metrics can be tested on synthetic numbers). It takes the first
 * {@link #sampleCount()} generated rows and refuses fewer; it uses every real row it is given and
 * records how many in the result's protocol. Metrics that judge the generated set alone (class
 * histogram, Inception-Score analogue) ignore the real set.
 */
public interface Metric {

    /**
     * The name, carrying the protocol.
     *
     * @return e.g. {@code fid_fmnist_10k}
     */
    String name();

    /**
     * Number of generated samples the protocol takes.
     *
     * @return e.g. 10000 for {@code fid_fmnist_10k}
     */
    int sampleCount();

    /**
     * Computes the metric.
     *
     * @param real features of the real reference images
     * @param generated features of at least {@link #sampleCount()} generated images (only the first
     *     {@code sampleCount()} are used)
     * @return the values, with the protocol fields and the time taken
     * @throws IllegalArgumentException if there are too few generated samples, the feature
     *     dimensions differ, or the metric needs probabilities the features lack
     */
    MetricResult compute(Features real, Features generated);

    /**
     * The first {@link #sampleCount()} generated rows, or an error naming the metric.
     *
     * @param generated the generated set's features
     * @return its first {@code sampleCount()} rows
     */
    default Features protocolSamples(Features generated) {
        if (generated.count() < sampleCount()) {
            throw new IllegalArgumentException(name() + " takes " + sampleCount() + " generated samples, got "
                    + generated.count() + "; generate more, or use " + MetricName.parse(name()).withCount(generated.count()));
        }
        return generated.head(sampleCount());
    }

    /**
     * The first {@link #sampleCount()} generated rows, checked to have the real features' dimension.
     *
     * @param real the real set's features
     * @param generated the generated set's features
     * @return its first {@code sampleCount()} rows
     */
    default Features protocolSamples(Features real, Features generated) {
        Features fake = protocolSamples(generated);
        Features.requireSameDim(name(), real, fake);
        return fake;
    }
}
