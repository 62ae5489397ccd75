package org.ganworkbench.experiments;

import org.ganworkbench.config.Options;
import org.ganworkbench.config.ValueKind;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Began;
import org.ganworkbench.models.ConditionalGan;
import org.ganworkbench.models.Pix2Pix;
import org.ganworkbench.models.Spade;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.training.FailureChecks;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.Tricks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys a {@link RunSpec} accepts, with their types: the top level's and each section's, taken
 * from the options declared with what they configure ({@link #sectionOptions}). Model keys depend
 * on the model, loss keys on the loss ({@link Losses#options}), evaluation keys on the data's
 * evaluator ({@link RunEvaluators}).
 */
final class SpecSchema {

    /** Top-level scalar keys (sections excluded) and their types: data, the run's options, samples. */
    static final Map<String, ValueKind> TOP = top();

    private static Map<String, ValueKind> top() {
        Map<String, ValueKind> m = new LinkedHashMap<>();
        m.put("data", ValueKind.STRING);
        m.putAll(TrainingConfig.RUN_OPTIONS.kinds());
        m.put("samples", ValueKind.INT);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Section names, in canonical order. */
    static final List<String> SECTIONS = List.of("model", "loss", "optimizer", "tricks", "failures", "evaluation");

    /** Canonical order of all top-level keys: data, the training sections, the run's options as declared, evaluation, samples. */
    static final List<String> TOP_ORDER = topOrder();

    private static List<String> topOrder() {
        List<String> keys = new java.util.ArrayList<>(List.of("data"));
        keys.addAll(SECTIONS.subList(0, SECTIONS.indexOf("evaluation")));
        keys.addAll(TrainingConfig.RUN_OPTIONS.keys());
        keys.addAll(List.of("evaluation", "samples"));
        return List.copyOf(keys);
    }

    /** Defaults filled into every spec: {@code TrainingConfig}'s. */
    static final Map<String, Object> TOP_DEFAULTS = Map.of("batch_size", (long) TrainingConfig.DEFAULT_BATCH_SIZE,
            "steps", (long) TrainingConfig.DEFAULT_STEPS, "seed", TrainingConfig.DEFAULT_SEED,
            "log_every", (long) TrainingConfig.DEFAULT_LOG_EVERY);

    /** The data names, declared with their loading in {@link SpecConfigs#DATA}. */
    static final List<String> DATA = List.copyOf(SpecConfigs.DATA.keySet());

    static final List<String> MODELS = List.of("mlp", "dcgan", "began", "progressive", "conditional", "pix2pix", "spade");

    /** The options of each model (declared with the model: {@code Dcgan.OPTIONS} and so on). */
    static Options<?, ?> modelOptions(String modelName) {
        return switch (modelName == null ? "mlp" : modelName) {
            case "dcgan" -> Dcgan.OPTIONS;
            case "began" -> Began.OPTIONS;
            case "progressive" -> ProgressiveGan.OPTIONS;
            case "conditional" -> ConditionalGan.OPTIONS;
            case "pix2pix" -> Pix2Pix.OPTIONS;
            case "spade" -> Spade.OPTIONS;
            default -> MlpGan.OPTIONS;
        };
    }

    /** What the keys of a spec's sections depend on: the model's, the loss's and the data's names. */
    record Names(String model, String loss, String data) {}

    /**
     * The options of a section, declared with what they configure: {@code model} depends on the
     * model, {@code loss} on the loss, {@code evaluation} on the data's evaluator.
     */
    static Options<?, ?> sectionOptions(String section, Names names) {
        return switch (section) {
            case "model" -> modelOptions(names.model());
            case "loss" -> Losses.options(names.loss());
            case "evaluation" -> RunEvaluators.forData(names.data()).schema().options();
            case "optimizer" -> TrainingConfig.OPTIMIZER_OPTIONS;
            case "tricks" -> Tricks.OPTIONS;
            case "failures" -> FailureChecks.OPTIONS;
            default -> throw new IllegalArgumentException("no section " + section);
        };
    }

    private SpecSchema() {}

    /** The keys of a section with their types: {@code name} first for model and loss, then the declared options. */
    static Map<String, ValueKind> section(String section, Names names) {
        Map<String, ValueKind> m = new LinkedHashMap<>();
        if (section.equals("model") || section.equals("loss")) {
            m.put("name", ValueKind.STRING);
        }
        m.putAll(sectionOptions(section, names).kinds());
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Checks one value's type; {@code field} names it in the error. Returns the value. */
    static Object check(String field, ValueKind kind, Object v) {
        if (!kind.accepts(v)) {
            throw new IllegalArgumentException("RunSpec field '" + field + "' must be " + kind.description() + ", got "
                    + Json.compact(v));
        }
        return v;
    }

    /** "unknown key 'x.y'; valid keys of x: a, b, c". */
    static IllegalArgumentException unknownKey(String field, String where, Set<String> valid) {
        return new IllegalArgumentException("RunSpec: unknown key '" + field + "'; valid keys " + where + ": "
                + String.join(", ", valid));
    }
}
