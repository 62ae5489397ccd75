package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scene segmenter: the untrained network's outputs and the inference paths on both engines,
 * the loss, a few training batches for determinism and the store round trip; and (slow) the
 * trained segmenter's scores on the real test scenes, against their own maps and against the maps
 * of other scenes.
 */
class SceneSegmenterTest {

    private static final int K = SceneSegmenter.CLASSES;

    private static PairedSet scenes(String name, int n, long seed, int size) {
        return ShapeScenes.render(name, ShapeScenes.layouts(n, seed), size);
    }

    /** Java's argmax over the classes of (N, K, S, S) logits, the first of equal ones. */
    private static int[] argmax(float[] logits, int n, int plane) {
        int[] out = new int[n * plane];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) {
                int best = 0;
                for (int k = 1; k < K; k++) {
                    if (logits[(i * K + k) * plane + p] > logits[(i * K + best) * plane + p]) {
                        best = k;
                    }
                }
                out[i * plane + p] = best;
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void untrainedNetworkGivesLogitsForEveryPixelAndClassAndItsArgmax(String engine) {
        PairedSet set = scenes("shapes", 5, 3, 32);
        try (SceneSegmenter s = SceneSegmenter.untrained(32, 1, engine)) {
            assertEquals(engine, s.engine().getEngineName());
            assertTrue(Double.isNaN(s.info().pixelAccuracy()) && Double.isNaN(s.info().meanIou()));
            assertEquals(SceneSegmenter.architecture(32), s.info().architecture());
            try (NDManager m = s.manager().newSubManager()) {
                NDArray out = s.network().forward(new ParameterStore(m, false),
                        new NDList(set.images(m, new int[] {0, 1, 2})), false).singletonOrThrow();
                assertEquals(new Shape(3, K, 32, 32), out.getShape());
            }
            float[] logits = s.logits(set.images());
            assertEquals(5 * K * 32 * 32, logits.length);
            int[] ids = s.segment(set.images());
            assertEquals(5 * 32 * 32, ids.length);
            assertTrue(Arrays.stream(ids).allMatch(id -> id >= 0 && id < K), "ids in [0, K)");
            assertArrayEquals(argmax(logits, 5, 32 * 32), ids);
            // the untrained network does not answer one class everywhere: the check above compares real choices
            assertTrue(Arrays.stream(ids).distinct().count() >= 2, "classes predicted: " + Arrays.stream(ids).distinct().count());
        }
    }

    @Test
    void chunkedSegmentationEqualsOnePassAndFlatPixelsTheSets() {
        PairedSet set = scenes("shapes", 7, 4, 32);
        try (SceneSegmenter s = SceneSegmenter.untrained(32, 2, null)) {
            int[] onePass = s.segment(set.images(), 7);
            assertArrayEquals(onePass, s.segment(set.images(), 1));
            assertArrayEquals(onePass, s.segment(set.images(), 3));
            assertArrayEquals(onePass, s.segment(set.images()));
            assertArrayEquals(onePass, s.segment(set.images().toArray(), 7));
            assertEquals(256, SceneSegmenter.chunkImages(32));
            assertEquals(64, SceneSegmenter.chunkImages(64));
        }
    }

    @Test
    void scoreCountsEveryPixelAgainstTheMapOfTheSameIndex() {
        PairedSet set = scenes("shapes", 6, 5, 32);
        try (SceneSegmenter s = SceneSegmenter.untrained(32, 3, null)) {
            ConfusionMatrix cm = s.score(set);
            assertEquals(6L * 32 * 32, cm.total());
            int[] ids = s.segment(set.images());
            ConfusionMatrix expected = new ConfusionMatrix(K);
            for (int i = 0; i < 6; i++) {
                expected.add(set.labelMap(i), Arrays.copyOfRange(ids, i * 1024, (i + 1) * 1024));
            }
            for (int t = 0; t < K; t++) {
                for (int p = 0; p < K; p++) {
                    assertEquals(expected.count(t, p), cm.count(t, p), t + " -> " + p);
                }
            }
            var counts = assertThrows(IllegalArgumentException.class,
                    () -> s.score(set.images().head(5), set));
            assertTrue(counts.getMessage().contains("5 images") && counts.getMessage().contains("6 maps"),
                    counts.getMessage());
        }
    }

    @Test
    void otherShapesAreRefusedNamingTheExpectedOneAndTheFix() {
        try (SceneSegmenter s = SceneSegmenter.untrained(32, 1, null)) {
            var big = assertThrows(IllegalArgumentException.class, () -> s.segment(scenes("big", 2, 1, 64).images()));
            assertTrue(big.getMessage().contains("(3, 32, 32)") && big.getMessage().contains("(3, 64, 64)")
                    && big.getMessage().contains("forSize(64)") && big.getMessage().contains("downsampled(32)"),
                    big.getMessage());
            var flat = assertThrows(IllegalArgumentException.class, () -> s.segment(new float[2 * 784], 2));
            assertTrue(flat.getMessage().contains("(3, 32, 32)") && flat.getMessage().contains("784 per image"),
                    flat.getMessage());
        }
        var size = assertThrows(IllegalArgumentException.class, () -> SceneSegmenter.untrained(48, 1, null));
        assertTrue(size.getMessage().contains("power of two") && size.getMessage().contains("48"), size.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void pixelCrossEntropyIsTheMeanNegativeLogSoftmaxAndStaysFiniteForHugeLogits(String engine) {
        int n = 2;
        int h = 2;
        int w = 3;
        int plane = h * w;
        Random rng = new Random(9);
        float[] x = new float[n * K * plane];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (rng.nextGaussian() * 300);   // exp overflows float (and double) at these sizes
        }
        int[] labels = new int[n * plane];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = rng.nextInt(K);
        }
        double expected = 0;
        double[] softmax = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < K; k++) {
                    max = Math.max(max, x[(i * K + k) * plane + p]);
                }
                double sum = 0;
                for (int k = 0; k < K; k++) {
                    sum += Math.exp(x[(i * K + k) * plane + p] - max);
                }
                for (int k = 0; k < K; k++) {
                    softmax[(i * K + k) * plane + p] = Math.exp(x[(i * K + k) * plane + p] - max) / sum;
                }
                expected += max + Math.log(sum) - x[(i * K + labels[i * plane + p]) * plane + p];
            }
        }
        expected /= n * plane;
        try (NDManager m = Engines.newManager(engine)) {
            NDArray logits = m.create(x, new Shape(n, K, h, w));
            logits.setRequiresGradient(true);
            NDArray target = PairedSet.oneHotMaps(m, labels, n, K, h, w);
            float loss;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray l = SegmenterTraining.pixelCrossEntropy(logits, target);
                loss = l.getFloat();
                gc.backward(l);
            }
            assertTrue(Float.isFinite(loss));
            assertEquals(expected, loss, 1e-4 * Math.abs(expected));
            // d loss / d x_k = (softmax_k - [k = y]) / (pixels): the shift by the maximum changes nothing
            float[] grad = logits.getGradient().toFloatArray();
            float[] hot = target.toFloatArray();
            for (int j = 0; j < grad.length; j++) {
                assertEquals((softmax[j] - hot[j]) / (n * plane), grad[j], 1e-6, "gradient " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void trainingRepeatsAndSavedSegmentersLoadOnBothEnginesAndRefuseDamage(String engine, @TempDir Path dir)
            throws Exception {
        PairedSet train = scenes("train", 48, 21, 32);
        PairedSet test = scenes("test", 12, 22, 32);
        Path saved = dir.resolve("segmenter");
        SegmenterTraining settings = SegmenterTraining.defaults(32).epochs(2).batchSize(8).maxBatchesPerEpoch(3)
                .seed(4).engine(engine).log(null);
        try (SceneSegmenter a = settings.train(train, test); SceneSegmenter b = settings.train(train, test)) {
            float[] logits = a.logits(test.images());
            assertArrayEquals(logits, b.logits(test.images()), "the same seed trains the same weights");
            SceneSegmenter.Info info = a.info();
            assertEquals(engine, info.engine());
            assertEquals(48, info.trainImages());
            assertEquals(12, info.testImages());
            assertEquals(a.score(test).pixelAccuracy(), info.pixelAccuracy(), 1e-12);
            assertEquals(a.score(test).meanIou(), info.meanIou(), 1e-12);
            assertEquals(ShapeScenes.LABEL_NAMES, java.util.List.copyOf(info.classIou().keySet()));
            SegmenterStore.save(a, saved);
            assertTrue(SegmenterStore.isSaved(saved));
            assertEquals(64, a.info().paramsSha256().length());
            for (String other : new String[] {Engines.MXNET, Engines.PYTORCH}) {
                try (SceneSegmenter loaded = SegmenterStore.load(saved, 32, Engines.get(other))) {
                    assertEquals(a.info(), loaded.info());
                    float[] again = loaded.logits(test.images());
                    if (other.equals(engine)) {
                        assertArrayEquals(logits, again, "identical on the engine it was saved from");
                        assertArrayEquals(a.segment(test.images()), loaded.segment(test.images()));
                    } else {
                        float worst = 0;
                        for (int j = 0; j < logits.length; j++) {
                            worst = Math.max(worst, Math.abs(logits[j] - again[j]));
                        }
                        assertTrue(worst < 1e-3, "logits on " + other + " differ by up to " + worst);
                        int[] x = a.segment(test.images());
                        int[] y = loaded.segment(test.images());
                        long same = 0;
                        for (int j = 0; j < x.length; j++) {
                            same += x[j] == y[j] ? 1 : 0;
                        }
                        assertTrue(same >= 0.999 * x.length, same + " of " + x.length + " pixels agree");
                    }
                }
            }
            SegmenterStore.save(a, saved);   // replacing leaves exactly one folder: no previous copy, no temporary one
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count());
            }
        }
        // a segmenter of another side is refused, naming the description file and both architectures
        var side = assertThrows(UncheckedIOException.class, () -> SegmenterStore.load(saved, 16, Engines.get(engine)));
        assertTrue(side.getMessage().contains(SegmenterStore.INFO_FILE)
                && side.getMessage().contains("3x32x32") && side.getMessage().contains("3x16x16")
                && side.getMessage().contains("forSize(16)"), side.getMessage());
        // a damaged parameter file is refused, naming the file and the fix
        Path params = saved.resolve(SegmenterStore.PARAMS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 1] ^= 1;
        Files.write(params, bytes);
        var damaged = assertThrows(UncheckedIOException.class, () -> SegmenterStore.load(saved));
        assertTrue(damaged.getMessage().contains(params.toString()) && damaged.getMessage().contains("forSize(32)"),
                damaged.getMessage());
        // also without the manifest, by the hash in the description
        Files.delete(saved.resolve(org.ganworkbench.storage.ManifestFolder.MANIFEST));
        var hash = assertThrows(UncheckedIOException.class, () -> SegmenterStore.load(saved));
        assertTrue(hash.getMessage().contains(params.toString()) && hash.getMessage().contains("SHA-256"),
                hash.getMessage());
    }

    /**
     * The segmenter runs use: {@link SceneSegmenter#forSize}, loaded from
     * {@code data/cache/segmenter-scenes32/} or trained there first (a few minutes on 2 cores).
     */
    @Test
    @Tag("slow")
    void trainedOnRealScenesItSegmentsRealTestScenesAndNotTheMapsOfOthers() {
        PairedSet test = ShapeScenes.test(32);
        try (SceneSegmenter s = SceneSegmenter.forSize(32)) {
            SceneSegmenter.Info info = s.info();
            System.out.println("scene segmenter: " + info);
            long start = System.nanoTime();
            int[] ids = s.segment(test.images());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("segmentation: %d images in %.2f s (%.0f images/s) on %s%n", test.count(), seconds,
                    test.count() / seconds, s.engine().getEngineName());
            ConfusionMatrix real = new ConfusionMatrix(K);
            ConfusionMatrix shifted = new ConfusionMatrix(K);
            int plane = 32 * 32;
            for (int i = 0; i < test.count(); i++) {
                int[] predicted = Arrays.copyOfRange(ids, i * plane, (i + 1) * plane);
                real.add(test.labelMap(i), predicted);
                shifted.add(test.labelMap((i + 1) % test.count()), predicted);
            }
            System.out.printf("real test scenes: pixel accuracy %.4f, mIoU %.4f, IoU %s%n", real.pixelAccuracy(),
                    real.meanIou(), Arrays.toString(real.iou()));
            System.out.printf("against the next scene's map: pixel accuracy %.4f, mIoU %.4f, IoU %s%n",
                    shifted.pixelAccuracy(), shifted.meanIou(), Arrays.toString(shifted.iou()));
            assertEquals(info.testImages(), test.count());
            assertEquals(info.pixelAccuracy(), real.pixelAccuracy(), 1e-4, "the stored score is measured again");
            assertEquals(info.meanIou(), real.meanIou(), 1e-3);
            assertTrue(real.pixelAccuracy() >= SceneSegmenter.REQUIRED_PIXEL_ACCURACY, "pixel accuracy");
            assertTrue(real.meanIou() >= SceneSegmenter.REQUIRED_MEAN_IOU, "mIoU");
            for (double iou : real.iou()) {
                assertTrue(iou >= 0.6, "every class is found: " + Arrays.toString(real.iou()));
            }
            // the floor: the same segmentation against other scenes' maps
            assertTrue(shifted.meanIou() < 0.5 * real.meanIou(), "mIoU against other maps " + shifted.meanIou());
            assertTrue(shifted.pixelAccuracy() < real.pixelAccuracy() - 0.15,
                    "pixel accuracy against other maps " + shifted.pixelAccuracy());
            // the saved weights load on the other engine too, with the same scores
            String other = s.engine().getEngineName().equals(Engines.MXNET) ? Engines.PYTORCH : Engines.MXNET;
            try (SceneSegmenter there = SegmenterStore.load(SegmenterStore.dir(32), 32, Engines.get(other))) {
                long t = System.nanoTime();
                ConfusionMatrix cm = there.score(test);
                System.out.printf("on %s: %d images scored in %.2f s, pixel accuracy %.4f, mIoU %.4f%n", other,
                        test.count(), (System.nanoTime() - t) / 1e9, cm.pixelAccuracy(), cm.meanIou());
                assertEquals(real.pixelAccuracy(), cm.pixelAccuracy(), 1e-4, other);
                assertEquals(real.meanIou(), cm.meanIou(), 1e-3, other);
            }
        }
    }
}
