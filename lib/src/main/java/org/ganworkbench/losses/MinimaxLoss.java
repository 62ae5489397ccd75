package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * The minimax game exactly as written in Goodfellow et al. (2014): G minimizes
 * E[log(1 - D(G(z)))], the same quantity D maximizes. This is the <em>saturating</em> loss: when D
 * confidently rejects the fakes (D(G(z)) near 0: D is ahead, as often early in training), the
 * loss is flat and G receives almost no gradient. Kept for teaching and ablations; prefer
 * {@link NonSaturatingLoss} in practice.
 */
public final class MinimaxLoss extends LogisticLoss {

    @Override
    public String name() {
        return "minimax";
    }

    /** E[log(1 - sigmoid(f))] = -E[softplus(f)]. */
    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return softplus(fakeLogits).mean().neg();
    }
}
