package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * The class term of AC-GAN (Odena, Olah and Shlens 2017): D has a second head that names the class
 * of an image, trained to name the class of real images and of generated ones, and G is trained so
 * that its images are named as the class it was asked for. With L_C the mean cross-entropy of the
 * head's logits against the classes,
 *
 * <pre>
 *   D minimizes  its GAN loss + w · (L_C(real) + L_C(fake))
 *   G minimizes  its GAN loss + w · L_C(fake)
 * </pre>
 *
 * (the paper's L_S and L_C with its weight w = 1). Because D is also rewarded for classifying
 * generated images, G gains by drawing images that are easy to classify: the known pull of AC-GAN
 * towards fewer, more typical samples per class.
 */
public final class AuxiliaryClassifierLoss {

    private final double weight;

    /** The class term with weight w (> 0). */
    public AuxiliaryClassifierLoss(double weight) {
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("the AC-GAN class weight must be > 0, got " + weight);
        }
        this.weight = weight;
    }

    /** The weight w. */
    public double weight() {
        return weight;
    }

    /**
     * Mean cross-entropy of logits (N, K) against one-hot classes (N, K): −mean_n Σ_k y[n,k] log
     * softmax(logits[n])[k], computed stably (log-sum-exp with the row maximum taken out).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        NDArray max = logits.max(new int[] {1}, true).stopGradient();
        NDArray shifted = logits.sub(max);
        NDArray logSumExp = shifted.exp().sum(new int[] {1}, true).log();
        NDArray logProb = shifted.sub(logSumExp);
        return logProb.mul(oneHot).sum().neg().div((float) logits.getShape().get(0));   // float: PyTorch would widen to float64
    }

    /** D's term: w · (L_C(real) + L_C(fake)). */
    public NDArray discriminatorTerm(NDArray realLogits, NDArray realClasses, NDArray fakeLogits, NDArray fakeClasses) {
        return crossEntropy(realLogits, realClasses).add(crossEntropy(fakeLogits, fakeClasses)).mul((float) weight);
    }

    /** G's term: w · L_C(fake). */
    public NDArray generatorTerm(NDArray fakeLogits, NDArray fakeClasses) {
        return crossEntropy(fakeLogits, fakeClasses).mul((float) weight);
    }

    @Override
    public String toString() {
        return "AuxiliaryClassifierLoss(w=" + weight + ")";
    }
}
