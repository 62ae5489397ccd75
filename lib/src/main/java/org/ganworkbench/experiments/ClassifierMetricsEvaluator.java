package org.ganworkbench.experiments;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.ClassifierDomain;
import org.ganworkbench.metrics.DomainClassifier;
import org.ganworkbench.metrics.Evaluation;
import org.ganworkbench.metrics.Evaluator;
import org.ganworkbench.metrics.Features;
import org.ganworkbench.metrics.ImageMetric;
import org.ganworkbench.metrics.Metric;
import org.ganworkbench.metrics.MetricRegistry;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics of image runs whose data has a {@link DomainClassifier}: the kinds in {@code metrics}
 * (any kind of {@link MetricRegistry}: feature metrics in the domain classifier's space, pixel
 * metrics such as {@code swd} and {@code msssim}) on {@code n} generated images from latents drawn
 * with {@code seed} (default 1234), against n real held-out images
 * ({@link ClassifierDomain#reference}: Fashion-MNIST's test images, a fresh draw of Shapes scenes).
 * Metric names carry the domain and n, e.g. {@code fid_fmnist_2k}, {@code fid_shapes_2048},
 * {@code msssim_2k}; a metric's real-data baseline, when it has one, follows as {@code <name>_real}
 * ({@code msssim_2k_real}, {@code confidence_shapes_2048_real}); every value is in metrics.jsonl.
 *
 * <p>The pixel metrics see the images at the run's side; the classifier sees real and generated
 * images alike through {@link ClassifierDomain#toInput}: for {@code fashion-mnist-32} (images padded
 * to 32 × 32) the centre 28 × 28, where the padding is cut off again; for {@code shapes-64} the
 * images averaged over 2 × 2 blocks down to the 32 × 32 the Shapes classifier is trained at (one
 * classifier for both sides, trained at 32 × 32 since that costs a quarter of 64 × 64; measured:
 * it classifies 99.92% of the 64 × 64 test scenes so shrunk right, as many as of the 32 × 32 ones).
 * Generated values are clamped into [-1, 1].
 */
final class ClassifierMetricsEvaluator implements RunEvaluator {

    private final ClassifierDomain domain;
    private final EvaluationSettings.Schema schema;

    /**
     * @param domain the classifier's domain, which gives the reference images and the feature space
     * @param defaultN the section's default n (at most the domain's {@link ClassifierDomain#maxReference()})
     * @param defaultMetrics the section's default kinds
     */
    ClassifierMetricsEvaluator(ClassifierDomain domain, int defaultN, List<String> defaultMetrics) {
        this.domain = domain;
        this.schema = EvaluationSettings.images(domain.title().toLowerCase(Locale.ROOT), defaultN,
                domain.maxReference(), defaultMetrics, List.copyOf(MetricRegistry.kinds()));
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
        if (kinds.isEmpty()) {
            return (run, dir, provenance) -> Map.of();
        }
        Shape shape = data.sampleShape();
        int side = Math.toIntExact(shape.get(1));
        List<ImageMetric> pixelMetrics = PixelMetricsEvaluator.metrics(kinds, n, data);
        List<String> featureKinds = kinds.stream().filter(MetricRegistry.featureKinds()::contains).toList();
        ImageSet real = domain.reference(n, side);
        ImageSet realPixels = pixelMetrics.isEmpty() ? null : real;
        if (featureKinds.isEmpty()) {
            return (run, dir, provenance) -> PixelMetricsEvaluator.values(pixelMetrics, realPixels,
                    PixelMetricsEvaluator.generate(run, n, seed, shape), run, dir, provenance);
        }
        DomainClassifier classifier = DomainClassifier.forDomain(domain);
        try {
            Evaluator.requireAccurate(classifier);
            Features reference = classifier.features(domain.toInput(real));
            List<Metric> metrics = featureKinds.stream().map(k -> MetricRegistry.feature(k, domain.id(), n)).toList();
            Evaluator evaluator = Evaluator.ofFeatures(reference, domain.title().toLowerCase(Locale.ROOT) + " test",
                    metrics);
            return new Session() {
                @Override
                public Map<String, Double> evaluate(GanTraining run, Path dir, Map<String, ?> provenance) {
                    ImageSet generated = PixelMetricsEvaluator.generate(run, n, seed, shape);
                    ImageSet forClassifier = domain.toInput(generated);
                    Evaluation e = evaluator.evaluate("step " + run.step(), classifier.features(forClassifier.toArray(), n));
                    e.appendTo(dir, provenance);
                    Map<String, Double> values = new LinkedHashMap<>(e.reported());
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
}
