package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassifierScoreTest {

    @Test
    void constantPredictionsScoreOne() {
        int[] labels = new int[100];
        Arrays.fill(labels, 3);
        Features f = new Features(new double[100][1], Synthetic.oneHot(labels, 10));
        MetricResult r = new ClassifierScore(100).compute(null, f);
        assertEquals(1.0, r.value(), 1e-12);
        assertEquals(0.0, r.value("is_std"), 1e-12);
        assertEquals("is_fmnist_100", r.metric());
    }

    @Test
    void flatPredictionsScoreOne() {
        double[][] p = new double[50][10];
        for (double[] row : p) {
            Arrays.fill(row, 0.1);
        }
        assertEquals(1.0, new ClassifierScore(50).compute(null, new Features(new double[50][1], p)).value(), 1e-12);
    }

    @Test
    void confidentBalancedPredictionsScoreTheNumberOfClasses() {
        Features f = Synthetic.withCyclingClasses(new double[100][1], 10);   // each split of 10 holds every class once
        MetricResult r = new ClassifierScore(100).compute(null, f);
        assertEquals(10.0, r.value(), 1e-9);
        assertEquals(10, r.protocol().get("splits"));
    }

    @Test
    void softerPredictionsScoreBetween() {
        double[][] p = new double[100][10];
        for (int i = 0; i < 100; i++) {
            Arrays.fill(p[i], 0.05);
            p[i][i % 10] = 0.55;
        }
        double s = new ClassifierScore(100).compute(null, new Features(new double[100][1], p)).value();
        assertTrue(s > 1 && s < 10, "score " + s);
    }
}
