package org.ganworkbench.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.NearestNeighbours;
import org.junit.jupiter.api.Test;

class NeighbourViewTest {

    @Test
    void oneRowPerGeneratedImageWithItsNeighbours() {
        // ten 28×28 training images of constant grey levels -1, -0.8, ..., 0.8
        float[] px = new float[10 * 784];
        for (int i = 0; i < 10; i++) {
            Arrays.fill(px, i * 784, (i + 1) * 784, -1f + 0.2f * i);
        }
        ImageSet train = new ImageSet("greys", 1, 28, 28, px, null, null);
        float[] generated = new float[2 * 784];
        Arrays.fill(generated, 0, 784, -1f);        // a copy of image 0
        Arrays.fill(generated, 784, 1568, 0.55f);    // between images 7 (0.4) and 8 (0.6)
        NearestNeighbours.Result nn = NearestNeighbours.inPixels(train, generated, 2, 3);
        assertEquals(0, nn.indices()[0][0]);
        assertEquals(8, nn.indices()[1][0]);
        BufferedImage img = NeighbourView.of(train, generated, nn);
        // 4 columns of 56 px + 5 gaps of 2; a header, then 2 rows of 56 px + gap + caption
        assertEquals(4 * 56 + 5 * 2, img.getWidth());
        assertEquals(18 + 2 + 2 * (56 + 2 + 14), img.getHeight());
        // the first neighbour of row 0 is image 0 itself: black
        assertEquals(0x000000, img.getRGB(2 + 58 + 28, 18 + 2 + 28) & 0xFFFFFF);
    }

    @Test
    void theConvenienceFormFindsNeighboursItself() {
        float[] px = new float[5 * 16];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 7) / 7f;
        }
        ImageSet train = new ImageSet("tiny", 1, 4, 4, px, null, null);
        BufferedImage img = NeighbourView.of(train, Arrays.copyOf(px, 3 * 16), 3, 2);
        assertEquals(3, (img.getWidth() - 2) / (4 * 14 + 2));
        assertThrows(IllegalArgumentException.class, () -> NeighbourView.of(train, new float[10], 1, 2));
    }
}
