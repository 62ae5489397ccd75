package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/** Numerically stable pieces of the logistic (sigmoid cross-entropy) GAN losses. */
final class Logistic {

    private Logistic() {}

    /**
     * softplus(x) = log(1 + e^x), computed as max(x, 0) + log(1 + e^-|x|) so that no exponential
     * overflows: -log(sigmoid(x)) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x).
     */
    static NDArray softplus(NDArray x) {
        return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
    }

    /**
     * The standard discriminator loss of Goodfellow et al.: binary cross-entropy with real labelled
     * 1 and fake labelled 0, -E[log D(x)] - E[log(1 - D(G(z)))], from logits.
     */
    static NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return softplus(realLogits.neg()).mean().add(softplus(fakeLogits).mean());
    }
}
