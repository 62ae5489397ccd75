package org.ganworkbench.viz;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Chart;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tick labels XChart prints once a chart is drawn, read back from its axes: short decimals, no
 * grouping separators, round ticks on step axes, a flat float series labelled by its value.
 */
class TickLabelsTest {

    @Test
    void patternsHaveTheDecimalsTheRangeNeedsAndNoGrouping() {
        assertEquals("0.####", TickLabels.pattern(0.94, 0.98));
        assertEquals("0.###", TickLabels.pattern(0.965f, 0.965f));   // flat: three significant digits
        assertEquals("0", TickLabels.pattern(20, 2500));
        assertEquals("0", TickLabels.pattern(0, 50_000));
        assertEquals("0.##", TickLabels.pattern(-1, 1));
        assertEquals("0.#", TickLabels.pattern(-3, 3));
        assertEquals("0", TickLabels.pattern(0, 0));
        assertEquals("0.##E0", TickLabels.pattern(1e-7, 1e-4));
        assertEquals("0.##E0", TickLabels.pattern(0, 2e6));
        assertEquals("0.###", TickLabels.pattern(Double.NaN, Double.NaN));
    }

    @Test
    void aStepAxisHasRoundTicksWithoutSeparatorsAndAFlatFloatSeriesItsValue() throws Exception {
        int n = 125;
        double[] steps = new double[n];
        double[] flat = new double[n];
        double[] wavy = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = 20 * (i + 1);   // logged every 20 steps: equally spaced
            flat[i] = 0.965f;          // 0.965000033378601 as a double
            wavy[i] = 0.96f + 0.01 * Math.sin(i / 9.0);
        }
        for (int width : new int[] {260, 420, 520}) {
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("D(x)", flat);
            XYChart chart = Charts.lineChart("flat", "step", "D", steps, series, width, 300);
            TickLabels.draw(chart);
            List<String> x = labels(chart, true);
            List<String> y = labels(chart, false);
            assertRoundSteps(x, width);
            for (String label : y) {
                assertTrue(label.length() <= 5, "short y labels at width " + width + ": " + y);
            }
            assertTrue(y.contains("0.96") || y.contains("0.965") || y.contains("0.97"), y.toString());

            series.put("D(G(z))", wavy);
            chart = Charts.lineChart("wavy", "step", "D", steps, series, width, 300);
            TickLabels.draw(chart);
            assertRoundSteps(labels(chart, true), width);
            for (String label : labels(chart, false)) {
                assertTrue(label.matches("0\\.\\d{1,3}|1"), labels(chart, false).toString());
            }
        }
    }

    @Test
    void fewWholeStepsGetWholeTicks() throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("D(G(z))", new double[] {0.49, 0.5, 0.51, 0.52, 0.54});
        XYChart chart = Charts.lineChart("five steps", "step", "D", new double[] {1, 2, 3, 4, 5}, series, 520, 300);
        TickLabels.draw(chart);
        for (String label : labels(chart, true)) {
            assertTrue(label.matches("-?\\d+"), labels(chart, true).toString());
        }
        assertEquals(labels(chart, true).size(), new java.util.HashSet<>(labels(chart, true)).size());
    }

    @Test
    void aLogAxisKeepsPowersOfTenAndTheSpacerStaysOutOfTheLegend() throws Exception {
        double[] steps = new double[50];
        double[] grads = new double[50];
        for (int i = 0; i < 50; i++) {
            steps[i] = i + 1;
            grads[i] = 1e-5 * Math.pow(1.2, i);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("|grad G|", grads);
        XYChart chart = Charts.lineChart("log", "G step", "|grad G|", steps, series, 420, 300);
        chart.getStyler().setYAxisLogarithmic(true);
        TickLabels.draw(chart);
        for (String label : labels(chart, true)) {
            assertTrue(label.matches("-?\\d+") && Integer.parseInt(label) % 5 == 0, labels(chart, true).toString());
        }
        assertFalse(chart.getSeriesMap().get(TickLabels.SPACER).isShowInLegend());
        for (String label : labels(chart, false)) {   // null: a minor tick without a label
            assertTrue(label == null || label.matches("1E-?\\d+|0\\.0*1|1|10*"), labels(chart, false).toString());
        }
    }

    @Test
    void barsGetShortLabels() throws Exception {
        CategoryChart chart = new CategoryChartBuilder().width(400).height(300).build();
        chart.addSeries("mean", List.of("a", "b"), List.of(0.965f, 0.42f));
        TickLabels.draw(chart);
        for (String label : labels(chart, false)) {
            assertTrue(label.matches("-?\\d(\\.\\d{1,3})?"), labels(chart, false).toString());
        }
    }

    /** Round numbers (multiples of 100) without separators, at most one per 40 pixels of chart. */
    private static void assertRoundSteps(List<String> labels, int width) {
        assertFalse(labels.isEmpty());
        for (String l : labels) {
            assertTrue(l.matches("-?\\d+") && Integer.parseInt(l) % 100 == 0, "round, no separator: " + labels);
        }
        assertTrue(labels.size() <= width / 40, labels + " at width " + width);
    }

    /** The tick labels of a drawn chart's x or y axis (XChart keeps them on the axis's calculator). */
    static List<String> labels(Chart<?, ?> chart, boolean x) throws ReflectiveOperationException {
        Field f = Chart.class.getDeclaredField("axisPair");
        f.setAccessible(true);
        AxisPair<?, ?> pair = (AxisPair<?, ?>) f.get(chart);
        Axis<?, ?> axis;
        if (x) {
            axis = pair.getXAxis();
        } else {
            Method m = AxisPair.class.getDeclaredMethod("getYAxis");
            m.setAccessible(true);
            axis = (Axis<?, ?>) m.invoke(pair);
        }
        return axis.getAxisTickCalculator().getTickLabels();
    }
}
