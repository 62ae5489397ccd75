package org.ganworkbench.experiments;

import org.ganworkbench.config.Options;
import org.ganworkbench.models.ProgressiveGan;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The option declarations are the one source: README, schema, parser, checks and provenance agree with them. */
class OptionTablesTest {

    @Test
    void theReadmesTablesAreTheDeclarations() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf(OptionTables.BEGIN);
        int end = readme.indexOf(OptionTables.END);
        assertTrue(begin >= 0 && end > begin, "README.md lacks the option-table markers");
        String copy = readme.substring(begin + OptionTables.BEGIN.length(), end).strip();
        assertEquals(OptionTables.markdown().strip(), copy,
                "README.md's option tables differ from the declarations: paste `environment/gan options` between the markers");
    }

    @Test
    void everyDeclaredModelOptionIsASpecKeyWithItsTypeAndLandsInTheProvenance() {
        for (String model : List.of("mlp", "dcgan", "progressive", "began")) {
            Options<?, ?> options = SpecSchema.modelOptions(model);
            assertEquals(options.keys(), SpecSchema.section("model", new SpecSchema.Names(model, null, "shapes-32")).keySet().stream()
                    .filter(k -> !k.equals("name")).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)),
                    model + ": the spec's model keys are not its declared options");
        }
        // a value set through the spec reaches the blueprint and its provenance
        RunSpec spec = RunSpec.of(Map.of("data", "shapes-32", "model", Map.of("name", "dcgan", "width", 8,
                "upsampler", "pixel-shuffle", "discriminator_norm", "instance", "minibatch_kernels", 3, "leaky_slope", 0.1)));
        var settings = spec.toTrainingConfig().architecture().settings();
        assertEquals(8, settings.get("width"));
        assertEquals("pixel_shuffle", settings.get("upsampler"));
        assertEquals("instance", settings.get("discriminator_norm"));
        assertEquals(3, settings.get("minibatch_kernels"));
        assertEquals(0.1f, settings.get("leaky_slope"));
        assertEquals(5, settings.get("minibatch_kernel_dim"), "Salimans' kernel dimension when only kernels are given");
    }

    @Test
    void theEvaluationSectionIsDeclaredByTheDatasEvaluatorAndCheckedWhenTheSpecIsRead() {
        assertEquals(List.of("n", "metrics", "seed", "every"),
                List.copyOf(SpecSchema.section("evaluation", new SpecSchema.Names(null, null, "fashion-mnist")).keySet()));
        assertEquals(List.of("n", "seed", "every"), List.copyOf(SpecSchema.section("evaluation", new SpecSchema.Names(null, null, "ring8")).keySet()));
        assertEquals(List.of("every"), List.copyOf(SpecSchema.section("evaluation", new SpecSchema.Names(null, null, "mnist-digits")).keySet()));
        EvaluationSettings read = RunEvaluators.forData("shapes-64").schema().read(Map.of("n", 64L));
        assertEquals(new EvaluationSettings(64, EvaluationSettings.DEFAULT_SEED, List.of("swd", "msssim"), 0), read);
        Map<String, Object> base = Map.of("data", "fashion-mnist");
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("evaluation.n", 20_000));
        assertTrue(e.getMessage().contains("'evaluation.n' must be in [2, 10000], got 20000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("evaluation.metrics", List.of("fid", "lpips")));
        assertTrue(e.getMessage().contains("'evaluation.metrics'") && e.getMessage().contains("'lpips'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(Map.of("data", "shapes-32"))
                .with("evaluation.metrics", List.of("lpips")));
        assertTrue(e.getMessage().contains("'lpips'") && e.getMessage().contains("fid") && e.getMessage().contains("swd"),
                e.getMessage());   // Shapes runs take the feature metrics too, in the Shapes classifier's space
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(Map.of("data", "ring8")).with("evaluation.every", -1));
        assertTrue(e.getMessage().contains("'evaluation.every' must be in [0, 2^31-1], got -1"), e.getMessage());
        // the toys' density/coverage need 6 points; 5 would fail after training, so it is refused when read
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(Map.of("data", "ring8")).with("evaluation.n", 5));
        assertTrue(e.getMessage().contains("'evaluation.n' must be in [6, 2^31-1], got 5"), e.getMessage());
    }

    @Test
    void aLossesParametersAreDeclaredWithItCheckedWhenTheSpecIsReadAndRecordedUnderTheirKeys() {
        assertEquals(List.of("name", "lambda", "gp_lambda", "drift"),
                List.copyOf(SpecSchema.section("loss", new SpecSchema.Names(null, "wgan-gp", "ring8")).keySet()));
        assertEquals(List.of("name"), List.copyOf(SpecSchema.section("loss", new SpecSchema.Names(null, "ns", "ring8")).keySet()));
        Map<String, Object> base = Map.of("data", "ring8", "engine", "PyTorch");
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("loss", Map.of("name", "wgan-clip",
                "clip", -1)));
        assertTrue(e.getMessage().contains("'loss.clip' must be in (0, ∞), got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("loss", Map.of("name", "wgan-gp",
                "epsilon", 0.1)));
        assertTrue(e.getMessage().contains("unknown key 'loss.epsilon'; valid keys of loss 'wgan-gp': name, lambda, gp_lambda, drift"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("loss", Map.of("name", "wgan-gp",
                "lambda", 5, "gp_lambda", 5)));
        assertTrue(e.getMessage().contains("give either lambda or gp_lambda, not both"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("loss", Map.of("name", "began",
                "gamma", "high")));
        assertTrue(e.getMessage().contains("'loss.gamma' must be a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("loss", "wgan-xl"));
        assertTrue(e.getMessage().contains("'loss.name': unknown loss 'wgan-xl'"), e.getMessage());
        // the alias sets lambda; the provenance records the spec's key
        RunSpec gp = RunSpec.of(base).with("loss", Map.of("name", "wgan-gp", "gp_lambda", 5, "drift", 0.001));
        Map<String, Object> settings = gp.toTrainingConfig().loss().settings();
        assertEquals(Map.of("loss", "wgan-gp", "lambda", 5.0, "drift", 0.001), settings);
        // a notebook's Java values (an Integer) are taken too, and a bad type is named
        assertEquals(7.0, ((org.ganworkbench.losses.BeganLoss) org.ganworkbench.losses.Losses.create("began",
                Map.of("gamma", 1))).gamma() * 7);
        e = assertThrows(IllegalArgumentException.class, () -> org.ganworkbench.losses.Losses.create("ebgan",
                Map.of("margin", "wide")));
        assertTrue(e.getMessage().contains("'loss.margin' must be a number, got 'wide'"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWhenTheSpecIsReadNamingTheFieldAndWhatIsAllowed() {
        Map<String, Object> base = Map.of("data", "shapes-32");
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(Map.of("data", "shapes-32",
                "model", Map.of("name", "dcgan", "width", 0))));
        assertTrue(e.getMessage().contains("'model.width' must be in [1, 4096], got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with(Map.of("model.name", "dcgan",
                "model.upsampler", "bilinear")));
        assertTrue(e.getMessage().contains("'model.upsampler' must be one of transposed, resize, pixel_shuffle"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with(Map.of("model.name", "progressive",
                "model.feature_maps", List.of(8, 8, 8, 8), "model.fmap_base", 64)));
        assertTrue(e.getMessage().contains("give either feature_maps or fmap_base/fmap_max, not both"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with(Map.of("model.name", "mlp",
                "model.generator_dropout", 1.0)));
        assertTrue(e.getMessage().contains("'model.generator_dropout' must be in [0, 1), got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("batch_size", 0));
        assertTrue(e.getMessage().contains("'batch_size' must be in [1, 2^31-1], got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("engine", "TensorFlow"));
        assertTrue(e.getMessage().contains("'engine': unknown engine 'TensorFlow'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("tricks.label_smoothing", 2.0));
        assertTrue(e.getMessage().contains("'tricks.label_smoothing' must be in (0, 1], got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSpec.of(base).with("optimizer.lr_decay_factor", 0.5));
        assertTrue(e.getMessage().contains("'optimizer.lr_decay_factor' needs optimizer.lr_decay_window"), e.getMessage());
    }

    @Test
    void optionsAddedLaterAreRecordedOnlyWhenSetAndTheOthersAlways() {
        var shape = new ai.djl.ndarray.types.Shape(3, 32, 32);
        assertFalse(ProgressiveGan.builder(shape).build().settings().containsKey("reset_optimizer"));
        assertEquals(true, ProgressiveGan.builder(shape).resetOptimizerEachPhase(true).build().settings().get("reset_optimizer"));
        assertFalse(ProgressiveGan.builder(shape).build().settings().containsKey("fmap_base"));
        assertEquals(128, ProgressiveGan.builder(shape).fmapBase(128).build().settings().get("fmap_base"),
                "a rule differing from the default is recorded");
        assertEquals(true, ProgressiveGan.builder(shape).build().settings().get("growing"), "the others always are");
    }
}
