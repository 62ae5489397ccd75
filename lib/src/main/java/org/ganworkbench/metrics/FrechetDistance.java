package org.ganworkbench.metrics;

import org.tribuo.math.la.DenseMatrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fréchet distance between Gaussians fitted to real and generated features (Heusel et al. 2017),
 * here in the feature space of a domain's {@link DomainClassifier}, hence
 * {@code fid_fmnist_<n>} or {@code fid_shapes_<n>}; it is <em>not</em> comparable with Inception FID numbers from papers.
 *
 * <p>With means m1, m2 and covariances S1, S2 of the two feature sets,
 * {@code FID = |m1 - m2|² + tr(S1) + tr(S2) - 2 tr sqrt(S1 S2)}. The trace of the matrix square root
 * comes from two symmetric eigendecompositions (Tribuo's {@link DenseMatrix#eigenDecomposition()},
 * no hand-written solver): S1 = V diag(λ) Vᵀ gives R = sqrt(S1) = V diag(sqrt λ) Vᵀ, and since
 * S1 S2 is similar to the symmetric positive semi-definite R S2 R, {@code tr sqrt(S1 S2)} is the sum
 * of the square roots of R S2 R's eigenvalues. Eigenvalues that rounding pushes below zero count as
 * zero. Everything is in double precision; covariances divide by n - 1, as numpy's {@code np.cov}.
 *
 * <p>0 for identical sets; it grows with both a shift of the mean and a change of spread. FID is
 * biased upwards for small samples (Bińkowski et al. 2018), so only numbers with the same sample
 * counts compare: hence the count in the name.
 */
public final class FrechetDistance extends SampledMetric {


