package org.ganworkbench.experiments;

import org.ganworkbench.config.Options;
import org.ganworkbench.config.ValueKind;
import org.ganworkbench.models.Began;
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
 * on the model, evaluation keys on the data's evaluator ({@link RunEvaluators}); loss keys beside
 * {@code name} are the loss's parameters, checked by the loss itself.
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

    /** Canonical order of all top-level keys. */
    static final List<String> TOP_ORDER = List.of("data", "model", "loss", "optimizer", "tricks", "failures",
            "batch_size", "steps", "seed", "engine", "log_every", "evaluation", "samples");

    /** Defaults filled into every spec: {@code TrainingConfig}'s. */
    static final Map<String, Object> TOP_DEFAULTS = Map.of("batch_size", (long) TrainingConfig.DEFAULT_BATCH_SIZE,
            "steps", (long) TrainingConfig.DEFAULT_STEPS, "seed", TrainingConfig.DEFAULT_SEED,
            "log_every", (long) TrainingConfig.DEFAULT_LOG_EVERY);

    /** The data names, declared with their loading in {@link SpecConfigs#DATA}. */
    static final List<String> DATA = List.copyOf(SpecConfigs.DATA.keySet());

    static final List<String> MODELS = List.of("mlp", "dcgan", "began", "progressive");

    /** The options of each model (declared with the model: {@code Dcgan.OPTIONS} and so on). */
    static Options<?, ?> modelOptions(String modelName) {
        return switch (modelName == null ? "mlp" : modelName) {
            case "dcgan" -> Dcgan.OPTIONS;
            case "began" -> Began.OPTIONS;
            case "progressive" -> ProgressiveGan.OPTIONS;
            default -> MlpGan.OPTIONS;
        };
    }

    /** A model section's keys: {@code name}, then the model's options. */
    private static Map<String, ValueKind> modelKeys(String modelName) {
        Map<String, ValueKind> m = new LinkedHashMap<>();
        m.put("name", ValueKind.STRING);
        m.putAll(modelOptions(modelName).kinds());
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The options of a section, declared with what they configure ({@code model} depends on the
     * model, {@code evaluation} on the data's evaluator); null for {@code loss}, whose parameters the
     * loss checks.
     */
    static Options<?, ?> sectionOptions(String section, String modelName, String data) {
        return switch (section) {
            case "model" -> modelOptions(modelName);
            case "evaluation" -> RunEvaluators.forData(data).schema().options();
            case "optimizer" -> TrainingConfig.OPTIMIZER_OPTIONS;
            case "tricks" -> Tricks.OPTIONS;
            case "failures" -> FailureChecks.OPTIONS;
            default -> null;
        };
    }

    private SpecSchema() {}

    /** The keys of a section; {@code model} depends on the model name, {@code evaluation} on the data. */
    static Map<String, ValueKind> section(String section, String modelName, String data) {
        return switch (section) {
            case "model" -> modelKeys(modelName);
            case "loss" -> Map.of("name", ValueKind.STRING);  // plus any parameter (checked by the loss)
            default -> {
                Options<?, ?> declared = sectionOptions(section, modelName, data);
                if (declared == null) {
                    throw new IllegalArgumentException("no section " + section);
                }
                yield declared.kinds();
            }
        };
    }

    /** Checks one value's type; {@code field} names it in the error. Returns the value. */
    static Object check(String field, ValueKind kind, Object v) {
        boolean ok = switch (kind) {
            case INT -> v instanceof Long;
            case NUMBER -> v instanceof Long || v instanceof Double;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case INT_LIST -> v instanceof List<?> l && l.stream().allMatch(x -> x instanceof Long);
            case STRING_LIST -> v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String);
            case ANY -> true;
        };
        if (!ok) {
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
