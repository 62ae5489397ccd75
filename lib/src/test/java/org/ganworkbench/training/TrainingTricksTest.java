package org.ganworkbench.training;

import ai.djl.nn.Parameter;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.training.FailureChecks.Action;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training-loop tricks and failure checks, on a tiny 2-D GAN. */
@Tag("slow")   // trains for real or starts child JVMs: test.sh runs these in a step of their own
class TrainingTricksTest {

    private static TrainingConfig.Builder config(String engine) {
        return TrainingConfig.builder(new GanTrainingTest.Blob(1f),
                        MlpGan.forPoints().generatorHidden(16).discriminatorHidden(16).build())
                .batchSize(32).learningRate(1e-3f).seed(7).engine(engine).steps(20);
    }

    private static double finalDLoss(TrainingConfig c) {
        try (GanTraining t = GanTraining.train(c)) {
            double[] d = t.log().column(TrainingLog.D_LOSS);
            return d[d.length - 1];
        }
    }

    @Test
    void everyTrickRunsOnBothEnginesAndChangesTheTrajectory() {
        for (String engine : new String[] {Engines.MXNET, Engines.PYTORCH}) {
            TrainingConfig base = config(engine).build();
            double plain = finalDLoss(base);
            Tricks[] each = {
                Tricks.builder().labelSmoothing(0.9).build(),
                Tricks.builder().labelSmoothing(0.7, 1.2).labelFlip(0.1).build(),
                Tricks.builder().instanceNoise(0.5).build(),
                Tricks.builder().featureMatching(true).build(),
                Tricks.builder().replay(64).build(),
            };
            for (Tricks tricks : each) {
                double withTrick = finalDLoss(base.withTricks(tricks));
                assertTrue(Double.isFinite(withTrick), engine + " " + tricks);
                assertNotEquals(plain, withTrick, engine + " " + tricks + " should change the run");
            }
            assertEquals(plain, finalDLoss(base.withTricks(Tricks.builder().ema(0.9).build())), 1e-9,
                    engine + ": the EMA must not change training itself");
        }
    }

