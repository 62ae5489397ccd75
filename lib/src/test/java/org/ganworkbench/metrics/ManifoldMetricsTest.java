package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

/**
 * Improved precision/recall and density/coverage against hand-computed sets, a brute-force oracle
 * written straight from the papers' definitions, and the closed forms of Naeem et al. (2020).
 */
class ManifoldMetricsTest {

    private static Features line(double... xs) {
        double[][] rows = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            rows[i] = new double[] {xs[i]};
        }
        return Features.of(rows);
    }

    @Test
    void precisionAndRecallOfAHandComputedLine() {
        // real 0, 1, 2, 4 with k = 1: balls of radius 1, 1, 1, 2. Generated 0.5, 3.1, 10: radii 2.6, 2.6, 6.9.
        // 0.5 lies in the ball of 0, 3.1 in the ball of 4, 10 in none: precision 2/3. Every real point lies
        // in some generated ball, the outlier 10's ball alone reaching back to 4: recall 1.
        MetricResult r = new PrecisionRecall(3, 1).compute(line(0, 1, 2, 4), line(0.5, 3.1, 10));
        assertEquals(2.0 / 3, r.value("precision"), 1e-12);
        assertEquals(1.0, r.value("recall"), 1e-12);
        assertEquals(1, r.protocol().get("k"));
    }

    @Test
    void aPointOnTheEdgeIsInsideForPrecisionAndOutsideForDensity() {
        // real 0, 1 with k = 1: both balls have radius 1; the generated 2 sits exactly on the edge of 1's
        MetricResult pr = new PrecisionRecall(2, 1).compute(line(0, 1), line(2, 50));
        assertEquals(0.5, pr.value("precision"), 1e-12);
        MetricResult dc = new DensityCoverage(2, 1).compute(line(0, 1), line(2, 50));
        assertEquals(0.0, dc.value("density"), 1e-12);
        assertEquals(0.0, dc.value("coverage"), 1e-12);
    }

    @Test
    void densityAndCoverageOfAHandComputedLine() {
        // real 0, 1, 2, 4 with k = 1: balls 1, 1, 1, 2 (strict). Generated 0.5 lies in the balls of 0 and 1,
        // 1.5 in those of 1 and 2, 3.5 in that of 4: density (2 + 2 + 1) / (1 * 3) = 5/3.
        // Covered: 0 (0.5 at 0.5 < 1), 1, 2 (1.5 at 0.5), 4 (3.5 at 0.5 < 2): coverage 1.
        MetricResult r = new DensityCoverage(3, 1).compute(line(0, 1, 2, 4), line(0.5, 1.5, 3.5));
        assertEquals(5.0 / 3, r.value("density"), 1e-12);
        assertEquals(1.0, r.value("coverage"), 1e-12);
        // only 10 generated, far away: nothing covered, no density
        MetricResult far = new DensityCoverage(2, 1).compute(line(0, 1, 2, 4), line(10, 11));
        assertEquals(0.0, far.value("density"), 1e-12);
        assertEquals(0.0, far.value("coverage"), 1e-12);
    }

    @Test
    void blockedComputationMatchesTheDefinitionsWrittenOut() {
        // sizes that are not multiples of the block, so partial blocks are exercised on both sides
        double[][] real = Synthetic.gaussian(700, 9, 0, 1, 11);
        double[][] fake = Synthetic.gaussian(1100, 9, 0.3, 1.2, 12);
        MetricResult pr = new PrecisionRecall(1100).compute(Features.of(real), Features.of(fake));
        MetricResult dc = new DensityCoverage(1100).compute(Features.of(real), Features.of(fake));
        double[] rReal3 = naiveRadii(real, 3);
        double[] rFake3 = naiveRadii(fake, 3);
        double[] rReal5 = naiveRadii(real, 5);
        int precise = 0;
        long balls = 0;
        for (double[] y : fake) {
            boolean in = false;
            for (int i = 0; i < real.length; i++) {
                double d = dist(y, real[i]);
                in |= d <= rReal3[i];
                balls += d < rReal5[i] ? 1 : 0;
            }
            precise += in ? 1 : 0;
        }
        int recalled = 0;
        int covered = 0;
        for (int i = 0; i < real.length; i++) {
            boolean in = false;
            boolean cov = false;
            for (int j = 0; j < fake.length; j++) {
                double d = dist(real[i], fake[j]);
                in |= d <= rFake3[j];
                cov |= d < rReal5[i];
            }
            recalled += in ? 1 : 0;
            covered += cov ? 1 : 0;
        }
        assertEquals((double) precise / fake.length, pr.value("precision"), 1e-12);
        assertEquals((double) recalled / real.length, pr.value("recall"), 1e-12);
        assertEquals(balls / (5.0 * fake.length), dc.value("density"), 1e-12);
        assertEquals((double) covered / real.length, dc.value("coverage"), 1e-12);
        assertTrue(pr.value("precision") > 0.2 && pr.value("precision") < 1, pr.toString());
    }

    @Test
    void oneDistributionGivesNaeemsClosedForms() {
        // E[density] = 1 and E[coverage] = 1 - prod_{i=1..k} (N-i)/(M+N-i) for two samples of one distribution
        int n = 1000;
        double density = 0;
        double coverage = 0;
        int repeats = 6;
        for (int s = 0; s < repeats; s++) {
            MetricResult r = new DensityCoverage(n).compute(Features.of(Synthetic.gaussian(n, 6, 0, 1, 100 + s)),
                    Features.of(Synthetic.gaussian(n, 6, 0, 1, 200 + s)));
            density += r.value("density") / repeats;
            coverage += r.value("coverage") / repeats;
        }
        double expected = DensityCoverage.expectedCoverage(n, n, 5);
        assertEquals(1 - Math.pow(0.5, 5), expected, 2e-3);   // about 1 - 2^-k for M = N
        assertEquals(expected, coverage, 0.01, "coverage");
        assertEquals(1.0, density, 0.05, "density");
    }

    @Test
    void identicalSetsAreFullyPreciseAndRecalled() {
        Features x = Features.of(Synthetic.gaussian(600, 4, 0, 1, 7));
        MetricResult pr = new PrecisionRecall(600).compute(x, x);
        assertEquals(1.0, pr.value("precision"));
        assertEquals(1.0, pr.value("recall"));
        MetricResult dc = new DensityCoverage(600).compute(x, x);
        assertEquals(1.0, dc.value("coverage"));
        // each real ball holds strictly inside itself and its k - 1 nearer neighbours: N k / (k M) = 1
        assertEquals(1.0, dc.value("density"), 1e-12);
    }

    @Test
    void anOutlierInflatesRecallButNotCoverage() {
        // G puts its points into one tight spot of the real cloud: recall and coverage both about 0.
        // One more point far away gets a ball reaching back to the spot, which swallows half the real
        // cloud: recall jumps to about 1/2, coverage does not move (Naeem et al.'s argument)
        double[][] real = Synthetic.gaussian(600, 2, 0, 1, 21);
        double[][] fake = Synthetic.gaussian(600, 2, 0, 0.01, 22);
        MetricResult before = new PrecisionRecall(600).compute(Features.of(real), Features.of(fake));
        MetricResult coverageBefore = new DensityCoverage(600).compute(Features.of(real), Features.of(fake));
        fake[599] = new double[] {30, 0};
        MetricResult pr = new PrecisionRecall(600).compute(Features.of(real), Features.of(fake));
        MetricResult dc = new DensityCoverage(600).compute(Features.of(real), Features.of(fake));
        assertTrue(before.value("recall") < 0.05, before.toString());
        assertTrue(pr.value("recall") > 0.4, pr.toString());
        assertTrue(dc.value("coverage") < 0.05, dc.toString());
        assertEquals(coverageBefore.value("coverage"), dc.value("coverage"), 0.01);
    }

    @Test
    void theRegistryNamesBothQuantities() {
        MetricResult r = MetricRegistry.feature("pr_fmnist_2k").compute(Features.of(Synthetic.gaussian(2000, 3, 0, 1, 1)),
                Features.of(Synthetic.gaussian(2000, 3, 0, 1, 2)));
        var reported = MetricRegistry.reported(r.metric(), r.values());
        assertEquals(java.util.List.of("precision_fmnist_2k", "recall_fmnist_2k"), java.util.List.copyOf(reported.keySet()));
        MetricResult d = MetricRegistry.feature("dc", 2000).compute(Features.of(Synthetic.gaussian(2000, 3, 0, 1, 1)),
                Features.of(Synthetic.gaussian(2000, 3, 0, 1, 2)));
        assertEquals(java.util.List.of("density_fmnist_2k", "coverage_fmnist_2k"),
                java.util.List.copyOf(MetricRegistry.reported(d.metric(), d.values()).keySet()));
        // other kinds keep their headline under their own name
        var fid = new java.util.LinkedHashMap<String, Double>();
        fid.put("fid", 3.0);
        fid.put("mean_term", 1.0);
        assertEquals(java.util.Map.of("fid_fmnist_2k", 3.0), MetricRegistry.reported("fid_fmnist_2k", fid));
    }

    @Test
    void tooFewSamplesForTheNeighbourhoodAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PrecisionRecall(3, 3));
        assertTrue(e.getMessage().contains("k"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new DensityCoverage(10).compute(line(0, 1, 2), line(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
        assertTrue(e2.getMessage().contains("k-th nearest neighbour"), e2.getMessage());
    }

    private static double[] naiveRadii(double[][] x, int k) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[x.length - 1];
            int at = 0;
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    d[at++] = dist(x[i], x[j]);
                }
            }
            Arrays.sort(d);
            out[i] = d[k - 1];
        }
        return out;
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

}
