package org.ganworkbench.viz;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ganworkbench.metrics.Stats;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Charts of an ablation: one bar per variant at the mean over seeds, an error bar of ±1 sample
 * standard deviation, and every seed's own value as a dot, so the spread is visible and not only
 * summarized.
 */
public final class Ablation {

    private Ablation() {}

    /**
     * Bars of mean ± std per variant with the per-seed values as dots; NaN values are left out.
     *
     * @param variants labels, in display order
     * @param perSeed one array of per-seed values per variant
     */
    public static BufferedImage bars(String title, String metric, List<String> variants, List<double[]> perSeed,
                                     int width, int height) {
        return TickLabels.draw(chart(title, metric, variants, perSeed, width, height));
    }

    /**
     * The chart behind {@link #bars}. Every dot series spans every variant, with {@code null} where
     * a seed has no value: XChart places a category series' values by position, so a series that
     * left a variant out would shift every later dot onto the wrong bar.
     */
    static CategoryChart chart(String title, String metric, List<String> variants, List<double[]> perSeed,
                               int width, int height) {
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("an ablation chart needs at least one variant");
        }
        if (variants.size() != perSeed.size()) {
            throw new IllegalArgumentException(variants.size() + " variants but " + perSeed.size() + " value arrays");
        }
        List<Double> means = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < perSeed.size(); i++) {
            double m = mean(perSeed.get(i));
            // XChart's error bars take no gaps: a variant without any value gets a zero bar, labelled so
            means.add(Double.isNaN(m) ? 0 : m);
            errors.add(std(perSeed.get(i)));
            labels.add(Double.isNaN(m) ? variants.get(i) + " (no value)" : variants.get(i));
        }
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .yAxisTitle(metric).build();
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        st.setAntiAlias(true);
        chart.getStyler().setXAxisLabelRotation(40);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        CategorySeries bars = chart.addSeries("mean ± std", labels, means, errors);
        bars.setFillColor(new Color(120, 160, 210));
        // every seed as a dot: one scatter series per seed index
        int seeds = perSeed.stream().mapToInt(a -> a.length).max().orElse(0);
        for (int s = 0; s < seeds; s++) {
            List<Double> ys = new ArrayList<>();
            boolean any = false;
            for (int i = 0; i < variants.size(); i++) {
                double[] v = perSeed.get(i);
                boolean has = s < v.length && !Double.isNaN(v[s]);
                ys.add(has ? v[s] : null);
                any |= has;
            }
            if (any) {
                CategorySeries dots = chart.addSeries("seed " + (s + 1), labels, ys);
                dots.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
                dots.setMarker(SeriesMarkers.CIRCLE);
                dots.setMarkerColor(new Color(30, 30, 30, 170));
            }
        }
        return chart;
    }

    /**
     * The same from a table with one row per run: values of {@code metricColumn} grouped by
     * {@code variantColumn}, variants in order of first appearance.
     */
    public static BufferedImage bars(Table runs, String variantColumn, String metricColumn, String title, int width,
                                     int height) {
        if (!runs.columnNames().contains(metricColumn)) {
            throw new IllegalArgumentException("table '" + runs.name() + "' has no column '" + metricColumn
                    + "'; it has " + runs.columnNames());
        }
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        NumericColumn<?> values = runs.numberColumn(metricColumn);
        for (int r = 0; r < runs.rowCount(); r++) {
            String variant = runs.column(variantColumn).getString(r);
            groups.computeIfAbsent(variant, k -> new ArrayList<>()).add(values.getDouble(r));
        }
        List<double[]> perSeed = new ArrayList<>();
        for (List<Double> g : groups.values()) {
            perSeed.add(g.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return bars(title, metricColumn, new ArrayList<>(groups.keySet()), perSeed, width, height);
    }

    /** Mean of the non-NaN values (NaN if none): {@link Stats#mean}. */
    public static double mean(double[] v) {
        return Stats.mean(v);
    }

    /** Sample standard deviation of the non-NaN values, 0 for fewer than two: {@link Stats#std}. */
    public static double std(double[] v) {
        double s = Stats.std(v);
        return Double.isNaN(s) ? 0 : s;
    }
}
