package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * What one discriminator update offers a loss: D's scores on the step's real and fake batches, the
 * targets when a trick changes them, and, for penalties, the inputs D saw, random numbers from the
 * run's stream and D's input gradient. Scores are computed when first asked for (then kept), inside
 * the update's gradient recording, so what a loss builds from them is trained through.
 *
 * <p>The training loop makes the real implementation; {@link #ofScores} wraps given scores (curves,
 * tests).
 */
public interface DiscriminatorPass {

    /** D's raw scores on the real batch, one per sample. */
    NDArray realScores();

    /** D's raw scores on the fake batch (cut from G's graph), one per sample. */
    NDArray fakeScores();

    /** D's targets when a trick smooths or flips them; null for the loss's own labels. */
    GanLoss.Targets targets();

    /** The real batch as D saw it (after the tricks), at the resolution D works at now. */
    NDArray realInputs();

    /** The fake batch as D saw it, at the resolution D works at now. */
    NDArray fakeInputs();

    /** {@code n} draws from U[0, 1), shape (n), from the run's random stream (so runs repeat on either engine). */
    NDArray uniform(int n);

    /**
     * ∇ₓ Σ D(x) at {@code inputs}, with its graph kept so that a penalty on it trains D (needs
     * second-order gradients: PyTorch). D's weight gradients from this extra backward pass are
     * cleared, so only the objective's own backward pass updates D.
     */
    NDArray inputGradient(NDArray inputs);

    /** A pass over given scores with no inputs behind them (penalties are refused). */
    static DiscriminatorPass ofScores(NDArray realScores, NDArray fakeScores, GanLoss.Targets targets) {
        return new DiscriminatorPass() {
            @Override
            public NDArray realScores() {
                return realScores;
            }

            @Override
            public NDArray fakeScores() {
                return fakeScores;
            }

            @Override
            public GanLoss.Targets targets() {
                return targets;
            }

            @Override
            public NDArray realInputs() {
                throw noInputs();
            }

            @Override
            public NDArray fakeInputs() {
                throw noInputs();
            }

            @Override
            public NDArray uniform(int n) {
                throw noInputs();
            }

            @Override
            public NDArray inputGradient(NDArray inputs) {
                throw noInputs();
            }

            private UnsupportedOperationException noInputs() {
                return new UnsupportedOperationException("a pass over given scores has no inputs or random stream "
                        + "for a penalty; train the loss in a GanTraining run");
            }
        };
    }
}
