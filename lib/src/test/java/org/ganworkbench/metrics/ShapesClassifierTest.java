package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Shapes domain without real training: the network's inputs and outputs on both engines, the
 * factor targets and errors, the conversion of a run's images, the names of its metrics and the
 * confidence metric, and the refusals of unknown domains.
 */
class ShapesClassifierTest {

    private static final ClassifierDomain SHAPES = ClassifierDomain.SHAPES;

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void inputsAndOutputsHaveTheDomainsShapesOnBothEngines(String engine) {
        ImageSet images = Shapes.generate(6, 32, 7);
        try (DomainClassifier c = DomainClassifier.untrained(SHAPES, 1, engine)) {
            assertEquals(engine, c.engine().getEngineName());
            Features f = c.features(images);
            assertEquals(6, f.count());
            assertEquals(DomainClassifier.FEATURE_DIM, f.dim());
            for (double[] p : f.probabilities()) {
                assertEquals(5, p.length);
                double sum = 0;
                for (double v : p) {
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5);
            }
            double[][] factors = c.factors(images);
            assertEquals(6, factors.length);
            assertEquals(List.of("centre_x", "centre_y", "radius", "hue_cos", "hue_sin"), SHAPES.factors());
            assertEquals(5, factors[0].length);
            Features flat = c.features(images.toArray(), 6);
            assertArrayEquals(f.features()[3], flat.features()[3], 0.0);
            var gray = assertThrows(IllegalArgumentException.class,
                    () -> c.features(Shapes.generate(2, 64, 1)));
            assertTrue(gray.getMessage().contains("(3, 32, 32)") && gray.getMessage().contains("(3, 64, 64)")
                    && gray.getMessage().contains("Shapes"), gray.getMessage());
            var values = assertThrows(IllegalArgumentException.class, () -> c.features(new float[2 * 784], 2));
            assertTrue(values.getMessage().contains("(3, 32, 32) = 3072") && values.getMessage().contains("1 x 28 x 28"),
                    values.getMessage());
        }
    }

    @Test
    void savedShapesClassifiersLoadAsShapesOnesAndNotAsFashionMnistOnes(@TempDir Path dir) {
        ClassifierDomain.Split train = ClassifierDomain.shapes(48, 11);
        ClassifierDomain.Split test = ClassifierDomain.shapes(16, 12);
        Path saved = dir.resolve("shapes-classifier");
        try (DomainClassifier c = ClassifierTraining.defaults(SHAPES).epochs(1).batchSize(16).log(null).seed(2)
                .train(train, test)) {
            assertFalse(Double.isNaN(c.info().testAccuracy()));
            assertEquals(Map.of("centre_x", 0, "centre_y", 0, "radius", 0, "hue_degrees", 0).keySet(),
                    c.info().factorErrors().keySet());
            assertEquals(1.0, c.info().factorWeight());
            ClassifierStore.save(c, saved);
            try (DomainClassifier loaded = ClassifierStore.load(saved)) {
                assertSame(SHAPES, loaded.domain());
                assertEquals(c.info(), loaded.info());
                assertArrayEquals(c.factors(test.images())[5], loaded.factors(test.images())[5], 0.0);
            }
        }
        var e = assertThrows(java.io.UncheckedIOException.class,
                () -> ClassifierStore.load(saved, ClassifierDomain.FMNIST, ai.djl.engine.Engine.getInstance()));
        assertTrue(e.getMessage().contains("shapes-cnn-v1") && e.getMessage().contains("--domain fmnist"), e.getMessage());
        var noFactors = assertThrows(IllegalArgumentException.class,
                () -> ClassifierTraining.defaults(SHAPES).log(null).train(train.images(), test.images()));
        assertTrue(noFactors.getMessage().contains("factor targets"), noFactors.getMessage());
    }

    @Test
    void factorTargetsAndErrorsAreInTheScenesUnits() {
        ClassifierDomain.Split split = ClassifierDomain.shapes(200, 3);
        List<Shapes.Scene> scenes = Shapes.scenes(200, 3);
        for (double[] t : split.factors()) {
            for (int k = 0; k < 3; k++) {
                assertTrue(t[k] >= -1 && t[k] <= 1, "scaled into [-1, 1]: " + t[k]);
            }
            assertEquals(1.0, t[3] * t[3] + t[4] * t[4], 1e-12);
        }
        assertEquals(Map.of("centre_x", 0.0, "centre_y", 0.0, "radius", 0.0, "hue_degrees", 0.0),
                SHAPES.factorErrors(split.factors(), split.factors()));
        // centre off by a tenth of the side, hue by 10 degrees across the wrap-around 0/360
        double[][] truth = new double[1][];
        double[][] guess = new double[1][];
        double span = 0.5 - Shapes.MIN_RADIUS - Shapes.MARGIN;
        truth[0] = new double[] {0, 0, 0, Math.cos(Math.toRadians(355)), Math.sin(Math.toRadians(355))};
        guess[0] = new double[] {0.1 / span, 0, 0, Math.cos(Math.toRadians(5)), Math.sin(Math.toRadians(5))};
        Map<String, Double> e = SHAPES.factorErrors(guess, truth);
        assertEquals(0.1, e.get("centre_x"), 1e-12);
        assertEquals(10.0, e.get("hue_degrees"), 1e-9);
        assertEquals(scenes.get(0).centreX(), 0.5 + split.factors()[0][0] * span, 1e-12);
        assertTrue(ClassifierDomain.FMNIST.factorErrors(guess, truth).isEmpty());
    }

