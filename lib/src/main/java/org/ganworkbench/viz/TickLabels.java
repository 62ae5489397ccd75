package org.ganworkbench.viz;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Short, readable tick labels for every chart the workbench draws; each chart builder of this
 * package draws its chart through {@link #draw(XYChart)} or {@link #draw(CategoryChart)}.
 *
 * <p>XChart 3.8.8 left alone prints two kinds of bad labels. On an axis whose values are all equal
 * it prints the one value with 15 decimals, so a float shows its binary excess ({@code 0.965f}
 * becomes "0.965000033378601"). And when a chart's x values are equally spaced (logged steps 20,
 * 40, 60, ...) it puts the ticks on data values rather than round numbers (20, 380, 740, 1,100, ...),
 * as close together as the labels' width allows, so that neighbours run together
 * ("1,4001,8602,320"). Here each numeric axis gets a decimal pattern with as many decimals as its
 * range needs and no grouping separator ({@link #pattern}; whole numbers only on an x axis of whole
 * numbers such as steps, so no "1.5"), a flat axis is widened around its value,
 * and equally spaced x values get one more, invisible, point between the first two, so that XChart
 * takes its usual round ticks (0, 500, 1000, ...), spaced by its tick-spacing hint.
 */
public final class TickLabels {

    /** The name of the invisible series that keeps x values from being equally spaced. */
    static final String SPACER = "\u2063tick spacer";

    /** An axis whose range is below this fraction of its magnitude is flat (float rounding, not data). */
    private static final double FLAT = 1e-6;

    private TickLabels() {}

    /**
     * The decimal pattern for the tick labels of an axis over [min, max]: no grouping separator,
     * and enough optional decimals to tell ticks a fiftieth of the range apart (XChart's ticks are
     * round numbers, 1, 2 or 5 times a power of ten, about a tenth of the range apart), so 0.945,
     * 0.95, 0.955 and 500, 1000, 1500; on a flat range, three significant digits. Magnitudes from 10⁶ on, or all below 10⁻³, are written
     * in scientific notation ("2.5E-4").
     */
    public static String pattern(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return "0.###";
        }
        double lo = Math.min(min, max);
        double hi = Math.max(min, max);
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        if (magnitude == 0) {
            return "0";
        }
        if (magnitude >= 1e6 || magnitude < 1e-3) {
            return "0.##E0";
        }
        double span = hi - lo;
        double unit = span > FLAT * magnitude ? span / 50 : magnitude / 100;
        int decimals = (int) Math.max(0, Math.min(9, -Math.floor(Math.log10(unit))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** Applies the tick labels to {@code chart} (see the class) and draws it. */
    public static BufferedImage draw(XYChart chart) {
        return BitmapEncoder.getBufferedImage(apply(chart));
    }

    /** Applies the tick labels to {@code chart}'s numeric (y) axis and draws it. */
    public static BufferedImage draw(CategoryChart chart) {
        return BitmapEncoder.getBufferedImage(apply(chart));
    }

    /**
     * Sets the patterns of both axes from the series' data (or the axis bounds set on the styler),
     * widens a flat y axis, and breaks equally spaced x values with an invisible point. Logarithmic
     * axes keep XChart's labels (powers of ten). Call after the last series is added.
     */
    public static XYChart apply(XYChart chart) {
        AxesChartStyler st = chart.getStyler();
        st.setLocale(Locale.ROOT);
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (XYSeries s : chart.getSeriesMap().values()) {
            xs.add(s.getXData());
            ys.add(s.getYData());
            if (s.getExtraValues() != null) {
                ys.add(barEnds(s.getYData(), s.getExtraValues()));
            }
        }
        double[] x = range(xs, st.getXAxisMin(), st.getXAxisMax());
        double[] y = range(ys, st.getYAxisMin(), st.getYAxisMax());
        if (!st.isXAxisLogarithmic()) {
            // whole x values (steps) get whole ticks: XChart widens the tick spacing until no two labels are equal
            st.setXAxisDecimalPattern(wholeNumbers(xs) && x[1] - x[0] >= 2 ? "0" : pattern(x[0], x[1]));
            breakEqualSpacing(chart, xs);
        }
        if (!st.isYAxisLogarithmic()) {
            y = widenIfFlat(st, y);
            st.setYAxisDecimalPattern(pattern(y[0], y[1]));
        }
        return chart;
    }

    /** Sets the pattern of the numeric (y) axis from the bars' values and error bars. */
    public static CategoryChart apply(CategoryChart chart) {
        AxesChartStyler st = chart.getStyler();
        st.setLocale(Locale.ROOT);
        if (st.isYAxisLogarithmic()) {
            return chart;
        }
        List<double[]> ys = new ArrayList<>();
        for (CategorySeries s : chart.getSeriesMap().values()) {
            ys.add(values(s.getYData()));
            if (s.getExtraValues() != null) {
                ys.add(barEnds(values(s.getYData()), values(s.getExtraValues())));
            }
        }
        double[] y = range(ys, st.getYAxisMin(), st.getYAxisMax());
        st.setYAxisDecimalPattern(pattern(Math.min(0, y[0]), Math.max(0, y[1])));   // bars start at 0
        return chart;
    }

    /** Whether every finite value is a whole number (and there is one). */
    private static boolean wholeNumbers(List<double[]> data) {
        boolean any = false;
        for (double[] a : data) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    if (v != Math.rint(v)) {
                        return false;
                    }
                    any = true;
                }
            }
        }
        return any;
    }

    /** The ends of error bars: v − e and v + e for each value. */
    private static double[] barEnds(double[] v, double[] e) {
        double[] ends = new double[2 * Math.min(v.length, e.length)];
        for (int i = 0; i < ends.length / 2; i++) {
            ends[2 * i] = v[i] - e[i];
            ends[2 * i + 1] = v[i] + e[i];
        }
        return ends;
    }

    /** The finite values' [min, max], each replaced by the axis bound when one is set; NaN if none. */
    private static double[] range(List<double[]> data, Double axisMin, Double axisMax) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : data) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (axisMin != null) {
            lo = axisMin;
        }
        if (axisMax != null) {
            hi = axisMax;
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }

    /**
     * A flat y range (all values equal, or differing by float rounding only) and no bounds set: the
     * axis gets bounds 5% of the value on either side (±1 around 0), so it has round ticks and the
     * line runs through the middle.
     */
    private static double[] widenIfFlat(AxesChartStyler st, double[] y) {
        if (!Double.isFinite(y[0]) || st.getYAxisMin() != null || st.getYAxisMax() != null) {
            return y;
        }
        double magnitude = Math.max(Math.abs(y[0]), Math.abs(y[1]));
        if (y[1] - y[0] > FLAT * magnitude) {
            return y;
        }
        double centre = (y[0] + y[1]) / 2;
        double half = centre == 0 ? 1 : 0.05 * Math.abs(centre);
        st.setYAxisMin(centre - half);
        st.setYAxisMax(centre + half);
        return new double[] {centre - half, centre + half};
    }

    /**
     * XChart's test, in its order (the series' x values, first appearance, duplicates dropped):
     * every step equal to the first within 1e-4, over a range of at least 1e-4. When it holds, an
     * invisible series (no legend entry, no marker, y NaN) adds an x value halfway between the
     * first two, inside the range, so the test fails and XChart picks round ticks.
     */
    private static void breakEqualSpacing(XYChart chart, List<double[]> xs) {
        if (chart.getSeriesMap().containsKey(SPACER)) {
            return;
        }
        Set<Double> distinct = new LinkedHashSet<>();
        for (double[] a : xs) {
            for (double v : a) {
                distinct.add(v);
            }
        }
        List<Double> v = new ArrayList<>(distinct);
        if (v.size() < 2 || !Double.isFinite(v.get(0)) || !Double.isFinite(v.get(1))) {
            return;
        }
        double step = v.get(1) - v.get(0);
        double lo = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double hi = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (Math.abs(hi - lo) < 1e-4) {
            return;
        }
        for (int i = 1; i < v.size(); i++) {
            if (Math.abs(v.get(i) - v.get(i - 1) - step) >= 1e-4) {
                return;
            }
        }
        XYSeries spacer = chart.addSeries(SPACER, new double[] {(v.get(0) + v.get(1)) / 2}, new double[] {Double.NaN});
        spacer.setShowInLegend(false);
        spacer.setMarker(SeriesMarkers.NONE);
    }

    private static double[] values(java.util.Collection<? extends Number> c) {
        double[] out = new double[c.size()];
        int i = 0;
        for (Number n : c) {
            out[i++] = n == null ? Double.NaN : n.doubleValue();
        }
        return out;
    }
}
