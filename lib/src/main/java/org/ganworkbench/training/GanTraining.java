package org.ganworkbench.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.RmsProp;
import ai.djl.training.tracker.Tracker;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Gan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One GAN training run: the alternating game of Goodfellow et al. (2014), Algorithm 1. Each step
 * does k discriminator updates on fresh real and fake batches, then one generator update, each with
 * its own Adam optimizer.
 *
 * <p>Guarantees, on both engines:
 * <ul>
 *   <li>the generator step never moves D, and the discriminator step never moves G: each update
 *       touches only its own network's parameters;
 *   <li>no gradient leaks between steps: a network's gradients are zeroed right before the backward
 *       pass whose gradients it applies (PyTorch accumulates gradients, MXNet overwrites them);
 *   <li>everything a step allocates lives in a sub-manager closed at the end of the step, so memory
 *       stays flat however long the run;
 *   <li>a NaN or infinite loss stops the run before the bad update, naming the step and network.
 * </ul>
 *
 * <p>Runs can be continued: {@link #run(int, Monitor...)} trains more steps on the same networks.
 */
public final class GanTraining implements AutoCloseable {

    private final TrainingConfig config;
    private final Gan gan;
    private final Random rng;
    private final Optimizer optimizerD;
    private final Optimizer optimizerG;
    private final TrainingLog log;
    private int step;
    private long trainingNanos;

    // running sums for the current log row
    private double sumDLoss;
    private double sumGLoss;
    private double sumDReal;
    private double sumDFake;
    private int rowSteps;
    private long rowNanos;

    private GanTraining(TrainingConfig config) {
        this.config = config;
        Engine engine = Engines.get(config.engine());
        this.gan = Gan.create(config.architecture(), engine, config.seed());
        // a second stream for batches and latents, independent of the weight init stream
        this.rng = new Random(config.seed() * 0x9E3779B97F4A7C15L + 1);
        this.optimizerD = optimizer(config.learningRateD(), config);
        this.optimizerG = optimizer(config.learningRateG(), config);
        this.log = new TrainingLog(config.architecture().name() + " / " + config.loss().name());
    }

    private static Optimizer optimizer(float lr, TrainingConfig c) {
        if (c.optimizer().equals("rmsprop")) {
            // PyTorch's RMSprop defaults, as in the WGAN reference code: rho 0.99, no momentum, not centred
            return RmsProp.builder().optLearningRateTracker(Tracker.fixed(lr)).optRho(0.99f).optMomentum(0f)
                    .optCentered(false).optEpsilon(1e-8f).build();
        }
        return Adam.builder().optLearningRateTracker(Tracker.fixed(lr)).optBeta1(c.beta1()).optBeta2(c.beta2()).build();
    }

    /** Builds the networks and optimizers; no step is taken yet. */
    public static GanTraining start(TrainingConfig config) {
        return new GanTraining(config);
    }

    /** Builds and trains for {@code config.steps()} steps. */
    public static GanTraining train(TrainingConfig config, Monitor... monitors) {
        GanTraining t = start(config);
        t.run(config.steps(), monitors);
        return t;
    }

    /** Trains until {@code config.steps()} steps are done in total. */
    public GanTraining run(Monitor... monitors) {
        return run(Math.max(0, config.steps() - step), monitors);
    }

    /** Trains {@code steps} more steps, calling the monitors at their intervals and at the end. */
    public GanTraining run(int steps, Monitor... monitors) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        int end = step + steps;
        while (step < end) {
            step++;
            trainStep(step % config.logEvery() == 0 || step == end);
            for (Monitor m : monitors) {
                if (step % m.interval() == 0 && step != end) {
                    m.observe(this);
                }
            }
        }
        for (Monitor m : monitors) {
            m.observe(this);
        }
        return this;
    }

    /**
     * Trains D alone for {@code steps} updates while G stays as it is: gives D a head start, the
     * situation in which the saturating loss starves G of gradient. Not logged; does not count as
     * training steps.
     *
     * @return D's mean probability "real" on fresh fakes after the last update
     */
    public double trainDiscriminator(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        DiscriminatorStep last = null;
        for (int i = 0; i < steps; i++) {
            last = discriminatorStep(false);
        }
        return last.dFake();
    }

    private void trainStep(boolean logNow) {
        long start = System.nanoTime();
        int k = config.discriminatorSteps();
        double dLoss = 0;
        double dReal = 0;
        double dFake = 0;
        double gradNormD = Double.NaN;
        for (int i = 0; i < k; i++) {
            DiscriminatorStep d = discriminatorStep(logNow && i == k - 1);
            dLoss += d.loss();
            dReal += d.dReal();
            dFake += d.dFake();
            if (!Double.isNaN(d.gradNorm())) {
                gradNormD = d.gradNorm();
            }
        }
        GeneratorStep g = generatorStep(logNow);
        sumDLoss += dLoss / k;
        sumDReal += dReal / k;
        sumDFake += dFake / k;
        sumGLoss += g.loss();
        rowSteps++;
        long elapsed = System.nanoTime() - start;   // training time only: monitors are not counted
        rowNanos += elapsed;
        trainingNanos += elapsed;
        if (logNow) {
            double seconds = Math.max(1e-9, rowNanos / 1e9);
            double imagesPerSecond = (double) rowSteps * k * config.batchSize() / seconds;
            log.append(step, sumDLoss / rowSteps, sumGLoss / rowSteps, sumDReal / rowSteps,
                    sumDFake / rowSteps, gradNormD, g.gradNorm(), imagesPerSecond);
            sumDLoss = sumGLoss = sumDReal = sumDFake = 0;
            rowSteps = 0;
            rowNanos = 0;
        }
    }

    /** What one discriminator update measured. */
    record DiscriminatorStep(double loss, double dReal, double dFake, double gradNorm) {}

    /** What one generator update measured. */
    record GeneratorStep(double loss, double gradNorm) {}

    /**
     * One update of D on a fresh real batch and a fresh fake batch. The fakes are cut from G's graph,
     * so no gradient reaches G and G's weights are not touched.
     */
    DiscriminatorStep discriminatorStep(boolean measureGradient) {
        int batch = config.batchSize();
        List<Parameter> paramsD = gan.discriminatorParameters();
        try (NDManager sm = gan.manager().newSubManager()) {
            NDArray real = config.data().sample(sm, rng, batch);
            NDArray z = gan.latent().sample(sm, rng, batch);
            Engines.zeroGradients(paramsD);
            NDArray loss;
            NDArray realLogits;
            NDArray fakeLogits;
            try (GradientCollector gc = gan.engine().newGradientCollector()) {
                // G runs in training mode (batch statistics for batch norm, which MXNet allows only
                // while recording); stopGradient cuts the graph, so no gradient reaches G.
                NDArray fake = gan.generate(z, true).stopGradient();
                realLogits = gan.discriminate(real, true);
                fakeLogits = gan.discriminate(fake, true);
                loss = config.loss().discriminatorLoss(realLogits, fakeLogits);
                gc.backward(loss);
            }
            float l = loss.getFloat();
            if (!Float.isFinite(l)) {
                throw new TrainingDivergedException(step, "discriminator", "loss is " + l);
            }
            double dReal = Activation.sigmoid(realLogits).mean().getFloat();
            double dFake = Activation.sigmoid(fakeLogits).mean().getFloat();
            double norm = measureGradient ? Math.sqrt(Engines.gradientNormSquared(paramsD)) : Double.NaN;
            update(optimizerD, paramsD);
            return new DiscriminatorStep(l, dReal, dFake, norm);
        }
    }

    /**
     * One update of G through D on a fresh latent batch. D's gradients are computed on the way
     * (they cannot be avoided) but never applied; they are zeroed before D's next backward pass.
     */
    GeneratorStep generatorStep(boolean measureGradient) {
        List<Parameter> paramsG = gan.generatorParameters();
        try (NDManager sm = gan.manager().newSubManager()) {
            NDArray z = gan.latent().sample(sm, rng, config.batchSize());
            Engines.zeroGradients(paramsG);
            NDArray loss;
            try (GradientCollector gc = gan.engine().newGradientCollector()) {
                NDArray fakeLogits = gan.discriminate(gan.generate(z, true), true);
                loss = config.loss().generatorLoss(fakeLogits);
                gc.backward(loss);
            }
            float l = loss.getFloat();
            if (!Float.isFinite(l)) {
                throw new TrainingDivergedException(step, "generator", "loss is " + l);
            }
            double norm = measureGradient ? Math.sqrt(Engines.gradientNormSquared(paramsG)) : Double.NaN;
            update(optimizerG, paramsG);
            return new GeneratorStep(l, norm);
        }
    }

    private static void update(Optimizer optimizer, List<Parameter> params) {
        for (Parameter p : params) {
            NDArray weight = p.getArray();
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(p.getId(), weight, grad);
            }
        }
    }

    /** The configuration. */
    public TrainingConfig config() {
        return config;
    }

    /** The networks being trained. */
    public Gan gan() {
        return gan;
    }

    /** The log so far. */
    public TrainingLog log() {
        return log;
    }

    /** Generator steps done. */
    public int step() {
        return step;
    }

    /** Seconds spent in training steps (monitors excluded). */
    public double trainingSeconds() {
        return trainingNanos / 1e9;
    }

    /**
     * Where this run came from: every config setting, the engine and library versions, and the
     * size of each network. Enough to repeat the run.
     */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>(config.settings());
        p.putAll(Engines.versions(gan.engine()));
        p.put("workbench_version", org.ganworkbench.Lab.version());
        p.put("generator_weights", gan.generatorSize());
        p.put("discriminator_weights", gan.discriminatorSize());
        p.put("steps_done", step);
        return p;
    }

    @Override
    public void close() {
        gan.close();
    }
}
