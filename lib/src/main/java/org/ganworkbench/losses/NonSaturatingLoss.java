package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * The non-saturating generator loss recommended by Goodfellow et al. (2014): instead of minimizing
 * log(1 - D(G(z))), G maximizes log D(G(z)), i.e. minimizes -E[log D(G(z))]. Same fixed point,
 * but strong gradients exactly when D rejects the fakes. D's loss is the standard one.
 */
public final class NonSaturatingLoss extends LogisticLoss {

    @Override
    public String name() {
        return "non-saturating";
    }

    /** -E[log sigmoid(f)] = E[softplus(-f)]. */
    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return softplus(fakeLogits.neg()).mean();
    }
}
