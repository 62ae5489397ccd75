package org.ganworkbench.experiments;

import org.ganworkbench.data.Shapes;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MetricsLog;
import org.ganworkbench.metrics.ModeCoverage;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The evaluator of each data name: {@link #modeCoverage()} for ring8 and grid25,
 * {@link FashionMnistEvaluator} for fashion-mnist and fashion-mnist-32, {@link #none()} for
 * mnist-digits (the domain classifier behind FID &amp; co knows only Fashion-MNIST),
 * {@link PixelMetricsEvaluator} (SWD, MS-SSIM against a fresh draw of scenes) for shapes-32 and
 * shapes-64. {@link #register} replaces one.
 */
public final class RunEvaluators {

    private static final Map<String, RunEvaluator> BY_DATA = new ConcurrentHashMap<>();

    static {
        BY_DATA.put("ring8", modeCoverage());
        BY_DATA.put("grid25", modeCoverage());
        BY_DATA.put("fashion-mnist", new FashionMnistEvaluator());
        BY_DATA.put("fashion-mnist-32", new FashionMnistEvaluator());
        BY_DATA.put("mnist-digits", none());
        for (int size : new int[] {32, 64}) {   // a fresh draw of scenes as the held-out reference
            BY_DATA.put("shapes-" + size, new PixelMetricsEvaluator(n -> Shapes.generate(n, size, Shapes.TEST_SEED),
                    PixelMetricsEvaluator.MAX_SHAPES));
        }
    }

    private RunEvaluators() {}

    /** The evaluator of a data name. */
    public static RunEvaluator forData(String data) {
        RunEvaluator e = BY_DATA.get(data);
        if (e == null) {
            throw new IllegalArgumentException("no evaluator for data '" + data + "'; known: " + BY_DATA.keySet());
        }
        return e;
    }

    /** Uses {@code evaluator} for the runs of {@code data} from now on. */
    public static void register(String data, RunEvaluator evaluator) {
        BY_DATA.put(data, evaluator);
    }

    /** No metrics (only the training log and the samples picture). */
    public static RunEvaluator none() {
        return RunEvaluator.of(EvaluationSettings.everyOnly(), (settings, data) -> (run, dir, provenance) -> Map.of());
    }

    /**
     * The 2-D mode-coverage protocol ({@link ModeCoverage}) on {@code n} generated points (default
     * 2500) from latents drawn with {@code seed} (default 1234): metrics {@code modes_covered},
     * {@code high_quality_pct} and {@code kl_to_uniform}, as in {@code CoverageTable}.
     */
    public static RunEvaluator modeCoverage() {
        return RunEvaluator.of(EvaluationSettings.points(), (settings, data) -> {
            if (!(data instanceof Toy2d toy)) {
                throw new IllegalArgumentException("mode coverage needs toy 2-D data, got " + data.name());
            }
            return (run, dir, provenance) -> coverage(run, toy, settings.n(), settings.seed(), dir, provenance);
        });
    }

    private static Map<String, Double> coverage(GanTraining run, Toy2d toy, int n, long seed, Path dir,
                                                Map<String, ?> provenance) {
        long start = System.nanoTime();
        ModeCoverage.Report r = ModeCoverage.of(toy, run.samplePoints(new Random(seed), n));   // G's EMA when on
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("modes_covered", (double) r.modesCovered());
        values.put("high_quality_pct", 100 * r.highQualityFraction());
        values.put("kl_to_uniform", r.klToUniform());
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("data", toy.name());
        protocol.put("n_generated", n);
        protocol.put("latent_seed", seed);
        protocol.put("radius_sigmas", ModeCoverage.DEFAULT_RADIUS_IN_SIGMAS);
        protocol.put("min_high_quality_per_mode", ModeCoverage.DEFAULT_MIN_HIGH_QUALITY_PER_MODE);
        protocol.put("modes_total", r.totalModes());
        Map<String, Object> details = Map.of("high_quality_counts",
                Arrays.stream(r.highQualityCounts()).boxed().toList());
        MetricResult result = new MetricResult("mode_coverage", values, protocol, details,
                (System.nanoTime() - start) / 1e9);
        MetricsLog.append(dir, "step " + run.step(), List.of(result), provenance);
        return values;
    }
}
