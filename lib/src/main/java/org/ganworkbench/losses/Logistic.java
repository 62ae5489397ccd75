package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Numerically stable pieces of the logistic (sigmoid cross-entropy) GAN losses. */
final class Logistic {

    private Logistic() {}

    /**
     * softplus(x) = log(1 + e^x), with -log(sigmoid(x)) = softplus(-x) and -log(1 - sigmoid(x)) =
     * softplus(x). The engines' own softplus is used: both switch to x itself for large x (no
     * overflow) and have a smooth gradient everywhere. (The textbook rewrite max(x, 0) +
     * log(1 + e^-|x|) is stable too, but autograd gets its gradient wrong at exactly x = 0.)
     */
    static NDArray softplus(NDArray x) {
        return Activation.softPlus(x);
    }

    /**
     * The standard discriminator loss of Goodfellow et al.: binary cross-entropy with real labelled
     * 1 and fake labelled 0, -E[log D(x)] - E[log(1 - D(G(z)))], from logits.
     */
    static NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return softplus(realLogits.neg()).mean().add(softplus(fakeLogits).mean());
    }
}
