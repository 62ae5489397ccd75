package org.ganworkbench.experiments;

import org.ganworkbench.data.GanData;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.metrics.ClassifierDomain;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MetricsLog;
import org.ganworkbench.metrics.PointMetrics;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The evaluator of each data name: {@link #modeCoverage()} for ring8 and grid25,
 * {@link ClassifierMetricsEvaluator} in the Fashion-MNIST classifier's space for fashion-mnist and
 * fashion-mnist-32 (default fid and kid on 2,000 images) and in the Shapes classifier's space for
 * shapes-32 and shapes-64 (default the pixel metrics swd and msssim on 2,048 images against a fresh
 * draw of scenes; the feature metrics when the spec lists them: they would add about 10 s to an
 * evaluation's 40 s at n = 2000, measured on 2 busy cores, but a fresh clone's first Shapes run
 * would then train the Shapes classifier, minutes), {@link #none()} for mnist-digits (no domain
 * classifier knows digits), {@link TranslationEvaluator} for the Shapes scenes the translation
 * models train on (default the scene segmenter's mIoU and pixel accuracy, and SWD, on 1,000 test
 * maps). {@link #register} replaces one.
 */
public final class RunEvaluators {

    private static final Map<String, RunEvaluator> BY_DATA = new ConcurrentHashMap<>();

    static {
        BY_DATA.put("ring8", modeCoverage());
        BY_DATA.put("grid25", modeCoverage());
        RunEvaluator fmnist = new ClassifierMetricsEvaluator(ClassifierDomain.FMNIST, 2000, List.of("fid", "kid"));
        BY_DATA.put("fashion-mnist", fmnist);
        BY_DATA.put("fashion-mnist-32", fmnist);
        BY_DATA.put("mnist-digits", none());
        RunEvaluator shapes = new ClassifierMetricsEvaluator(ClassifierDomain.SHAPES, 2048, List.of("swd", "msssim"));
        BY_DATA.put("shapes-32", shapes);
        BY_DATA.put("shapes-64", shapes);
        RunEvaluator scenes = new TranslationEvaluator();
        BY_DATA.put("shape-scenes-32", scenes);
        BY_DATA.put("shape-scenes-64", scenes);
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
     * The 2-D point metrics ({@link PointMetrics}: mode coverage, precision/recall and
     * density/coverage on the points) on {@code n} generated points (default 2500) from latents drawn
     * with {@code seed} (default 1234). With the EMA trick on, the averaged G is scored (what the run
     * samples) and the live G of the same run as well, its values named {@code <name>_raw_g}: EMA
     * does not change training, so the two differ only by the averaging. Reference rows: draws of real
     * points and of uniform noise over {@link PointMetrics#noiseBox}.
     */
    public static RunEvaluator modeCoverage() {
        return RunEvaluator.of(EvaluationSettings.points(), (settings, data) -> {
            Toy2d toy = toy(data);
            return (run, dir, provenance) -> coverage(run, toy, settings.n(), settings.seed(), dir, provenance);
        }, (settings, data, draws) -> {   // PointMetrics' real and noise references
            Toy2d toy = toy(data);
            double[] box = PointMetrics.noiseBox(toy);
            Map<String, List<Map<String, Double>>> rows = new LinkedHashMap<>();
            rows.put("reference: real data", PointMetrics.realReference(toy, settings.n(), draws));
            rows.put(String.format(Locale.ROOT, "reference: uniform noise on [%s, %s]²", box[0], box[1]),
                    PointMetrics.noiseReference(toy, settings.n(), draws));
            return rows;
        });
    }

    private static Toy2d toy(GanData data) {
        if (!(data instanceof Toy2d toy)) {
            throw new IllegalArgumentException("mode coverage needs toy 2-D data, got " + data.name());
        }
        return toy;
    }

    private static Map<String, Double> coverage(GanTraining run, Toy2d toy, int n, long seed, Path dir,
                                                Map<String, ?> provenance) {
        List<MetricResult> results = PointMetrics.evaluate(toy, run.samplePoints(new Random(seed), n));   // G's EMA when on
        Map<String, Double> values = new LinkedHashMap<>(PointMetrics.reported(results));
        MetricsLog.append(dir, "step " + run.step(), results, provenance);
        if (run.averagesGenerator()) {
            List<MetricResult> raw = PointMetrics.evaluate(toy, run.gan().samplePoints(new Random(seed), n));
            MetricsLog.append(dir, "step " + run.step() + " raw G", raw, provenance);
            PointMetrics.reported(raw).forEach((k, v) -> values.put(k + RAW_G, v));
        }
        return values;
    }

    /** The suffix of the live (not averaged) generator's values in a run with the EMA trick. */
    public static final String RAW_G = "_raw_g";
}
