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
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MetricsLog;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.ArrayList;
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
        long seed = settings.seed();
        Shape shape = data.sampleShape();
        if (settings.metrics().isEmpty()) {
            return (run, dir, provenance) -> Map.of();
        }
        Scorer scorer = new Scorer(settings, data);
        return new Session() {
            @Override
            public Map<String, Double> evaluate(GanTraining run, Path dir, Map<String, ?> provenance) {
                String set = "step " + run.step();
                Scored s = scorer.score(set, PixelMetricsEvaluator.generate(run, scorer.n, seed, shape));
                if (s.features() != null) {
                    s.features().appendTo(dir, provenance);
                }
                if (!s.pixels().isEmpty()) {
                    MetricsLog.append(dir, set, s.pixels(), provenance);
                }
                return s.values();
            }

            @Override
            public void close() {
                scorer.close();
            }
        };
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: {@code draws} sets of n images of the data the runs train on ({@link ImageSet#subset},
     * seeds 1, 2, ...: what a generator that copied its training data scores) and {@code draws} sets of
     * n images of uniform noise in [-1, 1] at the data's shape (seeds 1, 2, ...: what a generator that
     * learned nothing scores; for the conditional kinds labelled with the classes 0, 1, ..., K−1 in
     * turn, as a conditional generator is asked for them), each scored exactly like a run's samples,
     * against the same reference set.
     */
    @Override
    public Map<String, List<Map<String, Double>>> references(EvaluationSettings settings, GanData data, int draws) {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, got " + draws);
        }
        if (!(data instanceof ImageSet images)) {
            throw new IllegalArgumentException("reference rows need image data, got " + data.name());
        }
        if (settings.metrics().isEmpty()) {
            throw new IllegalArgumentException("reference rows need metrics, but the evaluation section lists none");
        }
        List<Map<String, Double>> real = new ArrayList<>();
        List<Map<String, Double>> noise = new ArrayList<>();
        boolean conditional = settings.metrics().stream().anyMatch(MetricRegistry::isConditional);
        try (Scorer scorer = new Scorer(settings, data)) {
            int n = scorer.n;
            int pixels = Math.toIntExact(data.sampleShape().size());
            for (int d = 1; d <= draws; d++) {
                real.add(scorer.score("real training images, draw " + d, images.subset(n, d)).values());
                ImageSet uniform = ImageSet.ofSamples("uniform noise, draw " + d, data.sampleShape(),
                        Evaluator.uniformNoise(n * pixels, d));
                if (conditional) {   // asked for the classes in turn, as a conditional G's samples are
                    uniform = uniform.withLabels(GanData.classesInTurn(n, data.classes()), List.of());
                }
                noise.add(scorer.score("uniform noise images, draw " + d, uniform).values());
            }
        }
        Map<String, List<Map<String, Double>>> rows = new LinkedHashMap<>();
        rows.put(Evaluator.REAL_REFERENCE, real);
        rows.put(Evaluator.NOISE_REFERENCE, noise);
        return rows;
    }

    /** One scored set: the feature metrics' evaluation (null without feature metrics), the pixel metrics' results, all values by reported name. */
    private record Scored(Evaluation features, List<MetricResult> pixels, Map<String, Double> values) {}

    /**
     * Scores image sets of the run's shape with the evaluation section's metrics against n real
     * held-out images: the feature kinds in the classifier's space (through {@link ClassifierDomain#toInput}),
     * the pixel kinds on the images themselves. Holds the classifier (when a feature kind is asked for) until closed.
     */
    private final class Scorer implements AutoCloseable {

        private final int n;
        private final List<ImageMetric> pixelMetrics;
        private final ImageSet realPixels;
        private final DomainClassifier classifier;
        private final Evaluator evaluator;

        Scorer(EvaluationSettings settings, GanData data) {
            n = settings.n();
            List<String> kinds = settings.metrics();
            int side = Math.toIntExact(data.sampleShape().get(1));
            pixelMetrics = PixelMetricsEvaluator.metrics(kinds, n, data);
            List<String> featureKinds = kinds.stream().filter(MetricRegistry.featureKinds()::contains).toList();
            ImageSet real = domain.reference(n, side);
            realPixels = pixelMetrics.isEmpty() ? null : real;
            if (featureKinds.isEmpty()) {
                classifier = null;
                evaluator = null;
                return;
            }
            classifier = DomainClassifier.forDomain(domain);
            try {
                Evaluator.requireAccurate(classifier);
                Features reference = classifier.features(domain.toInput(real));
                List<Metric> metrics = featureKinds.stream().map(k -> MetricRegistry.feature(k, domain.id(), n)).toList();
                evaluator = Evaluator.ofFeatures(reference, domain.title().toLowerCase(Locale.ROOT) + " test", metrics);
            } catch (RuntimeException e) {
                classifier.close();
                throw e;
            }
        }

        Scored score(String label, ImageSet images) {
            Map<String, Double> values = new LinkedHashMap<>();
            Evaluation e = null;
            if (evaluator != null) {
                ImageSet input = domain.toInput(images);   // labels kept: the conditional kinds read them
                e = evaluator.evaluate(label, classifier.features(input.count() == n ? input : input.head(n)));
                values.putAll(e.reported());
            }
            List<MetricResult> pixels = PixelMetricsEvaluator.compute(pixelMetrics, realPixels, images, label);
            values.putAll(PixelMetricsEvaluator.reported(pixels));
            return new Scored(e, pixels, values);
        }

        @Override
        public void close() {
            if (classifier != null) {
                classifier.close();
            }
        }
    }
}
