package org.ganworkbench.metrics;

/** A metric on features ({@link Metric}) with its kind and sample count ({@link SampledProtocol}). */
abstract class SampledMetric extends SampledProtocol implements Metric {

    /**
     * @param kind the metric's kind, the first part of its name
     * @param count generated samples the protocol takes, at least 2
     */
    SampledMetric(String kind, int count) {
        super(kind, count);
    }

    /**
     * @param kind the metric's kind, the first part of its name
     * @param domain the feature space in the name, e.g. {@code xy} for 2-D points
     * @param count generated samples the protocol takes, at least 2
     */
    SampledMetric(String kind, String domain, int count) {
        super(kind, domain, count);
    }

    /** The protocol's generated rows, which must carry class probabilities. */
    final Features protocolSamplesWithProbabilities(Features generated) {
        Features fake = protocolSamples(generated);
        if (!fake.hasProbabilities()) {
            throw new IllegalArgumentException(name() + " needs class probabilities; these features have none");
        }
        return fake;
    }
}
