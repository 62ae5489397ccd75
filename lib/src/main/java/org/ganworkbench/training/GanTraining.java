package org.ganworkbench.training;

import ai.djl.engine.Engine;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.GanLoss;
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
 * network has an optimizer of its own (Adam, RMSProp or plain SGD, as configured), so their states
 * never mix.
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
 * targets, replayed fakes, one joint batch: {@link StepInputs}) and what G minimizes (feature
 * matching); the loss owns D's and G's objectives, computed over a pass that runs D when the loss
 * asks ({@link StepPasses}), with any penalty (WGAN-GP) or weight constraint (WGAN's clip) it
 * carries: the loop does not know which loss it runs. An exponential moving average of G
 * can be kept for sampling. The {@link FailureChecks} watch the run and record
 * {@link TrainingEvent}s in the log.
 *
 * <p>Runs can be continued: {@link #run(int, Monitor...)} trains more steps on the same networks.
 */
public final class GanTraining implements AutoCloseable {

    private final TrainingConfig config;
    private final Tricks tricks;
    private final GanLoss loss;
    private final Gan gan;
    private final PlayerUpdates updates;
    private final Optimizers optimizers;
    private final Growing growing;
    private final int convergenceIndex;
    private final TrainingLog log;
    private final FailureDetector detector;
    private final WeightAverage average;
    private final Checkpointer checkpoints;
    private final DiversityProbe diversity;
    private final StepInputs inputs;
    private final List<Integer> resumes = new java.util.ArrayList<>();
    private int step;
    private int interruptedAt = -1;
    private long trainingNanos;

    private final TrainingStats stats;
    private final org.ganworkbench.models.TranslationWeights translationWeights;
    private final double[] termWindow = new double[3];   // a translation GAN's L1 and FM sums since the last row, and their count

    private GanTraining(TrainingConfig config) {
        this.config = config;
        this.tricks = config.tricks();
        this.loss = config.loss().forRun();   // a stateful loss (BEGAN's k) starts afresh in every run
        Engine engine = Engines.get(config.engine());
        this.gan = Gan.create(config.architecture(), engine, config.seed());
        this.optimizers = new Optimizers(config);
        this.convergenceIndex = optimizers.decays() ? loss.stepValues().indexOf(loss.convergenceMeasure()) : -1;
        this.growing = config.architecture() instanceof Growing g ? g : null;
        List<String> extra = new java.util.ArrayList<>(loss.stepValues());
        if (optimizers.decays()) {
            extra.add(TrainingLog.LR_SCALE);
        }
        if (growing != null) {
            extra.addAll(growing.stageValues());
        }
        this.translationWeights = config.architecture().translationWeights();
        if (config.architecture().mapShape() != null) {
            // pix2pix's noise is dropout, whose masks come from the engine's generator: seeded from the run's seed,
            // so a run repeats (evaluations reseed it; a resumed run's masks differ from the uninterrupted run's)
            Engines.seedRandom(gan.engine(), config.seed() * 0x9E3779B97F4A7C15L + 2);
        }
        if (translationWeights.l1() > 0) {
            extra.add(TrainingLog.G_L1);
        }
        if (translationWeights.featureMatching() > 0) {
            extra.add(TrainingLog.G_FEATURE_MATCHING);
        }
        this.stats = new TrainingStats(loss.stepValues().size());
        this.log = new TrainingLog(config.architecture().name() + " / " + loss.name(), extra);
        this.detector = new FailureDetector(config.failures(),
                // a D loss near 0 means "D wins" only for the label losses; critic and energy losses reach it legitimately
                loss.scores().lossNearZeroMeansDWins());
        this.average = tricks.emaDecay() > 0 ? new WeightAverage(gan.generator(), gan.manager(), tricks.emaDecay()) : null;
        this.inputs = new StepInputs(gan, config, growing);
        this.updates = new PlayerUpdates(gan, config, loss, inputs, optimizers, average, stats.hasStepValues(),
                this::failNonFinite);
        this.checkpoints = new Checkpointer(gan, average, this::state);
        this.diversity = new DiversityProbe(gan, config, growing);
    }

    /** The learning rates' current fraction of their configured values (1 unless decayed). */
    public double learningRateScale() {
        return optimizers.scale();
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
     * Also writes the run's whole state to {@code dir} every {@link TrainingConfig#checkpointEvery()}
     * steps and when interrupted (atomically, the former copy kept as {@code <dir>.previous}), so a
     * run that dies can be resumed ({@link #resume}); a run that diverges leaves its last good
     * weights there.
     */
    public GanTraining checkpointTo(Path dir) {
        checkpoints.writeTo(dir);
        return this;
    }

    /**
     * Everything besides the weights that decides how this run goes on: the step, the optimizers'
     * moments and counts, the random stream (which also fixes the data order), the replay pool, the
     * loss's state (BEGAN's k), the decay's plateau, spectral norm's vectors, the failure checks'
     * counters, the log so far and the sums of the row under way; and the settings, so a checkpoint
     * is never resumed under another configuration.
     */
    TrainingState state() {
        TrainingState s = new TrainingState();
        s.putInt("step", step);
        s.putLong("training_nanos", trainingNanos);
        s.putString("settings", comparableSettings(config));
        com.google.gson.JsonArray resumed = new com.google.gson.JsonArray();
        resumes.forEach(resumed::add);
        s.putJson("resumes", resumed);
        optimizers.save(s, gan.discriminatorParameters(), gan.generatorParameters());
        inputs.save(s);
        stats.save(s);
        detector.save(s);
        log.save(s);
        s.putDoubles("loss.state", loss.state());
        if (average != null) {
            s.putInt("ema.updates", average.updates());
        }
        saveVectors(s, "spectral_norm.g", gan.generator());
        saveVectors(s, "spectral_norm.d", gan.discriminator());
        if (growing != null) {
            s.putDoubles("growth.stage", growing.stageValuesNow(gan));
        }
        s.putDoubles("terms.window", termWindow);
        return s;
    }

    private static void saveVectors(TrainingState s, String prefix, ai.djl.nn.Block block) {
        List<org.ganworkbench.nn.SpectralNorm> norms = org.ganworkbench.nn.SpectralNorm.within(block);
        s.putInt(prefix + ".count", norms.size());
        for (int i = 0; i < norms.size(); i++) {
            float[] u = norms.get(i).vector();
            if (u != null) {
                s.putFloats(prefix + "." + i, u);
            }
        }
    }

    private static void restoreVectors(TrainingState s, String prefix, ai.djl.nn.Block block) {
        List<org.ganworkbench.nn.SpectralNorm> norms = org.ganworkbench.nn.SpectralNorm.within(block);
        if (s.getInt(prefix + ".count") != norms.size()) {
            throw new IllegalStateException(prefix + ": " + s.getInt(prefix + ".count") + " spectral norms saved, the "
                    + "network has " + norms.size());
        }
        for (int i = 0; i < norms.size(); i++) {
            norms.get(i).restoreVector(s.has(prefix + "." + i) ? s.getFloats(prefix + "." + i) : null);
        }
    }

    /** The settings as JSON, without those that do not change what a run computes (checkpoint_every). */
    private static String comparableSettings(TrainingConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>(config.settings());
        settings.remove("checkpoint_every");
        return new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(settings);
    }

    /**
     * Where a resumed run was resumed from.
     *
     * @param step the step it continues after (0 if it was not resumed)
     * @param folder the checkpoint folder read: the one asked for, or its previous copy; null if none
     *     could be resumed from
     * @param skipped what was wrong with each checkpoint passed over (damaged, cut short, weights
     *     only), in words
     */
    public record Resumed(int step, Path folder, List<String> skipped) {

        /** Whether the run was resumed (else it starts at step 0). */
        public boolean resumed() {
            return folder != null;
        }
    }

    /**
     * Puts this run, before its first step, into the state of the newest intact checkpoint in
     * {@code dir} (or {@code <dir>.previous}, when {@code dir} is damaged or missing): weights, G's
     * average, optimizer moments, random stream, and all the rest {@link #checkpointTo} writes. The
     * run then continues exactly as the run that wrote it would have: same weights and same log,
     * to the bit, on the same engine with the same threads (timings aside). Not exact for a
     * generator with dropout noise, which draws from the engine's random generator, whose state
     * DJL cannot save.
     *
     * @return where it resumed from, and what it passed over; not {@linkplain Resumed#resumed()
     *     resumed} if neither folder holds an intact checkpoint with a run's state (the run stays at
     *     step 0)
     * @throws IllegalStateException if the run has taken steps, or if the checkpoint was written
     *     under other settings (naming them) or does not fit the networks
     */
    public Resumed resume(Path dir) {
        if (step != 0) {
            throw new IllegalStateException("resume: the run has taken " + step + " steps already");
        }
        var choice = org.ganworkbench.storage.ManifestFolder.newestIntact(dir);
        List<String> skipped = new java.util.ArrayList<>(choice.skipped());
        if (choice.folder().isEmpty()) {
            return new Resumed(0, null, List.copyOf(skipped));
        }
        Path from = choice.folder().get();
        if (!Checkpoint.isResumable(from)) {
            skipped.add(from + " holds weights only (a diverged run's last good weights, or an older version's)");
            return new Resumed(0, null, List.copyOf(skipped));
        }
        TrainingState s = TrainingState.read(from);
        String saved = s.getString("settings");
        String now = comparableSettings(config);
        if (!saved.equals(now)) {
            throw new IllegalStateException("checkpoint " + from + " was written under other settings: "
                    + differences(saved, now));
        }
        int at = s.getInt("step");
        if (average != null) {
            Checkpoint.load(gan, from, true);
            average.takeFromNetwork(s.getInt("ema.updates"));
        }
        Checkpoint.load(gan, from, false);
        if (growing != null && at > 0) {
            growing.grow(gan, (long) (at - 1) * config.discriminatorSteps() * config.batchSize());   // the stage of step `at`
            if (!java.util.Arrays.equals(growing.stageValuesNow(gan), s.getDoubles("growth.stage"))) {
                throw new IllegalStateException("checkpoint " + from + ": the growth stage "
                        + java.util.Arrays.toString(s.getDoubles("growth.stage")) + " of step " + at
                        + " is not the schedule's " + java.util.Arrays.toString(growing.stageValuesNow(gan)));
            }
        }
        optimizers.restore(s, gan.discriminatorParameters(), gan.generatorParameters(), gan.manager());
        inputs.restore(s);
        stats.restore(s);
        log.restore(s);
        detector.restore(s, log.events().stream().filter(e -> !e.check().equals(TrainingEvent.INTERRUPTED)).toList());
        loss.restoreState(s.getDoubles("loss.state"));
        restoreVectors(s, "spectral_norm.g", gan.generator());
        restoreVectors(s, "spectral_norm.d", gan.discriminator());
        trainingNanos = s.getLong("training_nanos");
        if (s.has("terms.window")) {
            System.arraycopy(s.getDoubles("terms.window"), 0, termWindow, 0, termWindow.length);
        }
        resumes.clear();
        s.getJson("resumes").getAsJsonArray().forEach(r -> resumes.add(r.getAsInt()));
        resumes.add(at);
        step = at;
        checkpoints.resumed(at);
        return new Resumed(at, from, List.copyOf(skipped));
    }

    /** The settings that differ between two JSON objects of settings, as "key: a -> b". */
    private static String differences(String a, String b) {
        var x = com.google.gson.JsonParser.parseString(a).getAsJsonObject();
        var y = com.google.gson.JsonParser.parseString(b).getAsJsonObject();
        java.util.Set<String> keys = new java.util.TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        List<String> diff = new java.util.ArrayList<>();
        for (String k : keys) {
            if (!java.util.Objects.equals(x.get(k), y.get(k))) {
                diff.add(k + ": " + x.get(k) + " -> " + y.get(k));
            }
        }
        return String.join(", ", diff);
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
                checkpoints.afterStep(step, config.checkpointEvery());
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
        checkpoints.saveOnStop(step);
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
        PlayerUpdates.DiscriminatorStep last = null;
        for (int i = 0; i < steps && !Interrupted.requested(); i++) {
            PlayerUpdates.DiscriminatorStep d = discriminatorStep(false);
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
                optimizers.reset(step);
            }
        }
        double dLoss = 0;
        double dReal = 0;
        double dFake = 0;
        double gradNormD = Double.NaN;
        double realScore = Double.NaN;
        int done = 0;
        for (int i = 0; i < k; i++) {
            PlayerUpdates.DiscriminatorStep d = discriminatorStep(logNow && i == k - 1);
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
        PlayerUpdates.GeneratorStep g = generatorStep(logNow || detector.watchesGradient());
        if (g != null) {
            if (translationWeights.extraTerms()) {
                termWindow[0] += g.l1();
                termWindow[1] += g.featureMatching();
                termWindow[2]++;
            }
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
        if (optimizers.decays()) {
            optimizers.observeConvergence(v[convergenceIndex]);
        }
    }

    /**
     * The log row's columns after the loss's step values: the lr scale (with decay), the growth
     * stage, a translation GAN's extra terms (their means since the last row, which starts a new window).
     */
    private double[] extraRowValues() {
        double[] stage = growing == null ? new double[0] : growing.stageValuesNow(gan);
        int n = optimizers.decays() ? 1 : 0;
        int terms = (translationWeights.l1() > 0 ? 1 : 0) + (translationWeights.featureMatching() > 0 ? 1 : 0);
        double[] row = new double[n + stage.length + terms];
        if (optimizers.decays()) {
            row[0] = optimizers.scale();
        }
        System.arraycopy(stage, 0, row, n, stage.length);
        int at = n + stage.length;
        double count = termWindow[2];
        if (translationWeights.l1() > 0) {
            row[at++] = count == 0 ? Double.NaN : termWindow[0] / count;
        }
        if (translationWeights.featureMatching() > 0) {
            row[at] = count == 0 ? Double.NaN : termWindow[1] / count;
        }
        java.util.Arrays.fill(termWindow, 0);
        return row;
    }

    /** Every checkEvery steps: weights finite (then they become the last good checkpoint), D loss, diversity. */
    private void periodicChecks() {
        String bad = checkpoints.check(step);
        if (bad != null) {
            failNonFinite(bad, "has a non-finite weight");
            return;
        }
        addEvent(detector.discriminatorLoss(step, stats.endWindow()));
        if (detector.watchesDiversity()) {
            addEvent(detector.diversity(step, diversityRatio()));
        }
    }

    /** G's sample diversity over the data's, the mode-collapse check's measure (see {@link DiversityProbe}). */
    public double diversityRatio() {
        return diversity.ratio(this::sampleToArray);
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
            throw new TrainingDivergedException(e, checkpoints.fallBack(step));
        }
    }

    /** One update of D (see {@link PlayerUpdates#discriminator}); null if skipped. */
    PlayerUpdates.DiscriminatorStep discriminatorStep(boolean measureGradient) {
        return updates.discriminator(step, measureGradient);
    }

    /** One update of G (see {@link PlayerUpdates#generator}); null if skipped. */
    PlayerUpdates.GeneratorStep generatorStep(boolean measureGradient) {
        return updates.generator(step, measureGradient);
    }

    /**
     * Runs {@code body} with G's averaged weights in place when the EMA trick is on (then restores
     * the live weights); otherwise just runs it.
     */
    public <T> T withAveragedGenerator(Supplier<T> body) {
        return average == null ? body.get() : average.with(body);
    }

    /**
     * n samples from G (its weight average when EMA is on), flat, row-major. A translation GAN makes
     * the images of n maps drawn from the training data with {@code random} ({@code samplePaired}).
     */
    public float[] sampleToArray(Random random, int n) {
        if (gan.architecture().mapShape() == null) {
            return withAveragedGenerator(() -> gan.sampleToArray(random, n));
        }
        return withAveragedGenerator(() -> {
            try (ai.djl.ndarray.NDManager m = gan.manager().newSubManager()) {
                return gan.translate(config.data().samplePaired(m, random, n).maps(), random).toFloatArray();
            }
        });
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
        checkpoints.save(dir, step);
    }

    /** The last checkpoint whose weights were all finite. */
    public Checkpoint lastGoodCheckpoint() {
        return checkpoints.lastGood();
    }

    /** The steps at which the optimizers were started afresh (see {@link Growing#resetsOptimizerEachPhase()}). */
    public List<Integer> optimizerResets() {
        return optimizers.resets();
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
     * Real images D was trained on per second of training so far (k D updates of a batch each per
     * step; monitors excluded): the same measure as the log's {@value TrainingLog#IMAGES_PER_S},
     * over the whole run. NaN before the first step.
     */
    public double imagesPerSecond() {
        return step == 0 ? Double.NaN : (double) step * config.discriminatorSteps() * config.batchSize() / trainingSeconds();
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
        if (!resumes.isEmpty()) {
            p.put("resumed_at", List.copyOf(resumes));   // the steps this run was resumed after, from its checkpoints
        }
        return p;
    }

    @Override
    public void close() {
        gan.close();
    }
}