    /**
     * The protocol for {@code count} generated samples.
     *
     * @param count generated samples, at least 2
     */
    public FrechetDistance(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The standard protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public FrechetDistance(String domain, int count) {
        super("fid", domain, count);
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamples(real, generated);
        Gaussian a = Gaussian.fit(real.features());
        Gaussian b = Gaussian.fit(fake.features());
        Terms t = terms(a.mean(), a.covariance(), b.mean(), b.covariance());
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("fid", t.total());
        values.put("mean_term", t.meanTerm());
        values.put("covariance_term", t.covarianceTerm());
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_real", real.count());
        protocol.put("n_generated", fake.count());
        protocol.put("feature_dim", real.dim());
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The Fréchet distance of two Gaussians.
     *
     * @param mean1 mean of the first
     * @param cov1 covariance of the first (symmetric positive semi-definite)
     * @param mean2 mean of the second
     * @param cov2 covariance of the second (symmetric positive semi-definite)
     * @return {@code |m1 - m2|² + tr(S1) + tr(S2) - 2 tr sqrt(S1 S2)}, at least 0
     */
    public static double distance(double[] mean1, double[][] cov1, double[] mean2, double[][] cov2) {
        return terms(mean1, cov1, mean2, cov2).total();
    }

    /** The two parts of the distance: the squared mean difference and the covariance term. */
    record Terms(double meanTerm, double covarianceTerm) {
        double total() {
            return Math.max(0.0, meanTerm + covarianceTerm);
        }
    }

    static Terms terms(double[] mean1, double[][] cov1, double[] mean2, double[][] cov2) {
        int d = mean1.length;
        if (mean2.length != d || cov1.length != d || cov2.length != d) {
            throw new IllegalArgumentException("Fréchet distance: dimensions differ (means " + d + " and "
                    + mean2.length + ", covariances " + cov1.length + " and " + cov2.length + ")");
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mean1[i] - mean2[i];
            meanTerm += diff * diff;
        }
        double trace1 = 0;
        double trace2 = 0;
        for (int i = 0; i < d; i++) {
            trace1 += cov1[i][i];
            trace2 += cov2[i][i];
        }
        double covarianceTerm = trace1 + trace2 - 2 * traceSqrtProduct(cov1, cov2);
        return new Terms(meanTerm, covarianceTerm);
    }

    /**
     * {@code tr sqrt(S1 S2)} for symmetric positive semi-definite S1, S2.
     *
     * @param s1 first covariance
     * @param s2 second covariance
     * @return the sum of the square roots of the eigenvalues of sqrt(S1) S2 sqrt(S1)
     */
    static double traceSqrtProduct(double[][] s1, double[][] s2) {
        DenseMatrix root = sqrtPsd(s1);
        DenseMatrix inner = root.matrixMultiply(DenseMatrix.createDenseMatrix(s2)).matrixMultiply(root);
        double sum = 0;
        for (double lambda : eigenvalues(inner, "sqrt(S1) S2 sqrt(S1)")) {
            sum += Math.sqrt(Math.max(lambda, 0.0));
        }
        return sum;
    }

    /** The symmetric square root V diag(sqrt(max(λ, 0))) Vᵀ of a symmetric PSD matrix. */
    static DenseMatrix sqrtPsd(double[][] s) {
        DenseMatrix m = symmetric(DenseMatrix.createDenseMatrix(s));
        DenseMatrix.EigenDecomposition eig = decompose(m, "S1");
        DenseMatrix v = eig.eigenvectors();
        int d = s.length;
        double[] roots = new double[d];
        for (int k = 0; k < d; k++) {
            roots[k] = Math.sqrt(Math.max(eig.eigenvalues().get(k), 0.0));
        }
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += v.get(i, k) * roots[k] * v.get(j, k);
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return DenseMatrix.createDenseMatrix(out);
    }

    private static double[] eigenvalues(DenseMatrix m, String what) {
        return decompose(symmetric(m), what).eigenvalues().toArray();
    }

    private static DenseMatrix.EigenDecomposition decompose(DenseMatrix m, String what) {
        return m.eigenDecomposition().orElseThrow(() -> new IllegalStateException("Fréchet distance: Tribuo's "
                + "symmetric eigendecomposition of " + what + " (" + m.getDimension1Size() + " x "
                + m.getDimension2Size() + ") failed; are the features finite?"));
    }

    /** (M + Mᵀ) / 2, exactly symmetric, as Tribuo's decomposition requires. */
    private static DenseMatrix symmetric(DenseMatrix m) {
        int d = m.getDimension1Size();
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = 0.5 * (m.get(i, j) + m.get(j, i));
            }
        }
        return DenseMatrix.createDenseMatrix(out);
    }

    /**
     * Mean and covariance (divided by n - 1) of a set of vectors, in double precision.
     *
     * @param mean the mean vector
     * @param covariance the covariance matrix
     */
    public record Gaussian(double[] mean, double[][] covariance) {

        /**
         * Fits mean and covariance to the rows of {@code x}.
         *
         * @param x at least 2 rows of equal length, finite values
         * @return the fit
         * @throws IllegalArgumentException with fewer than 2 rows or a non-finite value
         */
        public static Gaussian fit(double[][] x) {
            int n = x.length;
            if (n < 2) {
                throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + n);
            }
            int d = x[0].length;
            double[] mean = new double[d];
            for (int r = 0; r < n; r++) {
                double[] row = x[r];
                for (int i = 0; i < d; i++) {
                    if (!Double.isFinite(row[i])) {
                        throw new IllegalArgumentException("feature " + i + " of sample " + r + " is " + row[i]);
                    }
                    mean[i] += row[i];
                }
            }
            for (int i = 0; i < d; i++) {
                mean[i] /= n;
            }
            double[][] cov = new double[d][d];
            double[] c = new double[d];
            for (double[] row : x) {
                for (int i = 0; i < d; i++) {
                    c[i] = row[i] - mean[i];
                }
                for (int i = 0; i < d; i++) {
                    double ci = c[i];
                    double[] covRow = cov[i];
                    for (int j = i; j < d; j++) {
                        covRow[j] += ci * c[j];
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    cov[i][j] /= (n - 1);
                    cov[j][i] = cov[i][j];
                }
            }
            return new Gaussian(mean, cov);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
