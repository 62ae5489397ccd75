package org.ganworkbench.experiments;

import org.ganworkbench.training.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSpecTest {

    private static final String FULL = """
            {"data": "ring8",
             "model": {"name": "mlp", "latent_dim": 8, "generator_hidden": [16, 16], "discriminator_hidden": [16],
                       "spectral_norm": false, "minibatch_kernels": 0, "stddev_group": 0, "generator_dropout": 0},
             "loss": {"name": "minimax"},
             "optimizer": {"name": "adam", "lr_d": 2e-4, "lr_g": 1e-4, "beta1": 0.5, "beta2": 0.99, "d_steps": 2},
             "tricks": {"label_smoothing": 0.9, "label_flip": 0.05, "instance_noise": 0.1,
                        "instance_noise_anneal": 10, "ema_decay": 0.99, "replay_size": 64, "joint_batch": false},
             "failures": {"check_gradient": "stop", "gradient_ceiling": 50, "check_every": 10},
             "batch_size": 32, "steps": 20, "seed": 3, "engine": "MXNet", "log_every": 5,
             "evaluation": {"n": 300, "seed": 5, "every": 10}, "samples": 50}""";

    @Test
    void everyDataNameLoadsAndIsScored() {
        assertEquals(List.of("ring8", "grid25", "fashion-mnist", "fashion-mnist-32", "mnist-digits", "shapes-32",
                "shapes-64", "shape-scenes-32", "shape-scenes-64"), SpecSchema.DATA);
        for (String data : SpecSchema.DATA) {
            assertTrue(RunEvaluators.forData(data).schema().options().keys().contains("every"), data);
        }
        assertEquals("ring8", SpecConfigs.loadData("ring8").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson("{\"data\": \"cifar10\"}"));
        assertTrue(e.getMessage().contains("'data'") && e.getMessage().contains("shapes-64"), e.getMessage());
    }

    @Test
    void aTranslationModelNeedsPairedDataAndSaysSo() {
        // on paired data the spec builds pix2pix with the data's maps; on images alone it names the fix
        TrainingConfig ok = SpecConfigs.build(RunSpec.fromJson("""
                {"data": "shape-scenes-32", "model": {"name": "pix2pix", "width": 8, "d_scales": 2,
                 "feature_matching_weight": 10}, "loss": "lsgan"}"""));
        assertEquals(new ai.djl.ndarray.types.Shape(7, 32, 32), ok.architecture().mapShape());
        assertEquals(10, ok.architecture().translationWeights().featureMatching());
        assertEquals(100, ok.architecture().translationWeights().l1());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecConfigs.build(RunSpec.fromJson("{\"data\": \"shapes-32\", \"model\": \"spade\"}")));
        assertTrue(e.getMessage().contains("model") && e.getMessage().contains("paired data"), e.getMessage());
    }

    @Test
    void jsonRoundTripKeepsEveryValueAndTheId() {
        RunSpec s = RunSpec.fromJson(FULL);
        RunSpec back = RunSpec.fromJson(s.toJson());
        assertEquals(s, back);
        assertEquals(s.id(), back.id());
        assertEquals(s.toJson(), back.toJson());
        assertEquals(12, s.id().length());
        assertEquals(List.of(16L, 16L), s.model().get("generator_hidden"));
        assertEquals(0.9, (Double) s.get("tricks.label_smoothing"), 0);
    }

    @Test
    void canonicalFormIgnoresKeyOrderNumberSpellingAndDefaults() {
        RunSpec a = RunSpec.fromJson("{\"data\": \"ring8\", \"steps\": 20, \"loss\": \"minimax\", \"batch_size\": 32.0}");
        RunSpec b = RunSpec.fromJson("{\"batch_size\": 32, \"loss\": {\"name\": \"minimax\"}, \"steps\": 2e1, "
                + "\"data\": \"ring8\", \"seed\": 0, \"log_every\": 1, \"optimizer\": {\"name\": \"adam\"}}");
        assertEquals(a, b);
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), a.with("seed", 1).id());
    }

    @Test
    void dottedOverridesMakeVariants() {
        RunSpec base = RunSpec.fromJson(FULL);
        RunSpec v = base.with("loss.name", "non-saturating").with("tricks.label_smoothing", null)
                .with("model.spectral_norm", true).with("seed", 7).with("optimizer.lr_d", 0.001f);
        assertEquals("non-saturating", v.get("loss.name"));
        assertNull(v.get("tricks.label_smoothing"));
        assertEquals(true, v.get("model.spectral_norm"));
        assertEquals(7L, v.seed());
        assertEquals(0.001, (Double) v.get("optimizer.lr_d"), 0);  // 0.001f read as written, not 0.0010000000474
        assertEquals("minimax", base.get("loss.name"), "the base is unchanged");
        RunSpec recommended = base.with("optimizer", "recommended");
        assertEquals(Map.of("name", "recommended"), recommended.optimizer());
        assertEquals(base.with(Map.of("loss.name", "non-saturating", "seed", 7)).get("seed"), 7L);
    }

    @Test
    void unknownKeysNameTheKeyAndListTheValidOnes() {
        RunSpec base = RunSpec.fromJson(FULL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base.with("tricks.label_smothing", 0.9));
        assertTrue(e.getMessage().contains("'tricks.label_smothing'"), e.getMessage());
        assertTrue(e.getMessage().contains("label_smoothing, label_flip") || e.getMessage().contains("label_smoothing"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.with("model.width", 32));
        assertTrue(e.getMessage().contains("'model.width'") && e.getMessage().contains("of model 'mlp'")
                && e.getMessage().contains("generator_hidden"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.fromJson("{\"data\": \"ring8\", \"stpes\": 3}"));
        assertTrue(e.getMessage().contains("'stpes'") && e.getMessage().contains("steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.with("evaluation.metrics", List.of("fid")));
        assertTrue(e.getMessage().contains("'evaluation.metrics'") && e.getMessage().contains("data 'ring8'"),
                e.getMessage());
    }

    @Test
    void wrongTypesNameTheField() {
        RunSpec base = RunSpec.fromJson(FULL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.with("steps", 2.5));
        assertTrue(e.getMessage().contains("'steps'") && e.getMessage().contains("whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.with("model.spectral_norm", "yes"));
        assertTrue(e.getMessage().contains("'model.spectral_norm'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.with("model.generator_hidden", List.of(16, "a")));
        assertTrue(e.getMessage().contains("'model.generator_hidden'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.with("loss.name", "wasserstein-ish"));
        assertTrue(e.getMessage().contains("'loss.name'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.with("loss.margin", 2));
        assertTrue(e.getMessage().contains("margin"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.with(Map.of("loss.name", "wgan-clip")));
        assertTrue(e.getMessage().startsWith("RunSpec field 'tricks' (with engine MXNet, model mlp): smooth or flip D's "
                + "labels, but loss 'wgan-clip' has no labels"), "checked on the spec, before data: " + e.getMessage());
        RunSpec clipped = base.with(Map.of("loss.name", "wgan-clip", "loss.clip", 0.05, "tricks", Map.of()));
        assertEquals(0.05, ((org.ganworkbench.losses.WassersteinLoss) SpecConfigs.loss("wgan-clip", clipped.lossParams())).clip(),
                1e-12);
        e = assertThrows(IllegalArgumentException.class, () -> base.with("data", "cifar"));
        assertTrue(e.getMessage().contains("'data'") && e.getMessage().contains("fashion-mnist"), e.getMessage());
    }

    @Test
    void buildsTheTrainingConfig() {
        // no loss on this branch accepts changed targets yet, so no label smoothing / flip here
        TrainingConfig c = RunSpec.fromJson(FULL).with("tricks.label_smoothing", null).with("tricks.label_flip", null)
                .toTrainingConfig();
        assertEquals("ring8", c.data().name());
        assertEquals("minimax", c.loss().name());
        assertEquals(2e-4f, c.learningRateD());
        assertEquals(1e-4f, c.learningRateG());
        assertEquals(0.99f, c.beta2());
        assertEquals(2, c.discriminatorSteps());
        assertEquals(32, c.batchSize());
        assertEquals(20, c.steps());
        assertEquals(3L, c.seed());
        assertEquals(5, c.logEvery());
        assertEquals(64, c.tricks().replaySize());
        assertEquals(10, c.tricks().instanceNoiseAnneal());
        assertEquals(50, c.failures().gradientCeiling());
        assertEquals("[16, 16]", c.settings().get("generator_hidden"));
        assertEquals(8, c.architecture().latent().dim());
    }

    @Test
    void tricksMirrorTheirSettings() {
        var t = SpecConfigs.tricks(RunSpec.fromJson(FULL).tricks());
        assertEquals(0.9, t.realLabelLow());
        assertEquals(0.9, t.realLabelHigh());
        assertEquals(0.05, t.labelFlip());
        assertEquals(0.99, t.emaDecay());
        var range = SpecConfigs.tricks(Map.of("real_label_low", 0.7, "real_label_high", 1.2));
        assertEquals(0.7, range.realLabelLow());
        assertEquals(1.2, range.realLabelHigh());
    }

    @Test
    void recommendedOptimizerComesFromTheLossAndKeysOverrideIt() {
        RunSpec s = RunSpec.fromJson("{\"data\": \"ring8\", \"optimizer\": \"recommended\"}");
        TrainingConfig c = s.toTrainingConfig();
        var r = c.loss().recommended();
        assertEquals(r.learningRateD(), c.learningRateD());
        assertEquals(r.discriminatorSteps(), c.discriminatorSteps());
        TrainingConfig o = s.with("optimizer.d_steps", 3).toTrainingConfig();
        assertEquals(3, o.discriminatorSteps());
        assertEquals(r.learningRateG(), o.learningRateG());
    }

    @Test
    void sgdIsAnOptimizerOfTheSpecAndOfItsProvenance() {
        RunSpec s = RunSpec.fromJson("{\"data\": \"ring8\", \"optimizer\": {\"name\": \"sgd\", \"lr_d\": 0.05, "
                + "\"lr_g\": 0.02}}");
        TrainingConfig c = s.toTrainingConfig();
        assertEquals("sgd", c.optimizer());
        assertEquals(0.05f, c.learningRateD());
        assertEquals(0.02f, c.learningRateG());
        assertEquals("sgd", c.settings().get("optimizer"));
        assertEquals("sgd", RunSpec.fromJson(FULL).with("optimizer.name", "sgd").toTrainingConfig().optimizer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.with("optimizer.name", "momentum"));
        assertTrue(e.getMessage().contains("sgd"), e.getMessage());
    }

    @Test
    void configErrorsNameTheSection() {
        RunSpec s = RunSpec.fromJson(FULL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.with(Map.of("model.name", "dcgan", "model.generator_hidden", List.of(),
                        "model.discriminator_hidden", List.of())));
        assertTrue(e.getMessage().contains("_hidden'") && e.getMessage().contains("of model 'dcgan'"), e.getMessage());
        java.util.Map<String, Object> toDcgan = new java.util.LinkedHashMap<>();
        toDcgan.put("model.name", "dcgan");
        toDcgan.put("model.generator_hidden", null);
        toDcgan.put("model.discriminator_hidden", null);
        RunSpec dcgan = s.with(toDcgan);
        e = assertThrows(IllegalArgumentException.class, dcgan::toTrainingConfig);
        assertTrue(e.getMessage().contains("dcgan") && e.getMessage().contains("image data"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpecConfigs.tricks(s.with("tricks.real_label_low", 0.7).tricks()));
        assertTrue(e.getMessage().contains("label_smoothing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.with("loss.margin", 1).toTrainingConfig());
        assertTrue(e.getMessage().contains("margin"), e.getMessage());
    }
}
