package org.ganworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PairedSetTest {

    private static NDManager manager;
    private static PairedSet scenes;

    @BeforeAll
    static void engine() {
        manager = Engines.newManager(null);
        scenes = ShapeScenes.render("scenes", ShapeScenes.layouts(12, 5), 16);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Two gray 1 x 3 x 4 images (values 0.1 and 0.2) with hand-written 3 x 4 label maps of 3 classes. */
    private static ImageSet twoImages() {
        float[] px = new float[2 * 12];
        Arrays.fill(px, 0, 12, 0.1f);
        Arrays.fill(px, 12, 24, 0.2f);
        return new ImageSet("two", 1, 3, 4, px, null, null);
    }

    private static final int[] TWO_LABELS = {
        0, 0, 1, 1,
        0, 0, 1, 1,
        2, 2, 2, 2,

        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
    };

    @Test
    void mapsAreOneHotLabelPlanesThenTheEdgePlane() {
        int[] indices = {3, 0, 3, 11};
        NDArray maps = scenes.maps(manager, indices);
        int k = ShapeScenes.LABEL_CLASSES;
        assertEquals(new Shape(4, k + 1, 16, 16), maps.getShape());
        assertEquals(DataType.FLOAT32, maps.getDataType());
        float[] v = maps.toFloatArray();
        int plane = 16 * 16;
        int edgesSeen = 0;
        for (int b = 0; b < indices.length; b++) {
            int[] labels = scenes.labelMap(indices[b]);
            boolean[] edges = scenes.edgeMap(indices[b]);
            for (int p = 0; p < plane; p++) {
                float sum = 0;
                for (int c = 0; c < k; c++) {
                    float x = v[(b * (k + 1) + c) * plane + p];
                    assertTrue(x == 0f || x == 1f);
                    sum += x;
                }
                assertEquals(1f, sum, 0f, "one-hot at pixel " + p + " of map " + b);
                assertEquals(1f, v[(b * (k + 1) + labels[p]) * plane + p], "the label's plane");
                assertEquals(edges[p] ? 1f : 0f, v[(b * (k + 1) + k) * plane + p], "edge plane at " + p);
                edgesSeen += edges[p] ? 1 : 0;
            }
        }
        assertTrue(edgesSeen > 40, "the edge plane has the shapes' outlines: " + edgesSeen);
        assertArrayEquals(Arrays.copyOfRange(v, 0, (k + 1) * plane), Arrays.copyOfRange(v, 2 * (k + 1) * plane,
                3 * (k + 1) * plane), 0f, "a repeated index repeats the map");
        assertEquals(scenes.mapShape(), new Shape(k + 1, 16, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> scenes.maps(manager, new int[] {12}));
        assertThrows(IllegalArgumentException.class, () -> scenes.maps(manager, new int[0]));
    }

    @Test
    void sampleAndSamplePairedMakeTheSameDraws() {
        Random a = new Random(9);
        Random b = new Random(9);
        NDArray plain = scenes.sample(manager, a, 6);
        GanData.PairedBatch paired = scenes.samplePaired(manager, b, 6);
        assertEquals(a.nextLong(), b.nextLong(), "both leave the random source in the same state");
        assertArrayEquals(plain.toFloatArray(), paired.images().toFloatArray(), 0f);
        Random replay = new Random(9);
        int[] expected = new int[6];
        Arrays.setAll(expected, i -> replay.nextInt(12));
        assertArrayEquals(expected, paired.indices(), "one nextInt(count) per image, as ImageSet draws");
        assertArrayEquals(scenes.images().sample(manager, new Random(9), 6).toFloatArray(), plain.toFloatArray(), 0f);
        assertArrayEquals(scenes.images(manager, expected).toFloatArray(), paired.images().toFloatArray(), 0f);
        assertArrayEquals(scenes.maps(manager, expected).toFloatArray(), paired.maps().toFloatArray(), 0f);
        assertEquals(new Shape(6, 7, 16, 16), paired.maps().getShape());
        assertEquals(new Shape(6, 3, 16, 16), paired.images().getShape());
        assertTrue(Arrays.stream(expected).distinct().count() > 1, "the draws are not all one image");
    }

    @Test
    void setsWithoutMapsRefuseToSamplePairs() {
        ImageSet plain = twoImages();
        assertNull(plain.mapShape());
        var e = assertThrows(UnsupportedOperationException.class, () -> plain.samplePaired(manager, new Random(1), 2));
        assertTrue(e.getMessage().startsWith("two carries no condition maps"), e.getMessage());
        assertTrue(e.getMessage().contains("ImageFolder.loadPairs"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> scenes.sampleLabeled(manager, new Random(1), 2),
                "no class labels for a conditional GAN");
    }

    @Test
    void edgesAreComputedFromTheLabelsWhenNotGiven() {
        PairedSet set = new PairedSet("hand", twoImages(), TWO_LABELS, null, List.of("sky", "road", "car"));
        assertEquals(3, set.labelClasses());
        assertEquals(List.of("sky", "road", "car"), set.labelNames());
        assertEquals(new Shape(4, 3, 4), set.mapShape());
        assertEquals(new Shape(1, 3, 4), set.sampleShape());
        assertArrayEquals(Arrays.copyOf(TWO_LABELS, 12), set.labelMap(0));
        boolean t = true;
        boolean f = false;
        assertArrayEquals(new boolean[] {
            f, t, t, f,
            t, t, t, t,
            t, t, t, t,
        }, set.edgeMap(0));
        assertArrayEquals(new boolean[12], set.edgeMap(1), "one label everywhere: no boundary");
        boolean[] given = new boolean[24];
        given[13] = true;
        PairedSet withEdges = new PairedSet("hand", twoImages(), TWO_LABELS, given, List.of("sky", "road", "car"));
        given[14] = true;
        boolean[] expected = new boolean[12];
        expected[1] = true;
        assertArrayEquals(expected, withEdges.edgeMap(1), "the given edges, copied");
        int[] labels = TWO_LABELS.clone();
        PairedSet copied = new PairedSet("hand", twoImages(), labels, null, List.of("sky", "road", "car"));
        labels[0] = 2;
        assertEquals(0, copied.labelMap(0)[0], "the labels are copied");
        float[] oneHot = copied.maps(manager, new int[] {0}).toFloatArray();
        assertEquals(1f, oneHot[0], "pixel (0, 0) has class 0");
        assertEquals(1f, oneHot[12 + 2], "pixel (2, 0) has class 1, in plane 1");
        assertEquals(1f, oneHot[2 * 12 + 8], "pixel (0, 2) has class 2");
        assertEquals(1f, oneHot[3 * 12 + 1], "pixel (1, 0) is on the 0|1 boundary");
        assertEquals(0f, oneHot[3 * 12], "pixel (0, 0) is not");
        assertTrue(copied.toString().contains("2 x (1, 3, 4) with label maps of 3 classes"), copied.toString());
    }

    @Test
    void theConstructorNamesTheSetAndTheFirstBadValue() {
        List<String> names = List.of("sky", "road", "car");
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PairedSet("hand", twoImages(), new int[23], null, names));
        assertTrue(e.getMessage().startsWith("hand: 23 label values for 2 images of 3 x 4 (24 expected"), e.getMessage());
        int[] bad = TWO_LABELS.clone();
        bad[17] = 3;
        bad[20] = 7;
        e = assertThrows(IllegalArgumentException.class, () -> new PairedSet("hand", twoImages(), bad, null, names));
        assertTrue(e.getMessage().startsWith("hand: label 17 (image 1, pixel (1, 1)) is 3, outside [0, 3)"),
                e.getMessage());
        int[] negative = TWO_LABELS.clone();
        negative[2] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> new PairedSet("hand", twoImages(), negative, null, names));
        assertTrue(e.getMessage().startsWith("hand: label 2 (image 0, pixel (2, 0)) is -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PairedSet("hand", twoImages(), TWO_LABELS, new boolean[12], names));
        assertTrue(e.getMessage().startsWith("hand: 12 edge values for 2 images of 3 x 4 (24 expected"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PairedSet("hand", twoImages(), new int[24], null, List.of()));
        assertTrue(e.getMessage().contains("hand: needs 1 to 256 label names"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PairedSet("hand", twoImages(), new int[24], null, Collections.nCopies(257, "x")));
        assertTrue(e.getMessage().contains("got 257"), e.getMessage());
        // 256 classes fit in the byte per pixel
        int[] high = new int[24];
        high[5] = 255;
        assertEquals(255, new PairedSet("many", twoImages(), high, null, Collections.nCopies(256, "x")).labelMap(0)[5]);
    }

    @Test
    void headAndSubsetKeepImagesAndMapsTogether() {
        PairedSet head = scenes.head(4);
        assertEquals("scenes[:4]", head.name());
        assertEquals(4, head.count());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(scenes.labelMap(i), head.labelMap(i));
            assertArrayEquals(scenes.edgeMap(i), head.edgeMap(i));
            assertArrayEquals(scenes.images().image(i), head.images().image(i), 0f);
        }
        assertEquals(12, scenes.head(50).count());
        PairedSet subset = scenes.subset(5, 3);
        ImageSet imagesSubset = scenes.images().subset(5, 3);
        assertEquals("scenes[5@3]", subset.name());
        assertEquals(imagesSubset.name(), subset.images().name());
        int[] chosen = scenes.images().subsetIndices(5, 3);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(imagesSubset.image(i), subset.images().image(i), 0f, "the images subset() picks");
            assertArrayEquals(scenes.images().image(chosen[i]), subset.images().image(i), 0f);
            assertArrayEquals(scenes.labelMap(chosen[i]), subset.labelMap(i), "with their own maps");
            assertArrayEquals(scenes.edgeMap(chosen[i]), subset.edgeMap(i));
        }
        assertTrue(chosen[4] > 4, "a subset, not the head: " + Arrays.toString(chosen));
        assertThrows(IllegalArgumentException.class, () -> scenes.head(0));
        assertThrows(IndexOutOfBoundsException.class, () -> scenes.labelMap(12));
    }

    @Test
    void oneHotMapsOfPlainLabels() {
        int[] labels = {0, 2, 1, 2, 2, 0};   // two maps of 1 x 3
        NDArray maps = PairedSet.oneHotMaps(manager, labels, 2, 3, 1, 3);
        assertEquals(new Shape(2, 3, 1, 3), maps.getShape());
        assertArrayEquals(new float[] {
            1, 0, 0, /* */ 0, 0, 1, /* */ 0, 1, 0,
            0, 0, 1, /* */ 0, 0, 0, /* */ 1, 1, 0,
        }, maps.toFloatArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class,
                () -> PairedSet.oneHotMaps(manager, new int[] {0, 1, 3, 0}, 2, 3, 1, 2));
        assertTrue(e.getMessage().contains("label 2 (map 1, pixel (0, 0)) is 3, outside [0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairedSet.oneHotMaps(manager, labels, 2, 3, 2, 2));
        assertTrue(e.getMessage().contains("6 labels for 2 maps of 2 x 2 (8 expected)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairedSet.oneHotMaps(manager, labels, 2, 0, 1, 3));
    }
}
