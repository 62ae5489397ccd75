package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.List;
import java.util.Map;

/**
 * A GAN objective: what each player minimizes in its update. Scores are D's raw outputs (logits,
 * critic values or energies, see {@link #scores()}), never probabilities: losses are computed from
 * raw scores so they stay finite when D is very sure.
 *
 * <p>A loss owns its phases, as in stylegan2-ada's {@code accumulate_gradients(phase)} and the
 * official PGGAN {@code loss.py}: {@link #discriminatorObjective} and {@link #generatorObjective}
 * get a pass that computes D's scores (and for penalties, inputs, random numbers and input
 * gradients) on demand, and {@link #afterDiscriminatorUpdate} constrains D's weights (WGAN's
 * clipping). The training loop does not know which loss it runs. Most losses only write
 * {@link #discriminatorLoss} and {@link #generatorLoss}, from which the objectives follow. Each loss
 * also carries the optimizer settings its paper recommends ({@link #recommended()}).
 */
public interface GanLoss {

    /** Short name for logs and run configs, e.g. {@code non-saturating}. */
    String name();

    /** What D minimizes, from its scores on a real batch and on a fake batch. A scalar. */
    NDArray discriminatorLoss(NDArray realScores, NDArray fakeScores);

    /**
     * What D minimizes when the training loop changes D's targets (one-sided label smoothing,
     * label flipping): {@code targets} holds one target per real and per fake sample, where the
     * loss's defaults are 1 for real and 0 for fake. Only losses with {@link #acceptsTargets()}
     * implement it.
     */
    default NDArray discriminatorLoss(NDArray realScores, NDArray fakeScores, Targets targets) {
        if (targets == null) {
            return discriminatorLoss(realScores, fakeScores);
        }
        throw new UnsupportedOperationException("loss '" + name() + "' has no real/fake targets to smooth or flip");
    }

    /** What G minimizes, from D's scores on a fake batch. A scalar. */
    NDArray generatorLoss(NDArray fakeScores);

    /**
     * D's objective in one update: {@link #discriminatorLoss} on the pass's scores and targets. A
     * loss with a regularizer (WGAN-GP's penalty) adds it here.
     */
    default DiscriminatorObjective discriminatorObjective(DiscriminatorPass pass) {
        return DiscriminatorObjective.of(discriminatorLoss(pass.realScores(), pass.fakeScores(), pass.targets()));
    }

    /** G's objective in one update: {@link #generatorLoss} on D's scores on G's batch. */
    default NDArray generatorObjective(GeneratorPass pass) {
        return generatorLoss(pass.fakeScores());
    }

    /** Called after each update of D with D's weights: a loss with a weight constraint (WGAN's clip) applies it. */
    default void afterDiscriminatorUpdate(List<Parameter> discriminatorParameters) {}

    /** What D's scores mean under this loss. */
    default ScoreKind scores() {
        return ScoreKind.LOGIT;
    }

    /** Whether D's targets can be smoothed or flipped (true for losses that regress on labels). */
    default boolean acceptsTargets() {
        return false;
    }

    /** Whether the objectives differentiate a gradient (a gradient penalty): only the PyTorch engine can. */
    default boolean needsSecondOrderGradients() {
        return false;
    }

    /** What the loss does besides its two losses, for overviews ("clip D's weights to ±0.01"); empty if nothing. */
    default String regularizer() {
        return "";
    }

    /**
     * Names of the values the loss reports once per training step from {@link #endStep}, in log
     * order (BEGAN: {@code k}, {@code m_global}, {@code l_real}, {@code l_fake}); empty for losses
     * without state.
     */
    default List<String> stepValues() {
        return List.of();
    }

    /**
     * Called by the training loop once per step, after G's update, with D's mean raw score on the
     * real batch of the step's last D update and on G's batch of the G update. A loss with state
     * (BEGAN's k_t) updates it here; the values returned, one per {@link #stepValues()} name, go
     * into the training log.
     *
     * @return this step's values, in {@link #stepValues()} order (empty for stateless losses)
     */
    default double[] endStep(double meanRealScore, double meanFakeScore) {
        return new double[0];
    }

    /**
     * The state {@link #endStep} keeps between steps (BEGAN: k_t), for a checkpoint; empty for
     * stateless losses. {@link #restoreState} with it continues the loss exactly.
     */
    default double[] state() {
        return new double[0];
    }

    /**
     * Puts back a state {@link #state} returned.
     *
     * @throws IllegalArgumentException if it is not a state of this loss
     */
    default void restoreState(double[] state) {
        if (state.length != 0) {
            throw new IllegalArgumentException(name() + " keeps no state, got " + state.length + " values");
        }
    }

    /**
     * The loss as a new run must start with: a stateful loss returns a copy with its initial state
     * (BEGAN: k_0), so two runs of one configuration never share k; stateless losses return themselves.
     */
    default GanLoss forRun() {
        return this;
    }

    /**
     * The name of a step value that measures convergence, lower being better (BEGAN's
     * {@code m_global}); what learning-rate decay on a plateau watches. Null if the loss has none.
     */
    default String convergenceMeasure() {
        return null;
    }

    /** The optimizer settings the loss's paper recommends. */
    default Recommended recommended() {
        return Recommended.DCGAN;
    }

    /** Every setting of the loss, for run configs and provenance: its name and its parameters. */
    default Map<String, Object> settings() {
        return Map.of("loss", name());
    }

    /** {@code loss} (the name), then the parameters as their declarations read them (spec keys, values). */
    static Map<String, Object> settings(GanLoss loss, Map<String, Object> parameters) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("loss", loss.name());
        m.putAll(parameters);
        return m;
    }

    /**
     * Per-sample targets for D: {@code real} (N) for the real batch and {@code fake} (N) for the fake
     * batch, in the loss's label convention (1 = real, 0 = fake).
     */
    record Targets(NDArray real, NDArray fake) {}

    /**
     * Optimizer settings recommended with a loss.
     *
     * @param optimizer "adam", "rmsprop" or "sgd"
     * @param learningRateD D's learning rate
     * @param learningRateG G's learning rate
     * @param beta1 Adam beta1
     * @param beta2 Adam beta2
     * @param discriminatorSteps D steps per G step
     * @param source where the recommendation comes from
     */
    record Recommended(String optimizer, float learningRateD, float learningRateG, float beta1, float beta2,
                       int discriminatorSteps, String source) {

        /** Adam 2e-4, β = (0.5, 0.999), k = 1: Radford et al. (2016). */
        public static final Recommended DCGAN = new Recommended("adam", 2e-4f, 2e-4f, 0.5f, 0.999f, 1,
                "Radford et al. 2016 (DCGAN)");
    }
}
