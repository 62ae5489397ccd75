package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

import java.util.function.Supplier;

/**
 * What one generator update offers its objective: D's scores on G's batch, and on demand D's scores
 * on a real batch (relativistic losses) or D's hidden features on both (feature matching). The real
 * batch is drawn only when first asked for; whatever is asked, the run's random numbers are drawn in
 * one fixed order (real batch, noise on the fakes, noise on the reals), so adding a request changes
 * nothing else.
 *
 * <p>The training loop makes the real implementation; {@link #ofScores} wraps given scores.
 */
public interface GeneratorPass {

    /** D's raw scores on G's batch, one per sample, with the graph back to G's weights. */
    NDArray fakeScores();

    /** D's raw scores on a real batch (drawn for this update), one per sample. */
    NDArray realScores();

    /** D's last hidden features on G's batch (graph to G) and on a real batch (cut from the graph). */
    Features features();

    /** D's hidden features, (N, F) each. */
    record Features(NDArray fake, NDArray real) {}

    /** A pass over given scores; the real ones are computed when asked for; no features. */
    static GeneratorPass ofScores(Supplier<NDArray> realScores, NDArray fakeScores) {
        return new GeneratorPass() {
            @Override
            public NDArray fakeScores() {
                return fakeScores;
            }

            @Override
            public NDArray realScores() {
                return realScores.get();
            }

            @Override
            public Features features() {
                throw new UnsupportedOperationException("a pass over given scores has no features");
            }
        };
    }
}
