package org.ganworkbench.experiments;

import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.DomainClassifier;
import org.ganworkbench.metrics.Evaluation;
import org.ganworkbench.metrics.Evaluator;
import org.ganworkbench.metrics.Features;
import org.ganworkbench.metrics.ImageMetric;
import org.ganworkbench.metrics.Metric;
import org.ganworkbench.metrics.MetricRegistry;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Fashion-MNIST metrics of {@link Evaluator} for image runs: the kinds in {@code metrics}
 * (default fid and kid; any kind of {@link MetricRegistry}, feature metrics and pixel metrics such
 * as {@code msssim}) on {@code n} generated images (default
 * 2000) from latents drawn with {@code seed} (default 1234), against n test images. Metric names
 * carry n, e.g. {@code fid_fmnist_2k}, {@code msssim_2k}; a pixel metric's real-data baseline, when
 * it has one, follows as {@code <name>_real} ({@code msssim_2k_real}); every value is in metrics.jsonl.
 *
 * <p>For {@code fashion-mnist-32} (images padded to 32 × 32) the classifier sees the centre 28 × 28
 * of every generated image, where the padding is cut off again, and the pixel metrics see the whole
 * 32 × 32 image against test images padded the same way. Generated values are clamped into [-1, 1].
 */
final class FashionMnistEvaluator implements RunEvaluator {

    /** The section: n in [2, 10,000] (Fashion-MNIST's test set), default 2000; metrics default fid, kid. */
    private static final EvaluationSettings.Schema SCHEMA = EvaluationSettings.images("fashion-mnist", 2000, 10_000,
            List.of("fid", "kid"), List.copyOf(MetricRegistry.kinds()));

    @Override
    public EvaluationSettings.Schema schema() {
        return SCHEMA;
    }

    @Override
    public Session open(EvaluationSettings settings, GanData data) {
        int n = settings.n();
        long seed = settings.seed();
        List<String> kinds = settings.metrics();
        if (kinds.isEmpty()) {
            return (run, dir, provenance) -> Map.of();
        }
        Shape shape = data.sampleShape();
        int side = Math.toIntExact(shape.get(1));
        List<ImageMetric> pixelMetrics = PixelMetricsEvaluator.metrics(kinds, n, data);
        ImageSet realPixels = pixelMetrics.isEmpty() ? null : padTo(FashionMnist.test().subset(n, Evaluator.REFERENCE_SEED), side);
        List<String> featureKinds = kinds.stream().filter(MetricRegistry.featureKinds()::contains).toList();
        if (featureKinds.isEmpty()) {
            return (run, dir, provenance) -> PixelMetricsEvaluator.values(pixelMetrics, realPixels,
                    PixelMetricsEvaluator.generate(run, n, seed, shape), run, dir, provenance);
        }
        DomainClassifier classifier = DomainClassifier.fashionMnist();
        try {
            Evaluator.requireAccurate(classifier);
            Features reference = classifier.features(FashionMnist.test().subset(n, Evaluator.REFERENCE_SEED));
            List<Metric> metrics = featureKinds.stream().map(k -> MetricRegistry.feature(k, n)).toList();
            Evaluator evaluator = Evaluator.ofFeatures(reference, "fashion-mnist test", metrics);
            return new Session() {
                @Override
                public Map<String, Double> evaluate(GanTraining run, Path dir, Map<String, ?> provenance) {
                    ImageSet generated = PixelMetricsEvaluator.generate(run, n, seed, shape);
                    ImageSet forClassifier = side == 28 ? generated : generated.cropped(28);
                    Evaluation e = evaluator.evaluate("step " + run.step(), classifier.features(forClassifier.toArray(), n));
                    e.appendTo(dir, provenance);
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (MetricResult r : e.results()) {
                        values.putAll(MetricRegistry.reported(r.metric(), r.values()));
                    }
                    values.putAll(PixelMetricsEvaluator.values(pixelMetrics, realPixels, generated, run, dir, provenance));
                    return values;
                }

                @Override
                public void close() {
                    classifier.close();
                }
            };
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Fashion-MNIST's 28 × 28 test images at the run's side (padded with the background −1 for 32). */
    private static ImageSet padTo(ImageSet test, int side) {
        return side == test.height() ? test : test.padded(side, -1f);
    }

}
