package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019), here in a domain's
 * {@link DomainClassifier}'s feature space ({@code pr_fmnist_<n>}, {@code pr_shapes_<n>}), or on any {@link Features}
 * (the 2-D points of a toy mixture).
 *
 * <p>Each set stands for its manifold: the union of balls around its points, each ball reaching the
 * point's k-th nearest neighbour in its own set (k = {@value #DEFAULT_K}, the paper's choice).
 * <ul>
 *   <li><b>precision</b>: the share of generated points inside the real manifold (quality: how many
 *       samples look like some real data);
 *   <li><b>recall</b>: the share of real points inside the generated manifold (diversity: how much of
 *       the real data the generator can produce).
 * </ul>
 * A point exactly on a ball's edge is inside ({@code <=}, as StyleGAN2-ADA's {@code pr50k3}). The
 * real set is used whole and its size is recorded; the paper and StyleGAN2-ADA take equally many
 * real and generated samples, since the manifolds' balls shrink as sets grow, so compare numbers only
 * at the same counts (hence the count in the name).
 *
 * <p>Known weakness, measured by Naeem et al. (2020) and shown in notebook 3: one generated outlier
 * far from the data gets a huge ball, which can swallow many real points and inflate recall; the
 * k-NN balls of the real set have the same problem for precision. {@link DensityCoverage} is the fix
 * they propose; report both.
 */
public final class PrecisionRecall extends KnnBallMetric {

    /** Kind of the metric in names. */
    public static final String KIND = "pr";

    /** Neighbours that set a ball's radius: 3, as in the paper and StyleGAN2-ADA. */
    public static final int DEFAULT_K = 3;

    /**
     * The paper's protocol (k = 3) for {@code count} generated samples.
     *
     * @param count generated samples, at least 2
     */
    public PrecisionRecall(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The standard protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public PrecisionRecall(String domain, int count) {
        this(count, DEFAULT_K, domain);
    }

    /**
     * A protocol with another neighbourhood size.
     *
     * @param count generated samples, more than k
     * @param k neighbours that set a ball's radius, at least 1
     */
    public PrecisionRecall(int count, int k) {
        this(count, k, null);
    }

    /**
     * The paper's protocol on 2-D points ({@code pr_xy_<n>}), e.g. a toy mixture's samples.
     *
     * @param count generated points
     * @return the metric
     */
    public static PrecisionRecall onPoints(int count) {
        return new PrecisionRecall(count, DEFAULT_K, PointMetrics.DOMAIN);
    }

    private PrecisionRecall(int count, int k, String domain) {
        super(KIND, domain, count, k, "inside (<=)");
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamples(real, generated);
        double[][] x = real.features();
        double[][] y = fake.features();
        double[] realRadii = KnnBalls.squaredRadii(x, k());
        double[] fakeRadii = KnnBalls.squaredRadii(y, k());
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("precision", KnnBalls.inside(y, x, realRadii, true).shareInside());
        values.put("recall", KnnBalls.inside(x, y, fakeRadii, true).shareInside());
        Map<String, Object> protocol = protocol(x, y);
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }
}
