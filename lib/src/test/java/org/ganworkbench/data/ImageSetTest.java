package org.ganworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ganworkbench.engine.Engines;

class ImageSetTest {

    private static final int N = 10;
    private static final int C = 2;
    private static final int H = 3;
    private static final int W = 4;
    private static final int PER = C * H * W;

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = Engines.newManager(null);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Image i has every pixel equal to a value that identifies it: i / 10 - 0.5, plus a small ramp. */
    private static ImageSet tenImages() {
        float[] pixels = new float[N * PER];
        for (int i = 0; i < N; i++) {
            for (int p = 0; p < PER; p++) {
                pixels[i * PER + p] = i / 10f - 0.5f + p / 100f;
            }
        }
        int[] labels = new int[N];
        Arrays.setAll(labels, i -> i % 3);
        return new ImageSet("ten", C, H, W, pixels, labels, List.of("a", "b", "c"));
    }

    @Test
    void sampleHasTheBatchShapeAndTheDrawnImages() {
        ImageSet set = tenImages();
        NDArray batch = set.sample(manager, new Random(42), 7);
        assertEquals(new Shape(7, C, H, W), batch.getShape());
        assertEquals(DataType.FLOAT32, batch.getDataType());
        float[] values = batch.toFloatArray();
        Random replay = new Random(42);
        for (int b = 0; b < 7; b++) {
            float[] expected = set.image(replay.nextInt(N));
            assertArrayEquals(expected, Arrays.copyOfRange(values, b * PER, (b + 1) * PER), "image " + b);
        }
        for (float v : values) {
            assertTrue(v >= -1f && v <= 1f);
        }
    }

