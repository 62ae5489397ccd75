package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelDistanceTest {

    @Test
    void sameDistributionGivesAboutZero() {
        Features x = Features.of(Synthetic.gaussian(1000, 16, 0, 1, 1));
        Features y = Features.of(Synthetic.gaussian(1000, 16, 0, 1, 2));
        MetricResult r = new KernelDistance(1000, 20, 200, 0).compute(x, y);
        assertEquals(0.0, r.value(), 0.02, r.toString());
        assertEquals(200, r.protocol().get("subset_size"));
        assertEquals(20, r.protocol().get("subsets"));
    }

    @Test
    void shiftedDistributionIsClearlyPositive() {
        Features x = Features.of(Synthetic.gaussian(1000, 16, 0, 1, 1));
        Features same = Features.of(Synthetic.gaussian(1000, 16, 0, 1, 2));
        Features shifted = Features.of(Synthetic.gaussian(1000, 16, 1, 1, 3));
        KernelDistance kid = new KernelDistance(1000, 20, 200, 0);
        double near = kid.compute(x, same).value();
        double far = kid.compute(x, shifted).value();
        assertTrue(far > 0.5 && far > 20 * Math.abs(near), "shifted " + far + " vs same " + near);
    }

    @Test
    void matchesTheUnbiasedEstimatorWrittenOut() {
        double[][] x = Synthetic.gaussian(30, 5, 0, 1, 4);
        double[][] y = Synthetic.gaussian(30, 5, 0.5, 1, 5);
        int m = 30;
        int d = 5;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    xx += k(x[i], x[j], d);
                    yy += k(y[i], y[j], d);
                }
                xy += k(x[i], y[j], d);
            }
        }
        double expected = xx / (m * (m - 1.0)) + yy / (m * (m - 1.0)) - 2 * xy / (m * (double) m);
        assertEquals(expected, KernelDistance.mmd2(x, y), 1e-9 * Math.abs(expected) + 1e-12);
        // with subsets as large as the sets, every subset is the whole set: std 0, mean = the estimate
        MetricResult r = new KernelDistance(30, 5, 1000, 0).compute(Features.of(x), Features.of(y));
        assertEquals(expected, r.value(), 1e-9 * Math.abs(expected) + 1e-12);
        assertEquals(0.0, r.value("kid_std"), 1e-12);
    }

    @Test
    void seededSubsetsRepeat() {
        Features x = Features.of(Synthetic.gaussian(500, 8, 0, 1, 6));
        Features y = Features.of(Synthetic.gaussian(500, 8, 0.2, 1, 7));
        KernelDistance kid = new KernelDistance(500, 10, 100, 42);
        assertEquals(kid.compute(x, y).value(), kid.compute(x, y).value(), 0.0);
    }

    private static double k(double[] a, double[] b, int d) {
        double dot = 0;
        for (int i = 0; i < d; i++) {
            dot += a[i] * b[i];
        }
        return Math.pow(dot / d + 1, 3);
    }
}
