package org.ganworkbench.viz;

import ai.djl.ndarray.NDManager;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.ConditionalGan;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.Latent;
import org.ganworkbench.nn.ConditionalGenerator;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A conditional G's pictures: one class per grid row, the same latents down a class grid's columns. */
class ConditionalViewsTest {

    @Test
    void gridRowsAreClassesAndAClassGridKeepsTheLatentsAcrossRows() {
        ConditionalGan arch = ConditionalGan.builder(new ai.djl.ndarray.types.Shape(3, 16, 16), 3).width(8)
                .latent(Latent.gaussian(8)).generatorConditioning(ConditionalGenerator.Mode.CONCAT).build();
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1)) {
            assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 0}, Views.rowClasses(gan, 7, 2));
            assertArrayEquals(new int[] {0, 1, 2, 0, 0, 1, 2, 0, 0}, gan.sampleClasses(9, 4), "each chunk from 0 again");
            float[] z = gan.latent().draw(new Random(4), 6);
            BufferedImage grid = Views.sampleGrid(gan, z, 2);
            BufferedImage direct;
            try (NDManager m = gan.manager().newSubManager()) {
                direct = SampleGrid.of(gan.generate(m.create(z, new ai.djl.ndarray.types.Shape(6, 8)),
                        GanData.oneHot(m, new int[] {0, 0, 1, 1, 2, 2}, 3), false), 2);
            }
            assertArrayEquals(pixels(direct), pixels(grid), "row r is class r");
            // a class grid: the same two latents in every row, one class per row
            BufferedImage classes = Views.classGrid(gan, 2, 4);
            float[] two = gan.latent().draw(new Random(4), 2);
            float[] repeated = new float[6 * 8];
            for (int r = 0; r < 3; r++) {
                System.arraycopy(two, 0, repeated, r * 16, 16);
            }
            assertArrayEquals(pixels(Views.sampleGrid(gan, repeated, 2)), pixels(classes));
            assertFalse(Arrays.equals(pixels(classes), pixels(Views.sampleGrid(gan, repeated, 2, new int[6]))),
                    "a concatenated class changes the images");
            float[] flat = Views.generate(gan, z);
            assertEquals(6 * 3 * 16 * 16, flat.length);
        }
        var e = assertThrows(IllegalStateException.class, () -> {
            try (Gan plain = Gan.create(org.ganworkbench.models.Dcgan.builder(new ai.djl.ndarray.types.Shape(1, 28, 28))
                    .build(), 1)) {
                Views.classGrid(plain, 2, 1);
            }
        });
        assertEquals(true, e.getMessage().contains("is not conditional"), e.getMessage());
    }

    /** G's attention weights: one distribution over the attended map per query; drawn per query. */
    @Test
    void attentionMapsAreDistributionsOverTheAttendedMap() {
        ConditionalGan arch = ConditionalGan.builder(new ai.djl.ndarray.types.Shape(1, 32, 32), 3).width(8)
                .latent(Latent.gaussian(8)).attentionAt(16).build();
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1); NDManager m = gan.manager().newSubManager()) {
            var z = m.create(gan.latent().draw(new Random(2), 2), new ai.djl.ndarray.types.Shape(2, 8));
            var beta = gan.generatorAttention(z, GanData.oneHot(m, new int[] {0, 2}, 3));
            assertEquals(new ai.djl.ndarray.types.Shape(2, 256, 256), beta.getShape());
            float[] sums = beta.sum(new int[] {2}).toFloatArray();
            for (float v : sums) {
                assertEquals(1f, v, 1e-4f);
            }
            BufferedImage view = AttentionView.of(gan, gan.latent().draw(new Random(2), 1), 1, new int[][] {{3, 4}, {10, 12}}, 4);
            assertEquals(3 * 128, view.getWidth() - 2 * 4, 40, "three panels of 32 x 4 pixels (and gaps)");
            var bad = assertThrows(IllegalArgumentException.class,
                    () -> AttentionView.of(gan, gan.latent().draw(new Random(2), 1), 1, new int[][] {{16, 0}}, 4));
            assertEquals(true, bad.getMessage().contains("16x16 attended map"), bad.getMessage());
        }
        ConditionalGan none = ConditionalGan.builder(new ai.djl.ndarray.types.Shape(1, 32, 32), 3).width(8)
                .latent(Latent.gaussian(8)).build();
        try (Gan gan = Gan.create(none, Engines.get(Engines.MXNET), 1); NDManager m = gan.manager().newSubManager()) {
            var e = assertThrows(IllegalStateException.class, () -> gan.generatorAttention(
                    m.create(new float[8], new ai.djl.ndarray.types.Shape(1, 8)), GanData.oneHot(m, new int[] {0}, 3)));
            assertEquals(true, e.getMessage().contains("no self-attention"), e.getMessage());
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
