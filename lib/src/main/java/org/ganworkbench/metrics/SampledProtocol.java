package org.ganworkbench.metrics;

/**
 * What every metric of this package shares, feature metrics ({@link SampledMetric}) and pixel
 * metrics ({@link MsSsim}, {@link SlicedWasserstein}) alike: a kind ({@code fid}, {@code swd}, ...)
 * and the number of generated samples its protocol takes, which together make its name
 * ({@code fid_fmnist_10k}, {@code swd_8192}).
 */
abstract class SampledProtocol {

    private final String kind;
    private final int count;
    private final String name;

    /**
     * In the registry's space of the kind (the Fashion-MNIST classifier's features, or pixels).
     *
     * @param kind the metric's kind, the first part of its name
     * @param count generated samples the protocol takes, at least 2
     */
    SampledProtocol(String kind, int count) {
        this.kind = kind;
        this.count = MetricName.requireCount(kind, count);
        this.name = MetricRegistry.nameOf(kind, count).toString();
    }

    /**
     * In another space, named in the metric's name ({@code pr_xy_2500}: on 2-D points).
     *
     * @param kind the metric's kind, the first part of its name
     * @param domain the space, e.g. {@code xy}
     * @param count generated samples the protocol takes, at least 2
     */
    SampledProtocol(String kind, String domain, int count) {
        this.kind = kind;
        this.count = MetricName.requireCount(kind, count);
        this.name = new MetricName(kind, domain, count).toString();
    }

    /** The kind, the name without its protocol. */
    public final String kind() {
        return kind;
    }

    /** The name, carrying the protocol. */
    public final String name() {
        return name;
    }

    /** Generated samples the protocol takes. */
    public final int sampleCount() {
        return count;
    }
}
