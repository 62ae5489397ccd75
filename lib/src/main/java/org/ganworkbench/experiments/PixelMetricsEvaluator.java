package org.ganworkbench.experiments;

import org.ganworkbench.metrics.MetricName;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.metrics.ImageMetric;
import org.ganworkbench.metrics.MetricRegistry;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MetricsLog;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The pixel-space metrics ({@link MetricRegistry#pixelKinds()}: {@code swd}, {@code msssim}) for image data without
 * a domain classifier (registered with {@link RunEvaluators#register}; the Shapes set has one now,
 * {@link ClassifierMetricsEvaluator}, which computes its pixel metrics with the helpers here): the kinds in {@code metrics} (default swd
 * and msssim) on {@code n} generated images (default 2048) from latents drawn with {@code seed}
 * (default 1234), against n images of the data's held-out reference set. Metric names carry n
 * ({@code swd_2048}); a metric's real-data baseline, when it has one, follows as
 * {@code <name>_real}, and an SWD's per-level values as {@code <name>_<level>} (e.g.
 * {@code swd_2048_16}). Every value is in metrics.jsonl.
 */
final class PixelMetricsEvaluator implements RunEvaluator {

    private static final int CHUNK = 500;

    private final IntFunction<ImageSet> reference;
    private final EvaluationSettings.Schema schema;

    /**
     * @param reference the held-out real images, n of them (at the data's sample shape)
     * @param maxCount the largest n the reference can give
     */
    PixelMetricsEvaluator(IntFunction<ImageSet> reference, int maxCount) {
        this.reference = reference;
        this.schema = EvaluationSettings.images("pixel metrics", 2048, maxCount, List.of("swd", "msssim"),
                List.copyOf(MetricRegistry.pixelKinds()));
    }

    @Override
    public EvaluationSettings.Schema schema() {
        return schema;
    }

    @Override
    public Session open(EvaluationSettings settings, GanData data) {
        int n = settings.n();
        long seed = settings.seed();
        List<String> kinds = settings.metrics();
        List<ImageMetric> metrics = metrics(kinds, n, data);
        if (metrics.isEmpty()) {
            return (run, dir, provenance) -> Map.of();
        }
        ImageSet real = reference.apply(n);
        return (run, dir, provenance) -> values(metrics, real, generate(run, n, seed, data.sampleShape()), run, dir,
                provenance);
    }

    /** The pixel metrics among {@code kinds} at n images, checked against the data's shape now. */
    static List<ImageMetric> metrics(List<String> kinds, int n, GanData data) {
        Shape shape = data.sampleShape();
        List<ImageMetric> metrics = kinds.stream().filter(MetricRegistry.pixelKinds()::contains)
                .map(k -> MetricRegistry.pixels(k, n)).toList();
        for (ImageMetric m : metrics) {
            try {
                m.checkShape(Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)), Math.toIntExact(shape.get(2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("RunSpec field 'evaluation.metrics' on data '" + data.name() + "': "
                        + e.getMessage() + (shape.get(1) == 28 ? " (use data fashion-mnist-32)" : ""), e);
            }
        }
        return metrics;
    }

    /**
     * n samples of the run's G (its EMA when on) from latents drawn with {@code seed}, clamped into
     * [-1, 1]; a conditional G's labelled with the class each was asked for ({@code Gan#sampleClasses}).
     */
    static ImageSet generate(GanTraining run, int n, long seed, Shape shape) {
        Random rng = new Random(seed);
        int pixels = Math.toIntExact(shape.size());
        float[] all = new float[n * pixels];
        for (int from = 0; from < n; from += CHUNK) {
            Interrupted.check("generating " + n + " images at step " + run.step());
            float[] chunk = run.sampleToArray(rng, Math.min(CHUNK, n - from));
            System.arraycopy(chunk, 0, all, from * pixels, chunk.length);
        }
        ImageSet samples = ImageSet.ofSamples("step " + run.step(), shape, all);
        return run.gan().architecture().classes() > 0 ? samples.withLabels(run.gan().sampleClasses(n, CHUNK), List.of())
                : samples;
    }

    /**
     * Computes the metrics, appends them to the run's metrics.jsonl and returns the values for the
     * result, named as {@link MetricName#reported} says.
     */
    static Map<String, Double> values(List<ImageMetric> metrics, ImageSet real, ImageSet generated,
                                      GanTraining run, Path dir, Map<String, ?> provenance) {
        if (metrics.isEmpty()) {
            return new LinkedHashMap<>();
        }
        String set = "step " + run.step();
        List<MetricResult> results = compute(metrics, real, generated, set);
        MetricsLog.append(dir, set, results, provenance);
        return reported(results);
    }

    /** The results' values by the names a result reports ({@link MetricName#reported}). */
    static Map<String, Double> reported(List<MetricResult> results) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricResult r : results) {
            values.putAll(MetricRegistry.reported(r.metric(), r.values()));
        }
        return values;
    }

    /** Each metric on {@code generated} against {@code real} (an interrupt stops between metrics, naming {@code set}). */
    static List<MetricResult> compute(List<ImageMetric> metrics, ImageSet real, ImageSet generated, String set) {
        List<MetricResult> results = new ArrayList<>();
        for (ImageMetric m : metrics) {
            Interrupted.check(m.name() + " at " + set);
            results.add(m.compute(real, generated));
        }
        return results;
    }
}
