package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.nn.NoiseDropout;
import org.ganworkbench.nn.Norm;
import org.ganworkbench.nn.ReferenceBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The architecture options of {@link Dcgan} beyond the paper, and {@link MlpGan}'s G dropout. */
class DcganVariantsTest {

    private static final String[] ENGINES = {Engines.MXNET, Engines.PYTORCH};

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("g none", 28, 1, (UnaryOperator<Dcgan.Builder>) b -> b.generatorNorm(Norm.NONE)),
                Arguments.of("g instance", 28, 1, (UnaryOperator<Dcgan.Builder>) b -> b.generatorNorm(Norm.INSTANCE)),
                Arguments.of("g virtual batch", 28, 1,
                        (UnaryOperator<Dcgan.Builder>) b -> b.generatorNorm(Norm.VIRTUAL_BATCH).referenceBatch(8, 3)),
                Arguments.of("pixel shuffle", 28, 1,
                        (UnaryOperator<Dcgan.Builder>) b -> b.upsampler(Dcgan.Upsampler.PIXEL_SHUFFLE)),
                Arguments.of("average pool", 28, 1,
                        (UnaryOperator<Dcgan.Builder>) b -> b.downsampler(Dcgan.Downsampler.AVERAGE_POOL)),
                Arguments.of("d instance", 28, 1, (UnaryOperator<Dcgan.Builder>) b -> b.discriminatorNorm(Norm.INSTANCE)),
                Arguments.of("d none", 28, 1, (UnaryOperator<Dcgan.Builder>) b -> b.discriminatorNorm(Norm.NONE)),
                Arguments.of("g dropout", 28, 1, (UnaryOperator<Dcgan.Builder>) b -> b.generatorDropout(0.5f)),
                Arguments.of("all at 32 rgb", 32, 3, (UnaryOperator<Dcgan.Builder>) b -> b
                        .generatorNorm(Norm.VIRTUAL_BATCH).referenceBatch(4, 1).upsampler(Dcgan.Upsampler.PIXEL_SHUFFLE)
                        .downsampler(Dcgan.Downsampler.AVERAGE_POOL).discriminatorNorm(Norm.INSTANCE)
                        .generatorDropout(0.2f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void buildsGeneratesTrainsAndAgreesAcrossEngines(String label, int size, int channels,
            UnaryOperator<Dcgan.Builder> options) {
        Dcgan arch = options.apply(Dcgan.builder(new Shape(channels, size, size)).width(8)).build();
        boolean dropout = ((Number) arch.settings().get("generator_dropout")).floatValue() > 0;
        float[][] samples = new float[2][];
        float[][] logits = new float[2][];
        for (int e = 0; e < 2; e++) {
            try (Gan gan = Gan.create(arch, Engines.get(ENGINES[e]), 7); NDManager m = gan.manager().newSubManager()) {
                NDArray x = gan.sample(m, new Random(3), 5);
                assertEquals(new Shape(5, channels, size, size), x.getShape(), label + " on " + ENGINES[e]);
                NDArray d = gan.discriminate(x, false);
                assertEquals(new Shape(5), d.getShape());
                samples[e] = x.toFloatArray();
                logits[e] = d.toFloatArray();
                for (float v : samples[e]) {
                    assertTrue(v >= -1 && v <= 1, "tanh output out of range: " + v);
                }
                // one backward pass through D(G(z)) in training mode reaches every trainable weight
                NDArray z = gan.latent().sample(m, new Random(4), 5);
                try (GradientCollector gc = gan.engine().newGradientCollector()) {
                    NDArray out = gan.discriminate(gan.generate(z, true), true);
                    assertEquals(new Shape(5), out.getShape());
                    gc.backward(out.sum());
                }
                double g = Engines.gradientNorm(gan.generatorParameters(), m);
                double dd = Engines.gradientNorm(gan.discriminatorParameters(), m);
                assertTrue(g > 0 && Double.isFinite(g), label + " on " + ENGINES[e] + ": G gradient " + g);
                assertTrue(dd > 0 && Double.isFinite(dd), label + " on " + ENGINES[e] + ": D gradient " + dd);
            }
        }
        if (!dropout) {   // dropout masks come from each engine's own generator
            assertArrayEquals(samples[0], samples[1], 1e-4f, label + ": MXNet and PyTorch generate different images");
            assertArrayEquals(logits[0], logits[1], 1e-3f, label + ": MXNet and PyTorch score differently");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void virtualBatchNormGeneratorsSampleDoesNotDependOnTheRestOfTheBatch(String engine) {
        Dcgan arch = Dcgan.builder(new Shape(1, 28, 28)).width(8).generatorNorm(Norm.VIRTUAL_BATCH).build();
        assertEquals(Dcgan.DEFAULT_REFERENCE_BATCH, arch.settings().get("reference_batch"));
        Latent latent = arch.latent();
        float[] z = latent.draw(new Random(5), 6);
        float[] zi = Arrays.copyOfRange(z, 0, latent.dim());
        int pixels = 28 * 28;
        try (Gan gan = Gan.create(arch, Engines.get(engine), 2); NDManager m = gan.manager().newSubManager()) {
            assertTrue(gan.generator() instanceof ReferenceBatch);
            NDArray batch = m.create(z, new Shape(6, latent.dim()));
            NDArray other = m.create(latent.draw(new Random(6), 3), new Shape(3, latent.dim()));
            NDArray single = m.create(zi, new Shape(1, latent.dim()));
            for (boolean training : new boolean[] {false, true}) {
                float[] first = Arrays.copyOfRange(gan.generate(batch, training).toFloatArray(), 0, pixels);
                float[] alone = gan.generate(single, training).toFloatArray();
                float[] last = gan.generate(other.concat(single, 0), training).toFloatArray();
                assertArrayEquals(first, alone, 1e-5f, engine + " training=" + training);
                assertArrayEquals(first, Arrays.copyOfRange(last, 3 * pixels, 4 * pixels), 1e-5f,
                        engine + " training=" + training);
            }
            float[] trainingMode = gan.generate(batch, true).toFloatArray();
            assertArrayEquals(gan.generate(batch, false).toFloatArray(), trainingMode, 1e-5f, "training != inference");
        }
    }

    @Test
    void parameterCountsOfTheVariants() {
        // 28x28, width 64: G Linear 100 -> 6272 (= 128x7x7), stage 128 -> 64, output 64 -> 1
        long projection = 100L * 6272;
        Dcgan shuffle = Dcgan.builder(new Shape(1, 28, 28)).upsampler(Dcgan.Upsampler.PIXEL_SHUFFLE).build();
        Dcgan instance = Dcgan.builder(new Shape(1, 28, 28)).generatorNorm(Norm.INSTANCE).build();
        Dcgan none = Dcgan.builder(new Shape(1, 28, 28)).generatorNorm(Norm.NONE).build();
        Dcgan vbn = Dcgan.builder(new Shape(1, 28, 28)).generatorNorm(Norm.VIRTUAL_BATCH).build();
        Dcgan pool = Dcgan.builder(new Shape(1, 28, 28)).downsampler(Dcgan.Downsampler.AVERAGE_POOL)
                .discriminatorNorm(Norm.INSTANCE).build();
        long convT = 128L * 64 * 16 + 2 * (64 * 16 + 1);   // no bias, then the output layer with its spare filter
        try (Gan s = Gan.create(shuffle, Engines.get(Engines.MXNET), 1);
             Gan in = Gan.create(instance, Engines.get(Engines.MXNET), 1);
             Gan no = Gan.create(none, Engines.get(Engines.MXNET), 1);
             Gan v = Gan.create(vbn, Engines.get(Engines.MXNET), 1);
             Gan p = Gan.create(pool, Engines.get(Engines.MXNET), 1)) {
            // pixel shuffle: 3x3 conv 128 -> 4*64 (no bias) + BN, 3x3 conv 64 -> 4*1 + bias
            assertEquals(projection + 2 * 6272 + 128L * 256 * 9 + 2 * 64 + 64 * 4 * 9 + 4, s.generatorSize());
            // instance / virtual batch norm per channel of the 128x7x7 map, no biases before them
            assertEquals(projection + 2 * 128 + convT + 2 * 64, in.generatorSize());
            assertEquals(projection + 2 * 128 + convT + 2 * 64, v.generatorSize());
            // no norm: biases instead
            assertEquals(projection + 6272 + convT + 64, no.generatorSize());
            // D: 3x3 conv 1 -> 64 + bias, 3x3 conv 64 -> 128 (no bias) + instance norm, Linear 6272 -> 1
            assertEquals(64L * 9 + 64 + 64L * 128 * 9 + 2 * 128 + 6272 + 1, p.discriminatorSize());
        }
    }

    @Test
    void flopsOfTheResamplers() {
        Shape shape = new Shape(1, 28, 28);
        Dcgan.Flops resize = Dcgan.builder(shape).upsampler(Dcgan.Upsampler.RESIZE).build().flops();
        Dcgan.Flops shuffle = Dcgan.builder(shape).upsampler(Dcgan.Upsampler.PIXEL_SHUFFLE).build().flops();
        assertEquals(2L * 100 * 6272 + 2L * 128 * 256 * 9 * 49 + 2L * 64 * 4 * 9 * 196, shuffle.generator());
        assertEquals(resize.generator(), shuffle.generator());
        Dcgan.Flops pool = Dcgan.builder(shape).downsampler(Dcgan.Downsampler.AVERAGE_POOL).build().flops();
        assertEquals(2L * 64 * 9 * 784 + 2L * 64 * 128 * 9 * 196 + 2L * 6272, pool.discriminator());
    }

    @Test
    void defaultsAreThePapersAndNamesTellVariantsApart() {
        Dcgan paper = Dcgan.fashionMnist();
        assertEquals("dcgan-28", paper.name());
        assertFalse(paper.settings().containsKey("reference_batch"));
        assertEquals("dcgan-28", Dcgan.builder(new Shape(1, 28, 28)).discriminatorNorm(Norm.NONE).build().name());
        List<Dcgan> variants = List.of(paper,
                Dcgan.builder(new Shape(1, 28, 28)).upsampler(Dcgan.Upsampler.RESIZE).build(),
                Dcgan.builder(new Shape(1, 28, 28)).upsampler(Dcgan.Upsampler.PIXEL_SHUFFLE).build(),
                Dcgan.builder(new Shape(1, 28, 28)).downsampler(Dcgan.Downsampler.AVERAGE_POOL).build(),
                Dcgan.builder(new Shape(1, 28, 28)).generatorNorm(Norm.NONE).build(),
                Dcgan.builder(new Shape(1, 28, 28)).generatorNorm(Norm.INSTANCE).build(),
                Dcgan.builder(new Shape(1, 28, 28)).generatorNorm(Norm.VIRTUAL_BATCH).build(),
                Dcgan.builder(new Shape(1, 28, 28)).discriminatorNorm(Norm.INSTANCE).build(),
                Dcgan.builder(new Shape(1, 28, 28)).generatorDropout(0.5f).build());
        Set<String> names = new HashSet<>();
        for (Dcgan d : variants) {
            assertTrue(names.add(d.name()), "duplicate name " + d.name());
        }
        assertTrue(names.contains("dcgan-28-pixelshuffle"), names.toString());
        assertTrue(names.contains("dcgan-28-ginstance"), names.toString());
    }

    @Test
    void refusesVirtualBatchNormInTheDiscriminator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dcgan.builder(new Shape(1, 28, 28)).discriminatorNorm(Norm.VIRTUAL_BATCH).build());
        assertTrue(e.getMessage().contains("VIRTUAL_BATCH") && e.getMessage().contains("generatorNorm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dcgan.builder(new Shape(1, 28, 28)).referenceBatch(0, 1));
    }

    @Test
    void leakySlopeIsOneDeclarationTheBuilderAndTheSpecShare() {
        Shape shape = new Shape(1, 28, 28);
        Dcgan paper = Dcgan.builder(shape).build();
        Dcgan linear = Dcgan.builder(shape).leakySlope(1e-6f).build();
        assertFalse(paper.settings().containsKey("leaky_slope"), "the default keeps older provenance as it was");
        assertEquals(1e-6f, linear.settings().get("leaky_slope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dcgan.builder(shape).leakySlope(1.5f));
        assertEquals("dcgan leaky_slope must be in [0, 1), got 1.5", e.getMessage());
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager();
             Gan a = Gan.create(paper, Engines.get(Engines.MXNET), 4);
             Gan b = Gan.create(linear, Engines.get(Engines.MXNET), 4)) {
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 1, 28, 28));
            float[] ya = a.discriminate(x, false).toFloatArray();
            float[] yb = b.discriminate(x, false).toFloatArray();
            assertFalse(Arrays.equals(ya, yb), "same weights, another slope: another D");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void generatorDropoutIsOnWhenSampling(String engine) {
        MlpGan mlp = MlpGan.forPoints().generatorDropout(0.5f).build();
        assertEquals(3, count(mlp.newGenerator(), NoiseDropout.class), "one dropout per hidden layer");
        assertEquals(0, count(MlpGan.forPoints().build().newGenerator(), NoiseDropout.class));
        Dcgan dcgan = Dcgan.builder(new Shape(1, 28, 28)).width(8).generatorDropout(0.5f).build();
        assertEquals(2, count(dcgan.newGenerator(), NoiseDropout.class), "after the projection and the hidden stage");
        for (GanArchitecture arch : List.<GanArchitecture>of(mlp, dcgan)) {
            try (Gan gan = Gan.create(arch, Engines.get(engine), 1)) {
                float[] a = gan.sampleToArray(new Random(2), 8);
                float[] b = gan.sampleToArray(new Random(2), 8);
                assertEquals(8 * arch.sampleShape().size(), a.length);
                assertFalse(Arrays.equals(a, b), arch.name() + ": same z, same samples: dropout is off at sampling");
            }
        }
        try (Gan plain = Gan.create(MlpGan.forPoints().build(), Engines.get(engine), 1)) {
            assertArrayEquals(plain.sampleToArray(new Random(2), 8), plain.sampleToArray(new Random(2), 8));
        }
    }

    private static int count(Block block, Class<?> type) {
        int n = type.isInstance(block) ? 1 : 0;
        for (var child : block.getChildren()) {
            n += count(child.getValue(), type);
        }
        return n;
    }
}
