package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.ParameterTracker;

/**
 * Plain stochastic gradient descent, w ← w − lr·g: no momentum, no weight decay, no rescaling or
 * clipping, so a step moves each weight by exactly the learning rate times its gradient (the
 * contrast to Adam, whose first steps have size about lr whatever the gradient's scale). Computed as
 * two element-wise operations, lr·g and then w minus it, each rounded to float once: the same values
 * as {@code w - lr * g} in Java floats, on every engine (the engines' fused SGD kernels may round
 * once, as a fused multiply-add). It keeps no arrays; its state ({@link SaveableOptimizer}) is the
 * update counts alone, saved and restored like Adam's for exact resume.
 */
final class SaveableSgd extends SaveableOptimizer {

    /** SGD with these rates (per parameter and step). */
    SaveableSgd(ParameterTracker learningRate) {
        super(learningRate, 0);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = rate(parameterId, count(parameterId));
        if (Float.isNaN(rate) || Float.isInfinite(rate)) {
            throw new IllegalStateException("SGD: learning rate " + rate + " is not finite");
        }
        try (NDArray step = grad.mul(rate); NDArray next = weight.sub(step)) {
            next.copyTo(weight);
        }
    }
}
