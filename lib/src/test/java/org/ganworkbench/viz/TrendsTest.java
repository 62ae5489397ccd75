package org.ganworkbench.viz;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrendsTest {

    private static List<Trends.Point> sweep() {
        List<Trends.Point> p = new ArrayList<>();
        double[] rates = {2e-4, 5e-4, 1e-3, 2e-3};
        for (double lr : rates) {
            for (int seed = 1; seed <= 5; seed++) {
                p.add(new Trends.Point("minimax", lr, 8 - (seed % 2)));
                p.add(new Trends.Point("non-saturating", lr, seed == 3 ? Double.NaN : 6 + seed % 3));
            }
        }
        return p;
    }

    @Test
    void summariesAreMeansWithStudentIntervalsPerGroupAndX() {
        List<Trends.Summary> s = Trends.summarize(sweep());
        assertEquals(8, s.size());
        Trends.Summary mm = s.get(0);
        assertEquals("minimax", mm.group());
        assertEquals(2e-4, mm.x());
        assertEquals(5, mm.n());
        assertEquals(7.4, mm.mean(), 1e-12);   // 7, 8, 7, 8, 7
        double sd = Math.sqrt((3 * 0.16 + 2 * 0.36) / 4);
        assertEquals(org.ganworkbench.metrics.Stats.t975(4) * sd / Math.sqrt(5), mm.halfWidth(), 1e-12);
        Trends.Summary ns = s.get(4);
        assertEquals("non-saturating", ns.group());
        assertEquals(4, ns.n(), "the NaN run is left out");
        assertEquals(0, Trends.summarize(List.of(new Trends.Point("a", 1, 3))).get(0).halfWidth());
        // Student's t quantiles 0.975 (R's qt(0.975, df)), where Trends' intervals take them from
        assertEquals(2.7764451051977987, org.ganworkbench.metrics.Stats.t975(4), 1e-8);
        assertEquals(12.706204736174698, org.ganworkbench.metrics.Stats.t975(1), 1e-8);
        assertEquals(2.0422724563012373, org.ganworkbench.metrics.Stats.t975(30), 1e-8);
        assertEquals(2.0210753903062715, org.ganworkbench.metrics.Stats.t975(40), 1e-8);
        assertEquals(1.9839715185235556, org.ganworkbench.metrics.Stats.t975(100), 1e-8);
        assertEquals("2e-4", Trends.label(2e-4));
        assertEquals("2.5e-4", Trends.label(2.5e-4f));
        assertEquals("0.05", Trends.label(0.05));
        assertEquals("1000", Trends.label(1000));
    }

    @Test
    void theChartHasALinePerGroupDotsOutOfTheLegendAndShortLabels() throws Exception {
        XYChart chart = Trends.chart("modes covered vs learning rate", "learning rate", "modes covered", sweep(), true,
                640, 360);
        BufferedImage image = TickLabels.draw(chart);
        assertEquals(640, image.getWidth());
        assertTrue(chart.getSeriesMap().get("minimax").isShowInLegend());
        assertTrue(!chart.getSeriesMap().get("minimax: runs").isShowInLegend());
        assertEquals(4, chart.getSeriesMap().get("non-saturating").getXData().length);
        for (String label : TickLabelsTest.labels(chart, false)) {
            assertTrue(label.matches("-?\\d+(\\.\\d{1,2})?"), TickLabelsTest.labels(chart, false).toString());
        }
        List<String> x = TickLabelsTest.labels(chart, true).stream()
                .filter(l -> !l.chars().allMatch(c -> c == '\u200c' || c == '\u200d')).toList();
        assertEquals(List.of("2e-4", "5e-4", "1e-3", "2e-3"), x, "one tick per learning rate, labelled with it");
        assertTrue(!Trends.invisible(0.5).equals(Trends.invisible(1.5)));
        BufferedImage overSteps = Trends.meanWithInterval("over training", "step", "modes", List.of(
                new Trends.Point("lr 1e-3", 1000, 5), new Trends.Point("lr 1e-3", 1000, 7),
                new Trends.Point("lr 1e-3", 2000, 8)), false, 400, 300);
        assertEquals(400, overSteps.getWidth());
        assertThrows(IllegalArgumentException.class, () -> Trends.chart("t", "x", "y",
                List.of(new Trends.Point("a", 1, Double.NaN)), false, 300, 200));
    }
}
