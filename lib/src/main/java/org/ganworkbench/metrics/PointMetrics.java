package org.ganworkbench.metrics;

import org.ganworkbench.data.Toy2d;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Everything the workbench measures on a generator of 2-D points trained on a Gaussian mixture
 * ({@link Toy2d}), and the two reference rows every such table needs.
 * <ul>
 *   <li>{@link ModeCoverage}: {@code modes_covered} (a tenth of a mode's fair share of high-quality
 *       points), {@code modes_any_hq} (one high-quality point: the unrolled-GAN / VEEGAN / PacGAN
 *       count), {@code high_quality_pct}, {@code kl_to_uniform};
 *   <li>{@link PrecisionRecall} and {@link DensityCoverage} on the points themselves
 *       ({@code precision_xy_<n>}, {@code recall_xy_<n>}, {@code density_xy_<n>},
 *       {@code coverage_xy_<n>}) against n real points drawn with {@link #REAL_SEED}: quality and
 *       diversity without knowing where the modes are.
 * </ul>
 * The references: {@link #realReference} scores fresh draws of the real mixture (what a perfect
 * generator gets: the ceiling), {@link #noiseReference} points spread uniformly over the square that
 * holds the modes with a margin of 1 ({@link #noiseBox}; [-3, 3]² for the ring, [-5, 5]² for the grid):
 * a generator that learned nothing but the data's extent. A number means something only where it
 * separates the two.
 */
public final class PointMetrics {

    /** The feature space in metric names: the points' own x, y. */
    public static final String DOMAIN = "xy";

    /** Seed of the real points the precision/recall and density/coverage balls are drawn around. */
    public static final long REAL_SEED = 0;

    private PointMetrics() {}

    /**
     * The results of every point metric on {@code points}.
     *
     * @param toy the mixture G was trained on
     * @param points G's points, at least 6
     * @return mode coverage, precision/recall, density/coverage
     */
    public static List<MetricResult> evaluate(Toy2d toy, float[][] points) {
        long start = System.nanoTime();
        int n = points.length;
        ModeCoverage.Report r = ModeCoverage.forData(toy).evaluate(points);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("modes_covered", (double) r.modesCovered());
        values.put("modes_any_hq", (double) r.modesWithAnyHighQuality());
        values.put("high_quality_pct", 100 * r.highQualityFraction());
        values.put("kl_to_uniform", r.klToUniform());
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("data", toy.name());
        protocol.put("n_generated", n);
        protocol.put("radius_sigmas", ModeCoverage.DEFAULT_RADIUS_IN_SIGMAS);
        protocol.put("min_per_mode", r.minPerMode());
        protocol.put("min_share_of_fair_share", ModeCoverage.DEFAULT_MIN_SHARE);
        protocol.put("modes_total", r.totalModes());
        Map<String, Object> details = Map.of("high_quality_counts", Arrays.stream(r.highQualityCounts()).boxed().toList());
        List<MetricResult> out = new ArrayList<>();
        out.add(new MetricResult("mode_coverage", values, protocol, details, (System.nanoTime() - start) / 1e9));
        Features real = features(toy.samples(new Random(REAL_SEED), n));
        Features fake = features(points);
        out.add(PrecisionRecall.onPoints(n).compute(real, fake));
        out.add(DensityCoverage.onPoints(n).compute(real, fake));
        return out;
    }

    /**
     * The values a run reports, by name: mode coverage's own names, then
     * {@code precision_xy_<n>} and co (see {@link MetricRegistry#reported}).
     *
     * @param results what {@link #evaluate} returned
     * @return name to value, in order
     */
    public static Map<String, Double> reported(List<MetricResult> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (MetricResult r : results) {
            if (r.metric().equals("mode_coverage")) {
                out.putAll(r.values());
            } else {
                out.putAll(MetricRegistry.reported(r.metric(), r.values()));
            }
        }
        return out;
    }

    /**
     * The real-data reference: {@code draws} fresh samples of n points of the mixture (seeds 1, 2, ...,
     * never {@link #REAL_SEED}), each scored as a generator's points would be.
     *
     * @param toy the mixture
     * @param n points per draw, as the runs' evaluation takes
     * @param draws number of draws
     * @return one value map per draw
     */
    public static List<Map<String, Double>> realReference(Toy2d toy, int n, int draws) {
        List<Map<String, Double>> out = new ArrayList<>();
        for (int d = 1; d <= draws; d++) {
            out.add(reported(evaluate(toy, toy.samples(new Random(d), n))));
        }
        return out;
    }

    /**
     * The noise reference: {@code draws} sets of n points uniform over {@link #noiseBox}, seeds 1, 2, ...
     *
     * @param toy the mixture
     * @param n points per draw
     * @param draws number of draws
     * @return one value map per draw
     */
    public static List<Map<String, Double>> noiseReference(Toy2d toy, int n, int draws) {
        double[] box = noiseBox(toy);
        List<Map<String, Double>> out = new ArrayList<>();
        for (int d = 1; d <= draws; d++) {
            Random rng = new Random(d);
            float[][] p = new float[n][];
            for (int i = 0; i < n; i++) {
                p[i] = new float[] {(float) (box[0] + (box[1] - box[0]) * rng.nextDouble()),
                        (float) (box[0] + (box[1] - box[0]) * rng.nextDouble())};
            }
            out.add(reported(evaluate(toy, p)));
        }
        return out;
    }

    /**
     * The square the noise reference fills: the mode centres' extent in x and y, with a margin of 1.
     *
     * @param toy the mixture
     * @return {low, high}, the same for both axes
     */
    public static double[] noiseBox(Toy2d toy) {
        double extent = 0;
        for (double[] c : toy.modeCentres()) {
            extent = Math.max(extent, Math.max(Math.abs(c[0]), Math.abs(c[1])));
        }
        return new double[] {-(extent + 1), extent + 1};
    }

    private static Features features(float[][] points) {
        double[][] rows = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            rows[i] = new double[] {points[i][0], points[i][1]};
        }
        return Features.of(rows);
    }
}
