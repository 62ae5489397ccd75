package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Base of the losses that read D's logit as the log-odds that a sample is real, D(x) = sigmoid(logit),
 * and train D with the standard binary cross-entropy of Goodfellow et al. Subclasses choose what G
 * minimizes.
 */
abstract class LogisticLoss implements GanLoss {

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
     * Real labelled 1, fake labelled 0: -E[log D(x)] - E[log(1 - D(G(z)))], from logits.
     */
    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return softplus(realLogits.neg()).mean().add(softplus(fakeLogits).mean());
    }

    @Override
    public String toString() {
        return name();
    }
}
