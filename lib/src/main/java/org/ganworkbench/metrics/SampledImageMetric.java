package org.ganworkbench.metrics;

/**
 * What the pixel metrics share, as {@link SampledMetric} for the feature metrics: a kind
 * ({@code swd}, {@code msssim}) and the number of generated images the protocol takes, which
 * together make the name ({@code swd_8192}).
 */
abstract class SampledImageMetric implements ImageMetric {

    private final String kind;
    private final int count;

    /**
     * @param kind the metric's kind, the first part of its name
     * @param count generated images the protocol takes, at least 2
     */
    SampledImageMetric(String kind, int count) {
        this.kind = kind;
        this.count = MetricName.requireCount(kind, count);
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final int sampleCount() {
        return count;
    }
}
