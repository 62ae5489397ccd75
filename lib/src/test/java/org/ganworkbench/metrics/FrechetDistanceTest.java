package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    private static double[][] diag(double... v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }

    /** Closed form for commuting (here: diagonal) covariances: |m1-m2|² + Σ (sqrt a - sqrt b)². */
    private static double diagonalClosedForm(double[] m1, double[] a, double[] m2, double[] b) {
        double s = 0;
        for (int i = 0; i < m1.length; i++) {
            s += (m1[i] - m2[i]) * (m1[i] - m2[i]) + Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        return s;
    }

    @Test
    void identicalSetsAreAtDistanceZero() {
        double[][] x = Synthetic.gaussian(500, 16, 0.3, 2.0, 1);
        MetricResult r = new FrechetDistance(500).compute(Features.of(x), Features.of(x));
        assertEquals(0.0, r.value(), 1e-8);
        assertEquals("fid_fmnist_500", r.metric());
        assertEquals(500, r.protocol().get("n_generated"));
    }

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        double[] m1 = {0, 1, -2, 0.5};
        double[] a = {1, 4, 0.25, 9};
        double[] m2 = {1, 1, 0, -0.5};
        double[] b = {2, 1, 0.25, 1};
        double expected = diagonalClosedForm(m1, a, m2, b);
        assertEquals(expected, FrechetDistance.distance(m1, diag(a), m2, diag(b)), 1e-9);
    }

    @Test
    void rotatedCommutingCovariancesMatchTheClosedForm() {
        // S = R diag R^T with the same rotation R: the covariances commute, the closed form still holds
        double t = 0.7;
        double[][] r = {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}};
        double[] a = {3, 0.5};
        double[] b = {1, 2};
        double[] m1 = {0, 0};
        double[] m2 = {0.5, -1};
        double expected = diagonalClosedForm(m1, a, m2, b);
        assertEquals(expected, FrechetDistance.distance(m1, rotate(r, a), m2, rotate(r, b)), 1e-9);
    }

    @Test
    void nonCommutingTwoByTwoMatchesTheTraceFormula() {
        // for 2x2 M with non-negative eigenvalues, tr sqrt(M) = sqrt(tr M + 2 sqrt(det M))
        double[][] s1 = {{2, 0.8}, {0.8, 1}};
        double[][] s2 = {{1, -0.3}, {-0.3, 3}};
        double trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
        double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double trSqrt = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
        double expected = 3 + 4 - 2 * trSqrt;
        double[] zero = {0, 0};
        assertEquals(expected, FrechetDistance.distance(zero, s1, zero, s2), 1e-9);
    }

    @Test
    void distanceIsSymmetric() {
        Features x = Features.of(Synthetic.gaussian(400, 12, 0, 1, 2));
        Features y = Features.of(Synthetic.gaussian(400, 12, 0.2, 1.5, 3));
        FrechetDistance fid = new FrechetDistance(400);
        double xy = fid.compute(x, y).value();
        double yx = fid.compute(y, x).value();
        assertTrue(xy > 1, "clearly different sets, got " + xy);
        assertEquals(xy, yx, 1e-9 * xy);
    }

    @Test
    void samplesApproachTheClosedForm() {
        double[] m1 = {0, 0, 0};
        double[] sd1 = {1, 2, 0.5};
        double[] m2 = {1, 0, -1};
        double[] sd2 = {1, 1, 1};
        Features x = Features.of(Synthetic.gaussian(20_000, m1, sd1, 4));
        Features y = Features.of(Synthetic.gaussian(20_000, m2, sd2, 5));
        double expected = diagonalClosedForm(m1, new double[] {1, 4, 0.25}, m2, new double[] {1, 1, 1});
        // sampling noise of the estimate is about 0.04 here; 0.15 is four of those
        assertEquals(expected, new FrechetDistance(20_000).compute(x, y).value(), 0.15);
    }

    @Test
    void tooFewGeneratedSamplesAreRefusedByName() {
        Features x = Features.of(Synthetic.gaussian(100, 4, 0, 1, 6));
        var e = assertThrows(IllegalArgumentException.class, () -> new FrechetDistance(10_000).compute(x, x));
        assertTrue(e.getMessage().contains("fid_fmnist_10k") && e.getMessage().contains("fid_fmnist_100"),
                e.getMessage());
    }

    @Test
    void onlyTheFirstSampleCountRowsAreUsed() {
        double[][] x = Synthetic.gaussian(300, 4, 0, 1, 7);
        double[][] y = new double[400][];
        System.arraycopy(x, 0, y, 0, 300);
        System.arraycopy(Synthetic.gaussian(100, 4, 50, 1, 8), 0, y, 300, 100);   // outliers past the protocol
        assertEquals(0.0, new FrechetDistance(300).compute(Features.of(x), Features.of(y)).value(), 1e-8);
    }

    private static double[][] rotate(double[][] r, double[] d) {
        double[][] out = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    out[i][j] += r[i][k] * d[k] * r[j][k];
                }
            }
        }
        return out;
    }
}
