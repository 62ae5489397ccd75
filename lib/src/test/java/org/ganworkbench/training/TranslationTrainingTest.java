package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.models.Pix2Pix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A translation GAN in the training loop: G makes the images of the data's maps, D scores (image,
 * map) pairs patch by patch, and G's objective adds the L1 and feature-matching terms with their
 * weights; the settings that cannot work with paired maps are refused by name.
 */
class TranslationTrainingTest {

    private static final PairedSet SCENES = ShapeScenes.render("scenes", ShapeScenes.layouts(64, 5), 16);

    private static Pix2Pix.Builder tiny() {
        return Pix2Pix.builder(SCENES.sampleShape(), SCENES.mapShape()).width(4).depth(3).dropout(0).dropoutBlocks(0)
                .dWidth(4).dLayers(2);
    }

    private static TrainingConfig.Builder config(Pix2Pix model, String engine) {
        return TrainingConfig.builder(SCENES, model).loss(Losses.nonSaturating()).batchSize(8).steps(6).logEvery(3)
                .seed(4).engine(engine);
    }

    private static List<float[]> generatorWeights(GanTraining t) {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : t.gan().generatorParameters()) {
            w.add(p.getArray().toFloatArray());
        }
        return w;
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void withoutTheAdversarialTermGLearnsFromL1AloneWhateverD(String engine) {
        // two runs whose D differ (width, scales, norm) but whose G, data and seed are the same: G sees D only
        // through the GAN term, so with its weight 0 both G end with the same weights, to the bit
        TrainingConfig a = config(tiny().adversarialWeight(0).build(), engine).steps(20).logEvery(10).learningRate(2e-3f)
                .build();
        TrainingConfig b = config(tiny().adversarialWeight(0).dWidth(8).dScales(2)
                .dNorm(org.ganworkbench.nn.NormKind.INSTANCE).build(), engine).steps(20).logEvery(10).learningRate(2e-3f)
                .build();
        List<float[]> ga;
        double[] l1;
        try (GanTraining t = GanTraining.train(a)) {
            ga = generatorWeights(t);
            l1 = t.log().column(TrainingLog.G_L1);
            // with no GAN term, the logged G loss is G's whole objective: 100 × L1
            assertArrayEquals(java.util.Arrays.stream(l1).map(v -> 100 * v).toArray(), t.log().column(TrainingLog.G_LOSS), 1e-3);
        }
        try (GanTraining t = GanTraining.train(b)) {
            List<float[]> gb = generatorWeights(t);
            for (int i = 0; i < ga.size(); i++) {
                assertArrayEquals(ga.get(i), gb.get(i), 0f, "G parameter " + i + " on " + engine);
            }
        }
        assertTrue(l1[1] < l1[0], "L1 falls: " + java.util.Arrays.toString(l1));
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void dScoresEveryPatchOfEveryScaleAndGMakesTheImagesOfMaps(String engine) {
        Pix2Pix model = tiny().dScales(2).featureMatchingWeight(10).build();
        try (GanTraining t = GanTraining.train(config(model, engine).build());
             NDManager m = t.gan().manager().newSubManager()) {
            var pairs = SCENES.samplePaired(m, new Random(1), 5);
            NDArray scores = t.gan().discriminate(pairs.images(), pairs.maps(), false);
            // 16 / 2^2 = 4: a 4x4 grid at each of the 2 scales, the coarse one repeated onto the fine grid
            assertEquals(new ai.djl.ndarray.types.Shape(5, 2 * 4 * 4), scores.getShape());
            assertEquals(new ai.djl.ndarray.types.Shape(5, 3, 16, 16), t.gan().translate(pairs.maps(), new Random(2)).getShape());
            assertEquals(2 * 3 * 16 * 16, t.sampleToArray(new Random(3), 2).length);
            assertTrue(assertThrows(IllegalStateException.class, () -> t.gan().sample(m, new Random(1), 2))
                    .getMessage().contains("translate(maps"));
            for (String column : List.of(TrainingLog.G_L1, TrainingLog.G_FEATURE_MATCHING)) {
                double[] v = t.log().column(column);
                assertEquals(2, v.length, column);
                assertTrue(v[0] > 0 && Double.isFinite(v[1]), column + ": " + java.util.Arrays.toString(v));
            }
        }
    }

    @Test
    void settingsThatCannotWorkWithMapsAreRefusedByName() {
        Pix2Pix model = tiny().build();
        String replay = assertThrows(IllegalArgumentException.class, () -> config(model, Engines.MXNET)
                .tricks(Tricks.builder().replay(16).build()).build()).getMessage();
        assertTrue(replay.contains("replay") && replay.contains("maps"), replay);
        String smoothing = assertThrows(IllegalArgumentException.class, () -> config(model, Engines.MXNET)
                .tricks(Tricks.builder().labelSmoothing(0.7, 1.2).build()).build()).getMessage();
        assertTrue(smoothing.contains("every patch"), smoothing);
        String fm = assertThrows(IllegalArgumentException.class, () -> config(model, Engines.MXNET)
                .tricks(Tricks.builder().featureMatching(true).build()).build()).getMessage();
        assertTrue(fm.contains("feature_matching_weight"), fm);
        // data without maps: the blueprint cannot be built, and a translation blueprint cannot train on it
        String noMaps = assertThrows(IllegalArgumentException.class,
                () -> Pix2Pix.builder(SCENES.sampleShape(), null)).getMessage();
        assertTrue(noMaps.contains("paired data"), noMaps);
        String wrongData = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(SCENES.images(), model).loss(Losses.nonSaturating()).build()).getMessage();
        assertTrue(wrongData.contains("no paired maps"), wrongData);
        // and an unconditional blueprint on paired data trains on the images alone, as before
        try (GanTraining t = GanTraining.train(TrainingConfig.builder(SCENES, MlpGan.forImages(SCENES.sampleShape())
                .generatorHidden(8).discriminatorHidden(8).build()).loss(Losses.nonSaturating()).batchSize(4).steps(2).build())) {
            assertEquals(2, t.step());
            assertEquals(3 * 16 * 16, t.sampleToArray(new Random(1), 1).length);
        }
    }
}
