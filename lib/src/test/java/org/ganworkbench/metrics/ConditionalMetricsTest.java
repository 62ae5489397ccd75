package org.ganworkbench.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conditional metrics against their closed forms on synthetic feature sets: conditional
 * accuracy counts agreements, intra-class FID and precision/recall are the class-wide metrics
 * computed class by class and averaged, and a set without classes is refused by name.
 */
class ConditionalMetricsTest {

    /** n rows of class i mod k, class c's features N(offset·c, 1) in d dimensions. */
    private static Features classes(int n, int k, int d, double offset, long seed, int shift) {
        double[][] x = Synthetic.gaussian(n, d, 0, 1, seed);
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = i % k;
            for (int j = 0; j < d; j++) {
                x[i][j] += offset * c[i];
            }
        }
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = (c[i] + shift) % k;   // shift 1: every image carries its neighbour's class
        }
        return new Features(x, Synthetic.oneHot(c, k), label);
    }

    @Test
    void conditionalAccuracyIsTheShareOfImagesPredictedAsTheirClass() {
        int[] predicted = {0, 1, 2, 0, 1, 2, 0, 0, 0, 0};
        int[] asked = {0, 1, 2, 0, 1, 2, 1, 2, 1, 2};
        Features fake = new Features(new double[10][1], Synthetic.oneHot(predicted, 3), asked);
        Features real = new Features(new double[4][1], Synthetic.oneHot(new int[] {0, 1, 2, 2}, 3), new int[] {0, 1, 2, 1});
        MetricResult r = new ConditionalAccuracy("shapes", 10).compute(real, fake);
        assertEquals("cacc_shapes_10", r.metric());
        assertEquals(0.6, r.value(), 1e-12);
        assertEquals(0.75, r.value("cacc_real"), 1e-12);
        @SuppressWarnings("unchecked")
        Map<String, Double> perClass = (Map<String, Double>) r.details().get("per_class");
        assertEquals(Map.of("0", 1.0, "1", 0.5, "2", 0.5), perClass);
        var e = assertThrows(IllegalArgumentException.class, () -> new ConditionalAccuracy("shapes", 10)
                .compute(real, new Features(new double[10][1], Synthetic.oneHot(predicted, 3))));
        assertTrue(e.getMessage().contains("cacc_shapes_10 needs the generated images' classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConditionalAccuracy("shapes", 10)
                .compute(real, new Features(new double[10][1], Synthetic.oneHot(predicted, 3), new int[] {0, 1, 2, 3, 0, 0, 0, 0, 0, 0})));
        assertTrue(e.getMessage().contains("image 3 is of class 3, but the classifier knows 3 classes"), e.getMessage());
    }

    @Test
    void intraClassFidIsTheMeanOfThePerClassFids() {
        Features real = classes(600, 3, 4, 3.0, 1, 0);
        Features fake = classes(300, 3, 4, 3.0, 2, 0);
        MetricResult r = IntraClass.fid("shapes", 300).compute(real, fake);
        assertEquals("ifid_shapes_300", r.metric());
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += new FrechetDistance("shapes", 100).compute(real.ofClass(c), fake.ofClass(c)).value();
        }
        assertEquals(sum / 3, r.value("ifid"), 1e-9);
        assertEquals(java.util.List.of(100, 100, 100), r.protocol().get("per_class_generated"));
        assertEquals(java.util.List.of(200, 200, 200), r.protocol().get("per_class_real"));
    }

    @Test
    void aGeneratorThatDrawsTheWrongClassesPassesTheClassWideFidButNotTheIntraClassOne() {
        Features real = classes(600, 3, 4, 3.0, 1, 0);
        Features right = classes(300, 3, 4, 3.0, 2, 0);
        Features wrong = classes(300, 3, 4, 3.0, 2, 1);   // the same images, each asked for another class
        double fidRight = new FrechetDistance("shapes", 300).compute(real, right).value();
        double fidWrong = new FrechetDistance("shapes", 300).compute(real, wrong).value();
        assertEquals(fidRight, fidWrong, 1e-12, "the class-wide FID does not read classes");
        double intraRight = IntraClass.fid("shapes", 300).compute(real, right).value();
        double intraWrong = IntraClass.fid("shapes", 300).compute(real, wrong).value();
        // class means 3·sqrt(4) = 6 apart per step in class: a mislabelled class is >= 36 away in the mean term
        assertTrue(intraRight < 1 && intraWrong > 30, intraRight + " vs " + intraWrong);
        MetricResult pr = IntraClass.precisionRecall("shapes", 300).compute(real, wrong);
        assertEquals(0, pr.value("iprecision"), 0.02);
        assertEquals(0, pr.value("irecall"), 0.02);
        MetricResult good = IntraClass.precisionRecall("shapes", 300).compute(real, right);
        double p = 0;
        double rec = 0;
        for (int c = 0; c < 3; c++) {
            MetricResult one = new PrecisionRecall("shapes", 100).compute(real.ofClass(c), right.ofClass(c));
            p += one.value("precision") / 3;
            rec += one.value("recall") / 3;
        }
        assertEquals(p, good.value("iprecision"), 1e-12);
        assertEquals(rec, good.value("irecall"), 1e-12);
        assertTrue(p > 0.8 && rec > 0.8, p + " " + rec);
    }

    @Test
    void setsWithoutClassesOrWithTooFewImagesPerClassAreRefusedByName() {
        Features real = classes(60, 3, 2, 3.0, 1, 0);
        Features unlabelled = new Features(Synthetic.gaussian(30, 2, 0, 1, 3), null);
        var e = assertThrows(IllegalArgumentException.class, () -> IntraClass.fid("fmnist", 30).compute(real, unlabelled));
        assertTrue(e.getMessage().contains("ifid_fmnist_30 needs the generated images' classes"), e.getMessage());
        Features fake = classes(30, 3, 2, 3.0, 2, 0);
        e = assertThrows(IllegalArgumentException.class, () -> IntraClass.fid("fmnist", 30)
                .compute(new Features(real.features(), null), fake));
        assertTrue(e.getMessage().contains("needs the real images' classes"), e.getMessage());
        Features tiny = classes(9, 3, 2, 3.0, 2, 0);
        e = assertThrows(IllegalArgumentException.class, () -> IntraClass.precisionRecall("fmnist", 9).compute(real, tiny));
        assertTrue(e.getMessage().contains("class 0 has 20 real and 3 generated images; each class needs at least 4"),
                e.getMessage());
    }

    @Test
    void featuresKeepTheirClassesThroughHeadAndSplitByClass() {
        Features f = classes(7, 3, 2, 1.0, 1, 0);
        assertEquals(3, f.head(3).classes().length);
        Features one = f.ofClass(1);
        assertEquals(2, one.count());
        assertTrue(one.features()[0] == f.features()[1] && one.features()[1] == f.features()[4], "rows shared, in order");
        assertNull(f.ofClass(5));
        assertThrows(IllegalStateException.class, () -> Features.of(new double[2][1]).ofClass(0));
        assertThrows(IllegalArgumentException.class, () -> new Features(new double[2][1], null, new int[] {0, -1}));
    }
}
