package org.ganworkbench.training;

import ai.djl.nn.Parameter;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Began;
import org.ganworkbench.models.DiscriminatorOptions;
import org.ganworkbench.models.Latent;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.models.Pix2Pix;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.models.Spade;
import org.ganworkbench.storage.ManifestFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact resume in one JVM: a run stopped after a checkpoint and resumed by a fresh
 * {@link GanTraining} (new networks, new optimizers, new random stream) ends with the same weights,
 * G average, log and events as the run that never stopped, to the bit, for every part of the state
 * a checkpoint carries: Adam's and RMSProp's moments (SGD's update counts), the random stream (data order, latents,
 * noise, label smoothing and flips), the replay pool, the EMA, BEGAN's k with learning-rate decay,
 * spectral norm's vectors, a growing GAN's stage and optimizer resets, the failure checks' windows,
 * and a log row under way (a translation GAN's L1 and feature-matching columns included).
 */
class ResumeTest {

    private static final int STEPS = 13;
    private static final int STOP_AFTER = 7;   // the last checkpoint before it: step 4 (checkpoint_every 4)

    static TrainingConfig.Builder mlp(String engine) {
        return TrainingConfig.builder(new GanTrainingTest.Blob(1f),
                        MlpGan.forPoints().generatorHidden(16).discriminatorHidden(16).build())
                .batchSize(32).learningRate(1e-3f).seed(7).engine(engine);
    }

    static ImageSet blobs() throws ReflectiveOperationException {
        Method m = Class.forName("org.ganworkbench.models.BeganTest").getDeclaredMethod("blobs", int.class, int.class,
                int.class, long.class);
        m.setAccessible(true);
        return (ImageSet) m.invoke(null, 64, 1, 16, 4L);
    }

    /** The configurations, each with a name; every one takes 13 steps, logs every 3, checks every 2. */
    static Map<String, TrainingConfig.Builder> configs(String engine) throws ReflectiveOperationException {
        Map<String, TrainingConfig.Builder> m = new java.util.LinkedHashMap<>();
        m.put("tricks", mlp(engine).loss(Losses.lsgan()).tricks(Tricks.builder().labelSmoothing(0.7, 1.2).labelFlip(0.1)
                .replay(64).ema(0.9).instanceNoise(0.5).build()));
        m.put("spectral-norm", TrainingConfig.builder(new GanTrainingTest.Blob(1f), MlpGan.forPoints().generatorHidden(16)
                .discriminatorHidden(16).discriminatorOptions(DiscriminatorOptions.NONE.withSpectralNorm(true)).build())
                .batchSize(32).learningRate(1e-3f).seed(7).engine(engine).loss(Losses.hinge()));
        ImageSet data = blobs();
        m.put("began-decay", TrainingConfig.builder(data, Began.builder(data.sampleShape()).width(4).hidden(8)
                .latent(Latent.uniform(4)).build()).loss(Losses.began()).lrDecay(LrDecay.halveOnPlateau(2))
                .batchSize(8).seed(3).engine(engine));
        m.put("progressive", TrainingConfig.builder(data, ProgressiveGan.builder(data.sampleShape()).featureMaps(8, 8, 4)
                .latent(Latent.gaussian(8)).schedule(16, 16).build()).loss(Losses.lsgan()).learningRate(1e-3f)
                .betas(0f, 0.99f).tricks(Tricks.builder().ema(0.999).build()).batchSize(8).seed(3).engine(engine));
        var scenes = ShapeScenes.render("scenes", ShapeScenes.layouts(64, 5), 16);
        m.put("pix2pix-fm", TrainingConfig.builder(scenes, Pix2Pix.builder(scenes.sampleShape(), scenes.mapShape()).width(4)
                .depth(3).dropout(0).dropoutBlocks(0).dWidth(4).dLayers(2).dScales(2).featureMatchingWeight(10).build())
                .loss(Losses.lsgan()).batchSize(8).seed(3).engine(engine));
        m.put("spade", TrainingConfig.builder(scenes, Spade.builder(scenes.sampleShape(), scenes.mapShape()).width(4)
                .hidden(4).latent(Latent.gaussian(4)).dWidth(4).dLayers(2).build())
                .loss(Losses.hinge()).batchSize(8).seed(3).engine(engine));
        m.put("sgd", mlp(engine).optimizer("sgd").learningRates(0.05f, 0.02f).loss(Losses.minimax()));
        if (Engines.supportsRmsProp(engine)) {
            m.put("wgan-rmsprop", mlp(engine).loss(Losses.wgan()).recommendedOptimizer().discriminatorSteps(2));
        }
        if (engine.equals(Engines.PYTORCH)) {
            m.put("wgan-gp", mlp(engine).loss(Losses.wganGp()).tricks(Tricks.builder().instanceNoise(0.3).jointBatch(true)
                    .build()));
        }
        for (TrainingConfig.Builder b : m.values()) {
            b.steps(STEPS).logEvery(3).checkpointEvery(4).failures(FailureChecks.DEFAULT.toBuilder().checkEvery(2).build());
        }
        return m;
    }

    @Test
    void aResumedRunEqualsTheRunThatNeverStoppedToTheBitOnMxnet(@TempDir Path dir) throws Exception {
        resumeEveryConfig(Engines.MXNET, dir);
    }

    @Test
    void aResumedRunEqualsTheRunThatNeverStoppedToTheBitOnPytorch(@TempDir Path dir) throws Exception {
        resumeEveryConfig(Engines.PYTORCH, dir);
    }

    private static void resumeEveryConfig(String engine, Path dir) throws Exception {
        for (var e : configs(engine).entrySet()) {
            TrainingConfig c = e.getValue().build();
            Path ckpt = dir.resolve(e.getKey() + "-" + engine);
            Snapshot whole;
            try (GanTraining t = GanTraining.train(c)) {
                whole = Snapshot.of(t);
            }
            try (GanTraining t = GanTraining.start(c).checkpointTo(ckpt)) {
                t.run(STOP_AFTER);   // then "killed": nothing is written at the stop
            }
            Snapshot resumed;
            try (GanTraining t = GanTraining.start(c).checkpointTo(ckpt)) {
                GanTraining.Resumed r = t.resume(ckpt);
                assertTrue(r.resumed(), e.getKey() + ": " + r);
                assertEquals(4, r.step(), e.getKey());
                assertEquals(4, t.step());
                t.run();
                resumed = Snapshot.of(t);
                assertEquals(List.of(4), t.provenance().get("resumed_at"), e.getKey());
            }
            whole.assertEquals(resumed, e.getKey() + " on " + engine);
        }
    }

    /** What is compared: every weight, G's average's samples, the log (but its timing) and the events. */
    record Snapshot(List<float[]> weights, float[] samples, List<double[]> log, List<TrainingEvent> events,
                    double[] lossState) {

        static Snapshot of(GanTraining t) {
            List<float[]> w = new ArrayList<>();
            for (Parameter p : t.gan().generatorParameters()) {
                w.add(p.getArray().toFloatArray());
            }
            for (Parameter p : t.gan().discriminatorParameters()) {
                w.add(p.getArray().toFloatArray());
            }
            List<double[]> log = new ArrayList<>();
            for (String column : t.log().table().columnNames()) {
                if (!column.equals(TrainingLog.IMAGES_PER_S)) {
                    log.add(t.log().column(column));
                }
            }
            return new Snapshot(w, t.sampleToArray(new Random(11), 4), log, t.events(), t.loss().state());
        }

        void assertEquals(Snapshot o, String what) {
            org.junit.jupiter.api.Assertions.assertEquals(weights.size(), o.weights.size(), what);
            for (int i = 0; i < weights.size(); i++) {
                assertArrayEquals(weights.get(i), o.weights.get(i), 0f, what + ": parameter " + i);
            }
            assertArrayEquals(samples, o.samples, 0f, what + ": samples of G (its average with EMA)");
            for (int i = 0; i < log.size(); i++) {
                assertArrayEquals(log.get(i), o.log.get(i), 0.0, what + ": log column " + i);
            }
            org.junit.jupiter.api.Assertions.assertEquals(events, o.events, what + ": events");
            assertArrayEquals(lossState, o.lossState, 0.0, what + ": loss state");
        }
    }

    @Test
    void aDamagedCheckpointFallsBackToThePreviousOneAndSaysWhy(@TempDir Path dir) throws Exception {
        TrainingConfig c = configs(Engines.MXNET).get("tricks").build();
        Path ckpt = dir.resolve("checkpoint");
        Snapshot whole;
        try (GanTraining t = GanTraining.train(c)) {
            whole = Snapshot.of(t);
        }
        try (GanTraining t = GanTraining.start(c).checkpointTo(ckpt)) {
            t.run(9);   // checkpoints at 4 and 8: checkpoint/ holds 8, checkpoint.previous/ 4
        }
        assertEquals("8", Files.readString(ckpt.resolve(Checkpoint.STEP)).trim());
        assertEquals("4", Files.readString(ManifestFolder.previous(ckpt).resolve(Checkpoint.STEP)).trim());
        flipAByte(ckpt.resolve(Checkpoint.DISCRIMINATOR));
        try (GanTraining t = GanTraining.start(c).checkpointTo(ckpt)) {
            GanTraining.Resumed r = t.resume(ckpt);
            assertEquals(4, r.step());
            assertEquals(ManifestFolder.previous(ckpt), r.folder());
            assertEquals(1, r.skipped().size(), r.skipped().toString());
            assertTrue(r.skipped().get(0).contains("discriminator.params") && r.skipped().get(0).contains("SHA-256"),
                    r.skipped().get(0));
            t.run();
            whole.assertEquals(Snapshot.of(t), "resumed from the previous checkpoint");
        }
    }

    @Test
    void noIntactCheckpointMeansNoResumeAndAnotherConfigurationIsRefusedByName(@TempDir Path dir) throws Exception {
        TrainingConfig c = configs(Engines.MXNET).get("tricks").build();
        Path ckpt = dir.resolve("checkpoint");
        try (GanTraining t = GanTraining.start(c)) {
            GanTraining.Resumed r = t.resume(ckpt);
            assertFalse(r.resumed());
            assertNull(r.folder());
            assertTrue(r.skipped().isEmpty());
        }
        try (GanTraining t = GanTraining.start(c).checkpointTo(ckpt)) {
            t.run(4);
        }
        TrainingConfig other = c.toBuilder().learningRateD(5e-4f).build();
        try (GanTraining t = GanTraining.start(other)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.resume(ckpt));
            assertTrue(e.getMessage().contains("lr_d"), e.getMessage());
        }
        TrainingConfig oftener = c.toBuilder().checkpointEvery(2).build();   // changes nothing the run computes
        try (GanTraining t = GanTraining.start(oftener)) {
            assertEquals(4, t.resume(ckpt).step());
        }
        try (GanTraining t = GanTraining.start(c)) {
            t.run(1);
            assertThrows(IllegalStateException.class, () -> t.resume(ckpt));
        }
    }

    private static void flipAByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
    }
}
