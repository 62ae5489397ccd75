package org.ganworkbench.metrics;

import org.ganworkbench.engine.Interrupted;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Kernel distance (KID, Bińkowski et al. 2018, "Demystifying MMD GANs"): the squared maximum mean
 * discrepancy between real and generated features with the cubic polynomial kernel
 * {@code k(x, y) = (x·y / d + 1)³}, d the feature dimension, here in a domain's
 * {@link DomainClassifier}'s feature space ({@code kid_fmnist_<n>}, {@code kid_shapes_<n>}).
 *
 * <p>Protocol, as in the paper and StyleGAN2-ADA: {@value #DEFAULT_SUBSETS} times, draw
 * {@code m = min(}{@value #DEFAULT_SUBSET_SIZE}{@code , n_real, n_generated)} real and m generated
 * rows without replacement (a {@link Random} of the seed), compute the unbiased estimate
 * <pre>
 *   MMD² = Σ_{i≠j} k(x_i, x_j) / (m(m-1)) + Σ_{i≠j} k(y_i, y_j) / (m(m-1)) - 2 Σ_{i,j} k(x_i, y_j) / m²
 * </pre>
 * and report the mean over subsets ({@code kid}) and its standard deviation ({@code kid_std}).
 *
 * <p>Unlike FID the estimate is unbiased, so it is about 0 for two samples of one distribution
 * (it can be slightly negative) whatever the sample size; values are small numbers (often shown
 * × 1000).
 */
public final class KernelDistance extends SampledMetric {

    /** Number of subsets. */
    public static final int DEFAULT_SUBSETS = 100;

    /** Largest subset size. */
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    /** Default seed of the subset draws. */
    public static final long DEFAULT_SEED = 0;

    private final int subsets;
    private final int maxSubsetSize;
    private final long seed;

    /**
     * The standard protocol for {@code count} generated samples.
     *
     * @param count generated samples, at least 2
     */
    public KernelDistance(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The standard protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public KernelDistance(String domain, int count) {
        this(domain, count, DEFAULT_SUBSETS, DEFAULT_SUBSET_SIZE, DEFAULT_SEED);
    }

    /**
     * A protocol with explicit subsets.
     *
     * @param count generated samples, at least 2
     * @param subsets number of subsets, at least 1
     * @param maxSubsetSize largest subset size, at least 2
     * @param seed seed of the subset draws
     */
    public KernelDistance(int count, int subsets, int maxSubsetSize, long seed) {
        this(MetricRegistry.FMNIST, count, subsets, maxSubsetSize, seed);
    }

    private KernelDistance(String domain, int count, int subsets, int maxSubsetSize, long seed) {
        super("kid", domain, count);
        if (subsets < 1 || maxSubsetSize < 2) {
            throw new IllegalArgumentException("kid: need at least 1 subset of at least 2 samples, got " + subsets
                    + " subsets of " + maxSubsetSize);
        }
        this.subsets = subsets;
        this.maxSubsetSize = maxSubsetSize;
        this.seed = seed;
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamples(real, generated);
        double[][] x = real.features();
        double[][] y = fake.features();
        int m = Math.min(maxSubsetSize, Math.min(x.length, y.length));
        if (m < 2) {
            throw new IllegalArgumentException(name() + ": need at least 2 real and 2 generated samples");
        }
        Random rng = new Random(seed);
        double[] mmd = new double[subsets];
        double[][] xs = new double[m][];
        double[][] ys = new double[m][];
        for (int s = 0; s < subsets; s++) {
            Interrupted.check(name());
            pick(x, m, rng, xs);
            pick(y, m, rng, ys);
            mmd[s] = mmd2(xs, ys);
        }
        double mean = 0;
        for (double v : mmd) {
            mean += v;
        }
        mean /= subsets;
        double var = 0;
        for (double v : mmd) {
            var += (v - mean) * (v - mean);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("kid", mean);
        values.put("kid_std", Math.sqrt(var / subsets));
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_real", x.length);
        protocol.put("n_generated", y.length);
        protocol.put("subsets", subsets);
        protocol.put("subset_size", m);
        protocol.put("kernel", "(x.y/d + 1)^3");
        protocol.put("seed", seed);
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The unbiased MMD² estimate of two equally large samples with the cubic polynomial kernel.
     *
     * @param x m rows
     * @param y m rows of the same dimension
     * @return the estimate (may be slightly negative)
     */
    static double mmd2(double[][] x, double[][] y) {
        int m = x.length;
        int d = x[0].length;
        // Gram rows as sums of scaled rows of the transposed sets (row[j] += x_ik * yT[k][j]): a loop
        // the JIT vectorizes, several times faster than one dot product per pair
        double[][] xt = transpose(x);
        double[][] yt = transpose(y);
        double[] row = new double[m];
        double kxx = 0;
        double kyy = 0;
        double kxy = 0;
        for (int i = 0; i < m; i++) {
            gramRow(x[i], xt, i + 1, row);
            kxx += kernelSum(row, i + 1, d);
            gramRow(y[i], yt, i + 1, row);
            kyy += kernelSum(row, i + 1, d);
            gramRow(x[i], yt, 0, row);
            kxy += kernelSum(row, 0, d);
        }
        // the sums above cover i < j; the full off-diagonal sums are twice that
        return 2 * (kxx + kyy) / ((double) m * (m - 1)) - 2 * kxy / ((double) m * m);
    }

    /** {@code row[j] = a · (column j of bt)} for j in [from, m). */
    private static void gramRow(double[] a, double[][] bt, int from, double[] row) {
        int m = row.length;
        java.util.Arrays.fill(row, from, m, 0.0);
        for (int k = 0; k < a.length; k++) {
            double ak = a[k];
            double[] b = bt[k];
            for (int j = from; j < m; j++) {
                row[j] += ak * b[j];
            }
        }
    }

    /** Σ_j (row[j] / d + 1)³ over j in [from, m). */
    private static double kernelSum(double[] row, int from, int d) {
        double sum = 0;
        double inv = 1.0 / d;
        for (int j = from; j < row.length; j++) {
            double t = row[j] * inv + 1;
            sum += t * t * t;
        }
        return sum;
    }

    private static double[][] transpose(double[][] x) {
        int m = x.length;
        int d = x[0].length;
        double[][] t = new double[d][m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                t[k][i] = x[i][k];
            }
        }
        return t;
    }

    /** Fills {@code out} with m distinct rows of {@code rows} (a partial Fisher-Yates shuffle). */
    private static void pick(double[][] rows, int m, Random rng, double[][] out) {
        int n = rows.length;
        if (m == n) {
            System.arraycopy(rows, 0, out, 0, n);
            return;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            out[i] = rows[order[i]];
        }
    }

    @Override
    public String toString() {
        return name() + " (" + subsets + " subsets of up to " + maxSubsetSize + ", seed " + seed + ")";
    }
}
