package org.ganworkbench.experiments;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.MnistDigits;
import org.ganworkbench.data.Shapes;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Began;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.models.GanArchitecture;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.training.FailureChecks;
import org.ganworkbench.training.LrDecay;
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
        TrainingConfig.Builder b = TrainingConfig.builder(data, architecture).loss(loss).engine(spec.engine())
                .steps(spec.steps()).batchSize(spec.batchSize()).seed(spec.seed()).logEvery(spec.logEvery());
        optimizer(b, spec.optimizer());
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

    private static GanData readData(String name) {
        return switch (name) {
            case "ring8" -> Toy2d.ring8();
            case "grid25" -> Toy2d.grid25();
            case "fashion-mnist" -> FashionMnist.train();
            case "fashion-mnist-32" -> FashionMnist.train32();
            case "shapes-32" -> Shapes.generate(Shapes.TRAIN_COUNT, 32, Shapes.TRAIN_SEED);
            case "shapes-64" -> Shapes.train();
            case "mnist-digits" -> MnistDigits.load();
            default -> throw new IllegalArgumentException("RunSpec field 'data': unknown data '" + name + "'");
        };
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
        return MlpGan.OPTIONS.apply("model", b, options(m)).build();
    }

    private static Dcgan dcgan(Map<String, Object> m, GanData data) {
        return Dcgan.OPTIONS.apply("model", Dcgan.builder(data.sampleShape()), options(m)).build();
    }

    private static Began began(Map<String, Object> m, GanData data) {
        return Began.OPTIONS.apply("model", Began.builder(data.sampleShape()), options(m)).build();
    }

    private static ProgressiveGan progressive(Map<String, Object> m, GanData data) {
        return ProgressiveGan.OPTIONS.apply("model", ProgressiveGan.builder(data.sampleShape()), options(m)).build();
    }

    /** A model section without its name: the model's options. */
    private static Map<String, Object> options(Map<String, Object> m) {
        Map<String, Object> o = new java.util.LinkedHashMap<>(m);
        o.remove("name");
        return o;
    }

    // ---- optimizer, tricks, failures ----

    /** The optimizer name's settings (adam: the builder's defaults; recommended: the loss's), then the given keys. */
    private static void optimizer(TrainingConfig.Builder b, Map<String, Object> o) {
        String name = (String) o.get("name");
        if (name.equals("recommended")) {
            b.recommendedOptimizer();
        } else {
            b.optimizer(name);
        }
        lrDecay(b, o);
        if (o.keySet().stream().noneMatch(SpecConfigs::isOptimizerValue)) {
            return;
        }
        TrainingConfig base = b.build();  // to read the values the overrides start from
        float lrD = o.containsKey("lr_d") ? toFloat(o.get("lr_d")) : base.learningRateD();
        float lrG = o.containsKey("lr_g") ? toFloat(o.get("lr_g")) : base.learningRateG();
        float beta1 = o.containsKey("beta1") ? toFloat(o.get("beta1")) : base.beta1();
        float beta2 = o.containsKey("beta2") ? toFloat(o.get("beta2")) : base.beta2();
        int k = o.containsKey("d_steps") ? toInt("optimizer.d_steps", o.get("d_steps")) : base.discriminatorSteps();
        b.learningRates(lrD, lrG).betas(beta1, beta2).discriminatorSteps(k);
    }

    private static boolean isOptimizerValue(String key) {
        return !key.equals("name") && !key.startsWith("lr_decay_");
    }

    /** {@code lr_decay_window} switches decay on (halving on a plateau by default); the other keys refine it. */
    private static void lrDecay(TrainingConfig.Builder b, Map<String, Object> o) {
        if (!o.containsKey("lr_decay_window")) {
            for (String k : o.keySet()) {
                if (k.startsWith("lr_decay_")) {
                    throw new IllegalArgumentException("RunSpec field 'optimizer." + k + "' needs optimizer.lr_decay_window "
                            + "(the window of steps that switches learning-rate decay on)");
                }
            }
            return;
        }
        LrDecay d = LrDecay.halveOnPlateau(toInt("optimizer.lr_decay_window", o.get("lr_decay_window")));
        try {
            b.lrDecay(new LrDecay(d.window(),
                    o.containsKey("lr_decay_factor") ? toDouble(o.get("lr_decay_factor")) : d.factor(),
                    o.containsKey("lr_decay_tolerance") ? toDouble(o.get("lr_decay_tolerance")) : d.tolerance(),
                    o.containsKey("lr_decay_min_scale") ? toDouble(o.get("lr_decay_min_scale")) : d.minScale()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RunSpec section 'optimizer': " + e.getMessage(), e);
        }
    }

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
