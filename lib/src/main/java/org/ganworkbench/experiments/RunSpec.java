package org.ganworkbench.experiments;

import org.ganworkbench.config.Options;
import org.ganworkbench.config.ValueKind;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.metrics.MetricRegistry;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.Tricks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain, JSON-serializable description that fully determines one training run and its evaluation.
 * Immutable; validated on construction (unknown keys and wrong types are errors naming the field).
 *
 * <pre>
 * {
 *   "data": "ring8",                                  // one of SpecSchema.DATA (toys, image sets)
 *   "model": {"name": "mlp", "generator_hidden": [16, 16], "discriminator_hidden": [16, 16]},
 *   "loss": {"name": "non-saturating"},               // other keys: the loss's parameters
 *   "optimizer": {"name": "adam", "lr_d": 0.001, "lr_g": 0.001, "beta1": 0.5, "beta2": 0.999, "d_steps": 1},
 *   "tricks": {"label_smoothing": 0.9},
 *   "failures": {"check_gradient": "stop", "gradient_ceiling": 50},
 *   "batch_size": 32, "steps": 50, "seed": 1, "engine": "MXNet", "log_every": 10,
 *   "evaluation": {"n": 2500},
 *   "samples": 500
 * }
 * </pre>
 *
 * <p>Sections:
 * <ul>
 *   <li>{@code model}: {@code name} "mlp" (default), "dcgan", "began", "progressive" or
 *       "conditional", and that model's options, declared with it ({@code MlpGan.OPTIONS},
 *       {@code Dcgan.OPTIONS}, {@code Began.OPTIONS}, {@code ProgressiveGan.OPTIONS},
 *       {@code ConditionalGan.OPTIONS}; their table: {@code gan options} and
 *       the README). Absent keys take the model's defaults for the data.
 *   <li>{@code loss}: {@code name} (default non-saturating) and parameters.
 *   <li>{@code optimizer}: {@code name} "adam" (default), "rmsprop", "sgd" or "recommended" (the loss's
 *       paper's settings, {@code TrainingConfig.Builder.recommendedOptimizer()}); any of {@code lr_d,
 *       lr_g, beta1, beta2, d_steps} given override the name's defaults. {@code "optimizer":
 *       "recommended"} is short for {@code {"name": "recommended"}} (likewise for model and loss).
 *   <li>{@code tricks}: the options declared in {@code Tricks.OPTIONS} (their table: {@code gan options}).
 *   <li>{@code failures}: the options declared in {@code FailureChecks.OPTIONS}.
 *   <li>{@code evaluation}: the options of the data's evaluator ({@link RunEvaluator#schema()}):
 *       toy data {@code n} (2500), {@code seed}, {@code every}; image data also {@code metrics}.
 * </ul>
 * Top level: {@code batch_size} (64), {@code steps} (1000), {@code seed} (0), {@code log_every} (1)
 * are filled in when absent; {@code engine} absent = DJL's default; {@code samples} = points or images
 * in samples.png (absent: 500 points / 64 images; 0: no picture).
 *
 * <p>The canonical form orders top-level keys as above and section keys by name ({@code name}
 * first), writes whole numbers without a fraction and drops null values; {@link #id()} hashes it, so
 * key order and 1 vs 1.0 do not change a run's identity.
 */
public final class RunSpec {

    private final Map<String, Object> tree;
    private final String canonical;

    private RunSpec(Map<String, Object> raw) {
        this.tree = canonicalize(raw);
        this.canonical = Json.compact(tree);
    }

    /** A spec from plain values (maps, lists, numbers, strings, booleans), validated. */
    public static RunSpec of(Map<String, ?> values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) Json.toJava(Json.toElement(values));
        return new RunSpec(copy);
    }

    /** Parses a spec from JSON. */
    public static RunSpec fromJson(String json) {
        return new RunSpec(Json.parseObject(json, "RunSpec"));
    }

    /** Reads a spec from a JSON file; errors name the file. */
    public static RunSpec read(java.nio.file.Path file) {
        String text;
        try {
            text = Json.readUserFile(file, "spec file");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException(file + ": cannot read: " + e.getMessage(), e));
        }
        try {
            return new RunSpec(Json.parseObject(text, file.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The canonical form, pretty-printed. */
    public String toJson() {
        return Json.pretty(tree);
    }

    /** The canonical form on one line (what {@link #id()} hashes). */
    public String toCanonicalJson() {
        return canonical;
    }

    /** The spec as plain values (a deep copy). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
        return (Map<String, Object>) Json.toJava(Json.toElement(tree));
    }

    /** A stable short hash of the canonical JSON: the first 12 hex digits of its SHA-256. */
    public String id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy with one value changed, by dotted key: {@code "seed"}, {@code "loss.name"},
     * {@code "tricks.label_smoothing"}, {@code "model.spectral_norm"}, {@code "optimizer.lr_d"}. A
     * section name alone replaces the section (a map, or a name string for model / loss / optimizer);
     * {@code null} removes the key (back to its default).
     */
    public RunSpec with(String key, Object value) {
        Map<String, Object> copy = toMap();
        apply(copy, key, value);
        return new RunSpec(copy);
    }

    /**
     * A copy with all these dotted-key overrides (see {@link #with(String, Object)}), applied in order
     * and validated together, so e.g. {@code {"model.name": "dcgan", "model.generator_hidden": null}}
     * switches the model in one step.
     */
    public RunSpec with(Map<String, ?> overrides) {
        Map<String, Object> copy = toMap();
        overrides.forEach((k, v) -> apply(copy, k, v));
        return new RunSpec(copy);
    }

    private static void apply(Map<String, Object> copy, String key, Object value) {
        Object v = Json.toJava(Json.toElement(value));
        int dot = key.indexOf('.');
        if (dot < 0) {
            if (v == null) {
                copy.remove(key);
            } else {
                copy.put(key, v);
            }
            return;
        }
        String section = key.substring(0, dot);
        String sub = key.substring(dot + 1);
        if (!SpecSchema.SECTIONS.contains(section)) {
            throw SpecSchema.unknownKey(key, "with a dot (sections)", new java.util.LinkedHashSet<>(SpecSchema.SECTIONS));
        }
        Object current = copy.get(section);
        Map<String, Object> m = new LinkedHashMap<>();
        if (current instanceof Map<?, ?> cm) {
            cm.forEach((k, x) -> m.put((String) k, x));
        } else if (current instanceof String s) {
            m.put("name", s);
        }
        if (v == null) {
            m.remove(sub);
        } else {
            m.put(sub, v);
        }
        copy.put(section, m);
    }

    /** A value by dotted key, or null when absent (defaults of sections are not filled in). */
    public Object get(String key) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            return tree.get(key);
        }
        Object section = tree.get(key.substring(0, dot));
        return section instanceof Map<?, ?> m ? m.get(key.substring(dot + 1)) : null;
    }

    /** Builds the training configuration: loads the data, builds the model, loss and optimizer settings. */
    public TrainingConfig toTrainingConfig() {
        return SpecConfigs.build(this);
    }

    /** The data name. */
    public String data() {
        return (String) tree.get("data");
    }

    /** The model section (name and options). */
    public Map<String, Object> model() {
        return section("model");
    }

    /** The loss section (name and parameters). */
    public Map<String, Object> loss() {
        return section("loss");
    }

    /** The loss's parameters: the loss section without its name. */
    public Map<String, Object> lossParams() {
        Map<String, Object> p = new LinkedHashMap<>(loss());
        p.remove("name");
        return Collections.unmodifiableMap(p);
    }

    /** The optimizer section. */
    public Map<String, Object> optimizer() {
        return section("optimizer");
    }

    /** The tricks section. */
    public Map<String, Object> tricks() {
        return section("tricks");
    }

    /** The failure-checks section. */
    public Map<String, Object> failures() {
        return section("failures");
    }

    /** The evaluation section (keys depend on the data, see {@link RunEvaluators}). */
    public Map<String, Object> evaluation() {
        return section("evaluation");
    }

    public int batchSize() {
        return intValue("batch_size");
    }

    public int steps() {
        return intValue("steps");
    }

    public long seed() {
        return (Long) tree.get("seed");
    }

    /** The engine, or null for DJL's default. */
    public String engine() {
        return (String) tree.get("engine");
    }

    public int logEvery() {
        return intValue("log_every");
    }

    /** Points / images in samples.png, or -1 when not given (the data kind's default). */
    public int samples() {
        return tree.containsKey("samples") ? intValue("samples") : -1;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        return Collections.unmodifiableMap((Map<String, Object>) tree.get(name));
    }

    private int intValue(String key) {
        return SpecConfigs.toInt(key, tree.get(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSpec s && canonical.equals(s.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return "RunSpec[" + id() + "] " + canonical;
    }

    // ---- canonical form and validation ----

    private static Map<String, Object> canonicalize(Map<String, Object> raw) {
        for (String k : raw.keySet()) {
            if (!SpecSchema.TOP_ORDER.contains(k)) {
                throw SpecSchema.unknownKey(k, "at the top level", new java.util.LinkedHashSet<>(SpecSchema.TOP_ORDER));
            }
        }
        Map<String, Object> top = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null) {
                top.put(k, v);
            }
        });
        SpecSchema.TOP_DEFAULTS.forEach(top::putIfAbsent);
        Object data = top.get("data");
        if (data == null) {
            throw new IllegalArgumentException("RunSpec: 'data' is required, one of " + SpecSchema.DATA);
        }
        SpecSchema.check("data", ValueKind.STRING, data);
        if (!SpecSchema.DATA.contains(data)) {
            throw new IllegalArgumentException("RunSpec field 'data': unknown data '" + data + "'; known: "
                    + String.join(", ", SpecSchema.DATA));
        }
        for (Map.Entry<String, ValueKind> e : SpecSchema.TOP.entrySet()) {
            if (top.containsKey(e.getKey())) {
                SpecSchema.check(e.getKey(), e.getValue(), top.get(e.getKey()));
            }
        }
        TrainingConfig.RUN_OPTIONS.check("", TrainingConfig.RUN_OPTIONS.own(top));
        if (top.containsKey("samples")) {
            checkRange("samples", top, 0);
        }
        Map<String, Object> model = sectionMap(top, "model", "mlp");
        String modelName = (String) SpecSchema.check("model.name", ValueKind.STRING, model.get("name"));
        if (!SpecSchema.MODELS.contains(modelName)) {
            throw new IllegalArgumentException("RunSpec field 'model.name': unknown model '" + modelName + "'; known: "
                    + String.join(", ", SpecSchema.MODELS));
        }
        Map<String, Object> loss = sectionMap(top, "loss", "non-saturating");
        String lossName = (String) SpecSchema.check("loss.name", ValueKind.STRING, loss.get("name"));
        try {
            Losses.options(lossName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RunSpec field 'loss.name': " + e.getMessage(), e);
        }
        SpecSchema.Names names = new SpecSchema.Names(modelName, lossName, (String) data);
        Map<String, Object> optimizer = sectionMap(top, "optimizer", "adam");
        Object optName = SpecSchema.check("optimizer.name", ValueKind.STRING, optimizer.get("name"));
        if (!TrainingConfig.OPTIMIZER_NAMES.contains(optName)) {
            throw new IllegalArgumentException("RunSpec field 'optimizer.name': unknown optimizer '" + optName
                    + "'; known: " + String.join(", ", TrainingConfig.OPTIMIZER_NAMES));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : SpecSchema.TOP_ORDER) {
            if (SpecSchema.SECTIONS.contains(k)) {
                Map<String, Object> m = switch (k) {
                    case "model" -> model;
                    case "loss" -> loss;
                    case "optimizer" -> optimizer;
                    default -> sectionMap(top, k, null);
                };
                Map<String, ValueKind> schema = SpecSchema.section(k, names);
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    ValueKind kind = schema.get(e.getKey());
                    if (kind == null) {
                        String where = k.equals("model") ? "of model '" + modelName + "'"
                                : k.equals("loss") ? "of loss '" + lossName + "'"
                                : k.equals("evaluation") ? "of evaluation for data '" + data + "'" : "of " + k;
                        throw SpecSchema.unknownKey(k + "." + e.getKey(), where, schema.keySet());
                    }
                    SpecSchema.check(k + "." + e.getKey(), kind, e.getValue());
                }
                Options<?, ?> declared = SpecSchema.sectionOptions(k, names);
                declared.check(k, declared.own(m));   // ranges, choices, exclusive keys: now, not when the run starts
                out.put(k, sorted(m));
            } else if (top.containsKey(k)) {
                out.put(k, top.get(k));
            }
        }
        checkConflicts(out, modelName, lossName);
        return deepUnmodifiable(out);
    }

    /**
     * The settings that are valid alone but do not fit together ({@link TrainingConfig#conflicts}: the
     * loss and the engine, label tricks and the loss, ...), refused now, naming the spec key to change,
     * before any data is loaded.
     */
    @SuppressWarnings("unchecked")
    private static void checkConflicts(Map<String, Object> spec, String modelName, String lossName) {
        Map<String, Object> lossParams = new LinkedHashMap<>((Map<String, Object>) spec.get("loss"));
        lossParams.remove("name");
        GanLoss loss = SpecConfigs.loss(lossName, lossParams);
        Map<String, Object> optimizer = (Map<String, Object>) spec.get("optimizer");
        String optimizerName = (String) optimizer.get("name");
        String engine = Engines.canonicalName(spec.containsKey("engine") ? (String) spec.get("engine") : Engines.defaultName());
        Tricks tricks = SpecConfigs.tricks((Map<String, Object>) spec.getOrDefault("tricks", Map.of()));
        for (TrainingConfig.Conflict c : TrainingConfig.conflicts(loss, modelName.equals("began"), modelName, tricks,
                optimizerName.equals("recommended") ? loss.recommended().optimizer() : optimizerName,
                optimizer.containsKey("lr_decay_window"), engine)) {
            String key = switch (c.field()) {
                case "loss" -> "loss.name";
                case "optimizer" -> "optimizer.name";
                case "lrDecay" -> "optimizer.lr_decay_window";
                default -> c.field();
            };
            throw new IllegalArgumentException("RunSpec field '" + key + "' (with engine " + engine + ", model "
                    + modelName + "): " + c.message());
        }
        Object kinds = ((Map<String, Object>) spec.getOrDefault("evaluation", Map.of())).get("metrics");
        if (kinds instanceof List<?> list && !modelName.equals("conditional")) {
            List<?> conditional = list.stream().filter(k -> MetricRegistry.isConditional(String.valueOf(k))).toList();
            if (!conditional.isEmpty()) {
                throw new IllegalArgumentException("RunSpec field 'evaluation.metrics': " + conditional + " score each "
                        + "sample against the class it was generated for, and model '" + modelName + "' takes no class; "
                        + "use model 'conditional', or drop them");
            }
        }
    }

    private static void checkRange(String key, Map<String, Object> top, long min) {
        long v = (Long) top.get(key);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("RunSpec field '" + key + "' must be in [" + min + ", "
                    + Integer.MAX_VALUE + "], got " + v);
        }
    }

    /** A section as a mutable map without nulls; a string is short for {"name": string}. */
    private static Map<String, Object> sectionMap(Map<String, Object> top, String name, String defaultName) {
        Object v = top.get(name);
        Map<String, Object> m = new LinkedHashMap<>();
        if (v instanceof String s && defaultName != null) {
            m.put("name", s);
        } else if (v instanceof Map<?, ?> given) {
            given.forEach((k, x) -> {
                if (x != null) {
                    m.put((String) k, x);
                }
            });
        } else if (v != null) {
            throw new IllegalArgumentException("RunSpec field '" + name + "' must be an object {...}"
                    + (defaultName != null ? " or a name" : "") + ", got " + Json.compact(v));
        }
        if (defaultName != null) {
            m.putIfAbsent("name", defaultName);
        }
        return m;
    }

    /** "name" first, then the other keys alphabetically. */
    private static Map<String, Object> sorted(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m.containsKey("name")) {
            out.put("name", m.get("name"));
        }
        new TreeMap<>(m).forEach((k, v) -> {
            if (!k.equals("name")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepUnmodifiable(T v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, deepUnmodifiable(x)));
            return (T) Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(deepUnmodifiable(x)));
            return (T) Collections.unmodifiableList(out);
        }
        return v;
    }
}
