package org.ganworkbench.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.RmsProp;
import ai.djl.training.tracker.Tracker;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.GradientPenalty;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.Growing;
import org.ganworkbench.training.FailureChecks.Action;

import java.nio.file.Path;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One GAN training run: the alternating game of Goodfellow et al. (2014), Algorithm 1. Each step
 * does k discriminator updates on fresh real and fake batches, then one generator update; each
 * network has an optimizer of its own (Adam or RMSProp, as configured), so their states never mix.
 *
 * <p>Guarantees, on both engines:
 * <ul>
 *   <li>the generator step never moves D, and the discriminator step never moves G: each update
 *       touches only its own network's parameters;
 *   <li>no gradient leaks between steps: a network's gradients are zeroed right before the backward
 *       pass whose gradients it applies (PyTorch accumulates gradients, MXNet overwrites them);
 *   <li>everything a step allocates lives in a sub-manager closed at the end of the step, so memory
 *       stays flat however long the run;
 *   <li>a NaN or infinite loss or gradient stops the run before the bad update, naming the step and
 *       network, and the networks keep the weights of the last good checkpoint.
 * </ul>
 *
 * <p>The configuration's {@link Tricks} change what D sees (instance noise, smoothed or flipped
 * targets, replayed fakes, one joint batch) and what G minimizes (feature matching); the loss may
 * clip D's weights (WGAN) or add a gradient penalty (WGAN-GP); an exponential moving average of G
 * can be kept for sampling. The {@link FailureChecks} watch the run and record
 * {@link TrainingEvent}s in the log.
 *
 * <p>Runs can be continued: {@link #run(int, Monitor...)} trains more steps on the same networks.
 */
public final class GanTraining implements AutoCloseable {

    /** Samples used to measure diversity (mean distance between pairs) for the mode-collapse check. */
    static final int DIVERSITY_SAMPLES = 256;

    private final TrainingConfig config;
    private final Tricks tricks;
    private final GanLoss loss;
    private final Gan gan;
    private final Random rng;
    private Optimizer optimizerD;   // replaced when a growing architecture starts them afresh
    private Optimizer optimizerG;
    private final ScaledRate rateD;
    private final ScaledRate rateG;
    private final LrDecay.Plateau plateau;
    private final List<Integer> optimizerResets = new java.util.ArrayList<>();
    private final Growing growing;
    private final int convergenceIndex;
    private final TrainingLog log;
    private final FailureDetector detector;
    private final ReplayBuffer replay;
    private final WeightAverage average;
    private Checkpoint lastGood;
    private Path checkpointDir;
    private double dataDiversity = Double.NaN;
    private int step;
    private int interruptedAt = -1;
    private long trainingNanos;

    private final TrainingStats stats;

    private GanTraining(TrainingConfig config) {
        this.config = config;
        this.tricks = config.tricks();
        this.loss = config.loss().forRun();   // a stateful loss (BEGAN's k) starts afresh in every run
        Engine engine = Engines.get(config.engine());
        this.gan = Gan.create(config.architecture(), engine, config.seed());
        // a second stream for batches and latents, independent of the weight init stream
        this.rng = new Random(config.seed() * 0x9E3779B97F4A7C15L + 1);
        this.rateD = new ScaledRate(config.learningRateD());
        this.rateG = new ScaledRate(config.learningRateG());
        this.optimizerD = optimizer(rateD, config);
        this.optimizerG = optimizer(rateG, config);
        this.plateau = config.lrDecay().enabled() ? new LrDecay.Plateau(config.lrDecay()) : null;
        this.convergenceIndex = plateau == null ? -1 : loss.stepValues().indexOf(loss.convergenceMeasure());
        this.growing = config.architecture() instanceof Growing g ? g : null;
        List<String> extra = new java.util.ArrayList<>(loss.stepValues());
        if (plateau != null) {
            extra.add(TrainingLog.LR_SCALE);
        }
        if (growing != null) {
            extra.addAll(growing.stageValues());
        }
        this.stats = new TrainingStats(loss.stepValues().size());
        this.log = new TrainingLog(config.architecture().name() + " / " + loss.name(), extra);
        this.detector = new FailureDetector(config.failures(),
                // a D loss near 0 means "D wins" only for the label losses; critic and energy losses reach it legitimately
                loss.weightClip() == 0 && loss.gradientPenalty() == 0 && !loss.readsEnergies());
        this.replay = tricks.replaySize() > 0 ? new ReplayBuffer(tricks.replaySize(), tricks.replayFraction()) : null;
        this.average = tricks.emaDecay() > 0 ? new WeightAverage(gan.generator(), gan.manager(), tricks.emaDecay()) : null;
        this.lastGood = Checkpoint.of(gan, 0);
    }

    private static Optimizer optimizer(Tracker lr, TrainingConfig c) {
        if (c.optimizer().equals("rmsprop")) {
            // PyTorch's RMSprop defaults, as in the WGAN reference code: rho 0.99, no momentum, not centred
            return RmsProp.builder().optLearningRateTracker(lr).optRho(0.99f).optMomentum(0f)
                    .optCentered(false).optEpsilon(1e-8f).build();
        }
        return Adam.builder().optLearningRateTracker(lr).optBeta1(c.beta1()).optBeta2(c.beta2()).build();
    }

    /** A learning rate the loop can scale during the run (learning-rate decay); fixed otherwise. */
    private static final class ScaledRate implements Tracker {
        private final float base;
        private float value;

        ScaledRate(float base) {
            this.base = base;
            this.value = base;
        }

        void scale(double factor) {
            value = (float) (base * factor);
        }

        @Override
        public float getNewValue(int numUpdate) {
            return value;
        }
    }

    /** The learning rates' current fraction of their configured values (1 unless decayed). */
    public double learningRateScale() {
        return plateau == null ? 1 : plateau.scale();
    }

    /** Builds the networks and optimizers; no step is taken yet. */
    public static GanTraining start(TrainingConfig config) {
        return new GanTraining(config);
    }

    /**
     * Builds and trains for {@code config.steps()} steps. An interrupted thread ends the training
     * early and this returns the partly trained run ({@link #interrupted()} true, flag still set).
     */
    public static GanTraining train(TrainingConfig config, Monitor... monitors) {
        GanTraining t = start(config);
        try {
            t.run(config.steps(), monitors);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /**
     * Also writes the last good checkpoint to {@code dir} at every failure check (atomically), so a
     * run that dies leaves good weights behind.
     */
    public GanTraining checkpointTo(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** Trains until {@code config.steps()} steps are done in total. */
    public GanTraining run(Monitor... monitors) {
        return run(Math.max(0, config.steps() - step), monitors);
    }

    /**
     * Trains {@code steps} more steps, calling the monitors at their intervals and at the end.
     *
     * <p>If the thread is interrupted ({@link Thread#interrupt()}, a notebook's Interrupt), the call
     * stops before the next step and returns normally with the interrupt flag still set: the log
     * gets a {@link TrainingEvent#INTERRUPTED} event "interrupted at step 1,240 of 5,000" (the steps
     * done, of those this call was to reach), the checkpoint is written if {@link #checkpointTo} was
     * set, the monitors see the final state once, and {@link #interrupted()} is true. A monitor that
     * fails on the interrupted thread (a metric it computes throws {@link Interrupted}) does not end
     * the run with an exception. A further call while the flag is still set returns at once. Clear
     * the flag ({@link Thread#interrupted()}) to train on.
     *
     * @throws TrainingFailedException when a failure check with action STOP fires (a
     *     {@link TrainingDivergedException} for NaN/Inf); the monitors still see the final state
     */
    public GanTraining run(int steps, Monitor... monitors) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        int end = step + steps;
        if (interruptedAt == step && Interrupted.requested()) {
            return this;   // this call's interruption was recorded by the call before: no step, no new event
        }
        interruptedAt = -1;
        try {
            while (step < end) {
                if (Interrupted.requested()) {
                    stopInterrupted(end, monitors);
                    return this;
                }
                step++;
                trainStep(step % config.logEvery() == 0 || step == end);
                for (Monitor m : monitors) {
                    if (step % m.interval() == 0 && step != end) {
                        observe(m);
                    }
                }
            }
        } catch (TrainingFailedException e) {
            for (Monitor m : monitors) {
                m.observe(this);
            }
            throw e;
        }
        for (Monitor m : monitors) {
            observe(m);
        }
        return this;
    }

    /**
     * Lets a monitor observe. If it fails while the thread is interrupted (a metric it computes
     * threw {@link Interrupted}), the failure is dropped: the training stops before the next step
     * and keeps what it trained.
     */
    private void observe(Monitor m) {
        try {
            m.observe(this);
        } catch (RuntimeException e) {
            if (!Interrupted.requested()) {
                throw e;
            }
        }
    }

    /**
     * The thread was interrupted before step {@code step + 1}: records the event, writes the
     * checkpoint (if {@link #checkpointTo} was set), lets the monitors see the final state; the
     * interrupt flag stays set. The monitors observe on the interrupted thread, so a metric one of
     * them computes ends at once (and is dropped) instead of holding up the stop.
     */
    private void stopInterrupted(int end, Monitor... monitors) {
        interruptedAt = step;
        log.addEvent(new TrainingEvent(step, TrainingEvent.INTERRUPTED, "both", Action.STOP, Double.NaN,
                String.format(java.util.Locale.ROOT, "interrupted at step %,d of %,d", step, end)));
        if (checkpointDir != null) {
            Interrupted.deferred(() -> saveCheckpoint(checkpointDir));
        }
        for (Monitor m : monitors) {
            observe(m);
        }
    }

    /**
     * Whether the last {@link #run(int, Monitor...)} call stopped early because the thread was
     * interrupted (see {@link #interruptedAt()}).
     */
    public boolean interrupted() {
        return interruptedAt >= 0;
    }

    /**
     * The steps done when the last {@link #run(int, Monitor...)} call was stopped by an interruption:
     * the last step trained (0 if none), also {@link #step()}; the next call continues with the step
     * after it. -1 if the last call was not interrupted.
     */
    public int interruptedAt() {
        return interruptedAt;
    }

    /**
     * Trains D alone for {@code steps} updates while G stays as it is: gives D a head start, the
     * situation in which the saturating loss starves G of gradient. Not logged; does not count as
     * training steps. An interrupted thread stops it before the next update (the flag stays set).
     *
     * @return D's mean probability "real" on fresh fakes after the last update (NaN if none was done)
     */
    public double trainDiscriminator(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        DiscriminatorStep last = null;
        for (int i = 0; i < steps && !Interrupted.requested(); i++) {
            DiscriminatorStep d = discriminatorStep(false);
            last = d == null ? last : d;   // null: a non-finite step skipped under "warn"
        }
        return last == null ? Double.NaN : last.dFake();
    }

    private void trainStep(boolean logNow) {
        long start = System.nanoTime();
        int k = config.discriminatorSteps();
        if (growing != null) {
            boolean newPhase = growing.grow(gan, (long) (step - 1) * k * config.batchSize());   // real images D has seen so far
            if (newPhase && growing.resetsOptimizerEachPhase()) {
                optimizerD = optimizer(rateD, config);
                optimizerG = optimizer(rateG, config);
                optimizerResets.add(step);
            }
        }
        double dLoss = 0;
        double dReal = 0;
        double dFake = 0;
        double gradNormD = Double.NaN;
        double realScore = Double.NaN;
        int done = 0;
        for (int i = 0; i < k; i++) {
            DiscriminatorStep d = discriminatorStep(logNow && i == k - 1);
            if (d == null) {
                continue;   // a non-finite step skipped under "warn"
            }
            done++;
            dLoss += d.loss();
            dReal += d.dReal();
            dFake += d.dFake();
            realScore = d.realScore();
            if (!Double.isNaN(d.gradNorm())) {
                gradNormD = d.gradNorm();
            }
        }
        GeneratorStep g = generatorStep(logNow || detector.watchesGradient());
        if (g != null) {
            addEvent(detector.generatorGradient(step, g.gradNorm()));
            if (stats.hasStepValues() && Double.isFinite(realScore) && Double.isFinite(g.fakeScore())) {
                endLossStep(realScore, g.fakeScore());
            }
        }
        stats.discriminator(dLoss, dReal, dFake, done);
        long elapsed = System.nanoTime() - start;   // training time only: monitors are not counted
        stats.endStep(g == null ? 0 : g.loss(), elapsed);
        trainingNanos += elapsed;
        if (step % config.failures().checkEvery() == 0) {
            periodicChecks();
        }
        if (logNow) {
            stats.appendRow(log, step, gradNormD, g == null ? Double.NaN : g.gradNorm(), k * config.batchSize(),
                    extraRowValues());
        }
    }

    /** The loss's per-step values (BEGAN's k_t update) and, when on, learning-rate decay on their plateau. */
    private void endLossStep(double realScore, double fakeScore) {
        double[] v = loss.endStep(realScore, fakeScore);
        stats.stepValues(v);
        if (plateau != null) {
            double before = plateau.scale();
            double scale = plateau.observe(v[convergenceIndex]);
            if (scale != before) {
                rateD.scale(scale);
                rateG.scale(scale);
            }
        }
    }

    /** The log row's columns after the loss's step values: the lr scale (with decay), the growth stage. */
    private double[] extraRowValues() {
        double[] stage = growing == null ? new double[0] : growing.stageValuesNow(gan);
        int n = plateau == null ? 0 : 1;
        double[] row = new double[n + stage.length];
        if (plateau != null) {
            row[0] = plateau.scale();
        }
        System.arraycopy(stage, 0, row, n, stage.length);
        return row;
    }

    /** Every checkEvery steps: weights finite (then they become the last good checkpoint), D loss, diversity. */
    private void periodicChecks() {
        Checkpoint now = Checkpoint.of(gan, step);
        String bad = now.nonFiniteNetwork();
        if (bad != null) {
            failNonFinite(bad, "has a non-finite weight");
            return;
        }
        lastGood = now;
        if (checkpointDir != null) {
            try {
                Interrupted.deferred(() -> saveCheckpoint(checkpointDir));
            } catch (java.io.UncheckedIOException e) {
                if (!Interrupted.requested()) {
                    throw e;
                }
                // interrupted while writing: the old checkpoint stays; run() writes this one when it stops
            }
        }
        addEvent(detector.discriminatorLoss(step, stats.endWindow()));
        if (detector.watchesDiversity()) {
            addEvent(detector.diversity(step, diversityRatio()));
        }
    }

    /**
     * G's sample diversity over the data's: mean distance between the two halves of
     * {@value #DIVERSITY_SAMPLES} samples, fake (from fixed latents) over real. Near 1 for a
     * healthy G, near 0 for a collapsed one. For a growing architecture the real samples are those
     * of the current stage (its {@code realBatch}), so a G working at 4×4 is not compared with
     * full-size detail it cannot make yet.
     */
    public double diversityRatio() {
        if (Double.isNaN(dataDiversity) || growing != null) {
            try (NDManager sm = gan.manager().newSubManager()) {
                NDArray real = config.data().sample(sm, new Random(config.seed() + 101), DIVERSITY_SAMPLES);
                dataDiversity = meanPairDistance((growing == null ? real : growing.realBatch(gan, real)).toFloatArray());
            }
        }
        float[] fakes = sampleToArray(new Random(config.seed() + 202), DIVERSITY_SAMPLES);
        return meanPairDistance(fakes) / dataDiversity;
    }

    static double meanPairDistance(float[] flat) {
        int half = DIVERSITY_SAMPLES / 2;
        int per = flat.length / DIVERSITY_SAMPLES;
        double sum = 0;
        for (int i = 0; i < half; i++) {
            double d2 = 0;
            for (int j = 0; j < per; j++) {
                double d = flat[i * per + j] - flat[(i + half) * per + j];
                d2 += d * d;
            }
            sum += Math.sqrt(d2);
        }
        return sum / half;
    }

    private void addEvent(TrainingEvent e) {
        if (e == null) {
            return;
        }
        log.addEvent(e);
        if (e.action() == Action.STOP) {
            throw new TrainingFailedException(e, step);
        }
    }

    /**
     * A non-finite loss, gradient or weight. Under STOP the networks get the last good weights back
     * (the current ones, if still finite) and the run ends; under WARN the update is skipped.
     */
    private void failNonFinite(String network, String what) {
        TrainingEvent e = detector.nonFinite(step, network, what);
        log.addEvent(e);
        if (e.action() == Action.STOP) {
            Checkpoint current = Checkpoint.of(gan, step - 1);
            if (current.isFinite()) {
                lastGood = current;
            } else {
                lastGood.restore(gan);
            }
            if (checkpointDir != null) {
                Checkpoint good = lastGood;
                Interrupted.deferred(() -> Checkpoint.save(gan, good.step(), checkpointDir));
            }
            throw new TrainingDivergedException(e, lastGood.step());
        }
    }

    /** What one discriminator update measured. */
    record DiscriminatorStep(double loss, double dReal, double dFake, double gradNorm, double realScore) {}

    /** What one generator update measured; fakeScore is D's mean raw score on G's batch (NaN unless the loss needs it). */
    record GeneratorStep(double loss, double gradNorm, double fakeScore) {}

    /**
     * One update of D on a fresh real batch and a fresh fake batch. The fakes are cut from G's graph,
     * so no gradient reaches G and G's weights are not touched.
     *
     * @return what it measured, or null if the step was skipped (non-finite, action WARN)
     */
    DiscriminatorStep discriminatorStep(boolean measureGradient) {
        int batch = config.batchSize();
        List<Parameter> paramsD = gan.discriminatorParameters();
        try (NDManager sm = gan.manager().newSubManager()) {
            NDArray real = realBatch(sm, batch);
            NDArray z = gan.latent().sample(sm, rng, batch);
            double sigma = tricks.instanceNoiseAt(step - 1, config.steps());
            GanLoss.Targets targets = tricks.changesTargets() ? targets(sm, batch) : null;
            Engines.zeroGradients(paramsD);
            NDArray total;
            NDArray lossD;
            NDArray realLogits;
            NDArray fakeLogits;
            try (GradientCollector gc = gan.engine().newGradientCollector()) {
                // G runs in training mode (batch statistics for batch norm, which MXNet allows only
                // while recording); stopGradient cuts the graph, so no gradient reaches G.
                NDArray fake = gan.generate(z, true).stopGradient();
                if (replay != null) {
                    fake = replay.mix(fake, sm, rng);
                }
                NDArray realIn = noisy(real, sigma, sm);
                NDArray fakeIn = noisy(fake, sigma, sm);
                if (tricks.jointBatch()) {
                    NDArray logits = gan.discriminate(realIn.concat(fakeIn, 0), true);
                    realLogits = logits.get("0:" + batch);
                    fakeLogits = logits.get(batch + ":");
                } else {
                    realLogits = gan.discriminate(realIn, true);
                    fakeLogits = gan.discriminate(fakeIn, true);
                }
                lossD = loss.discriminatorLoss(realLogits, fakeLogits, targets);
                total = loss.gradientPenalty() > 0 ? lossD.add(gradientPenalty(realIn, fakeIn, sm, paramsD)) : lossD;
                gc.backward(total);
            }
            float l = total.getFloat();
            if (!Float.isFinite(l)) {
                failNonFinite("discriminator", "loss is " + l);
                return null;
            }
            double norm = Double.NaN;
            if (measureGradient) {
                // a non-finite gradient behind a finite loss shows up as a non-finite loss one step later
                norm = Engines.gradientNorm(paramsD, sm);
                if (!Double.isFinite(norm)) {
                    failNonFinite("discriminator", "gradient norm is " + norm);
                    return null;
                }
            }
            double dReal = Activation.sigmoid(realLogits).mean().getFloat();
            double dFake = Activation.sigmoid(fakeLogits).mean().getFloat();
            double realScore = stats.hasStepValues() ? realLogits.mean().getFloat() : Double.NaN;
            update(optimizerD, paramsD);
            if (loss.weightClip() > 0) {
                clip(paramsD, (float) loss.weightClip());
            }
            return new DiscriminatorStep(lossD.getFloat(), dReal, dFake, norm, realScore);
        }
    }

    /** A real batch from the data, as D must see it at a growing architecture's current stage. */
    private NDArray realBatch(NDManager sm, int batch) {
        NDArray real = config.data().sample(sm, rng, batch);
        return growing == null ? real : growing.realBatch(gan, real);
    }

    /**
     * λ E[(||∇D(x̂)|| − 1)²] on random interpolates x̂ of real and fake (WGAN-GP); for a growing
     * architecture at its current resolution, where the norm of D's input gradient means what the
     * penalty assumes.
     */
    private NDArray gradientPenalty(NDArray real, NDArray fake, NDManager sm, List<Parameter> paramsD) {
        if (growing != null) {
            real = growing.atStage(gan, real);
            fake = growing.atStage(gan, fake);
        }
        int n = Math.toIntExact(real.getShape().get(0));
        float[] eps = new float[n];
        for (int i = 0; i < n; i++) {
            eps[i] = rng.nextFloat();
        }
        NDArray mixed = GradientPenalty.interpolate(real, fake, sm.create(eps)).stopGradient();
        mixed.setRequiresGradient(true);
        NDArray gradients = Engines.inputGradient(gan.discriminate(mixed, true), mixed);
        Engines.zeroGradients(paramsD);   // that backward pass also left first-order gradients in D's weights
        return GradientPenalty.compute(gradients).mul((float) loss.gradientPenalty());
    }

    /** D's targets for smoothing / flipping: real ~ U[low, high] (or fixed), fake 0; flips swap them. */
    private GanLoss.Targets targets(NDManager sm, int n) {
        float[] real = new float[n];
        float[] fake = new float[n];
        double low = tricks.realLabelLow();
        double high = tricks.realLabelHigh();
        for (int i = 0; i < n; i++) {
            real[i] = (float) (low == high ? low : low + (high - low) * rng.nextDouble());
        }
        if (tricks.labelFlip() > 0) {
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < tricks.labelFlip()) {
                    real[i] = 0;
                }
                if (rng.nextDouble() < tricks.labelFlip()) {
                    fake[i] = (float) high;
                }
            }
        }
        return new GanLoss.Targets(sm.create(real), sm.create(fake));
    }

    /** x + N(0, σ²) noise drawn from the run's random stream (so runs stay engine-independent). */
    private NDArray noisy(NDArray x, double sigma, NDManager sm) {
        if (sigma <= 0) {
            return x;
        }
        Shape shape = x.getShape();
        float[] noise = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (rng.nextGaussian() * sigma);
        }
        return x.add(sm.create(noise, shape));
    }

    /**
     * One update of G through D on a fresh latent batch. D's gradients are computed on the way
     * (they cannot be avoided) but never applied; they are zeroed before D's next backward pass.
     *
     * @return what it measured, or null if the step was skipped (non-finite, action WARN)
     */
    GeneratorStep generatorStep(boolean measureGradient) {
        List<Parameter> paramsG = gan.generatorParameters();
        int batch = config.batchSize();
        try (NDManager sm = gan.manager().newSubManager()) {
            NDArray z = gan.latent().sample(sm, rng, batch);
            double sigma = tricks.instanceNoiseAt(step - 1, config.steps());
            boolean needReal = tricks.featureMatching() || loss.generatorNeedsReal();
            NDArray real = needReal ? realBatch(sm, batch) : null;
            Engines.zeroGradients(paramsG);
            NDArray lossG;
            NDArray fakeScores;
            try (GradientCollector gc = gan.engine().newGradientCollector()) {
                NDArray fakeIn = noisy(gan.generate(z, true), sigma, sm);
                if (tricks.featureMatching()) {
                    NDList fakeOut = gan.discriminateWithFeatures(fakeIn, true);
                    fakeScores = fakeOut.get(0);
                    NDArray realFeatures = gan.discriminateWithFeatures(noisy(real, sigma, sm), true).get(1)
                            .stopGradient();
                    lossG = realFeatures.mean(new int[] {0}).sub(fakeOut.get(1).mean(new int[] {0})).square().sum();
                } else if (loss.generatorNeedsReal()) {
                    NDArray realLogits = gan.discriminate(noisy(real, sigma, sm), true);
                    fakeScores = gan.discriminate(fakeIn, true);
                    lossG = loss.generatorLoss(realLogits, fakeScores);
                } else {
                    fakeScores = gan.discriminate(fakeIn, true);
                    lossG = loss.generatorLoss(fakeScores);
                }
                gc.backward(lossG);
            }
            float l = lossG.getFloat();
            if (!Float.isFinite(l)) {
                failNonFinite("generator", "loss is " + l);
                return null;
            }
            double norm = measureGradient ? Engines.gradientNorm(paramsG, sm) : Double.NaN;
            if (measureGradient && !Double.isFinite(norm)) {
                failNonFinite("generator", "gradient norm is " + norm);
                return null;
            }
            double fakeScore = stats.hasStepValues() ? fakeScores.mean().getFloat() : Double.NaN;
            update(optimizerG, paramsG);
            if (average != null) {
                average.update();
            }
            return new GeneratorStep(l, norm, fakeScore);
        }
    }

    private static void clip(List<Parameter> params, float c) {
        for (Parameter p : params) {
            NDArray w = p.getArray();
            try (NDArray clipped = w.clip(-c, c)) {
                clipped.copyTo(w);
            }
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

    /**
     * Runs {@code body} with G's averaged weights in place when the EMA trick is on (then restores
     * the live weights); otherwise just runs it.
     */
    public <T> T withAveragedGenerator(Supplier<T> body) {
        return average == null ? body.get() : average.with(body);
    }

    /** n samples from G (its weight average when EMA is on), flat, row-major. */
    public float[] sampleToArray(Random random, int n) {
        return withAveragedGenerator(() -> gan.sampleToArray(random, n));
    }

    /** n 2-D points from G (its weight average when EMA is on). */
    public float[][] samplePoints(Random random, int n) {
        return withAveragedGenerator(() -> gan.samplePoints(random, n));
    }

    /** Whether G's weights are averaged (EMA trick). */
    public boolean averagesGenerator() {
        return average != null;
    }

    /**
     * Writes the current weights to {@code dir} (atomically), with G's weight average when the EMA
     * trick is on: the weights {@code Experiment.loadGan} gives back.
     */
    public void saveCheckpoint(Path dir) {
        Checkpoint.save(gan, step, dir, average);
    }

    /** The last checkpoint whose weights were all finite. */
    public Checkpoint lastGoodCheckpoint() {
        return lastGood;
    }

    /** The steps at which the optimizers were started afresh (see {@link Growing#resetsOptimizerEachPhase()}). */
    public List<Integer> optimizerResets() {
        return List.copyOf(optimizerResets);
    }

    /** What the failure checks have reported so far. */
    public List<TrainingEvent> events() {
        return log.events();
    }

    /** The loss of this run, with its state (BEGAN's k_t); not the config's instance. */
    public GanLoss loss() {
        return loss;
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
        p.put("workbench_version", Engines.workbenchVersion());
        p.put("generator_weights", gan.generatorSize());
        p.put("discriminator_weights", gan.discriminatorSize());
        p.put("steps_done", step);
        p.put("tricks", tricks.describe());
        p.put("events", log.events().size());
        return p;
    }

    @Override
    public void close() {
        gan.close();
    }
}
