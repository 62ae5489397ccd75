package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassDistributionTest {

    private static Features classes(int... counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        int[] labels = new int[n];
        int i = 0;
        for (int k = 0; k < counts.length; k++) {
            for (int j = 0; j < counts[k]; j++) {
                labels[i++] = k;
            }
        }
        return new Features(new double[n][1], Synthetic.oneHot(labels, counts.length));
    }

    @Test
    void uniformHistogramHasMaximalEntropy() {
        MetricResult r = new ClassDistribution(100).compute(null, classes(10, 10, 10, 10, 10, 10, 10, 10, 10, 10));
        assertEquals(Math.log(10), r.value("entropy"), 1e-12);
        assertEquals(0.0, r.value("kl_to_uniform"), 1e-12);
        assertEquals(10.0, r.value("classes_covered"));
        assertEquals("classes_fmnist_100", r.metric());
    }

    @Test
    void twoEqualClassesOfTen() {
        MetricResult r = new ClassDistribution(10).compute(null, classes(5, 5, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(Math.log(2), r.value("entropy"), 1e-12);
        assertEquals(Math.log(10) - Math.log(2), r.value("kl_to_uniform"), 1e-12);
        assertEquals(2.0, r.value("classes_covered"));
        assertArrayEquals(new int[] {5, 5, 0, 0, 0, 0, 0, 0, 0, 0}, (int[]) r.details().get("counts"));
    }

    @Test
    void oneClassHasZeroEntropy() {
        MetricResult r = new ClassDistribution(7).compute(null, classes(0, 0, 0, 7, 0, 0, 0, 0, 0, 0));
        assertEquals(0.0, r.value("entropy"), 1e-12);
        assertEquals(Math.log(10), r.value("kl_to_uniform"), 1e-12);
        assertEquals(1.0, r.value("classes_covered"));
    }

    @Test
    void aClassBelowOnePercentIsNotCovered() {
        // 1 of 200 images = 0.5%, below the 1% threshold; 2 of 200 = 1% counts
        MetricResult r = new ClassDistribution(200).compute(null, classes(197, 1, 2));
        assertEquals(2.0, r.value("classes_covered"));
        double p0 = 197 / 200.0;
        double p1 = 1 / 200.0;
        double p2 = 2 / 200.0;
        double h = -(p0 * Math.log(p0) + p1 * Math.log(p1) + p2 * Math.log(p2));
        assertEquals(h, r.value("entropy"), 1e-12);
    }

    @Test
    void featuresWithoutProbabilitiesAreRefused() {
        Features f = Features.of(new double[5][2]);
        assertThrows(IllegalArgumentException.class, () -> new ClassDistribution(5).compute(f, f));
    }
}
