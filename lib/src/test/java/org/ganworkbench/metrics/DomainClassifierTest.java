package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.ganworkbench.data.ImageSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No real training here: shapes on an untrained network, and a few batches for the save/load round trip. */
class DomainClassifierTest {

    private static DomainClassifier untrained;

    @BeforeAll
    static void build() {
        untrained = DomainClassifier.untrained(1);
    }

    @AfterAll
    static void close() {
        untrained.close();
    }

    private static ImageSet randomImages(int n, int channels, int side, long seed) {
        Random rng = new Random(seed);
        float[] px = new float[n * channels * side * side];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextFloat() * 2 - 1;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new ImageSet("random", channels, side, side, px, labels, null);
    }

    @Test
    void featuresAndProbabilitiesHaveTheRightShape() {
        ImageSet images = randomImages(7, 1, 28, 2);
        Features f = untrained.features(images);
        assertEquals(7, f.count());
        assertEquals(DomainClassifier.FEATURE_DIM, f.dim());
        for (double[] p : f.probabilities()) {
            assertEquals(ClassifierDomain.FMNIST.classes(), p.length);
            double sum = 0;
            for (double v : p) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
        assertTrue(Double.isNaN(untrained.info().testAccuracy()));
    }

    @Test
    void flatArraysGiveTheSameFeaturesAsImageSets() {
        ImageSet images = randomImages(3, 1, 28, 3);
        float[] flat = new float[3 * 784];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(images.image(i), 0, flat, i * 784, 784);
        }
        Features a = untrained.features(images);
        Features b = untrained.features(flat, 3);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.features()[i], b.features()[i], 0.0);
        }
    }

    @Test
    void rgbImagesAreRefusedNamingTheExpectedShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> untrained.features(randomImages(2, 3, 28, 4)));
        assertTrue(e.getMessage().contains("(1, 28, 28)") && e.getMessage().contains("(3, 28, 28)"), e.getMessage());
    }

    @Test
    void wrongSizesAreRefusedNamingTheExpectedShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> untrained.features(randomImages(2, 1, 32, 5)));
        assertTrue(e.getMessage().contains("(1, 28, 28)") && e.getMessage().contains("resize"), e.getMessage());
        var flat = assertThrows(IllegalArgumentException.class, () -> untrained.features(new float[2 * 3 * 32 * 32], 2));
        assertTrue(flat.getMessage().contains("(1, 28, 28)") && flat.getMessage().contains("3 x 32 x 32"),
                flat.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> untrained.features(new float[2 * 784], 2, new Shape(1, 784, 1)));
    }

    @Test
    void trainSaveLoadGivesIdenticalPredictions(@TempDir Path dir) throws Exception {
        ImageSet train = randomImages(64, 1, 28, 6);
        ImageSet test = randomImages(20, 1, 28, 7);
        Path saved = dir.resolve("classifier");
        try (DomainClassifier c = ClassifierTraining.defaults().epochs(2).batchSize(16).maxBatchesPerEpoch(2)
                .decayedEpochs(1).seed(3).log(null).train(train, test)) {
            assertFalse(Double.isNaN(c.info().testAccuracy()));
            ClassifierStore.save(c, saved);
            assertTrue(ClassifierStore.isSaved(saved));
            assertEquals(64, c.info().trainImages());
            try (DomainClassifier loaded = ClassifierStore.load(saved)) {
                Features before = c.features(test);
                Features after = loaded.features(test);
                for (int i = 0; i < test.count(); i++) {
                    assertArrayEquals(before.features()[i], after.features()[i], 0.0);
                    assertArrayEquals(before.probabilities()[i], after.probabilities()[i], 0.0);
                }
                assertEquals(c.info(), loaded.info());
                assertEquals(64, ClassifierStore.sha256(Files.readAllBytes(saved.resolve(ClassifierStore.PARAMS_FILE)))
                        .length());
            }
            ClassifierStore.save(c, saved);   // replacing a saved classifier leaves exactly one folder, no temporary ones
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count());
            }
        }
        // a damaged parameter file is refused, naming the file
        Path params = saved.resolve(ClassifierStore.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 1] ^= 1;
        Files.write(params, bytes);
        var e = assertThrows(UncheckedIOException.class, () -> ClassifierStore.load(saved));
        assertTrue(e.getMessage().contains(ClassifierStore.PARAMS_FILE), e.getMessage());
    }
}
