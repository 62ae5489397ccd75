package org.ganworkbench.metrics;

import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.Pix2Pix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chroma of the labelled pixels: closed forms, the real scenes' range, and a grey generator. */
class ShapeChromaTest {

    @Test
    void meanOfHalfTheChannelSpreadOverLabelledPixelsOnly() {
        // one 2 x 1 image: pixel 0 pure red (labelled), pixel 1 pure green (background, ignored)
        float[] x = {1, -1, /* G */ -1, 1, /* B */ -1, -1};
        assertEquals(1.0, ShapeChroma.foreground(x, new int[][] {{3, 0}}), 1e-12);
        // grey is 0 whatever its brightness; (0.2, -0.6, 0.0) has spread 0.8 -> 0.4; mean of the two 0.2
        float[] y = {0.5f, 0.2f, /* G */ 0.5f, -0.6f, /* B */ 0.5f, 0f};
        assertEquals(0.2, ShapeChroma.foreground(y, new int[][] {{1, 2}}), 1e-7);
        var none = assertThrows(IllegalArgumentException.class, () -> ShapeChroma.foreground(y, new int[][] {{0, 0}}));
        assertTrue(none.getMessage().contains("labelled pixel"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShapeChroma.foreground(new float[5], new int[][] {{1, 1}}));
    }

    @Test
    void realShapesAreColourfulAndAGreyGeneratorIsNot() {
        PairedSet scenes = ShapeScenes.render("scenes", ShapeScenes.layouts(32, 5), 16);
        double real = ShapeChroma.real(scenes, 32);
        // saturation 0.55-1 times brightness 0.7-1: 0.385-1 inside a shape, less on anti-aliased edges
        assertTrue(real > 0.4 && real < 0.95, "real shapes' chroma " + real);
        try (Gan g = Gan.create(Pix2Pix.builder(scenes.sampleShape(), scenes.mapShape()).width(4).depth(3)
                .dropout(0).dropoutBlocks(0).dWidth(4).dLayers(2).build(), 1)) {
            double untrained = ShapeChroma.of(g, scenes, 8, 1);
            // an untrained G's tanh output is small and near grey: far below real shapes
            assertTrue(untrained >= 0 && untrained < real / 2, "untrained G's chroma " + untrained);
            assertEquals(untrained, ShapeChroma.of(g, scenes, 8, 1), 0, "repeats");
        }
        assertThrows(IllegalArgumentException.class, () -> ShapeChroma.real(scenes, 33));
    }
}
