package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Density and coverage (Naeem et al. 2020), here in a domain's {@link DomainClassifier}'s
 * feature space ({@code dc_fmnist_<n>}, {@code dc_shapes_<n>}), or on any {@link Features} (the 2-D points of a toy
 * mixture). Both use only the balls around <em>real</em> points (radius: the distance to the k-th
 * nearest real neighbour, k = {@value #DEFAULT_K}, the paper's choice), so a generated outlier cannot
 * inflate them as it inflates {@link PrecisionRecall}'s recall.
 * <ul>
 *   <li><b>density</b> (quality): how many real balls contain a generated point, averaged over
 *       generated points and divided by k. For two samples of one distribution its expected value is
 *       exactly 1 (a real point's ball holds a new point with probability k/N); above 1 when samples
 *       crowd where real data is dense, below 1 when they stray.
 *   <li><b>coverage</b> (diversity): the share of real balls that contain at least one generated
 *       point. For two samples of one distribution of sizes N (real) and M its expected value is
 *       {@code 1 - (N-1)(N-2)...(N-k) / ((M+N-1)(M+N-2)...(M+N-k))}, about {@code 1 - 2^-k} = 0.969
 *       for M = N: a real point is uncovered only when its k nearest neighbours among the other
 *       N - 1 real and M generated points are all real.
 * </ul>
 * A point exactly on a ball's edge is outside ({@code <}, as the authors' {@code prdc} code). The
 * real set is used whole and its size recorded.
 */
public final class DensityCoverage extends KnnBallMetric {

    /** Kind of the metric in names. */
    public static final String KIND = "dc";

    /** Neighbours that set a real ball's radius: 5, as in the paper. */
    public static final int DEFAULT_K = 5;

    /**
     * The paper's protocol (k = 5) for {@code count} generated samples.
     *
     * @param count generated samples, at least 2
     */
    public DensityCoverage(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The standard protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public DensityCoverage(String domain, int count) {
        this(count, DEFAULT_K, domain);
    }

    /**
     * A protocol with another neighbourhood size.
     *
     * @param count generated samples, at least 2
     * @param k neighbours that set a ball's radius, at least 1
     */
    public DensityCoverage(int count, int k) {
        this(count, k, null);
    }

    /**
     * The paper's protocol on 2-D points ({@code dc_xy_<n>}), e.g. a toy mixture's samples.
     *
     * @param count generated points
     * @return the metric
     */
    public static DensityCoverage onPoints(int count) {
        return new DensityCoverage(count, DEFAULT_K, PointMetrics.DOMAIN);
    }

    private DensityCoverage(int count, int k, String domain) {
        super(KIND, domain, count, k, "outside (<)");
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamples(real, generated);
        double[][] x = real.features();
        double[][] y = fake.features();
        double[] realRadii = KnnBalls.squaredRadii(x, k());
        // one pass over the pairs: the generated points in each real ball give density (their sum)
        // and coverage (the balls holding any)
        KnnBalls.Inside inRealBalls = KnnBalls.holding(x, realRadii, y, false);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("density", (double) inRealBalls.total() / ((double) k() * y.length));
        values.put("coverage", inRealBalls.shareInside());
        values.put("coverage_expected", expectedCoverage(x.length, y.length, k()));
        Map<String, Object> protocol = protocol(x, y);
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The expected coverage of a perfect generator: {@code 1 - prod_{i=1..k} (N - i) / (M + N - i)}.
     *
     * @param realCount N
     * @param generatedCount M
     * @param k neighbours
     * @return the expected coverage when both sets come from one distribution
     */
    public static double expectedCoverage(int realCount, int generatedCount, int k) {
        double p = 1;
        for (int i = 1; i <= k; i++) {
            p *= (double) (realCount - i) / (realCount + generatedCount - i);
        }
        return 1 - Math.max(0, p);
    }
}
