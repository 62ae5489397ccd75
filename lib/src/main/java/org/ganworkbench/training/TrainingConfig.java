package org.ganworkbench.training;

import ai.djl.ndarray.types.Shape;

import org.ganworkbench.config.Options;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.losses.ScoreKind;
import org.ganworkbench.models.GanArchitecture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines a training run: data, architecture, loss, optimizer settings, number
 * of steps, seed and engine. Two runs with equal configs start from the same weights and see the
 * same batches.
 *
 * @param data the real samples
 * @param architecture the GAN blueprint
 * @param loss the objective
 * @param steps number of generator steps
 * @param discriminatorSteps k: discriminator steps per generator step (Goodfellow et al. used k = 1)
 * @param batchSize samples per batch, for real and fake alike
 * @param learningRateD learning rate of D
 * @param learningRateG learning rate of G
 * @param beta1 Adam beta1 (0.5 is the GAN habit since DCGAN)
 * @param beta2 Adam beta2
 * @param seed seeds weights, latent draws and data order
 * @param engine "MXNet", "PyTorch", or null for DJL's default engine
 * @param logEvery one log row per this many steps (averaged over them)
 * @param optimizer "adam" (the default), "rmsprop" (WGAN with weight clipping) or "sgd" (plain
 *     gradient descent, w - lr·g: no momentum); RMSProp and SGD ignore the betas
 * @param tricks the training-loop tricks switched on ({@link Tricks#NONE} by default)
 * @param failures what the loop watches for and does about it ({@link FailureChecks#DEFAULT})
 * @param lrDecay learning-rate decay when the loss's convergence measure stalls ({@link LrDecay#NONE}
 *     by default; needs a loss with a convergence measure, e.g. BEGAN's M_global)
 * @param checkpointEvery a run given a checkpoint folder writes its whole state there every this many
 *     steps (and when interrupted), to resume from exactly; it does not change what the run computes
 */
public record TrainingConfig(
        GanData data,
        GanArchitecture architecture,
        GanLoss loss,
        int steps,
        int discriminatorSteps,
        int batchSize,
        float learningRateD,
        float learningRateG,
        float beta1,
        float beta2,
        long seed,
        String engine,
        int logEvery,
        String optimizer,
        Tricks tricks,
        FailureChecks failures,
        LrDecay lrDecay,
        int checkpointEvery) {

    /** Generator steps when none are given. */
    public static final int DEFAULT_STEPS = 1000;
    /** Batch size when none is given. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Log rows when none are given: one per step. */
    public static final int DEFAULT_LOG_EVERY = 1;
    /** Steps between a run's resume checkpoints when none is given. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 200;
    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 0;

    /**
     * The run's own options, declared once: the run spec's top-level keys {@code batch_size},
     * {@code steps}, {@code seed}, {@code engine}, {@code log_every} (beside {@code data},
     * {@code samples} and the sections), their checks and the README's table.
     */
    public static final Options<Builder, TrainingConfig> RUN_OPTIONS = Options.<Builder, TrainingConfig>of("run")
            .integer("batch_size", 1, Integer.MAX_VALUE, "samples per batch, real and fake alike", Builder::batchSize,
                    TrainingConfig::batchSize)
            .integer("steps", 0, Integer.MAX_VALUE, "generator steps", Builder::steps, TrainingConfig::steps)
            .longInteger("seed", Long.MIN_VALUE, Long.MAX_VALUE, "seeds the weights, the latent draws and the data order",
                    Builder::seed, TrainingConfig::seed)
            .text("engine", "MXNet|PyTorch", Engines::canonicalName, "the DJL engine (absent: DJL's default, the "
                    + "environment's DJL_DEFAULT_ENGINE or else MXNet)", Builder::engine, TrainingConfig::engine)
            .integer("log_every", 1, Integer.MAX_VALUE, "one log row per this many steps (averaged over them)",
                    Builder::logEvery, TrainingConfig::logEvery)
            .integer("checkpoint_every", 1, Integer.MAX_VALUE, "a run folder's checkpoint/ gets the run's whole state "
                    + "(weights, optimizer moments, random stream, ...) every this many steps and when interrupted; a "
                    + "killed run resumes from it exactly", Builder::checkpointEvery, TrainingConfig::checkpointEvery)
            .recordedOnlyWhenSet();

    /** The optimizers the training loop has: Adam, RMSProp, plain SGD. */
    public static final java.util.List<String> OPTIMIZERS = java.util.List.of("adam", "rmsprop", "sgd");

    /** The optimizer names a run spec takes: the optimizers, or the loss's paper's recommendation. */
    public static final java.util.List<String> OPTIMIZER_NAMES = java.util.List.of("adam", "rmsprop", "sgd", "recommended");

    /**
     * The optimizer's options, declared once: the run spec's {@code optimizer} keys, their checks,
     * the README's table, the provenance ({@link #settings()}). Applied after the loss is set
     * ({@code recommended} reads it).
     */
    public static final Options<Builder, TrainingConfig> OPTIMIZER_OPTIONS = Options.<Builder, TrainingConfig>of("optimizer")
            .choice("name", OPTIMIZER_NAMES, n -> n, "adam (the defaults: 2e-4, (0.5, 0.999), k 1), rmsprop (MXNet "
                    + "only: DJL's PyTorch engine has no RMSProp update), sgd (plain gradient descent, w - lr·g: no "
                    + "momentum, so a step is as small as the gradient; it usually needs larger rates than Adam), or "
                    + "recommended: the optimizer, rates, betas and k of the loss's paper; the keys below override",
                    (b, n) -> {
                        if (n.equals("recommended")) {
                            b.recommendedOptimizer();
                        } else {
                            b.optimizer(n);
                        }
                    }, TrainingConfig::optimizer)
            .floatNumber("lr_d", 0, true, 10, false, "D's learning rate", Builder::learningRateD, TrainingConfig::learningRateD)
            .floatNumber("lr_g", 0, true, 10, false, "G's learning rate (differing from D's: TTUR)", Builder::learningRateG,
                    TrainingConfig::learningRateG)
            .floatNumber("beta1", 0, false, 1, true, "Adam's beta1 (0.5 is the GAN habit since DCGAN; RMSProp and SGD "
                    + "ignore it)",
                    Builder::beta1, TrainingConfig::beta1)
            .floatNumber("beta2", 0, false, 1, true, "Adam's beta2", Builder::beta2, TrainingConfig::beta2)
            .integer("d_steps", 1, 1000, "k: D steps per G step", Builder::discriminatorSteps,
                    TrainingConfig::discriminatorSteps)
            .integer("lr_decay_window", 1, Integer.MAX_VALUE, "switches learning-rate decay on: both rates halve when "
                    + "the loss's convergence measure (BEGAN's M_global) improved by less than 1% over a window of this "
                    + "many steps, down to 1/64", (b, w) -> b.lrDecay(LrDecay.halveOnPlateau(w)),
                    t -> t.lrDecay().enabled() ? t.lrDecay().window() : null)
            .number("lr_decay_factor", 0, true, 1, true, "multiplier on a stall", (b, f) -> b.lrDecay(b.lrDecay.withFactor(f)),
                    t -> t.lrDecay().enabled() ? t.lrDecay().factor() : null)
            .requires("lr_decay_factor", "lr_decay_window", "the window of steps that switches learning-rate decay on")
            .number("lr_decay_tolerance", 0, false, 1, true, "relative improvement a window must make to count as progress",
                    (b, f) -> b.lrDecay(b.lrDecay.withTolerance(f)), t -> t.lrDecay().enabled() ? t.lrDecay().tolerance() : null)
            .requires("lr_decay_tolerance", "lr_decay_window", "the window of steps that switches learning-rate decay on")
            .number("lr_decay_min_scale", 0, true, 1, false, "the rates never go below this fraction of their start",
                    (b, f) -> b.lrDecay(b.lrDecay.withMinScale(f)), t -> t.lrDecay().enabled() ? t.lrDecay().minScale() : null)
            .requires("lr_decay_min_scale", "lr_decay_window", "the window of steps that switches learning-rate decay on");

    public TrainingConfig {
        require(data != null, "data", "must be given");
        require(architecture != null, "architecture", "must be given");
        require(loss != null, "loss", "must be given");
        require(steps >= 0, "steps", "must be >= 0, got " + steps);
        require(discriminatorSteps >= 1, "discriminatorSteps", "must be >= 1, got " + discriminatorSteps);
        require(batchSize >= 1, "batchSize", "must be >= 1, got " + batchSize);
        require(learningRateD > 0 && Float.isFinite(learningRateD), "learningRateD", "must be > 0, got " + learningRateD);
        require(learningRateG > 0 && Float.isFinite(learningRateG), "learningRateG", "must be > 0, got " + learningRateG);
        require(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1), got " + beta2);
        require(logEvery >= 1, "logEvery", "must be >= 1, got " + logEvery);
        require(checkpointEvery >= 1, "checkpointEvery", "must be >= 1, got " + checkpointEvery);
        require(data.sampleShape().equals(architecture.sampleShape()), "architecture",
                "makes samples of shape " + architecture.sampleShape() + " but data '" + data.name()
                        + "' has samples of shape " + data.sampleShape());
        int classes = architecture.classes();
        require(classes == 0 || data.classes() == classes, "architecture", "is conditioned on " + classes
                + " classes but data '" + data.name() + "' has " + (data.classes() == 0 ? "no class labels" : data.classes()
                + " classes"));
        require(classes == 0 || tricks == null || tricks.replaySize() == 0, "tricks",
                "replay shows D earlier fakes, which were made for other classes; a conditional GAN cannot use it "
                        + "(set replay off)");
        Shape map = architecture.mapShape();
        require(map == null || map.equals(data.mapShape()), "architecture", "translates maps " + map + " but data '"
                + data.name() + "' " + (data.mapShape() == null ? "has no paired maps (use paired data: shape-scenes-32, "
                + "or ImageFolder.loadPairs)" : "pairs its images with maps " + data.mapShape()));
        if (map != null && tricks != null) {
            require(tricks.replaySize() == 0, "tricks", "replay shows D earlier fakes, which were made from other maps; "
                    + "a translation GAN cannot use it (set replay off)");
            require(!tricks.changesTargets(), "tricks", "smoothed or flipped labels are one target per image, but a "
                    + "translation GAN's D scores every patch (set label smoothing and flips off)");
            require(!tricks.featureMatching(), "tricks", "the feature_matching trick matches D's last features; a "
                    + "translation GAN's feature matching is the model's feature_matching_weight (set the trick off)");
        }
        require(map == null || !(architecture instanceof org.ganworkbench.models.Growing), "architecture",
                "a translation GAN does not grow");
        if (engine != null) {
            engine = Engines.canonicalName(engine);
        }
        require(optimizer != null && OPTIMIZERS.contains(optimizer), "optimizer",
                "must be \"adam\", \"rmsprop\" or \"sgd\", got " + optimizer);
        require(tricks != null, "tricks", "must be given (Tricks.NONE for none)");
        require(failures != null, "failures", "must be given (FailureChecks.DEFAULT)");
        require(lrDecay != null, "lrDecay", "must be given (LrDecay.NONE for none)");
        String engineName = Engines.canonicalName(engine == null ? Engines.defaultName() : engine);
        for (Conflict c : conflicts(loss, architecture.discriminatorGivesEnergy(), architecture.name(), tricks, optimizer,
                lrDecay.enabled(), engineName)) {
            require(false, c.field(), c.message());
        }
    }

    /** Two settings, each valid alone, that do not fit together: the field to change and why. */
    public record Conflict(String field, String message) {}

    /**
     * The checks across settings that are each valid alone: D's label tricks and the loss, the loss
     * and D's kind (score or energy), learning-rate decay and the loss, the optimizer and the engine,
     * the loss and the engine. The constructor refuses the first conflict; {@code RunSpec} runs them
     * on a spec before any data is loaded and names the spec's keys.
     *
     * @param energyD whether D gives energies (an autoencoder, BEGAN) rather than scores
     * @param architecture the architecture's name, for messages
     * @param optimizer "adam", "rmsprop" or "sgd"
     * @param lrDecay whether learning-rate decay is on
     * @param engine the engine's canonical name
     * @return the conflicts, in the order above; empty when the settings fit
     */
    public static List<Conflict> conflicts(GanLoss loss, boolean energyD, String architecture, Tricks tricks,
                                           String optimizer, boolean lrDecay, String engine) {
        List<Conflict> out = new java.util.ArrayList<>();
        if (tricks.changesTargets() && !loss.acceptsTargets()) {
            out.add(new Conflict("tricks", "smooth or flip D's labels, but loss '" + loss.name() + "' has no labels to "
                    + "change; use them with minimax, non-saturating or lsgan"));
        }
        boolean energies = loss.scores() == ScoreKind.ENERGY;
        if (energies != energyD) {
            out.add(new Conflict("loss", energies
                    ? "'" + loss.name() + "' reads energies (reconstruction errors) and needs an autoencoder D; "
                    + "architecture " + architecture + " has a score D (use Began.builder(shape))"
                    : "'" + loss.name() + "' reads scores, but " + architecture + "'s D is an autoencoder "
                    + "giving energies; use an energy loss: " + String.join(", ", Losses.energyNames())));
        }
        if (lrDecay && loss.convergenceMeasure() == null) {
            out.add(new Conflict("lrDecay", "decays the learning rate when the loss's convergence measure stalls, but "
                    + "loss '" + loss.name() + "' has none (BEGAN's m_global is one)"));
        }
        if ("rmsprop".equals(optimizer) && !Engines.supportsRmsProp(engine)) {
            out.add(new Conflict("optimizer", "\"rmsprop\" has no update on DJL's " + engine + " engine (it fails at "
                    + "the first step); set engine MXNet for RMSProp, or optimizer adam"));
        }
        if (loss.needsSecondOrderGradients() && !Engines.supportsSecondOrderGradients(engine)) {
            out.add(new Conflict("loss", "'" + loss.name() + "' needs second-order gradients (the gradient of D's "
                    + "input-gradient norm), which DJL computes only on the PyTorch engine, not on " + engine
                    + "; set engine PyTorch (or DJL_DEFAULT_ENGINE=PyTorch), or use wgan-clip, hinge or lsgan, which "
                    + "work on every engine"));
        }
        return out;
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException("TrainingConfig." + field + " " + message);
        }
    }

    /** A builder with the defaults: non-saturating loss, k = 1, batch 64, Adam 2e-4 (0.5, 0.999). */
    public static Builder builder(GanData data, GanArchitecture architecture) {
        return new Builder(data, architecture);
    }

    /** A copy with another loss. */
    public TrainingConfig withLoss(GanLoss newLoss) {
        return toBuilder().loss(newLoss).build();
    }

    /** A copy with another seed. */
    public TrainingConfig withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** A copy with another number of steps. */
    public TrainingConfig withSteps(int newSteps) {
        return toBuilder().steps(newSteps).build();
    }

    /** A copy with another architecture (same data, loss, optimizer, steps and seed). */
    public TrainingConfig withArchitecture(GanArchitecture newArchitecture) {
        return toBuilder(newArchitecture).build();
    }

    /** A copy with other tricks. */
    public TrainingConfig withTricks(Tricks newTricks) {
        return toBuilder().tricks(newTricks).build();
    }

    /** A copy with another engine ("MXNet", "PyTorch"). */
    public TrainingConfig withEngine(String newEngine) {
        return toBuilder().engine(newEngine).build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return toBuilder(architecture);
    }

    private Builder toBuilder(GanArchitecture arch) {
        Builder b = new Builder(data, arch);
        b.loss = loss;
        b.steps = steps;
        b.discriminatorSteps = discriminatorSteps;
        b.batchSize = batchSize;
        b.learningRateD = learningRateD;
        b.learningRateG = learningRateG;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.seed = seed;
        b.engine = engine;
        b.logEvery = logEvery;
        b.optimizer = optimizer;
        b.tricks = tricks;
        b.failures = failures;
        b.lrDecay = lrDecay;
        b.checkpointEvery = checkpointEvery;
        return b;
    }

    /**
     * Every setting as plain values, for run folders and provenance: the data, the architecture's
     * and the loss's settings, then the run's and the optimizer's options under their spec keys
     * (read from {@link #RUN_OPTIONS} and {@link #OPTIMIZER_OPTIONS}; the optimizer's {@code name}
     * as {@code optimizer}, the engine resolved to the one that ran, learning-rate decay only when
     * on), then the tricks and the failure checks.
     */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("data", data.name());
        s.putAll(architecture.settings());
        s.putAll(loss.settings());
        s.putAll(RUN_OPTIONS.read(this, null));
        s.put("engine", engine == null ? Engines.defaultName() : engine);
        OPTIMIZER_OPTIONS.read(this, null).forEach((key, value) -> {
            if (value != null) {
                s.put(key.equals("name") ? "optimizer" : key, value);
            }
        });
        s.putAll(tricks.settings());
        s.putAll(failures.settings());
        return s;
    }

    /** Builder for {@link TrainingConfig}. */
    public static final class Builder {
        private final GanData data;
        private final GanArchitecture architecture;
        private GanLoss loss = Losses.nonSaturating();
        private int steps = DEFAULT_STEPS;
        private int discriminatorSteps = 1;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private float learningRateD = 2e-4f;
        private float learningRateG = 2e-4f;
        private float beta1 = 0.5f;
        private float beta2 = 0.999f;
        private long seed = DEFAULT_SEED;
        private String engine;
        private int logEvery = DEFAULT_LOG_EVERY;
        private String optimizer = "adam";
        private Tricks tricks = Tricks.NONE;
        private FailureChecks failures = FailureChecks.DEFAULT;
        private LrDecay lrDecay = LrDecay.NONE;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;

        private Builder(GanData data, GanArchitecture architecture) {
            this.data = data;
            this.architecture = architecture;
        }

        public Builder loss(GanLoss loss) {
            this.loss = loss;
            return this;
        }

        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** k discriminator steps per generator step. */
        public Builder discriminatorSteps(int k) {
            this.discriminatorSteps = k;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The same learning rate for both players. */
        public Builder learningRate(float lr) {
            this.learningRateD = lr;
            this.learningRateG = lr;
            return this;
        }

        /** D's learning rate. */
        public Builder learningRateD(float lr) {
            this.learningRateD = lr;
            return this;
        }

        /** G's learning rate. */
        public Builder learningRateG(float lr) {
            this.learningRateG = lr;
            return this;
        }

        /** Adam's beta1. */
        public Builder beta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** Adam's beta2. */
        public Builder beta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** Separate learning rates (the two time-scale update rule, TTUR). */
        public Builder learningRates(float lrD, float lrG) {
            this.learningRateD = lrD;
            this.learningRateG = lrG;
            return this;
        }

        public Builder betas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** "MXNet", "PyTorch", or null for DJL's default. */
        public Builder engine(String engine) {
            this.engine = engine;
            return this;
        }

        public Builder logEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /** Steps between resume checkpoints (when the run has a checkpoint folder). */
        public Builder checkpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /** "adam", "rmsprop" or "sgd" (plain gradient descent, w - lr·g). */
        public Builder optimizer(String optimizer) {
            this.optimizer = optimizer == null ? null : optimizer.trim().toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /** The training-loop tricks. */
        public Builder tricks(Tricks tricks) {
            this.tricks = tricks;
            return this;
        }

        /** The failure checks. */
        public Builder failures(FailureChecks failures) {
            this.failures = failures;
            return this;
        }

        /** Learning-rate decay when the loss's convergence measure stalls (default none). */
        public Builder lrDecay(LrDecay decay) {
            this.lrDecay = decay;
            return this;
        }

        /**
         * The optimizer, learning rates, betas and k that the loss's paper recommends (e.g. RMSProp
         * 5e-5 with k = 5 for WGAN, Adam 1e-4 (0, 0.9) with k = 5 for WGAN-GP). Call after {@link
         * #loss(GanLoss)}.
         */
        public Builder recommendedOptimizer() {
            GanLoss.Recommended r = loss.recommended();
            this.optimizer = r.optimizer();
            this.learningRateD = r.learningRateD();
            this.learningRateG = r.learningRateG();
            this.beta1 = r.beta1();
            this.beta2 = r.beta2();
            this.discriminatorSteps = r.discriminatorSteps();
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(data, architecture, loss, steps, discriminatorSteps, batchSize,
                    learningRateD, learningRateG, beta1, beta2, seed, engine, logEvery, optimizer, tricks, failures,
                    lrDecay, checkpointEvery);
        }
    }
}
