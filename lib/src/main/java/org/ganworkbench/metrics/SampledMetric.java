package org.ganworkbench.metrics;

/**
 * What every metric of this package shares: a kind ({@code fid}, {@code kid}, ...) and the number of
 * generated samples its protocol takes, which together make its name ({@code fid_fmnist_10k}).
 */
abstract class SampledMetric implements Metric {

    private final String kind;
    private final int count;

    /**
     * @param kind the metric's kind, the first part of its name
     * @param count generated samples the protocol takes, at least 2
     */
    SampledMetric(String kind, int count) {
        this.kind = kind;
        this.count = MetricName.requireCount(kind, count);
    }

    @Override
    public final String name() {
        return MetricRegistry.nameOf(kind, count).toString();
    }

    @Override
    public final int sampleCount() {
        return count;
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