    @Test
    void labeledSamplesAreTheSameDrawsWithTheirClassesAndUnlabeledSetsRefuse() {
        ImageSet set = tenImages();
        assertEquals(3, set.classes());
        GanData.LabeledBatch labeled = set.sampleLabeled(manager, new Random(42), 7);
        assertArrayEquals(set.sample(manager, new Random(42), 7).toFloatArray(), labeled.samples().toFloatArray(),
                "the same images as sample() from the same seed");
        Random replay = new Random(42);
        for (int b = 0; b < 7; b++) {
            assertEquals(replay.nextInt(N) % 3, labeled.labels()[b], "label of image " + b);
        }
        NDArray oneHot = GanData.oneHot(manager, new int[] {2, 0, 1}, 3);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, oneHot.toFloatArray());
        assertEquals(new Shape(3, 3), oneHot.getShape());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> GanData.oneHot(manager, new int[] {0, 3}, 3));
        assertTrue(bad.getMessage().contains("label 1 is 3"), bad.getMessage());
        // no class names, or an unlabeled image: not conditional data
        ImageSet unnamed = ImageSet.ofSamples("plain", new Shape(C, H, W), set.toArray());
        assertEquals(0, unnamed.classes());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> unnamed.sampleLabeled(manager, new Random(1), 2));
        assertTrue(e.getMessage().contains("plain") && e.getMessage().contains("no class labels"), e.getMessage());
        int[] partly = new int[N];
        partly[4] = -1;
        assertEquals(0, new ImageSet("partly", C, H, W, set.toArray(), partly, List.of("a", "b")).classes());
        assertEquals(10, MnistDigits.CLASS_NAMES.size());
    }

    @Test
    void sampleIsDeterministicPerSeed() {
        ImageSet set = tenImages();
        float[] a = set.sample(manager, new Random(7), 16).toFloatArray();
        float[] b = set.sample(manager, new Random(7), 16).toFloatArray();
        float[] c = set.sample(manager, new Random(8), 16).toFloatArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertThrows(IllegalArgumentException.class, () -> set.sample(manager, new Random(1), 0));
    }

    @Test
    void djlRecordIsImageAndScalarLabel() {
        ImageSet set = tenImages();
        Record record = set.get(manager, 4);
        assertEquals(new Shape(C, H, W), record.getData().singletonOrThrow().getShape());
        NDArray label = record.getLabels().singletonOrThrow();
        assertEquals(new Shape(), label.getShape());
        assertEquals(1f, label.getFloat());
        assertArrayEquals(set.image(4), record.getData().singletonOrThrow().toFloatArray());
    }

    @Test
    void djlGetDataBatchesInOrder() throws Exception {
        ImageSet set = tenImages().withSampling(4, false);
        List<Shape> shapes = new ArrayList<>();
        List<Float> firstPixels = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (Batch batch : set.getData(manager)) {
            NDArray images = batch.getData().singletonOrThrow();
            shapes.add(images.getShape());
            float[] flat = images.toFloatArray();
            for (int b = 0; b < images.getShape().get(0); b++) {
                firstPixels.add(flat[b * PER]);
            }
            for (float l : batch.getLabels().singletonOrThrow().toFloatArray()) {
                labels.add(l);
            }
            assertEquals(1, batch.getLabels().singletonOrThrow().getShape().dimension());
            batch.close();
        }
        assertEquals(List.of(new Shape(4, C, H, W), new Shape(4, C, H, W), new Shape(2, C, H, W)), shapes);
        for (int i = 0; i < N; i++) {
            assertEquals(i / 10f - 0.5f, firstPixels.get(i), 1e-6f);
            assertEquals(i % 3, labels.get(i), 0f);
        }
    }

    @Test
    void defaultDjlSamplingCoversEveryImageOnce() throws Exception {
        ImageSet set = tenImages();
        int seen = 0;
        float sum = 0;
        for (Batch batch : set.getData(manager)) {
            NDArray images = batch.getData().singletonOrThrow();
            seen += (int) images.getShape().get(0);
            sum += batch.getLabels().singletonOrThrow().sum().getFloat();
            batch.close();
        }
        assertEquals(N, seen);
        assertEquals(0 + 1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0, sum, 0f);
    }

    @Test
    void headAndSubset() {
        ImageSet set = tenImages();
        ImageSet head = set.head(3);
        assertEquals(3, head.count());
        assertArrayEquals(set.image(2), head.image(2));
        assertEquals(N, set.head(100).count());

        ImageSet a = set.subset(5, 1);
        ImageSet b = set.subset(5, 1);
        assertEquals(5, a.count());
        List<Float> firsts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(a.image(i), b.image(i));
            firsts.add(a.image(i)[0]);
        }
        assertEquals(5, firsts.stream().distinct().count(), "subset draws without replacement");
        List<Float> sorted = new ArrayList<>(firsts);
        sorted.sort(null);
        assertEquals(sorted, firsts, "subset keeps the original order");
        assertNotEquals(firsts.toString(), subsetFirsts(set.subset(5, 2)).toString());
    }

    private static List<Float> subsetFirsts(ImageSet s) {
        List<Float> out = new ArrayList<>();
        for (int i = 0; i < s.count(); i++) {
            out.add(s.image(i)[0]);
        }
        return out;
    }

    @Test
    void batchAndLabelsFollowTheIndices() {
        ImageSet set = tenImages();
        NDArray batch = set.batch(manager, new int[] {9, 0, 9});
        assertEquals(new Shape(3, C, H, W), batch.getShape());
        assertArrayEquals(set.image(9), Arrays.copyOfRange(batch.toFloatArray(), 2 * PER, 3 * PER));
        assertArrayEquals(new int[] {0, 0, 0}, set.labels(new int[] {9, 0, 9}));
        assertThrows(IndexOutOfBoundsException.class, () -> set.batch(manager, new int[] {10}));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 1, 1, 2, new float[] {0f, 1.01f}, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 1, 1, 2, new float[] {0f, Float.NaN}, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 1, 1, 2, new float[] {0f, 0f, 0f}, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("x", 1, 1, 1, new float[] {0f}, new int[] {2}, List.of("a", "b")));
        ImageSet unlabeled = new ImageSet("u", 1, 1, 1, new float[] {0f, 0.5f}, null, null);
        assertEquals(-1, unlabeled.label(1));
        assertTrue(unlabeled.classNames().isEmpty());
    }
}
