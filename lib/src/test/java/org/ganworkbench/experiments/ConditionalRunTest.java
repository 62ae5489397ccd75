package org.ganworkbench.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.AuxiliaryClassifierLoss;
import org.ganworkbench.models.ConditionalGan;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conditional GANs as run specs: every D conditioning trains on both engines; AC-GAN's class term; clear refusals. */
class ConditionalRunTest {

    static final String SPEC = """
            {"data": "shapes-32",
             "model": {"name": "conditional", "latent_dim": 16, "width": 8, "generator_conditioning": "cbn",
                       "discriminator_conditioning": "projection", "attention_at": 16, "spectral_norm": "both"},
             "loss": {"name": "hinge"},
             "optimizer": {"name": "adam", "lr_d": 0.0004, "lr_g": 0.0001, "beta1": 0, "beta2": 0.9},
             "batch_size": 8, "steps": 4, "log_every": 1, "seed": 3}""";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void everyDiscriminatorConditioningTrainsWithFiniteLosses(String engine) {
        for (String d : new String[] {"concat", "acgan", "projection"}) {
            for (String g : new String[] {"concat", "cbn"}) {
                RunSpec spec = RunSpec.fromJson(SPEC).with("engine", engine).with("model.discriminator_conditioning", d)
                        .with("model.generator_conditioning", g);
                TrainingConfig config = spec.toTrainingConfig();
                assertEquals(5, config.architecture().classes(), "Shapes has 5 kinds");
                try (GanTraining run = GanTraining.start(config)) {
                    run.run(4);
                    for (String column : new String[] {"d_loss", "g_loss"}) {
                        for (double v : run.log().column(column)) {
                            assertTrue(Double.isFinite(v), d + "/" + g + " on " + engine + ": " + column + " " + v);
                        }
                    }
                    try (NDManager m = run.gan().manager().newSubManager()) {
                        NDArray x = run.gan().sample(m, new Random(1), 10);
                        assertEquals(new Shape(10, 3, 32, 32), x.getShape());
                    }
                }
            }
        }
    }

    @Test
    void theClassTermIsTheCrossEntropyOfTheHeadsLogits() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            NDArray logits = m.create(new float[] {1, 2, 3, 0, 0, 0}, new Shape(2, 3));
            NDArray y = GanData.oneHot(m, new int[] {2, 0}, 3);
            double first = -3 + Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
            double second = Math.log(3);
            assertEquals((first + second) / 2, AuxiliaryClassifierLoss.crossEntropy(logits, y).getFloat(), 1e-6);
            AuxiliaryClassifierLoss loss = new AuxiliaryClassifierLoss(0.5);
            assertEquals(0.5 * (first + second), loss.discriminatorTerm(logits, y, logits, y).getFloat(), 1e-6);
            assertEquals(0.25 * (first + second), loss.generatorTerm(logits, y).getFloat(), 1e-6);
            // large logits stay finite
            NDArray big = m.create(new float[] {1000, 0, -1000}, new Shape(1, 3));
            assertEquals(2000, AuxiliaryClassifierLoss.crossEntropy(big, GanData.oneHot(m, new int[] {2}, 3)).getFloat(), 1e-3);
        }
        assertThrows(IllegalArgumentException.class, () -> new AuxiliaryClassifierLoss(0));
    }

    /**
     * AC-GAN's class term trains D's head: on two classes anyone can tell apart (dark and light
     * images), 30 D updates take the head's cross-entropy from log 2 to well below it. (On Shapes the
     * head learns slowly: with a DCGAN-initialized width-8 D, 80 D updates at weight 10 moved the
     * cross-entropy on real images only from 1.609 to 1.548 with the fake term off, and not at all
     * with it on, as G, not trained in between, draws the same images for every class.)
     */
    @Test
    void theClassTermTrainsTheHead() {
        int n = 64;
        float[] pixels = new float[n * 3 * 16 * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            java.util.Arrays.fill(pixels, i * 768, (i + 1) * 768, labels[i] == 0 ? -0.8f : 0.8f);
        }
        ImageSet data = new ImageSet("dark-light", 3, 16, 16, pixels, labels, java.util.List.of("dark", "light"));
        ConditionalGan arch = ConditionalGan.builder(data.sampleShape(), 2).width(8).latent(org.ganworkbench.models.Latent.gaussian(8))
                .discriminatorConditioning(org.ganworkbench.nn.ConditionalDiscriminator.Mode.ACGAN).build();
        TrainingConfig config = TrainingConfig.builder(data, arch).loss(org.ganworkbench.losses.Losses.create("hinge", java.util.Map.of()))
                .learningRate(2e-3f).betas(0f, 0.9f).batchSize(16).steps(1).seed(2).engine(Engines.MXNET).build();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        try (GanTraining run = GanTraining.start(config)) {
            double before = crossEntropy(run, data, all, 2);
            assertEquals(Math.log(2), before, 0.05, "an untrained head is uniform");
            run.trainDiscriminator(30);
            double after = crossEntropy(run, data, all, 2);
            assertTrue(after < 0.5 * before, "the head's cross-entropy on the real images " + before + " -> " + after);
        }
    }

    private static double crossEntropy(GanTraining run, ImageSet test, int[] all, int classes) {
        try (NDManager m = run.gan().manager().newSubManager()) {
            NDArray y = GanData.oneHot(m, test.labels(all), classes);
            NDArray logits = run.gan().discriminatorOutputs(test.batch(m, all), y, false).get(2);
            return AuxiliaryClassifierLoss.crossEntropy(logits, y).getFloat();
        }
    }

    @Test
    void refusesWhatCannotWork() {
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC).with("model.class_weight", 0.5).toTrainingConfig());
        assertTrue(weight.getMessage().contains("class_weight") && weight.getMessage().contains("acgan"), weight.getMessage());
        IllegalArgumentException points = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC.replace("shapes-32", "ring8")).toTrainingConfig());
        assertTrue(points.getMessage().contains("image data"), points.getMessage());
        IllegalArgumentException replay = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(SPEC).with("tricks.replay_size", 64).toTrainingConfig());
        assertTrue(replay.getMessage().contains("other classes"), replay.getMessage());
        IllegalArgumentException metrics = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson(PixelMetricsRunTest.SPEC).with("evaluation.metrics", java.util.List.of("fid", "cacc")));
        assertTrue(metrics.getMessage().contains("'evaluation.metrics': [cacc]") && metrics.getMessage().contains("model 'dcgan'"),
                metrics.getMessage());
        ImageSet unlabeled = ImageSet.ofSamples("mine", new Shape(3, 32, 32), Shapes.generate(4, 32, 1).toArray());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ConditionalGan.builder(unlabeled.sampleShape(), unlabeled.classes()));
        assertTrue(none.getMessage().contains(">= 2 classes"), none.getMessage());
    }
}
