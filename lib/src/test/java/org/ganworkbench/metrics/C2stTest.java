package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tests {@link TwoSampleTest}, the classifier two-sample test. */
class C2stTest {

    @Test
    void twoDrawsOfOneGaussianAreIndistinguishable() {
        Features x = Features.of(Synthetic.gaussian(2000, 8, 0, 1, 1));
        Features y = Features.of(Synthetic.gaussian(2000, 8, 0, 1, 2));
        MetricResult r = new TwoSampleTest(2000).compute(x, y);
        assertEquals(0.5, r.value(), 0.04, r.toString());
        assertEquals(2000, r.protocol().get("n_test"));
        assertEquals("c2st_fmnist_2k", r.metric());
    }

    @Test
    void wellSeparatedGaussiansAreTriviallySeparable() {
        Features x = Features.of(Synthetic.gaussian(1000, 8, 0, 1, 3));
        Features y = Features.of(Synthetic.gaussian(1000, 8, 3, 1, 4));
        MetricResult r = new TwoSampleTest(1000).compute(x, y);
        assertTrue(r.value() > 0.99, r.toString());
        assertTrue(r.value("z") > 10, r.toString());
    }

    @Test
    void resultsRepeatWithTheSeed() {
        Features x = Features.of(Synthetic.gaussian(600, 4, 0, 1, 5));
        Features y = Features.of(Synthetic.gaussian(600, 4, 0.3, 1, 6));
        TwoSampleTest c2st = new TwoSampleTest(600);
        double a = c2st.compute(x, y).value();
        assertEquals(a, c2st.compute(x, y).value(), 0.0);
        assertTrue(a > 0.55 && a < 0.95, "a small shift is partly detectable: " + a);
    }
}