    @Test
    void runImagesAreBroughtToTheClassifiersInput() {
        ImageSet s32 = Shapes.generate(3, 32, 5);
        assertSame(s32, SHAPES.toInput(s32));
        ImageSet down = SHAPES.toInput(Shapes.generate(3, 64, 5));
        assertEquals(new Shape(3, 32, 32), down.sampleShape());
        // a 2 x 2 block average of the scene at 64 x 64 is close to the scene rendered at 32 x 32
        float[] a = down.toArray();
        float[] b = s32.toArray();
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff += Math.abs(a[i] - b[i]);
        }
        assertTrue(diff / a.length < 0.02, "mean |difference| " + diff / a.length);
        float[] px = {-1, 1, 0, 0.5f, 1, 1, 0, 0.5f, 0, 0, -1, -1, 0, 0, -1, -1};
        ImageSet four = new ImageSet("4x4", 1, 4, 4, px, null, null);
        assertArrayEquals(new float[] {0.5f, 0.25f, 0, -1}, four.downsampled(2).toArray(), 1e-7f);
        var bad = assertThrows(IllegalArgumentException.class, () -> SHAPES.toInput(Shapes.generate(1, 16, 1)));
        assertTrue(bad.getMessage().contains("(3, 32, 32)"), bad.getMessage());
        ImageSet padded = ImageSetPad.fashionLike().padded(32, -1f);
        assertArrayEquals(ImageSetPad.fashionLike().toArray(), ClassifierDomain.FMNIST.toInput(padded).toArray(), 0f);
    }

    /** A Fashion-MNIST-shaped set without reading Fashion-MNIST. */
    private static final class ImageSetPad {
        static ImageSet fashionLike() {
            float[] px = new float[2 * 784];
            for (int i = 0; i < px.length; i++) {
                px[i] = (i % 97) / 48.5f - 1;
            }
            return new ImageSet("fashion-like", 1, 28, 28, px, null, null);
        }
    }

    @Test
    void metricNamesCarryTheDomain() {
        assertEquals(List.of("fid_shapes_2k", "kid_shapes_2k", "c2st_shapes_2k", "is_shapes_2k", "classes_shapes_2k",
                "pr_shapes_2k", "dc_shapes_2k", "confidence_shapes_2k"),
                MetricRegistry.features("shapes", 2000).stream().map(Metric::name).toList());
        assertEquals("fid_shapes_2048", MetricRegistry.feature("fid_shapes_2048").name());
        assertEquals("fid_fmnist_2k", MetricRegistry.feature("fid", 2000).name(), "Fashion-MNIST stays the default");
        assertEquals("swd_2048", MetricRegistry.nameOf("swd", "shapes", 2048).toString(), "pixel metrics have no domain");
        assertEquals(Map.of("precision_shapes_2k", 0.8, "recall_shapes_2k", 0.7),
                MetricRegistry.reported("pr_shapes_2k", Map.of("precision", 0.8, "recall", 0.7)));
        Map<String, Double> confidence = new java.util.LinkedHashMap<>();
        confidence.put("confidence", 0.9);
        confidence.put("confident", 0.8);
        confidence.put("confidence_real", 0.99);
        confidence.put("confident_real", 0.97);
        assertEquals(List.of("confidence_shapes_2k", "confidence_shapes_2k_real", "confident_shapes_2k",
                "confident_shapes_2k_real"),
                List.copyOf(MetricRegistry.reported("confidence_shapes_2k", confidence).keySet()));
    }

    @Test
    void unknownDomainsAreRefusedNamingTheValidOnes() {
        var named = assertThrows(IllegalArgumentException.class, () -> ClassifierDomain.named("cifar"));
        assertTrue(named.getMessage().contains("'cifar'") && named.getMessage().contains("fmnist, shapes"),
                named.getMessage());
        var kind = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("fid", "mnist", 2000));
        assertTrue(kind.getMessage().contains("fmnist, shapes"), kind.getMessage());
        var name = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("fid_cifar_10k"));
        assertTrue(name.getMessage().contains("fid_cifar_10k") && name.getMessage().contains("fmnist, shapes"),
                name.getMessage());
        var bare = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("fid_2048"));
        assertTrue(bare.getMessage().contains("fid_fmnist_2048") && bare.getMessage().contains("fid_shapes_2048"),
                bare.getMessage());
        assertEquals(ClassifierDomain.SHAPES, ClassifierDomain.named("Shapes"));
    }

    @Test
    void confidenceIsTheMeanTopProbabilityAndTheShareAboveTheThreshold() {
        double[][] sure = {{0.95, 0.05}, {0.02, 0.98}, {0.6, 0.4}, {0.5, 0.5}};
        double[][] real = {{0.99, 0.01}, {0.01, 0.99}};
        MetricResult r = new ClassifierConfidence("shapes", 4).compute(new Features(new double[2][1], real),
                new Features(new double[4][1], sure));
        assertEquals("confidence_shapes_4", r.metric());
        assertEquals((0.95 + 0.98 + 0.6 + 0.5) / 4, r.value("confidence"), 1e-12);
        assertEquals(0.5, r.value("confident"), 1e-12);
        assertEquals(0.99, r.value("confidence_real"), 1e-12);
        assertEquals(1.0, r.value("confident_real"), 1e-12);
        assertEquals(r.value("confidence"), r.value(), 0.0, "the mean is the headline");
        MetricResult noReal = new ClassifierConfidence(4).compute(Features.of(new double[2][1]),
                new Features(new double[4][1], sure));
        assertEquals("confidence_fmnist_4", noReal.metric());
        assertFalse(noReal.values().containsKey("confidence_real"));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifierConfidence(4).compute(null, Features.of(new double[4][1])));
    }
}
