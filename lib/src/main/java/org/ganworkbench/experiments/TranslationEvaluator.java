package org.ganworkbench.experiments;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.metrics.ClassifierDomain;
import org.ganworkbench.metrics.DomainClassifier;
import org.ganworkbench.metrics.Evaluation;
import org.ganworkbench.metrics.Evaluator;
import org.ganworkbench.metrics.ImageMetric;
import org.ganworkbench.metrics.Metric;
import org.ganworkbench.metrics.MetricRegistry;
import org.ganworkbench.metrics.MetricResult;
import org.ganworkbench.metrics.MetricsLog;
import org.ganworkbench.metrics.SceneSegmenter;
import org.ganworkbench.metrics.SegmentationScore;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The metrics of translation runs on the Shapes scenes ({@code shape-scenes-32}, {@code shape-scenes-64}),
 * as the GauGAN paper scores semantic image synthesis: G makes one image of each of the first
 * {@code n} maps of the held-out {@link ShapeScenes#test} set (its EMA when on; latents from
 * {@code seed}, and dropout masks from the engine's generator, seeded with {@code seed} first, so an
 * evaluation repeats; it also fixes the masks the run's training draws afterwards), and those images
 * are scored against the test set:
 *
 * <ul>
 *   <li>{@code seg}: the {@link SceneSegmenter}'s mIoU and pixel accuracy against the maps G was
 *       given ({@code miou_scenes_<n>}, {@code pixacc_scenes_<n>}; {@link SegmentationScore});
 *   <li>{@code swd}, {@code msssim}: pixel metrics against the n real test images paired with the maps;
 *   <li>{@code fid}, {@code pr} (and the other unconditional feature kinds): in the Shapes
 *       classifier's features (trained on one-shape images, so a scene's features are a texture and
 *       colour summary more than a reading of its shapes), against the same real images.
 * </ul>
 *
 * <p>Reference rows, each scored like a run: the next n real test scenes (n to 2n − 1, disjoint from
 * the reference images) segmented against their own maps (a generator that makes real scenes and
 * follows its maps: the segmenter's ceiling, and the pixel and feature metrics' floor of one real
 * set against another), the same images segmented against the run's maps 0 to n − 1 (a generator
 * that makes real scenes but ignores its maps: the segmentation score's floor; the pixel and
 * feature metrics are those of the row before, since the images are the same), and uniform noise.
 * n is at most half the test set, {@value #MAX_N}.
 */
final class TranslationEvaluator implements RunEvaluator {

    /** The kinds a section may list. */
    static final List<String> KINDS;

    static {
        List<String> k = new ArrayList<>(List.of(SegmentationScore.KIND));
        k.addAll(MetricRegistry.pixelKinds());
        k.addAll(MetricRegistry.featureKinds().stream().filter(f -> !MetricRegistry.isConditional(f)).toList());
        KINDS = List.copyOf(k);
    }

    private static final int CHUNK = 250;

    /** The largest n: the reference rows need n more test scenes beyond the n the runs are scored on. */
    static final int MAX_N = ShapeScenes.TEST_COUNT / 2;

    private final EvaluationSettings.Schema schema = EvaluationSettings.images("scenes", 1000, MAX_N,
            List.of(SegmentationScore.KIND, "swd"), KINDS);

    @Override
    public EvaluationSettings.Schema schema() {
        return schema;
    }

    @Override
    public Session open(EvaluationSettings settings, GanData data) {
        if (settings.metrics().isEmpty()) {
            return (run, dir, provenance) -> Map.of();
        }
        Scorer scorer = new Scorer(settings, data);
        return new Session() {
            @Override
            public Map<String, Double> evaluate(GanTraining run, Path dir, Map<String, ?> provenance) {
                String set = "step " + run.step();
                ImageSet images = translate(run, scorer.maps, settings.seed());
                List<MetricResult> results = new ArrayList<>();
                Map<String, Double> values = scorer.score(set, images, scorer.maps, results);
                MetricsLog.append(dir, set, results, provenance);
                return values;
            }

            @Override
            public void close() {
                scorer.close();
            }
        };
    }

    /** G's images of every map of {@code maps}, in order (its EMA when on), latents from {@code seed}, clamped into [-1, 1]. */
    static ImageSet translate(GanTraining run, PairedSet maps, long seed) {
        Random rng = new Random(seed);
        Engines.seedRandom(run.gan().engine(), seed);
        int n = maps.count();
        int pixels = Math.toIntExact(maps.sampleShape().size());
        float[] all = new float[n * pixels];
        for (int from = 0; from < n; from += CHUNK) {
            Interrupted.check("translating " + n + " maps at step " + run.step());
            int[] indices = java.util.stream.IntStream.range(from, Math.min(n, from + CHUNK)).toArray();
            float[] chunk = run.withAveragedGenerator(() -> {
                try (NDManager m = run.gan().manager().newSubManager()) {
                    return run.gan().translate(maps.maps(m, indices), rng).clip(-1, 1).toFloatArray();
                }
            });
            System.arraycopy(chunk, 0, all, from * pixels, chunk.length);
        }
        return ImageSet.ofSamples("step " + run.step(), maps.sampleShape(), all);
    }

    @Override
    public Map<String, List<Map<String, Double>>> references(EvaluationSettings settings, GanData data, int draws) {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, got " + draws);
        }
        Map<String, List<Map<String, Double>>> rows = new LinkedHashMap<>();
        try (Scorer scorer = new Scorer(settings, data)) {
            PairedSet test = scorer.maps;
            int n = test.count();
            int side = Math.toIntExact(test.sampleShape().get(1));
            // test scenes n .. 2n - 1 (the layouts of a seed are prefixes of each other): disjoint from the reference images
            PairedSet next = ShapeScenes.render("test scenes " + n + " to " + (2 * n - 1),
                    ShapeScenes.layouts(2 * n, ShapeScenes.TEST_SEED).subList(n, 2 * n), side);
            List<Map<String, Double>> real = new ArrayList<>();
            List<Map<String, Double>> shifted = new ArrayList<>();
            List<Map<String, Double>> noise = new ArrayList<>();
            // the real rows do not vary with the draw: one draw, repeated, keeps the table's shape
            Map<String, Double> realRow = scorer.score("other real test scenes, their own maps", next.images(), next,
                    new ArrayList<>());
            Map<String, Double> shiftedRow = scorer.score("other real test scenes, the runs' maps", next.images(), test,
                    new ArrayList<>());
            for (int d = 1; d <= draws; d++) {
                real.add(realRow);
                shifted.add(shiftedRow);
                ImageSet uniform = ImageSet.ofSamples("uniform noise, draw " + d, test.sampleShape(),
                        Evaluator.uniformNoise(n * Math.toIntExact(test.sampleShape().size()), d));
                noise.add(scorer.score("uniform noise, draw " + d, uniform, test, new ArrayList<>()));
            }
            rows.put("reference: real scenes of their own maps", real);
            rows.put("reference: real scenes of other maps", shifted);
            rows.put(Evaluator.NOISE_REFERENCE, noise);
        }
        return rows;
    }

    /** Scores images of the first n test maps with the section's metrics; holds the segmenter and classifier until closed. */
    private static final class Scorer implements AutoCloseable {
        final PairedSet maps;
        private final SegmentationScore seg;
        private final SceneSegmenter segmenter;
        private final List<ImageMetric> pixelMetrics;
        private final DomainClassifier classifier;
        private final Evaluator evaluator;

        Scorer(EvaluationSettings settings, GanData data) {
            Shape shape = data.sampleShape();
            int side = Math.toIntExact(shape.get(1));
            int n = settings.n();
            List<String> kinds = settings.metrics();
            this.maps = ShapeScenes.test(side).head(n);
            this.pixelMetrics = PixelMetricsEvaluator.metrics(kinds, n, data);
            this.seg = kinds.contains(SegmentationScore.KIND) ? new SegmentationScore(n) : null;
            this.segmenter = seg == null ? null : SceneSegmenter.forSize(side);
            List<String> featureKinds = kinds.stream().filter(MetricRegistry.featureKinds()::contains).toList();
            if (featureKinds.isEmpty()) {
                classifier = null;
                evaluator = null;
                return;
            }
            ClassifierDomain domain = ClassifierDomain.SHAPES;
            DomainClassifier loaded = null;
            try {
                loaded = DomainClassifier.forDomain(domain);
                Evaluator.requireAccurate(loaded);
                List<Metric> metrics = featureKinds.stream().map(k -> MetricRegistry.feature(k, domain.id(), n)).toList();
                evaluator = Evaluator.ofFeatures(loaded.features(domain.toInput(maps.images())), "scene test images",
                        metrics);
                classifier = loaded;
            } catch (RuntimeException e) {
                if (loaded != null) {
                    loaded.close();
                }
                if (segmenter != null) {
                    segmenter.close();
                }
                throw e;
            }
        }

        /**
         * The values by reported name, each metric's result added to {@code results}: the
         * segmentation score of {@code images} against {@code against}'s maps, the pixel and feature
         * metrics against the n reference images (those of the run's maps).
         */
        Map<String, Double> score(String label, ImageSet images, PairedSet against, List<MetricResult> results) {
            Map<String, Double> values = new LinkedHashMap<>();
            if (seg != null) {
                Interrupted.check(seg.name() + " at " + label);
                MetricResult r = seg.compute(segmenter, images, against);
                results.add(r);
                values.putAll(SegmentationScore.reported(r));
            }
            if (evaluator != null) {
                Evaluation e = evaluator.evaluate(label, classifier.features(ClassifierDomain.SHAPES.toInput(images)));
                values.putAll(e.reported());
                results.addAll(e.results());
            }
            List<MetricResult> pixels = PixelMetricsEvaluator.compute(pixelMetrics, maps.images(), images, label);
            results.addAll(pixels);
            values.putAll(PixelMetricsEvaluator.reported(pixels));
            return values;
        }

        @Override
        public void close() {
            if (segmenter != null) {
                segmenter.close();
            }
            if (classifier != null) {
                classifier.close();
            }
        }
    }
}
