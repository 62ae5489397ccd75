package org.ganworkbench.viz;

import org.ganworkbench.training.TrainingEvent;
import org.ganworkbench.training.TrainingLog;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training charts drawn with XChart, returned as images for {@code display(...)}; their tick labels
 * are made short and round by {@link TickLabels}.
 */
public final class Charts {

    /** Default chart size in pixels. */
    public static final int WIDTH = 520;
    public static final int HEIGHT = 300;

    private Charts() {}

    /** D's and G's losses over steps. */
    public static BufferedImage losses(TrainingLog log) {
        return losses(log, WIDTH, HEIGHT);
    }

    /** D's and G's losses over steps, at a given size. */
    public static BufferedImage losses(TrainingLog log, int width, int height) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("D loss", log.column(TrainingLog.D_LOSS));
        series.put("G loss", log.column(TrainingLog.G_LOSS));
        return line("Losses", "step", "loss", log.column(TrainingLog.STEP), series, width, height);
    }

    /**
     * The losses with a vertical marker at each failure-check event, labelled with the check
     * (e.g. "gradient", "non-finite"): what the detector saw, where it saw it.
     */
    public static BufferedImage lossesWithEvents(TrainingLog log, List<TrainingEvent> events, int width, int height) {
        Map<String, double[]> series = new LinkedHashMap<>();
        double[] d = log.column(TrainingLog.D_LOSS);
        double[] g = log.column(TrainingLog.G_LOSS);
        series.put("D loss", d);
        series.put("G loss", g);
        XYChart chart = chart("Losses and failure-check events", "step", "loss", width, height);
        double[] x = log.column(TrainingLog.STEP);
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            add(chart, s.getKey(), x, s.getValue());
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : new double[][] {d, g}) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo < hi)) {
            lo = 0;
            hi = 1;
        }
        Map<String, List<Integer>> byCheck = new LinkedHashMap<>();
        for (TrainingEvent e : events) {
            byCheck.computeIfAbsent(e.check() + " (" + e.action().name().toLowerCase() + ")", k -> new ArrayList<>())
                    .add(e.step());
        }
        for (Map.Entry<String, List<Integer>> c : byCheck.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int step : c.getValue()) {
                xs.add((double) step);
                ys.add(lo);
                xs.add((double) step);
                ys.add(hi);
                xs.add((double) step);
                ys.add(Double.NaN);   // a gap: one vertical segment per event
            }
            XYSeries s = chart.addSeries("event: " + c.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[] {4f, 3f}, 0f));
        }
        return TickLabels.draw(chart);
    }

    /** D(x) and D(G(z)): D's mean belief that real and generated samples are real. */
    public static BufferedImage probabilities(TrainingLog log) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("D(x)", log.column(TrainingLog.D_REAL));
        series.put("D(G(z))", log.column(TrainingLog.D_FAKE));
        return line("Discriminator output", "step", "probability 'real'", log.column(TrainingLog.STEP),
                series, WIDTH, HEIGHT);
    }

    /** One column of several runs' logs, one series per run (e.g. G loss of two losses). */
    public static BufferedImage compare(String title, String column, Map<String, TrainingLog> runs) {
        return compare(title, column, runs, false);
    }

    /**
     * As {@link #compare(String, String, Map)}, with a logarithmic y axis when {@code logY}; there,
     * values at or below 0 are left out (a log axis cannot show them).
     */
    public static BufferedImage compare(String title, String column, Map<String, TrainingLog> runs, boolean logY) {
        return TickLabels.draw(compareChart(title, column, runs, logY));
    }

    static XYChart compareChart(String title, String column, Map<String, TrainingLog> runs, boolean logY) {
        XYChart chart = chart(title, "step", column, WIDTH, HEIGHT);
        chart.getStyler().setYAxisLogarithmic(logY);
        for (Map.Entry<String, TrainingLog> run : runs.entrySet()) {
            double[] y = run.getValue().column(column);
            add(chart, run.getKey(), run.getValue().column(TrainingLog.STEP), logY ? positive(y) : y);
        }
        return chart;
    }

    /**
     * Columns of a table with a {@code step} column (e.g. {@code RunHistory.table()}) as curves over
     * the steps, one series per column, named by the column.
     */
    public static BufferedImage overTraining(String title, String yTitle, tech.tablesaw.api.Table table,
                                             String... columns) {
        double[] steps = table.numberColumn("step").asDoubleArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String c : columns) {
            series.put(c, table.numberColumn(c).asDoubleArray());
        }
        return line(title, "step", yTitle, steps, series, WIDTH, HEIGHT);
    }

    /**
     * Curves with x values of their own (e.g. runs evaluated at different times), one series per
     * entry: {@code {x, y}}, both of one length.
     */
    public static BufferedImage curves(String title, String xTitle, String yTitle, Map<String, double[][]> series,
                                       int width, int height) {
        XYChart chart = chart(title, xTitle, yTitle, width, height);
        for (Map.Entry<String, double[][]> s : series.entrySet()) {
            double[][] xy = s.getValue();
            if (xy.length != 2 || xy[0].length != xy[1].length) {
                throw new IllegalArgumentException("curve '" + s.getKey() + "' needs {x, y} of one length");
            }
            add(chart, s.getKey(), xy[0], xy[1]);
        }
        return TickLabels.draw(chart);
    }

    /** A scatter plot of 2-D points, square, axes from -bound to bound. */
    public static BufferedImage scatter(String title, float[][] points, double bound, int size) {
        XYChart chart = chart(title, "x", "y", size, size);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisMin(-bound).setXAxisMax(bound).setYAxisMin(-bound).setYAxisMax(bound);
        double[] x = new double[points.length];
        double[] y = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            x[i] = points[i][0];
            y[i] = points[i][1];
        }
        chart.addSeries("points", x, y).setMarker(SeriesMarkers.CIRCLE);
        return TickLabels.draw(chart);
    }

    /** A line chart of several series over a shared x axis. */
    public static BufferedImage line(String title, String xTitle, String yTitle, double[] x,
                                     Map<String, double[]> series, int width, int height) {
        return TickLabels.draw(lineChart(title, xTitle, yTitle, x, series, width, height));
    }

    /**
     * As {@link #line(String, String, String, double[], Map, int, int)}, with a logarithmic y axis
     * when {@code logY}; there, values at or below 0 are left out (a log axis cannot show them).
     */
    public static BufferedImage line(String title, String xTitle, String yTitle, double[] x,
                                     Map<String, double[]> series, int width, int height, boolean logY) {
        if (!logY) {
            return line(title, xTitle, yTitle, x, series, width, height);
        }
        Map<String, double[]> positive = new LinkedHashMap<>();
        series.forEach((name, y) -> positive.put(name, positive(y)));
        XYChart chart = lineChart(title, xTitle, yTitle, x, positive, width, height);
        chart.getStyler().setYAxisLogarithmic(true);
        return TickLabels.draw(chart);
    }

    static XYChart lineChart(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
                             int width, int height) {
        XYChart chart = chart(title, xTitle, yTitle, width, height);
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            add(chart, s.getKey(), x, s.getValue());
        }
        return chart;
    }

    /** The values with those at or below 0 replaced by NaN (a gap), for a log axis. */
    private static double[] positive(double[] y) {
        return java.util.Arrays.stream(y).map(v -> v > 0 ? v : Double.NaN).toArray();
    }

    private static void add(XYChart chart, String name, double[] x, double[] y) {
        if (x.length == 0) {
            // XChart refuses empty series; show the axes only
            x = new double[] {0};
            y = new double[] {Double.NaN};
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
    }

    /**
     * A chart in the workbench's style (white, legend inside the top right); draw it with
     * {@link TickLabels#draw(XYChart)} once its series are added.
     */
    static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        st.setAntiAlias(true);
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        return chart;
    }
}