    @Test
    void jointBatchMattersOnlyThroughBatchStatistics() {
        // an MLP D without batch norm scores each sample on its own: one joint batch changes nothing
        TrainingConfig mlp = config(Engines.MXNET).build();
        assertEquals(finalDLoss(mlp), finalDLoss(mlp.withTricks(Tricks.builder().jointBatch(true).build())), 1e-6);
        // a DCGAN D with batch norm sees real and fake statistics mixed: the run changes
        org.ganworkbench.data.GanData noise = new org.ganworkbench.data.GanData() {
            public String name() { return "noise16"; }
            public ai.djl.ndarray.types.Shape sampleShape() { return new ai.djl.ndarray.types.Shape(1, 16, 16); }
            public ai.djl.ndarray.NDArray sample(ai.djl.ndarray.NDManager m, Random rng, int n) {
                float[] x = new float[n * 256];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) Math.tanh(rng.nextGaussian());
                }
                return m.create(x, new ai.djl.ndarray.types.Shape(n, 1, 16, 16));
            }
        };
        TrainingConfig dcgan = TrainingConfig.builder(noise, org.ganworkbench.models.Dcgan.builder(noise.sampleShape())
                .width(8).build()).batchSize(16).steps(5).seed(3).engine(Engines.MXNET).build();
        assertNotEquals(finalDLoss(dcgan), finalDLoss(dcgan.withTricks(Tricks.builder().jointBatch(true).build())));
    }

    @Test
    void labelSmoothingRaisesTheFloorOfDsLoss() {
        // with target 0.9 D's cross-entropy on reals cannot go below H(0.9) = 0.325
        TrainingConfig c = config(Engines.MXNET).steps(300).learningRate(5e-3f)
                .tricks(Tricks.builder().labelSmoothing(0.9).build()).build();
        try (GanTraining t = GanTraining.train(c)) {
            for (double d : t.log().column(TrainingLog.D_LOSS)) {
                assertTrue(d >= 0.325, "D loss " + d + " below the smoothed floor");
            }
        }
    }

    @Test
    void featureMatchingLossIsTheSquaredFeatureGap() {
        TrainingConfig c = config(Engines.MXNET).tricks(Tricks.builder().featureMatching(true).build()).build();
        try (GanTraining t = GanTraining.train(c)) {
            for (double g : t.log().column(TrainingLog.G_LOSS)) {
                assertTrue(g >= 0, "a squared distance: " + g);
            }
        }
    }

    @Test
    void emaSamplesAreAveragedAndLiveWeightsComeBack() {
        TrainingConfig c = config(Engines.MXNET).steps(30).tricks(Tricks.builder().ema(0.5).build()).build();
        try (GanTraining t = GanTraining.train(c)) {
            assertTrue(t.averagesGenerator());
            float[] live = t.gan().sampleToArray(new Random(3), 16);
            float[] averaged = t.sampleToArray(new Random(3), 16);
            assertFalse(Arrays.equals(live, averaged), "EMA samples differ from the live G's");
            assertArrayEquals(live, t.gan().sampleToArray(new Random(3), 16), "live weights restored");
        }
    }

    @Test
    void weightAverageFollowsTheFormula() {
        for (String engine : new String[] {Engines.MXNET, Engines.PYTORCH}) {
            try (GanTraining t = GanTraining.start(config(engine).build())) {
                Parameter p = t.gan().generatorParameters().get(0);
                float w0 = p.getArray().toFloatArray()[0];
                WeightAverage avg = new WeightAverage(t.gan().generator(), t.gan().manager(), 0.9);
                p.getArray().set(java.nio.FloatBuffer.wrap(filled(p, w0 + 1)));
                avg.update();
                float inside = avg.with(() -> p.getArray().toFloatArray()[0]);
                assertEquals(0.9 * w0 + 0.1 * (w0 + 1), inside, 1e-5, engine);
                assertEquals(w0 + 1, p.getArray().toFloatArray()[0], 1e-6, engine + ": live weight back");
            }
        }
    }

    private static float[] filled(Parameter p, float v) {
        float[] a = p.getArray().toFloatArray();
        a[0] = v;
        return a;
    }

    @Test
    void rmspropRunsAndRecommendedOptimizerIsApplied() {
        TrainingConfig c = config(Engines.MXNET).optimizer("RMSProp").build();
        assertEquals("rmsprop", c.optimizer());
        assertTrue(Double.isFinite(finalDLoss(c)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(Engines.MXNET).optimizer("nesterov").build());
        assertTrue(e.getMessage().contains("optimizer") && e.getMessage().contains("\"sgd\""), e.getMessage());
        assertEquals("sgd", config(Engines.MXNET).optimizer("SGD").build().optimizer());
    }

    @Test
    void hugeLearningRateIsCaughtNamingStepAndNetworkWithGoodWeightsKept(@TempDir Path dir) {
        // lr 1e6 with a plain MLP: the weights blow up within a few steps
        TrainingConfig c = config(Engines.MXNET).learningRate(1e6f).steps(200)
                .failures(FailureChecks.DEFAULT.every(1)).build();
        try (GanTraining t = GanTraining.start(c).checkpointTo(dir.resolve("checkpoint"))) {
            TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> t.run());
            assertEquals(TrainingEvent.NON_FINITE, e.event().check());
            assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
            assertTrue(e.weightsStep() < e.step());
            assertTrue(Checkpoint.of(t.gan(), 0).isFinite(), "the networks hold finite weights");
            assertTrue(Files.exists(dir.resolve("checkpoint/generator.params")));
            assertEquals(String.valueOf(e.weightsStep()),
                    assertDoesNotThrowRead(dir.resolve("checkpoint/step.txt")));
            assertEquals(e.event(), t.events().get(t.events().size() - 1));
        }
    }

    private static String assertDoesNotThrowRead(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void checksWarnOrStopAsConfigured() {
        // a ceiling of 1e-9 makes every G gradient "explode": warn records, stop ends the run
        FailureChecks warn = FailureChecks.MINIMAL.gradient(Action.WARN, 1e-9).every(5);
        try (GanTraining t = GanTraining.train(config(Engines.MXNET).failures(warn).build())) {
            List<TrainingEvent> events = t.events();
            assertEquals(4, events.size(), "once per 5-step interval over 20 steps: " + events);
            assertEquals(TrainingEvent.GRADIENT, events.get(0).check());
            assertEquals(20, t.step());
        }
        FailureChecks stop = FailureChecks.MINIMAL.gradient(Action.STOP, 1e-9);
        try (GanTraining t = GanTraining.start(config(Engines.MXNET).failures(stop).build())) {
            TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> t.run());
            assertEquals(1, e.step());
            assertEquals("generator", e.network());
        }
    }

    @Test
    void diversityRatioIsNearOneForDataLikeSamplesAndFiresWhenFloorIsHigh() {
        FailureChecks strict = new FailureChecks(Action.STOP, Action.IGNORE, 1e-3, Action.IGNORE, 100,
                Action.WARN, 0.99, 5, 1);
        // ring8: real pairs lie ~2.5 apart; an untrained G puts its points near the origin
        TrainingConfig c = TrainingConfig.builder(org.ganworkbench.data.Toy2d.ring8(),
                MlpGan.forPoints().generatorHidden(16).discriminatorHidden(16).build())
                .batchSize(32).seed(7).engine(Engines.MXNET).steps(10).failures(strict).build();
        try (GanTraining t = GanTraining.train(c)) {
            double r = t.diversityRatio();
            assertTrue(r > 0 && r < 0.99, "ratio " + r);
            List<TrainingEvent> collapse = t.events().stream()
                    .filter(e -> e.check().equals(TrainingEvent.MODE_COLLAPSE)).toList();
            assertEquals(1, collapse.size(), "fires once while it lasts: " + t.events());
            assertEquals(5, collapse.get(0).step());
            assertEquals(Action.WARN, collapse.get(0).action());
        }
    }

    @Test
    void wganClipKeepsEveryWeightOfDInsideTheBox() {
        TrainingConfig c = config(Engines.MXNET).loss(Losses.wgan(0.05)).learningRate(1e-2f).build();
        try (GanTraining t = GanTraining.train(c)) {
            for (Parameter p : t.gan().discriminatorParameters()) {
                for (float v : p.getArray().toFloatArray()) {
                    assertTrue(Math.abs(v) <= 0.05f + 1e-7, "weight " + v + " outside [-0.05, 0.05]");
                }
            }
        }
    }

    @Test
    void wganGpTrainsOnPyTorchWithItsRecommendedOptimizer() {
        TrainingConfig c = config(Engines.PYTORCH).loss(Losses.wganGp()).recommendedOptimizer().steps(60).build();
        try (GanTraining t = GanTraining.train(c)) {
            for (double d : t.log().column(TrainingLog.D_LOSS)) {
                assertTrue(Double.isFinite(d));
            }
            assertEquals(60, t.step());
        }
    }

    @Test
    void labelTricksAreRefusedForLossesWithoutLabels() {
        // the logistic losses accept targets; the check itself is in TrainingConfig
        TrainingConfig ok = config(Engines.MXNET).loss(Losses.minimax())
                .tricks(Tricks.builder().labelSmoothing(0.9).build()).build();
        assertEquals("minimax", ok.loss().name());
    }
}
