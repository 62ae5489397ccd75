package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.nn.ConditionalDiscriminator;
import org.ganworkbench.nn.ConditionalGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionalGanTest {

    private static final Shape RGB32 = new Shape(3, 32, 32);

    private static ConditionalGan.Builder small() {
        return ConditionalGan.builder(RGB32, 5).width(8).latent(Latent.gaussian(16));
    }

    /** Every G mode with every D mode, with self-attention at 16x16: shapes, ranges, which inputs matter. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void everyConditioningBuildsAndTheClassReachesWhereItShould(String engine) {
        for (ConditionalGenerator.Mode g : ConditionalGenerator.Mode.values()) {
            for (ConditionalDiscriminator.Mode d : ConditionalDiscriminator.Mode.values()) {
                ConditionalGan arch = small().generatorConditioning(g).discriminatorConditioning(d).attentionAt(16).build();
                String what = arch.name() + " on " + engine;
                try (Gan gan = Gan.create(arch, Engines.get(engine), 3); NDManager m = gan.manager().newSubManager()) {
                    NDArray z = arch.latent().sample(m, new Random(1), 4);
                    NDArray y0 = GanData.oneHot(m, new int[] {0, 1, 2, 3}, 5);
                    NDArray y1 = GanData.oneHot(m, new int[] {4, 4, 4, 4}, 5);
                    NDArray images = gan.generate(z, y0, false);
                    assertEquals(new Shape(4, 3, 32, 32), images.getShape(), what);
                    for (float v : images.toFloatArray()) {
                        assertTrue(v >= -1 && v <= 1, what + ": tanh output " + v);
                    }
                    boolean sameImages = Arrays.equals(images.toFloatArray(), gan.generate(z, y1, false).toFloatArray());
                    // a concatenated embedding changes G at once; conditional batch norm starts as plain batch norm
                    assertEquals(g == ConditionalGenerator.Mode.CBN, sameImages, what + ": G's dependence on the class");
                    NDList out = gan.discriminatorOutputs(images, y0, false);
                    assertEquals(d == ConditionalDiscriminator.Mode.ACGAN ? 3 : 2, out.size(), what);
                    assertEquals(new Shape(4, 1), out.get(0).getShape(), what);
                    assertEquals(new Shape(4, 32), out.get(1).getShape(), what + ": features, 8 << 2 channels summed over positions");
                    if (d == ConditionalDiscriminator.Mode.ACGAN) {
                        assertEquals(new Shape(4, 5), out.get(2).getShape(), what);
                    }
                    boolean sameScores = Arrays.equals(gan.discriminate(images, y0, false).toFloatArray(),
                            gan.discriminate(images, y1, false).toFloatArray());
                    // AC-GAN's score ignores the class (its classifier head reads it); the others see it
                    assertEquals(d == ConditionalDiscriminator.Mode.ACGAN, sameScores, what + ": D's dependence on the class");
                }
            }
        }
    }

    @Test
    void sameWeightsImagesAndScoresOnBothEnginesFromOneSeed() {
        ConditionalGan arch = small().generatorConditioning(ConditionalGenerator.Mode.CONCAT).attentionAt(16)
                .spectralNorm(SpectralNormIn.BOTH).build();
        float[][] images = new float[2][];
        float[][] scores = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            try (Gan gan = Gan.create(arch, Engines.get(engines[e]), 9); NDManager m = gan.manager().newSubManager()) {
                NDArray x = gan.sample(m, new Random(4), 6);
                images[e] = x.toFloatArray();
                scores[e] = gan.discriminate(x, GanData.oneHot(m, gan.sampleClasses(6), 5), false).toFloatArray();
            }
        }
        assertArrayEquals(images[0], images[1], 1e-4f, "MXNet and PyTorch images differ");
        assertArrayEquals(scores[0], scores[1], 1e-3f, "MXNet and PyTorch scores differ");
    }

    @Test
    void namesSettingsSamplingOrderAndClearRefusals() {
        assertEquals("conditional-32-cbn-projection", small().build().name());
        assertEquals("conditional-32-concat-acgan-attn16-sngd", small().generatorConditioning(ConditionalGenerator.Mode.CONCAT)
                .discriminatorConditioning(ConditionalDiscriminator.Mode.ACGAN).attentionAt(16)
                .spectralNorm(SpectralNormIn.BOTH).build().name());
        var s = small().attentionAt(8).build().settings();
        assertEquals(5, s.get("classes"));
        assertEquals(8, s.get("attention_at"));
        try (Gan gan = Gan.create(small().build(), Engines.get(Engines.MXNET), 1); NDManager m = gan.manager().newSubManager()) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 0, 1}, gan.sampleClasses(7));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> gan.generate(gan.latent().sample(m, new Random(1), 2), false));
            assertTrue(e.getMessage().contains("5 classes"), e.getMessage());
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> gan.generate(
                    gan.latent().sample(m, new Random(1), 2), GanData.oneHot(m, new int[] {0, 1}, 3), false));
            assertTrue(wrong.getMessage().contains("(N, 5)"), wrong.getMessage());
        }
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> ConditionalGan.builder(RGB32, 1));
        assertTrue(one.getMessage().contains("fashion-mnist"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small().attentionAt(32));
        IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
                () -> ConditionalGan.builder(RGB32, 5).width(4).attentionAt(16).build());
        assertTrue(narrow.getMessage().contains("width 4"), narrow.getMessage());
        assertEquals(0, Dcgan.builder(new Shape(1, 32, 32)).build().classes(), "unconditional architectures have no classes");
        assertFalse(small().build().discriminatorGivesEnergy());
    }
}
