package org.ganworkbench.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The mean pairwise L1 of images of one map, against hand sums. */
class MapDiversityTest {

    @Test
    void meanOverMapsOfMeanOverPairs() {
        // map 0: three images 0, 0.5, 1 (2 pixels each): pairs 0.5, 1, 0.5 -> 2/3; map 1: all alike -> 0
        float[] x = {0, 0, 0.5f, 0.5f, 1, 1, 0.2f, -0.2f, 0.2f, -0.2f, 0.2f, -0.2f};
        assertEquals((2.0 / 3 + 0) / 2, MapDiversity.meanPairwiseL1(x, 2, 3), 1e-7);
        // one pixel differs: its difference over the pixel count
        assertEquals(0.25, MapDiversity.meanPairwiseL1(new float[] {0, 0, 0, 0, 0, 0, 0, 1}, 1, 2), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> MapDiversity.meanPairwiseL1(new float[4], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> MapDiversity.meanPairwiseL1(new float[5], 1, 2));
    }
}
