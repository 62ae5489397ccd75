package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.nn.Downsample;
import org.ganworkbench.nn.Norm;
import org.ganworkbench.nn.ProgressiveDiscriminator;
import org.ganworkbench.nn.ProgressiveGenerator;
import org.ganworkbench.nn.Upsample;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.TrainingLog;
import org.ganworkbench.training.Tricks;
import org.ganworkbench.training.WeightAverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressiveGanTest {

    private static final Shape GRAY16 = new Shape(1, 16, 16);
    private static final Shape RGB32 = new Shape(3, 32, 32);

    /** A tiny 32×32 RGB progressive GAN: 4 levels, a few channels. */
    private static ProgressiveGan.Builder tiny32() {
        return ProgressiveGan.builder(RGB32).featureMaps(8, 6, 4, 4).latent(Latent.gaussian(8)).schedule(100, 50);
    }

    private static GrowthSchedule.Stage stage(int level, float alpha) {
        return new GrowthSchedule.Stage(level, alpha);
    }

    // ---- schedule ----

    @Test
    void scheduleMapsImagesShownToResolutionAndAlphaAsDocumented() {
        GrowthSchedule s = new GrowthSchedule(4, 100, 50, true);
        assertEquals(stage(0, 1), s.at(0));
        assertEquals(stage(0, 1), s.at(49));
        assertEquals(stage(1, 0), s.at(50));           // the first fade-in starts after the stable 4x4 phase
        assertEquals(stage(1, 0.25f), s.at(75));
        assertEquals(stage(1, 0.99f), s.at(149));
        assertEquals(stage(1, 1), s.at(150));          // then 8x8 trains stable
        assertEquals(stage(1, 1), s.at(199));
        assertEquals(stage(2, 0), s.at(200));
        assertEquals(stage(2, 0.5f), s.at(250));
        assertEquals(stage(3, 0), s.at(350));
        assertEquals(stage(3, 0.5f), s.at(400));
        assertEquals(stage(3, 1), s.at(450));
        assertEquals(stage(3, 1), s.at(10_000_000));   // and stays at full size
        assertEquals(450, s.imagesToFullResolution());
        assertEquals(List.of(0L, 50L, 200L, 350L), List.of(s.levelStart(0), s.levelStart(1), s.levelStart(2), s.levelStart(3)));
        assertEquals(32, s.at(400).resolution());
        // no fade: a level switches on at once; no growing: always the full network
        assertEquals(stage(1, 1), new GrowthSchedule(3, 0, 10, true).at(10));
        assertEquals(stage(0, 1), new GrowthSchedule(3, 0, 10, true).at(9));
        assertEquals(stage(2, 1), new GrowthSchedule(3, 100, 50, false).at(0));
        assertThrows(IllegalArgumentException.class, () -> new GrowthSchedule(3, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> s.at(-1));
    }

    @Test
    void growSetsBothNetworksAndTheLoggedStageValues() {
        ProgressiveGan arch = tiny32().build();
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1)) {
            assertEquals(stage(0, 1), arch.stage(gan), "a new GAN starts at 4x4");
            assertEquals(List.of("resolution", "alpha"), arch.stageValues());
            arch.grow(gan, 275);
            ProgressiveGenerator g = (ProgressiveGenerator) gan.generator();
            ProgressiveDiscriminator d = (ProgressiveDiscriminator) gan.discriminator();
            assertEquals(2, g.level());
            assertEquals(0.75f, g.alpha());
            assertEquals(2, d.level());
            assertEquals(0.75f, d.alpha());
            assertArrayEquals(new double[] {16, 0.75}, arch.stageValuesNow(gan), 1e-7);
            arch.grow(gan, 0);
            assertArrayEquals(new double[] {4, 1}, arch.stageValuesNow(gan));
        }
        ProgressiveGan flat = tiny32().growing(false).build();
        try (Gan gan = Gan.create(flat, Engines.get(Engines.MXNET), 1)) {
            assertArrayEquals(new double[] {32, 1}, flat.stageValuesNow(gan), "without growing: full size from the start");
            flat.grow(gan, 60);
            assertArrayEquals(new double[] {32, 1}, flat.stageValuesNow(gan));
            assertThrows(IllegalArgumentException.class, () -> flat.setStage(gan, stage(1, 1)));
        }
    }

    @Test
    void growReportsTheStartOfEveryFadeInAndStablePhase() {
        ProgressiveGan arch = tiny32().schedule(16, 8).build();   // 4x4 for 8, then per level fade 16 + stable 8
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1)) {
            List<Long> starts = new java.util.ArrayList<>();
            for (long shown = 0; shown <= 80; shown += 4) {
                if (arch.grow(gan, shown)) {
                    starts.add(shown);
                }
            }
            // 8: 8x8 fade-in begins, 24: its stable phase, 32: 16x16 fade-in, 48: stable, 56: 32x32, 72: stable
            assertEquals(List.of(8L, 24L, 32L, 48L, 56L, 72L), starts);
            assertFalse(arch.grow(gan, 80), "the same stage again is no new phase");
            assertTrue(arch.grow(gan, 0), "going back to 4x4 is a change of phase too");
        }
        assertFalse(tiny32().build().resetsOptimizerEachPhase(), "off by default");
        ProgressiveGan reset = tiny32().resetOptimizerEachPhase(true).build();
        assertTrue(reset.resetsOptimizerEachPhase());
        assertEquals(true, reset.settings().get("reset_optimizer"));
        assertFalse(tiny32().build().settings().containsKey("reset_optimizer"), "no entry when off");
    }

    // ---- shapes and the fade-in ----

    @Test
    void generatorIsFullSizeOutsideAndWorksAtTheStagesResolutionInside() {
        ProgressiveGan arch = tiny32().build();
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 2); NDManager m = gan.manager().newSubManager()) {
            NDArray z = gan.latent().sample(m, new Random(1), 4);
            for (GrowthSchedule.Stage s : List.of(stage(0, 1), stage(1, 0.5f), stage(1, 1), stage(2, 0.3f), stage(3, 0.5f),
                    stage(3, 1))) {
                arch.setStage(gan, s);
                NDArray x = gan.generate(z, false);
                assertEquals(new Shape(4, 3, 32, 32), x.getShape(), "G's outside output is full size at " + s);
                int block = 32 / s.resolution();
                float[] v = x.toFloatArray();
                // the image is made at the stage's resolution: constant blocks of (32 / r)^2 pixels
                for (int i = 0; i < v.length; i++) {
                    int px = i % 32;
                    int py = (i / 32) % 32;
                    int j = i - py % block * 32 - px % block;
                    assertEquals(v[j], v[i], 0, "pixel " + i + " at " + s);
                }
                assertEquals(new Shape(4), gan.discriminate(x, false).getShape());
                NDArray view = arch.atStage(gan, x);
                assertEquals(new Shape(4, 3, s.resolution(), s.resolution()), view.getShape());
                // D takes the view at the current resolution and scores it as the full-size image
                assertArrayEquals(gan.discriminate(x, false).toFloatArray(), gan.discriminate(view, false).toFloatArray(), 1e-5f);
                var out = gan.discriminateWithFeatures(x, false);
                assertEquals(new Shape(4, 8), out.get(1).getShape());
            }
            arch.setStage(gan, stage(1, 1));
            NDArray tooSmall = m.zeros(new Shape(2, 3, 4, 4));
            assertThrows(IllegalArgumentException.class, () -> gan.discriminate(tooSmall, false));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void fadeInStartsExactlyAtTheOldNetworkAndEndsAtTheNewOne(String engine) {
        ProgressiveGan arch = tiny32().build();
        try (Gan gan = Gan.create(arch, Engines.get(engine), 3); NDManager m = gan.manager().newSubManager()) {
            NDArray z = gan.latent().sample(m, new Random(2), 8);
            NDArray x = m.create(BeganTest.blobs(8, 3, 32, 5).toArray(), new Shape(8, 3, 32, 32));
            for (int level = 1; level < 4; level++) {
                arch.setStage(gan, stage(level - 1, 1));
                float[] oldG = gan.generate(z, false).toFloatArray();
                float[] oldD = gan.discriminate(x, false).toFloatArray();
                arch.setStage(gan, stage(level, 0));
                assertArrayEquals(oldG, gan.generate(z, false).toFloatArray(), 0f, "G at alpha 0 = the old G, level " + level);
                assertArrayEquals(oldD, gan.discriminate(x, false).toFloatArray(), 0f, "D at alpha 0 = the old D, level " + level);
                arch.setStage(gan, stage(level, 1));
                float[] newG = gan.generate(z, false).toFloatArray();
                float[] newD = gan.discriminate(x, false).toFloatArray();
                assertFalse(Arrays.equals(oldG, newG), "the new level changes G's images");
                assertFalse(Arrays.equals(oldD, newD), "the new level changes D's scores");
                // G's image during the fade is the linear blend of the two
                arch.setStage(gan, stage(level, 0.25f));
                float[] mid = gan.generate(z, false).toFloatArray();
                for (int i = 0; i < mid.length; i += 7) {
                    assertEquals(0.75 * oldG[i] + 0.25 * newG[i], mid[i], 1e-5, "blend at pixel " + i);
                }
                // at alpha 1 the old layers are out: changing them changes nothing
                int r = 4 << level;
                arch.setStage(gan, stage(level, 1));
                scale(gan.generator(), "torgb" + r / 2, 3f);
                scale(gan.discriminator(), "fromrgb" + r / 2, 3f);
                assertArrayEquals(newG, gan.generate(z, false).toFloatArray(), 0f);
                assertArrayEquals(newD, gan.discriminate(x, false).toFloatArray(), 0f);
                arch.setStage(gan, stage(level, 0.5f));
                float[] fading = gan.generate(z, false).toFloatArray();
                scale(gan.generator(), "torgb" + r / 2, 1 / 3f);
                assertFalse(Arrays.equals(fading, gan.generate(z, false).toFloatArray()), "during the fade the old toRGB counts");
                scale(gan.discriminator(), "fromrgb" + r / 2, 1 / 3f);
            }
        }
    }

    /** Multiplies the weights of the named child block (e.g. "torgb8") by f. */
    private static void scale(ai.djl.nn.Block block, String child, float f) {
        List<Parameter> ps = parameters(block, name -> name.equals(child));
        assertFalse(ps.isEmpty(), "no parameters under " + child);
        for (Parameter p : ps) {
            NDArray w = p.getArray();
            w.set(FloatBuffer.wrap(w.mul(f).toFloatArray()));
        }
    }

    private static final Pattern CHILD = Pattern.compile("^\\d\\d([a-z]+\\d+)_.*");

    /** The parameters of the top-level children whose name (e.g. "block16", "torgb4") passes the test. */
    private static List<Parameter> parameters(ai.djl.nn.Block block, Predicate<String> child) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            var matcher = CHILD.matcher(p.getKey());
            if (matcher.matches() && child.test(matcher.group(1))) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    @Test
    void realsAreShownAtTheStagesResolutionAndFadedInLikeGsImages() {
        ProgressiveGan arch = tiny32().build();
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 4); NDManager m = gan.manager().newSubManager()) {
            NDArray real = m.create(BeganTest.blobs(4, 3, 32, 6).toArray(), new Shape(4, 3, 32, 32));
            arch.setStage(gan, stage(3, 1));
            assertTrue(real == arch.realBatch(gan, real), "at full size the reals pass unchanged");
            arch.setStage(gan, stage(2, 1));
            NDArray at16 = arch.realBatch(gan, real);
            assertEquals(new Shape(4, 3, 32, 32), at16.getShape());
            NDArray r16 = Downsample.average(real, 2);
            assertArrayEquals(Upsample.nearest(r16, 2).toFloatArray(), at16.toFloatArray(), 1e-6f);
            arch.setStage(gan, stage(2, 0.25f));
            NDArray fading = arch.realBatch(gan, real);
            // lerp(upsample(avgpool(x_16)), x_16, alpha), back at full size
            NDArray coarse = Upsample.nearest(Downsample.average(r16, 2), 2);
            NDArray expected = Upsample.nearest(coarse.mul(0.75f).add(r16.mul(0.25f)), 2);
            assertArrayEquals(expected.toFloatArray(), fading.toFloatArray(), 1e-5f);
            // D's reduction gives the blended image back
            assertArrayEquals(coarse.mul(0.75f).add(r16.mul(0.25f)).toFloatArray(),
                    arch.atStage(gan, fading).toFloatArray(), 1e-5f);
        }
    }

    // ---- unused layers ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void layersNotInTheStageGetNoGradient(String engine) {
        ProgressiveGan arch = tiny32().build();
        try (Gan gan = Gan.create(arch, Engines.get(engine), 5); NDManager m = gan.manager().newSubManager()) {
            arch.setStage(gan, stage(1, 1));   // 8x8, stable: blocks 16 and 32, toRGB 4, 16, 32 and fromRGB 4, 16, 32 are out
            List<Parameter> all = new ArrayList<>(gan.generatorParameters());
            all.addAll(gan.discriminatorParameters());
            Engines.zeroGradients(all);
            try (GradientCollector gc = gan.engine().newGradientCollector()) {
                NDArray z = gan.latent().sample(m, new Random(3), 4);
                gc.backward(gan.discriminate(gan.generate(z, true), true).sum());
            }
            Predicate<String> unused = n -> n.equals("block16") || n.equals("block32") || n.equals("torgb4")
                    || n.equals("torgb16") || n.equals("torgb32") || n.equals("fromrgb4") || n.equals("fromrgb16")
                    || n.equals("fromrgb32");
            Predicate<String> used = n -> n.equals("block8") || n.equals("torgb8") || n.equals("fromrgb8") || n.equals("conv4");
            List<Parameter> out = parameters(gan.generator(), unused);
            out.addAll(parameters(gan.discriminator(), unused));
            List<Parameter> in = parameters(gan.generator(), used);
            in.addAll(parameters(gan.discriminator(), used));
            assertEquals(2 * 2 * 2 * 2 + 3 * 2 + 3 * 2, out.size(),
                    "weight and bias of 2 convs in 2 blocks of G and of D, of 3 toRGB and of 3 fromRGB");
            for (Parameter p : out) {
                assertEquals(0, gradientSum(p), 0, p.getName() + " of an unused layer got a gradient");
            }
            double usedSum = 0;
            for (Parameter p : in) {
                usedSum += gradientSum(p);
            }
            assertTrue(usedSum > 0, "the layers in use get gradients");
        }
    }

    private static double gradientSum(Parameter p) {
        NDArray a = p.getArray();
        if (!a.hasGradient()) {
            return 0;
        }
        try (NDArray g = a.getGradient()) {
            return g.abs().sum().getFloat();
        }
    }

    // ---- engines, switches, EMA ----

    @Test
    void sameWeightsSamplesAndScoresOnBothEnginesFromOneSeed() {
        for (ProgressiveGan arch : List.of(tiny32().build(),
                tiny32().equalizedLr(false).pixelNorm(false).minibatchStdDev(false).build())) {
            float[][] images = new float[2][];
            float[][] scores = new float[2][];
            String[] engines = {Engines.MXNET, Engines.PYTORCH};
            for (int e = 0; e < 2; e++) {
                try (Gan gan = Gan.create(arch, Engines.get(engines[e]), 9); NDManager m = gan.manager().newSubManager()) {
                    arch.setStage(gan, stage(2, 0.4f));
                    NDArray x = gan.sample(m, new Random(4), 4);
                    images[e] = x.toFloatArray();
                    scores[e] = gan.discriminate(x, false).toFloatArray();
                }
            }
            assertArrayEquals(images[0], images[1], 1e-4f, arch.name() + ": MXNet and PyTorch images differ");
            assertArrayEquals(scores[0], scores[1], 1e-4f, arch.name() + ": MXNet and PyTorch scores differ");
        }
    }

    @Test
    void eachContributionSwitchesOnItsOwn() {
        assertEquals("progressive-32", tiny32().build().name());
        assertEquals("progressive-32-nogrow", tiny32().growing(false).build().name());
        assertEquals("progressive-32-nostddev", tiny32().minibatchStdDev(false).build().name());
        assertEquals("progressive-32-noeqlr", tiny32().equalizedLr(false).build().name());
        assertEquals("progressive-32-nopixelnorm", tiny32().pixelNorm(false).build().name());
        assertEquals("progressive-32-nogrow-nostddev-noeqlr-nopixelnorm-nolatentnorm",
                tiny32().growing(false).minibatchStdDev(false).equalizedLr(false).pixelNorm(false).normalizeLatent(false)
                        .build().name());
        assertEquals("progressive-16-stddev2", ProgressiveGan.builder(GRAY16).minibatchStdDevGroup(2).build().name());
        Map<String, Object> s = tiny32().equalizedLr(false).build().settings();
        assertEquals(false, s.get("equalized_lr"));
        assertEquals(true, s.get("growing"));
        assertEquals(true, s.get("pixelnorm"));
        assertEquals(true, s.get("minibatch_stddev"));
        assertEquals(4, s.get("stddev_group"));
        assertEquals("[8, 6, 4, 4]", s.get("feature_maps"));
        assertEquals(100L, s.get("fade_images"));
        assertEquals(50L, s.get("stable_images"));

        Map<String, long[]> sizes = new HashMap<>();
        Map<String, float[]> samples = new HashMap<>();
        Map<String, float[]> scores = new HashMap<>();
        Map<String, ProgressiveGan> variants = Map.of(
                "all", tiny32().build(),
                "nogrow", tiny32().growing(false).build(),
                "nostddev", tiny32().minibatchStdDev(false).build(),
                "noeqlr", tiny32().equalizedLr(false).build(),
                "nopixelnorm", tiny32().pixelNorm(false).build());
        float[] real = BeganTest.blobs(4, 3, 32, 7).toArray();
        for (var v : variants.entrySet()) {
            try (Gan gan = Gan.create(v.getValue(), Engines.get(Engines.MXNET), 11);
                 NDManager m = gan.manager().newSubManager()) {
                v.getValue().setStage(gan, stage(3, 1));
                sizes.put(v.getKey(), new long[] {gan.generatorSize(), gan.discriminatorSize()});
                samples.put(v.getKey(), gan.sample(m, new Random(5), 4).toFloatArray());
                scores.put(v.getKey(), gan.discriminate(m.create(real, new Shape(4, 3, 32, 32)), false).toFloatArray());
            }
        }
        long[] all = sizes.get("all");
        // without growing: no toRGB / fromRGB below full size (3 lower levels)
        long lowerToRgb = (8 * 3 + 3) + (6 * 3 + 3) + (4 * 3 + 3);
        long lowerFromRgb = (3 * 8 + 8) + (3 * 6 + 6) + (3 * 4 + 4);
        assertArrayEquals(new long[] {all[0] - lowerToRgb, all[1] - lowerFromRgb}, sizes.get("nogrow"));
        // the stddev map is one more input channel of D's 4x4 convolution
        assertArrayEquals(new long[] {all[0], all[1] - 8 * 9}, sizes.get("nostddev"));
        assertArrayEquals(all, sizes.get("noeqlr"));
        assertArrayEquals(all, sizes.get("nopixelnorm"));
        assertFalse(Arrays.equals(samples.get("all"), samples.get("nopixelnorm")), "pixel norm changes G");
        assertFalse(Arrays.equals(scores.get("all"), scores.get("nostddev")), "the stddev layer changes D");
        // equalized or not, one seed gives the same effective weights: the same images and scores at the start
        assertArrayEquals(samples.get("all"), samples.get("noeqlr"), 1e-4f);
        assertArrayEquals(scores.get("all"), scores.get("noeqlr"), 1e-4f);
    }

    /**
     * Table 1's baseline norms: batch norm before every LReLU of G (one per convolution and one after
     * the dense layer: 2 + 2 per higher level), layer norm after every 3×3 convolution of D (1 + 2 per
     * higher level); each adds a per-channel scale and shift. At every stage the networks run and
     * train on both engines, and D's scores of a sample do not depend on the rest of its batch.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void theWganGpBaselinesNormsAddTheirLayersAndKeepDPerSample(String engine) {
        // without the minibatch stddev layer, which makes every score depend on the batch on purpose
        ProgressiveGan plain = tiny32().minibatchStdDev(false).build();
        ProgressiveGan normed = tiny32().minibatchStdDev(false).generatorNorm(Norm.BATCH).discriminatorNorm(Norm.LAYER).build();
        assertEquals("progressive-32-nostddev-gbatch-dlayer", normed.name());
        assertEquals("batch", normed.settings().get("generator_norm"));
        assertEquals("layer", normed.settings().get("discriminator_norm"));
        assertFalse(plain.settings().containsKey("generator_norm"), "unset options are not recorded (old runs keep their ids)");
        long gExtra = 2L * (8 + 8 + 6 + 6 + 4 + 4 + 4 + 4);   // dense + conv4 at 8 maps, two convs per level
        long dExtra = 2L * (8 + (6 + 8) + (4 + 6) + (4 + 4));   // conv4, then per level its two convs' outputs
        float[] real = BeganTest.blobs(4, 3, 32, 7).toArray();
        try (Gan a = Gan.create(plain, Engines.get(engine), 11); Gan b = Gan.create(normed, Engines.get(engine), 11);
             NDManager m = b.manager().newSubManager()) {
            plain.setStage(a, stage(3, 1));
            normed.setStage(b, stage(3, 1));
            assertEquals(a.generatorSize() + gExtra, b.generatorSize());
            assertEquals(a.discriminatorSize() + dExtra, b.discriminatorSize());
            for (GrowthSchedule.Stage st : List.of(stage(0, 1), stage(1, 0.5f), stage(3, 1))) {
                normed.setStage(b, st);
                NDArray x = m.create(real, new Shape(4, 3, 32, 32));
                float[] all = b.discriminate(x, false).toFloatArray();
                float[] one = b.discriminate(x.get("2:3"), false).toFloatArray();
                assertEquals(all[2], one[0], 1e-5f, "layer norm keeps D per sample at " + st);
                assertEquals(4 * 3 * 32 * 32, b.sample(m, new Random(5), 4).toFloatArray().length);
            }
        }
        ImageSet data = BeganTest.blobs(32, 3, 32, 4);
        TrainingConfig config = TrainingConfig.builder(data, tiny32().schedule(16, 16).generatorNorm(Norm.BATCH)
                        .discriminatorNorm(Norm.LAYER).build())
                .loss(Losses.lsgan()).learningRate(1e-4f).betas(0f, 0.9f).discriminatorSteps(5)
                .batchSize(8).steps(4).logEvery(1).seed(3).engine(engine).build();
        try (GanTraining run = GanTraining.start(config)) {
            run.run(4);
            for (double v : run.log().column("d_loss")) {
                assertTrue(Double.isFinite(v), "d loss " + v);
            }
            assertArrayEquals(new double[] {4, 8, 32, 32}, run.log().column("resolution"),
                    "5 D steps of 8 images per step: 40 images shown per step through phases of 16");
        }
        assertThrows(IllegalArgumentException.class, () -> tiny32().generatorNorm(Norm.INSTANCE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny32().discriminatorNorm(Norm.BATCH));
        assertTrue(e.getMessage().contains("discriminator_norm") && e.getMessage().contains("gradient penalty"), e.getMessage());
    }

    @Test
    void weightAverageCoversEveryBlockOfTheGrowingGenerator() {
        ProgressiveGan arch = tiny32().build();
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 12); NDManager m = gan.manager().newSubManager()) {
            WeightAverage average = new WeightAverage(gan.generator(), gan.manager(), 0.5);
            // at 4x4 the top layers are not used yet; they must be averaged all the same
            Parameter top = parameters(gan.generator(), n -> n.equals("torgb32")).get(0);
            float[] before = top.getArray().toFloatArray();
            top.getArray().set(FloatBuffer.wrap(new float[before.length]));   // "trained" to 0
            average.update();
            float[] averaged = average.with(() -> top.getArray().toFloatArray());
            for (int i = 0; i < before.length; i++) {
                assertEquals(0.5 * before[i], averaged[i], 1e-6);
            }
            assertArrayEquals(new float[before.length], top.getArray().toFloatArray(), "the live weights are back");
            // sampling with the average keeps the stage (it lives in the blocks, not in the weights)
            arch.setStage(gan, stage(3, 1));
            NDArray z = gan.latent().sample(m, new Random(6), 2);
            float[] live = gan.generate(z, false).toFloatArray();
            float[] avg = average.with(() -> gan.generate(z, false).toFloatArray());
            assertEquals(stage(3, 1), arch.stage(gan));
            assertFalse(Arrays.equals(live, avg), "the averaged top layer shows in the full-size images");
        }
    }

    // ---- cost and refusals ----

    @Test
    void parameterCountsAndFlopsFollowTheLayout() {
        // 8x8 gray, feature maps (4, 2), latent 3: two levels
        ProgressiveGan arch = ProgressiveGan.builder(new Shape(1, 8, 8)).featureMaps(4, 2).latent(Latent.gaussian(3)).build();
        long g = 3 * 64 + 4                    // dense to 4x4x4 (no bias) + one bias per channel
                + (4 * 4 * 9 + 4)              // 3x3 conv at 4x4
                + (4 * 2 * 9 + 2) + (2 * 2 * 9 + 2)   // 8x8 block
                + (4 + 1) + (2 + 1);           // toRGB 4, toRGB 8
        long d = (2 + 2)                       // fromRGB 8
                + (2 * 2 * 9 + 2) + (2 * 4 * 9 + 4)   // 8x8 block: 2 -> 2 -> 4
                + (4 + 4)                      // fromRGB 4
                + (5 * 4 * 9 + 4)              // 4x4 conv on 4 maps + the stddev map
                + (64 * 4 + 4) + (4 + 1);      // dense to 4, dense to 1
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1)) {
            assertEquals(g, gan.generatorSize());
            assertEquals(d, gan.discriminatorSize());
        }
        Dcgan.Flops f = arch.flops();
        assertEquals(2L * 3 * 64 + 2L * 16 * 9 * 16 + 2L * 8 * 9 * 64 + 2L * 4 * 9 * 64 + 2L * 2 * 64, f.generator());
        assertEquals(2L * 2 * 64 + 2L * 4 * 9 * 64 + 2L * 8 * 9 * 64 + 2L * 20 * 9 * 16 + 2L * 64 * 4 + 2L * 4, f.discriminator());
        assertEquals(List.of(64, 64, 32, 16), Arrays.stream(ProgressiveGan.builder(RGB32).build().featureMaps()).boxed().toList());
        assertEquals(List.of(512, 512, 512, 512, 256), Arrays.stream(ProgressiveGan.builder(new Shape(3, 64, 64))
                .featureMapRule(8192, 512).build().featureMaps()).boxed().toList(), "the paper's widths up to 64x64");
    }

    @Test
    void refusesWhatItCannotBuild() {
        assertThrows(IllegalArgumentException.class, () -> ProgressiveGan.builder(new Shape(1, 28, 28)));
        assertThrows(IllegalArgumentException.class, () -> ProgressiveGan.builder(new Shape(1, 4, 4)));
        assertThrows(IllegalArgumentException.class, () -> ProgressiveGan.builder(new Shape(2, 16, 16)));
        assertThrows(IllegalArgumentException.class, () -> ProgressiveGan.builder(new Shape(1, 16, 32)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgressiveGan.builder(GRAY16).featureMaps(8, 8).build());
        assertTrue(e.getMessage().contains("one width per resolution"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProgressiveGan.builder(GRAY16).schedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> ProgressiveGan.builder(GRAY16).minibatchStdDevGroup(1));
        assertThrows(IllegalArgumentException.class, () -> new GrowthSchedule.Stage(0, 0.5f));
        ImageSet data = BeganTest.blobs(8, 1, 16, 1);
        IllegalArgumentException gp = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(data, ProgressiveGan.builder(GRAY16).build()).loss(Losses.wganGp(10, 0.001))
                        .engine(Engines.MXNET).build());
        assertTrue(gp.getMessage().contains("PyTorch"), gp.getMessage());
    }

    // ---- training through the stages ----

    /**
     * Batch 8, fade 16 and stable 16 images: two steps per phase on 16×16 (levels 4, 8, 16). The
     * loop grows before step s with (s − 1)·8 images shown, and logs the stage of the step.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void trainingGrowsThroughTheStagesAndLogsThem(String engine) {
        ImageSet data = BeganTest.blobs(64, 1, 16, 4);
        ProgressiveGan arch = ProgressiveGan.builder(GRAY16).featureMaps(8, 8, 4).latent(Latent.gaussian(8))
                .schedule(16, 16).build();
        boolean pytorch = engine.equals(Engines.PYTORCH);
        TrainingConfig config = TrainingConfig.builder(data, arch)
                .loss(pytorch ? Losses.create("wgan-gp", Map.of("lambda", 10, "drift", 0.001)) : Losses.lsgan())
                .learningRate(1e-3f).betas(0f, 0.99f).discriminatorSteps(1)
                .tricks(Tricks.builder().ema(0.999).build())
                .batchSize(8).steps(10).logEvery(1).seed(3).engine(engine).build();
        float[] top0;
        try (Gan fresh = Gan.create(arch, Engines.get(engine), 3)) {
            top0 = parameters(fresh.generator(), n -> n.equals("torgb16")).get(0).getArray().toFloatArray();
        }
        try (GanTraining run = GanTraining.start(config)) {
            run.run(4);   // through the first fade-in: 16x16 not reached yet
            Parameter top = parameters(run.gan().generator(), n -> n.equals("torgb16")).get(0);
            assertArrayEquals(top0, top.getArray().toFloatArray(), 0f, "the 16x16 toRGB must not move before its level");
            run.run(6);
            TrainingLog log = run.log();
            assertEquals(10, log.size());
            assertArrayEquals(new double[] {4, 4, 8, 8, 8, 8, 16, 16, 16, 16}, log.column("resolution"));
            assertArrayEquals(new double[] {1, 1, 0, 0.5, 1, 1, 0, 0.5, 1, 1}, log.column("alpha"), 1e-7);
            for (double v : log.column("d_loss")) {
                assertTrue(Double.isFinite(v), "d loss " + v);
            }
            for (double v : log.column("g_loss")) {
                assertTrue(Double.isFinite(v), "g loss " + v);
            }
            assertFalse(Arrays.equals(top0, top.getArray().toFloatArray()), "the 16x16 toRGB trains once its level is in");
            assertTrue(run.averagesGenerator());
            float[] samples = run.sampleToArray(new Random(1), 4);
            assertEquals(4 * 256, samples.length);
            for (float v : samples) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}
