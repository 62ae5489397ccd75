package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Map;

/**
 * A GAN objective, split into what each player minimizes. Inputs are the discriminator's raw
 * scores (logits, or critic values for the Wasserstein losses), one per sample, never
 * probabilities: losses are computed from raw scores so they stay finite when D is very sure.
 *
 * <p>Besides the two loss functions a loss declares what the training loop must do for it: whether
 * D's targets may be changed (label smoothing and flipping need targets to smooth), whether G's loss
 * needs D's scores on real data too (the relativistic losses), whether D's weights are clipped after
 * each update (WGAN) and the weight of a gradient penalty (WGAN-GP). Each loss also carries the
 * optimizer settings its paper recommends ({@link #recommended()}).
 */
public interface GanLoss {

    /** Short name for logs and run configs, e.g. {@code non-saturating}. */
    String name();

    /** What D minimizes, from its scores on a real batch and on a fake batch. A scalar. */
    NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits);

    /**
     * What D minimizes when the training loop changes D's targets (one-sided label smoothing,
     * label flipping): {@code targets} holds one target per real and per fake sample, where the
     * loss's defaults are 1 for real and 0 for fake. Only losses with {@link #acceptsTargets()}
     * implement it.
     */
    default NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits, Targets targets) {
        if (targets == null) {
            return discriminatorLoss(realLogits, fakeLogits);
        }
        throw new UnsupportedOperationException("loss '" + name() + "' has no real/fake targets to smooth or flip");
    }

    /** Whether D's targets can be smoothed or flipped (true for losses that regress on labels). */
    default boolean acceptsTargets() {
        return false;
    }

    /** What G minimizes, from D's scores on a fake batch. A scalar. */
    NDArray generatorLoss(NDArray fakeLogits);

    /**
     * What G minimizes when it also sees D's scores on a real batch; only the relativistic losses
     * use them ({@link #generatorNeedsReal()}).
     */
    default NDArray generatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return generatorLoss(fakeLogits);
    }

    /** Whether {@link #generatorLoss(NDArray, NDArray)} needs a real batch. */
    default boolean generatorNeedsReal() {
        return false;
    }

    /** Clip every weight of D to [-c, c] after each D update (WGAN's Lipschitz constraint); 0 = off. */
    default double weightClip() {
        return 0;
    }

    /**
     * Weight λ of the gradient penalty λ E[(||∇D(x̂)|| - 1)²] on random interpolates x̂ between real
     * and fake samples (WGAN-GP); 0 = off. Needs second-order gradients.
     */
    default double gradientPenalty() {
        return 0;
    }

    /** Whether sigmoid(score) reads as D's probability that a sample is real. */
    default boolean scoresAreLogits() {
        return true;
    }

    /**
     * Whether D's scores are energies: one reconstruction error per sample from an autoencoder
     * discriminator (EBGAN, BEGAN), low for what D takes as real. Such losses need an architecture
     * whose D gives energies ({@code GanArchitecture#discriminatorGivesEnergy}), and the other losses
     * refuse those architectures.
     */
    default boolean readsEnergies() {
        return false;
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

    /** Every setting of the loss, for run configs and provenance. */
    default Map<String, Object> settings() {
        return Map.of("loss", name());
    }

    /**
     * Per-sample targets for D: {@code real} (N) for the real batch and {@code fake} (N) for the fake
     * batch, in the loss's label convention (1 = real, 0 = fake).
     */
    record Targets(NDArray real, NDArray fake) {}

    /**
     * Optimizer settings recommended with a loss.
     *
     * @param optimizer "adam" or "rmsprop"
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
