package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;

/**
 * Adam with state that can be saved ({@link SaveableOptimizer}), taking DJL's Adam steps to the bit:
 * the same bias-corrected rate lr·√(1−β₂ᵗ)/(1−β₁ᵗ), the same engine kernel {@code adamUpdate} with
 * the same arguments (ε 1e-8, lazy update), the same step count t.
 */
final class SaveableAdam extends SaveableOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon = 1e-8f;

    /** Adam with these rates (per parameter and step) and betas. */
    SaveableAdam(ParameterTracker learningRate, float beta1, float beta2) {
        super(learningRate, 2);
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = count(parameterId);
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float rate = rate(parameterId, t);
        float biasCorrected = (float) (rate * Math.sqrt(coef2) / coef1);
        if (Float.isNaN(biasCorrected) || Float.isInfinite(biasCorrected)) {
            throw new IllegalArgumentException("Adam: learning rate " + rate + " at step " + t + " is not finite");
        }
        NDArray[] mv = slots(parameterId, weight);
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mv[0], mv[1]), new NDList(weight), rate,
                biasCorrected, getWeightDecay(), rescaleGrad, clipGrad, beta1, beta2, epsilon, true, false);
    }
}
