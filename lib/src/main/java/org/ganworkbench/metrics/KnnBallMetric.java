package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link PrecisionRecall} and {@link DensityCoverage} share: a neighbourhood size k that sets
 * each ball's radius ({@link KnnBalls}), a feature space named in the metric's name (the
 * Fashion-MNIST classifier's, or {@link PointMetrics#DOMAIN} for 2-D points), and the protocol they
 * record.
 */
abstract class KnnBallMetric extends SampledMetric {

    private final int k;
    private final String ballEdge;

    /**
     * @param kind the metric's kind
     * @param domain the feature space in the name, or null for the Fashion-MNIST classifier's
     * @param count generated samples, more than k
     * @param k neighbours that set a ball's radius, at least 1
     * @param ballEdge how a point on a ball's edge counts, for the protocol
     */
    KnnBallMetric(String kind, String domain, int count, int k, String ballEdge) {
        super(kind, domain == null ? MetricRegistry.FMNIST : domain, count);
        if (k < 1 || count <= k) {
            throw new IllegalArgumentException(kind + ": need k >= 1 and more than k samples, got k = " + k
                    + " and " + count + " samples");
        }
        this.k = k;
        this.ballEdge = ballEdge;
    }

    /** Neighbours that set a ball's radius. */
    public final int k() {
        return k;
    }

    /** The protocol fields of a computation on these sets. */
    final Map<String, Object> protocol(double[][] real, double[][] generated) {
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_real", real.length);
        protocol.put("n_generated", generated.length);
        protocol.put("k", k);
        protocol.put("distance", "euclidean, exact");
        protocol.put("ball_edge", ballEdge);
        return protocol;
    }

    @Override
    public String toString() {
        return name() + " (k = " + k + ")";
    }
}
