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

    /**
     * Binary cross-entropy from logits with per-sample targets y (soft or flipped labels):
     * -y log σ(l) - (1 - y) log(1 - σ(l)) = softplus(l) - y·l, averaged over each batch.
     */
    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits, Targets targets) {
        if (targets == null) {
            return discriminatorLoss(realLogits, fakeLogits);
        }
        return crossEntropy(realLogits, targets.real()).add(crossEntropy(fakeLogits, targets.fake()));
    }

    private static NDArray crossEntropy(NDArray logits, NDArray y) {
        return softplus(logits).sub(logits.mul(y)).mean();
    }

    @Override
    public boolean acceptsTargets() {
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
