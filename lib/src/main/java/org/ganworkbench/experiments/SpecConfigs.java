package org.ganworkbench.experiments;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.MnistDigits;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.data.Shapes;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Began;
import org.ganworkbench.models.ConditionalGan;
import org.ganworkbench.models.Pix2Pix;
import org.ganworkbench.models.Spade;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.models.GanArchitecture;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.training.FailureChecks;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.Tricks;

import java.util.Map;

/** Turns a validated {@link RunSpec} into a {@link TrainingConfig}: data, model, loss, optimizer, tricks, checks. */
final class SpecConfigs {

    private SpecConfigs() {}

    static TrainingConfig build(RunSpec spec) {
        GanData data = loadData(spec.data());
        GanArchitecture architecture = architecture(spec.model(), data);
        GanLoss loss = loss((String) spec.loss().get("name"), spec.lossParams());
        TrainingConfig.Builder b = TrainingConfig.RUN_OPTIONS.apply("", TrainingConfig.builder(data, architecture).loss(loss),
                TrainingConfig.RUN_OPTIONS.own(spec.toMap()));
        TrainingConfig.OPTIMIZER_OPTIONS.apply("optimizer", b, spec.optimizer());   // after the loss: "recommended" reads it
        return b.tricks(tricks(spec.tricks())).failures(failures(spec.failures())).build();
    }

    /** Data sets already loaded in this JVM, by name (they are deterministic); the GC may drop them. */
    private static final Map<String, java.lang.ref.SoftReference<GanData>> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The data set of a spec's data name (loaded once per JVM while memory allows: sweeps run many specs). */
    static GanData loadData(String name) {
        java.lang.ref.SoftReference<GanData> ref = LOADED.get(name);
        GanData data = ref == null ? null : ref.get();
        if (data == null) {
            data = readData(name);
            LOADED.put(name, new java.lang.ref.SoftReference<>(data));
        }
        return data;
    }

    /**
     * The data a run spec can name, declared once (the spec's check, the README's list and the
     * loading come from here; {@link RunEvaluators} scores each): toys, Fashion-MNIST at 28 and
     * padded to 32, the MNIST digits, the Shapes set at 32 and 64, and the Shapes scenes paired with
     * their semantic maps at 32 and 64 (for the translation models).
     */
    static final Map<String, java.util.function.Supplier<GanData>> DATA = dataSets();

    private static Map<String, java.util.function.Supplier<GanData>> dataSets() {
        Map<String, java.util.function.Supplier<GanData>> m = new java.util.LinkedHashMap<>();
        m.put("ring8", Toy2d::ring8);
        m.put("grid25", Toy2d::grid25);
        m.put("fashion-mnist", FashionMnist::train);
        m.put("fashion-mnist-32", FashionMnist::train32);
        m.put("mnist-digits", MnistDigits::load);
        m.put("shapes-32", () -> Shapes.generate(Shapes.TRAIN_COUNT, 32, Shapes.TRAIN_SEED));
        m.put("shapes-64", Shapes::train);
        m.put("shape-scenes-32", () -> ShapeScenes.train(32));
        m.put("shape-scenes-64", () -> ShapeScenes.train(64));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static GanData readData(String name) {
        java.util.function.Supplier<GanData> load = DATA.get(name);
        if (load == null) {
            throw new IllegalArgumentException("RunSpec field 'data': unknown data '" + name + "'; known: "
                    + String.join(", ", DATA.keySet()));
        }
        return load.get();
    }

    /** The loss of a spec: its name and parameters (e.g. {@code clip}, {@code lambda}), via {@link Losses#create}. */
    static GanLoss loss(String name, Map<String, Object> params) {
        try {
            return Losses.create(name, params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RunSpec section 'loss': " + e.getMessage(), e);
        }
    }

    // ---- model ----

    static GanArchitecture architecture(Map<String, Object> m, GanData data) {
        Shape shape = data.sampleShape();
        String name = (String) m.get("name");
        try {
            if (!name.equals("mlp") && shape.dimension() != 3) {
                throw new IllegalArgumentException("RunSpec field 'model.name': '" + name + "' needs image data; data '"
                        + data.name() + "' has samples of shape " + shape + " (use \"mlp\")");
            }
            return switch (name) {
                case "dcgan" -> dcgan(m, data);
                case "began" -> began(m, data);
                case "progressive" -> progressive(m, data);
                case "conditional" -> conditional(m, data);
                case "pix2pix" -> Pix2Pix.OPTIONS.apply("model", Pix2Pix.builder(shape, data.mapShape()),
                        Pix2Pix.OPTIONS.own(m)).build();
                case "spade" -> Spade.OPTIONS.apply("model", Spade.builder(shape, data.mapShape()),
                        Spade.OPTIONS.own(m)).build();
                default -> mlp(m, shape);
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("RunSpec")) {
                throw e;
            }
            throw new IllegalArgumentException("RunSpec section 'model' (" + name + "): " + e.getMessage(), e);
        }
    }

    private static MlpGan mlp(Map<String, Object> m, Shape shape) {
        MlpGan.Builder b = shape.dimension() == 1 ? MlpGan.forPoints().sampleShape(shape) : MlpGan.forImages(shape);
        return MlpGan.OPTIONS.apply("model", b, MlpGan.OPTIONS.own(m)).build();
    }

    private static Dcgan dcgan(Map<String, Object> m, GanData data) {
        return Dcgan.OPTIONS.apply("model", Dcgan.builder(data.sampleShape()), Dcgan.OPTIONS.own(m)).build();
    }

    private static Began began(Map<String, Object> m, GanData data) {
        return Began.OPTIONS.apply("model", Began.builder(data.sampleShape()), Began.OPTIONS.own(m)).build();
    }

    private static ProgressiveGan progressive(Map<String, Object> m, GanData data) {
        return ProgressiveGan.OPTIONS.apply("model", ProgressiveGan.builder(data.sampleShape()), ProgressiveGan.OPTIONS.own(m)).build();
    }

    private static ConditionalGan conditional(Map<String, Object> m, GanData data) {
        return ConditionalGan.OPTIONS.apply("model", ConditionalGan.builder(data.sampleShape(), data.classes()),
                ConditionalGan.OPTIONS.own(m)).build();
    }

    // ---- optimizer, tricks, failures ----

    static Tricks tricks(Map<String, Object> t) {
        return Tricks.OPTIONS.apply("tricks", Tricks.builder(), t).build();
    }

    static FailureChecks failures(Map<String, Object> f) {
        return FailureChecks.OPTIONS.apply("failures", FailureChecks.DEFAULT.toBuilder(), f).build();
    }

    // ---- conversions (types are checked by RunSpec; these only narrow) ----

    static int toInt(String field, Object v) {
        long l = ((Number) v).longValue();
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("RunSpec field '" + field + "' is out of range: " + l);
        }
        return (int) l;
    }

    static double toDouble(Object v) {
        return ((Number) v).doubleValue();
    }

    static float toFloat(Object v) {
        return ((Number) v).floatValue();
    }
}
