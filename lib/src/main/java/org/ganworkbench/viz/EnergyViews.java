package org.ganworkbench.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.ganworkbench.data.GanData;
import org.ganworkbench.models.Began;
import org.ganworkbench.models.Gan;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Pictures of an autoencoder discriminator (EBGAN, BEGAN): what it makes of real and generated
 * images, and the two distributions of reconstruction errors that BEGAN's loss matches.
 */
public final class EnergyViews {

    private EnergyViews() {}

    /** D's reconstruction errors L(v) of n real images (drawn with {@code seed}) and of n samples of G. */
    public record Energies(double[] real, double[] fake) {

        /** Mean L(x). */
        public double meanReal() {
            return mean(real);
        }

        /** Mean L(G(z)). */
        public double meanFake() {
            return mean(fake);
        }

        /** E[L(G(z))] / E[L(x)]: the diversity ratio γ the trained game actually reached. */
        public double ratio() {
            return meanFake() / meanReal();
        }

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }
    }

    /**
     * The reconstruction errors of n real and n generated images (inference mode).
     *
     * @param gan a GAN with an autoencoder D ({@link Began})
     * @param data the real images
     * @param n images of each kind
     * @param seed draws the real batch and the latents
     */
    public static Energies energies(Gan gan, GanData data, int n, long seed) {
        Random rng = new Random(seed);
        try (NDManager m = gan.manager().newSubManager()) {
            NDArray real = data.sample(m, rng, n);
            NDArray fake = gan.sample(m, rng, n);
            return new Energies(toDoubles(Began.reconstruct(gan, real).get(0)), toDoubles(Began.reconstruct(gan, fake).get(0)));
        }
    }

    private static double[] toDoubles(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * Histograms of L(x) and L(G(z)) over shared bins, with their means (and their ratio, the γ the
     * game reached) in the title.
     */
    public static BufferedImage histogram(String title, Energies e, int bins, int width, int height) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] v : new double[][] {e.real(), e.fake()}) {
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        double w = hi > lo ? (hi - lo) / bins : 1;
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(String.format(Locale.ROOT, "%.3f", lo + (b + 0.5) * w));
        }
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height)
                .title(String.format(Locale.ROOT, "%s: E[L(x)] %.4f, E[L(G(z))] %.4f, ratio %.2f", title,
                        e.meanReal(), e.meanFake(), e.ratio()))
                .xAxisTitle("reconstruction error L").yAxisTitle("images").build();
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setXAxisMaxLabelCount(Math.min(bins, 12));
        chart.addSeries("L(x), real", labels, counts(e.real(), lo, w, bins));
        chart.addSeries("L(G(z)), generated", labels, counts(e.fake(), lo, w, bins));
        return TickLabels.draw(chart);
    }

    private static List<Integer> counts(double[] v, double lo, double w, int bins) {
        int[] c = new int[bins];
        for (double x : v) {
            c[Math.min(bins - 1, Math.max(0, (int) ((x - lo) / w)))]++;
        }
        List<Integer> out = new ArrayList<>();
        for (int x : c) {
            out.add(x);
        }
        return out;
    }

    /**
     * Four rows of {@code n} images: real images, D's reconstructions of them, G's samples, D's
     * reconstructions of those. A D that does its job reconstructs the first row well and the third
     * row badly — until G makes images as easy to reconstruct as γ allows.
     */
    public static BufferedImage reconstructions(Gan gan, GanData data, int n, long seed) {
        Random rng = new Random(seed);
        try (NDManager m = gan.manager().newSubManager()) {
            NDArray real = data.sample(m, rng, n);
            NDArray fake = gan.sample(m, rng, n);
            NDList r = Began.reconstruct(gan, real);
            NDList f = Began.reconstruct(gan, fake);
            NDArray all = NDArrays.concat(new NDList(real, r.get(1), fake, f.get(1)), 0);
            return Panels.titled("rows: real x · D(x) · generated G(z) · D(G(z))", SampleGrid.of(all, n));
        }
    }
}
