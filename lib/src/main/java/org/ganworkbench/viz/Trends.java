package org.ganworkbench.viz;

import org.ganworkbench.metrics.Stats;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metric against a numeric setting, one line per group: the mean over repeats (seeds) at each
 * value of the setting with its 95% confidence interval (Student's t over the repeats), and every
 * repeat as a dot. For sweeps whose variants differ in a number: modes covered against the
 * learning rate, one line per loss; or a metric against the training step, one line per variant.
 * The lines are named by their groups; say in the title that they are means with 95% intervals.
 */
public final class Trends {

    /**
     * One observation: a run's value {@code y} of the metric, at setting {@code x}, in {@code group}.
     * NaN values (a failed run, a metric without a value) are left out.
     */
    public record Point(String group, double x, double y) {}

    /**
     * The summary at one (group, x): the repeats with a value, their mean, and the half-width of
     * the 95% t interval of the mean ({@link Stats#ci95}: t(0.975, n−1) · s / √n; 0 for one repeat).
     */
    public record Summary(String group, double x, int n, double mean, double halfWidth) {}

    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(23, 190, 207), new Color(140, 86, 75),
            new Color(227, 119, 194)};

    private Trends() {}

    /**
     * Mean ± 95% interval per group against x, with the repeats as dots.
     *
     * @param ordinalX one evenly spaced tick per distinct x, labelled with the value ("2e-4", "5e-4",
     *     "1e-3": learning rates); else a linear x axis (steps)
     */
    public static BufferedImage meanWithInterval(String title, String xTitle, String yTitle, List<Point> points,
                                                 boolean ordinalX, int width, int height) {
        return TickLabels.draw(chart(title, xTitle, yTitle, points, ordinalX, width, height));
    }

    static XYChart chart(String title, String xTitle, String yTitle, List<Point> points, boolean ordinalX, int width,
                         int height) {
        List<Summary> summaries = summarize(points);
        if (summaries.isEmpty()) {
            throw new IllegalArgumentException("'" + title + "': no point with a value to draw");
        }
        List<Double> values = summaries.stream().map(Summary::x).distinct().sorted().toList();
        XYChart chart = Charts.chart(title, xTitle, yTitle, width, height);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        if (ordinalX) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
                long i = Math.round(v);
                return Math.abs(v - i) < 1e-6 && i >= 0 && i < values.size() ? label(values.get((int) i)) : invisible(v);
            });
            chart.getStyler().setXAxisMin(-0.5).setXAxisMax(values.size() - 0.5);
            // XChart's tick step follows from this spacing (pixels); about one plot width per value gives
            // a step of 1, one tick per value
            chart.getStyler().setXAxisTickMarkSpacingHint(Math.max(20, (int) (0.9 * (width - 110) / Math.max(1,
                    values.size() - 1 + 0.3))));
        }
        Map<String, List<Summary>> byGroup = new LinkedHashMap<>();
        summaries.forEach(s -> byGroup.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s));
        List<String> groups = new ArrayList<>(byGroup.keySet());
        double[] xRange = ordinalX ? new double[] {0, values.size() - 1} : xRange(points);
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            Color color = COLORS[g % COLORS.length];
            double offset = g - (groups.size() - 1) / 2.0;
            List<Summary> line = byGroup.get(group);
            double[] x = new double[line.size()];
            double[] y = new double[line.size()];
            double[] e = new double[line.size()];
            for (int i = 0; i < line.size(); i++) {
                x[i] = dodge(position(line.get(i).x(), values, ordinalX), offset, xRange);
                y[i] = line.get(i).mean();
                e[i] = line.get(i).halfWidth();
            }
            XYSeries mean = chart.addSeries(group, x, y, e);
            mean.setLineColor(color);
            mean.setMarkerColor(color);
            mean.setMarker(SeriesMarkers.CIRCLE);
            mean.setLineStyle(new BasicStroke(1.8f));
            List<Double> dx = new ArrayList<>();
            List<Double> dy = new ArrayList<>();
            for (Point p : points) {
                if (p.group().equals(group) && !Double.isNaN(p.y())) {
                    dx.add(dodge(position(p.x(), values, ordinalX), offset, xRange));
                    dy.add(p.y());
                }
            }
            XYSeries dots = chart.addSeries(group + ": runs", dx, dy);
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(SeriesMarkers.DIAMOND);
            dots.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
            dots.setShowInLegend(false);
        }
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    /**
     * The points grouped by group (in order of first appearance) and x (ascending): n, mean and the
     * 95% interval's half-width over the values that are not NaN; an (group, x) with none is left out.
     */
    public static List<Summary> summarize(List<Point> points) {
        Map<String, TreeMap<Double, List<Double>>> groups = new LinkedHashMap<>();
        for (Point p : points) {
            TreeMap<Double, List<Double>> byX = groups.computeIfAbsent(p.group(), g -> new TreeMap<>());
            List<Double> values = byX.computeIfAbsent(p.x(), x -> new ArrayList<>());
            if (!Double.isNaN(p.y())) {
                values.add(p.y());
            }
        }
        List<Summary> out = new ArrayList<>();
        groups.forEach((group, byX) -> byX.forEach((x, values) -> {
            int n = values.size();
            if (n == 0) {
                return;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            double mean = Stats.mean(v);
            double half = n > 1 ? Stats.ci95(v) : 0;
            out.add(new Summary(group, x, n, mean, half));
        }));
        return out;
    }

    /** The finite x values' range (positive ones on a log axis). */
    private static double[] xRange(List<Point> points) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            if (Double.isFinite(p.x())) {
                lo = Math.min(lo, p.x());
                hi = Math.max(hi, p.x());
            }
        }
        return new double[] {lo, hi};
    }

    /**
     * A label that draws nothing, different for every tick value (to 1e-3): XChart computes its ticks
     * again and again until all their labels differ, the unused ones before and after the axis's
     * ends included, and draws none at all when the axis's two ends share a label. Zero-width
     * joiners and non-joiners, which Java draws as invisible glyphs, spell the value in binary.
     */
    static String invisible(double v) {
        long code = Math.round(v * 1000) + (1L << 40);   // positive for any tick of an ordinal axis
        StringBuilder b = new StringBuilder("\u200d");
        for (long c = code; c > 0; c >>= 1) {
            b.append((c & 1) == 0 ? '\u200c' : '\u200d');
        }
        return b.toString();
    }

    /** Where x is drawn: its index among the distinct values on an ordinal axis, else x. */
    private static double position(double x, List<Double> values, boolean ordinal) {
        return ordinal ? values.indexOf(x) : x;
    }

    /** Shifts a group's x by 2% of the axis per group step, so that groups at the same x do not hide each other. */
    private static double dodge(double x, double offset, double[] range) {
        double span = range[1] > range[0] ? range[1] - range[0] : 1;
        return x + span * 0.02 * offset;
    }

    /** A short label for a value: 2e-4, 5e-4, 1e-3 below 0.01 (or from 10⁵), else its plain digits (0.05, 1000). */
    static String label(double v) {
        if (v != 0 && Double.isFinite(v) && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e5)) {
            int exponent = (int) Math.floor(Math.log10(Math.abs(v)));
            java.math.BigDecimal mantissa = new java.math.BigDecimal(v / Math.pow(10, exponent))
                    .round(new java.math.MathContext(3)).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + exponent;
        }
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
