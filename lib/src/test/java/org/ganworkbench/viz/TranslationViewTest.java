package org.ganworkbench.viz;

import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.metrics.MapDiversity;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.Latent;
import org.ganworkbench.models.Pix2Pix;
import org.ganworkbench.models.Spade;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The translation figures, and the diversity of one map's images: a G without noise has none, real data has some. */
class TranslationViewTest {

    private static final PairedSet SCENES = ShapeScenes.render("scenes", ShapeScenes.layouts(16, 3), 16);

    @Test
    void figuresHaveOneCellPerImage() {
        try (Gan spade = Gan.create(Spade.builder(SCENES.sampleShape(), SCENES.mapShape()).width(4).hidden(4)
                .latent(Latent.gaussian(4)).dWidth(4).dLayers(2).build(), 1)) {
            BufferedImage modes = TranslationView.modes(spade, SCENES, 3, 4, 1);
            assertEquals(3 * 64 + 4 * 2, modes.getHeight(), "3 rows of 16 px images shown x4, 2 px gaps around them");
            assertTrue(TranslationView.triplets(spade, SCENES, 5, 1).getWidth() >= 5 * 64);
        }
        assertTrue(TranslationView.pairs(SCENES, 4, 1).getWidth() >= 4 * 64);
        BufferedImage real = TranslationView.realModes(ShapeScenes.layouts(2, 3), 3, 1, 16);
        assertEquals(2 * 64 + 3 * 2, real.getHeight());
    }

    @Test
    void aGeneratorWithoutNoiseHasNoDiversityAndRealDataHasSome() {
        try (Gan noNoise = Gan.create(Pix2Pix.builder(SCENES.sampleShape(), SCENES.mapShape()).width(4).depth(3)
                .dropout(0).dropoutBlocks(0).dWidth(4).dLayers(2).build(), 1);
             Gan spade = Gan.create(Spade.builder(SCENES.sampleShape(), SCENES.mapShape()).width(4).hidden(4)
                .latent(Latent.gaussian(4)).dWidth(4).dLayers(2).build(), 1)) {
            assertEquals(0, MapDiversity.of(noNoise, SCENES, 4, 3, 1), 0, "the same map gives the same image");
            assertTrue(MapDiversity.of(spade, SCENES, 4, 3, 1) > 0, "SPADE's latent changes the image");
        }
        double real = MapDiversity.real(ShapeScenes.layouts(8, 3), 3, 1, 16);
        assertTrue(real > 0.1 && real < 1.5, "recoloured scenes differ in every pixel's colour: " + real);
    }
}
