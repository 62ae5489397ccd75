package org.ganworkbench.experiments;

import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.GanData;
import org.ganworkbench.metrics.DomainClassifier;
import org.ganworkbench.metrics.Evaluation;
import org.ganworkbench.metrics.Evaluator;
import org.ganworkbench.metrics.Features;
import org.ganworkbench.metrics.Metric;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.Metrics;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The Fashion-MNIST metrics of {@link Evaluator} for image runs: the kinds in {@code metrics}
 * (default fid and kid; any of {@link Metrics#kinds()}) on {@code n} generated images (default
 * 2000) from latents drawn with {@code seed} (default 1234), against n test images. Metric names
 * carry n, e.g. {@code fid_fmnist_2k}.
 */
final class FashionMnistEvaluator implements RunEvaluator {

    private static final int CHUNK = 500;

    @Override
    public Map<String, ValueKind> keys() {
        return SpecSchema.ordered("n", ValueKind.INT, "metrics", ValueKind.STRING_LIST, "seed", ValueKind.INT,
                "every", ValueKind.INT);
    }

    @Override
    public Session open(Map<String, Object> settings, GanData data) {
        int n = SpecConfigs.toInt("evaluation.n", settings.getOrDefault("n", 2000L));
        long seed = ((Number) settings.getOrDefault("seed", 1234L)).longValue();
        @SuppressWarnings("unchecked")
        List<String> kinds = (List<String>) settings.getOrDefault("metrics", List.of("fid", "kid"));
        for (String k : kinds) {
            if (!Metrics.kinds().contains(k)) {
                throw new IllegalArgumentException("RunSpec field 'evaluation.metrics': unknown metric '" + k
                        + "'; known: " + Metrics.kinds());
            }
        }
        if (n < 2 || n > 10_000) {
            throw new IllegalArgumentException("RunSpec field 'evaluation.n' must be in [2, 10000], got " + n);
        }
        if (kinds.isEmpty()) {
            return (run, dir, provenance) -> Map.of();
        }
        DomainClassifier classifier = DomainClassifier.fashionMnist();
        try {
            if (!(classifier.info().testAccuracy() >= DomainClassifier.REQUIRED_ACCURACY)) {
                throw new IllegalStateException("the saved Fashion-MNIST classifier is below the required accuracy; "
                        + "retrain it with `gan train-classifier --force`");
            }
            Features reference = classifier.features(FashionMnist.test().subset(n, Evaluator.REFERENCE_SEED));
            List<Metric> metrics = kinds.stream().map(k -> Metrics.byName(Metrics.nameOf(k, n))).toList();
            Evaluator evaluator = Evaluator.ofFeatures(reference, "fashion-mnist test", metrics);
            return new Session() {
                @Override
                public Map<String, Double> evaluate(GanTraining run, Path dir, Map<String, ?> provenance) {
                    Random rng = new Random(seed);
                    int pixels = Math.toIntExact(run.gan().architecture().sampleShape().size());
                    float[] all = new float[n * pixels];
                    for (int from = 0; from < n; from += CHUNK) {
                        float[] chunk = run.sampleToArray(rng, Math.min(CHUNK, n - from));   // G's EMA when on
                        System.arraycopy(chunk, 0, all, from * pixels, chunk.length);
                    }
                    Evaluation e = evaluator.evaluate("step " + run.step(), classifier.features(all, n));
                    e.appendTo(dir, provenance);
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (MetricResult r : e.results()) {
                        values.put(r.metric(), r.value());
                    }
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
