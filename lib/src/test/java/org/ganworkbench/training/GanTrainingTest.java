package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.MlpGan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanTrainingTest {

    /** A small 2-D data source: a Gaussian blob at (1, -1). */
    static final class Blob implements GanData {
        private final float value;

        Blob(float nanOrValue) {
            this.value = nanOrValue;
        }

        @Override
        public String name() {
            return "blob";
        }

        @Override
        public Shape sampleShape() {
            return new Shape(2);
        }

        @Override
        public NDArray sample(NDManager manager, Random rng, int batchSize) {
            float[] x = new float[batchSize * 2];
            for (int i = 0; i < batchSize; i++) {
                x[2 * i] = (float) (value + 0.1 * rng.nextGaussian());
                x[2 * i + 1] = (float) (-value + 0.1 * rng.nextGaussian());
            }
            return manager.create(x, new Shape(batchSize, 2));
        }
    }

    private static TrainingConfig.Builder config(String engine) {
        return TrainingConfig.builder(new Blob(1f), MlpGan.forPoints().generatorHidden(32).discriminatorHidden(32).build())
                .batchSize(32).learningRate(1e-3f).seed(42).engine(engine);
    }

    private static List<float[]> snapshot(List<Parameter> params) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : params) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    private static void assertSame(List<float[]> a, List<float[]> b, String what) {
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), what + " parameter " + i);
        }
    }

    private static boolean changed(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void eachStepMovesOnlyItsOwnNetworkOnBothEngines() {
        for (String engine : new String[] {Engines.MXNET, Engines.PYTORCH}) {
            try (GanTraining t = GanTraining.start(config(engine).steps(3).build())) {
                t.run(2); // leave gradients around in both networks
                List<float[]> g0 = snapshot(t.gan().generatorParameters());
                List<float[]> d0 = snapshot(t.gan().discriminatorParameters());
                t.discriminatorStep(false);
                List<float[]> g1 = snapshot(t.gan().generatorParameters());
                List<float[]> d1 = snapshot(t.gan().discriminatorParameters());
                assertSame(g0, g1, engine + ": D step moved G");
                assertTrue(changed(d0, d1), engine + ": D step did not move D");
                t.generatorStep(false);
                List<float[]> g2 = snapshot(t.gan().generatorParameters());
                List<float[]> d2 = snapshot(t.gan().discriminatorParameters());
                assertSame(d1, d2, engine + ": G step moved D");
                assertTrue(changed(g1, g2), engine + ": G step did not move G");
            }
        }
    }

    @Test
    void noGradientLeaksBetweenStepsEitherEngine() {
        // MXNet overwrites gradients, PyTorch accumulates them. From the same weights and batches,
        // both engines must take the same steps; a leak of G-step gradients into the next D step on
        // PyTorch would make the runs part at step 2.
        double[] mx;
        double[] pt;
        try (GanTraining t = GanTraining.train(config(Engines.MXNET).steps(5).build())) {
            mx = t.log().column(TrainingLog.D_LOSS);
        }
        try (GanTraining t = GanTraining.train(config(Engines.PYTORCH).steps(5).build())) {
            pt = t.log().column(TrainingLog.D_LOSS);
        }
        assertEquals(5, mx.length);
        for (int i = 0; i < 5; i++) {
            assertEquals(mx[i], pt[i], 1e-4, "D loss at step " + (i + 1));
        }
    }

    @Test
    void sameSeedSameLossesOnEachEngine() {
        for (String engine : new String[] {Engines.MXNET, Engines.PYTORCH}) {
            double[] a;
            double[] b;
            double[] c;
            try (GanTraining t = GanTraining.train(config(engine).steps(30).build())) {
                a = t.log().column(TrainingLog.G_LOSS);
            }
            try (GanTraining t = GanTraining.train(config(engine).steps(30).build())) {
                b = t.log().column(TrainingLog.G_LOSS);
            }
            try (GanTraining t = GanTraining.train(config(engine).steps(30).seed(43).build())) {
                c = t.log().column(TrainingLog.G_LOSS);
            }
            assertArrayEquals(a, b, engine + ": same seed, different losses");
            assertFalse(java.util.Arrays.equals(a, c), engine + ": different seeds, same losses");
        }
    }

    @Test
    void imagesPerSecondCountsEveryDUpdatesRealBatch() {
        try (GanTraining t = GanTraining.start(config(null).steps(4).discriminatorSteps(3).batchSize(16).build())) {
            assertTrue(Double.isNaN(t.imagesPerSecond()), "no step yet");
            t.run(4);
            assertEquals(4 * 3 * 16 / t.trainingSeconds(), t.imagesPerSecond(), 1e-9 * t.imagesPerSecond());
        }
    }

    @Test
    void memoryStaysFlatAcrossSteps() {
        try (GanTraining t = GanTraining.start(config(null).steps(200).build())) {
            t.run(20);
            int after20 = t.gan().manager().getManagedArrays().size();
            t.run(100);
            int after120 = t.gan().manager().getManagedArrays().size();
            assertEquals(after20, after120, "arrays attached to the GAN's manager grew during training");
        }
    }

    @Test
    void logHasOneRowPerLogInterval() {
        try (GanTraining t = GanTraining.train(config(null).steps(25).logEvery(10).build())) {
            assertArrayEquals(new double[] {10, 20, 25}, t.log().column(TrainingLog.STEP));
            for (String col : List.of(TrainingLog.D_LOSS, TrainingLog.G_LOSS, TrainingLog.GRAD_NORM_D,
                    TrainingLog.GRAD_NORM_G, TrainingLog.IMAGES_PER_S)) {
                for (double v : t.log().column(col)) {
                    assertTrue(Double.isFinite(v) && v >= 0, col + " = " + v);
                }
            }
            for (double p : t.log().column(TrainingLog.D_REAL)) {
                assertTrue(p > 0 && p < 1);
            }
        }
    }

    @Test
    void continuingARunAddsSteps() {
        try (GanTraining t = GanTraining.start(config(null).steps(10).build())) {
            t.run();
            assertEquals(10, t.step());
            t.run(5);
            assertEquals(15, t.step());
            assertEquals(15, t.log().size());
            t.run();
            assertEquals(15, t.step(), "run() past config.steps() should do nothing");
        }
    }

    @Test
    void monitorsAreCalledAtTheirIntervalAndAtTheEnd() {
        List<Integer> seen = new ArrayList<>();
        try (GanTraining t = GanTraining.train(config(null).steps(25).build(),
                Monitor.every(10, tr -> seen.add(tr.step())))) {
            assertEquals(List.of(10, 20, 25), seen);
        }
    }

    @Test
    void nanInTheDataStopsTrainingNamingStepAndNetwork() {
        TrainingConfig bad = TrainingConfig.builder(new Blob(Float.NaN), MlpGan.forPoints().build()).steps(5).build();
        try (GanTraining t = GanTraining.start(bad)) {
            List<float[]> d0 = snapshot(t.gan().discriminatorParameters());
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.run());
            assertEquals(1, e.step());
            assertEquals("discriminator", e.network());
            assertTrue(e.getMessage().contains("step 1"), e.getMessage());
            assertSame(d0, snapshot(t.gan().discriminatorParameters()), "weights after a failed step");
        }
    }

    @Test
    void discriminatorHeadStartMovesOnlyDAndLeavesNoLogRow() {
        try (GanTraining t = GanTraining.start(config(Engines.PYTORCH).steps(5).build())) {
            List<float[]> g0 = snapshot(t.gan().generatorParameters());
            double before = t.trainDiscriminator(1);
            double after = t.trainDiscriminator(300);
            assertTrue(after < before - 0.1, "D(G(z)) should fall during D's head start: " + before + " -> " + after);
            assertSame(g0, snapshot(t.gan().generatorParameters()), "head start moved G");
            assertEquals(0, t.step());
            assertEquals(0, t.log().size());
        }
    }

    @Test
    void configRejectsBadSettingsNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(null).batchSize(0).build());
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config(null).betas(1.5f, 0.9f).build());
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(new Blob(1), MlpGan.forImages(new Shape(1, 28, 28)).build()).build());
        assertTrue(e.getMessage().contains("(1, 28, 28)") && e.getMessage().contains("blob"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config("tensorflow").build());
        assertTrue(e.getMessage().contains("tensorflow"), e.getMessage());
    }

    @Test
    void provenanceNamesEverythingNeededToRepeatTheRun() {
        try (GanTraining t = GanTraining.train(config(Engines.MXNET).steps(2).loss(Losses.minimax()).build())) {
            var p = t.provenance();
            assertEquals("blob", p.get("data"));
            assertEquals("minimax", p.get("loss"));
            assertEquals(42L, p.get("seed"));
            assertEquals("MXNet", p.get("engine"));
            assertNotEquals(null, p.get("djl"));
            assertEquals(2, p.get("steps_done"));
        }
    }
}
