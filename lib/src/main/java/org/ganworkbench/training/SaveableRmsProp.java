package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;

/**
 * RMSProp with state that can be saved ({@link SaveableOptimizer}), taking the steps of DJL's
 * {@code RmsProp} as the loop configures it (PyTorch's defaults, as in the WGAN reference code: ρ
 * 0.99, no momentum, not centred, ε 1e-8) to the bit, through the same engine kernel
 * {@code rmspropUpdate}. DJL's PyTorch engine has no such kernel; RMSProp is refused there when a
 * configuration is built.
 */
final class SaveableRmsProp extends SaveableOptimizer {

    private final float rho;
    private final float epsilon;

    /** RMSProp with these rates (per parameter and step), decay ρ and ε, without momentum or centring. */
    SaveableRmsProp(ParameterTracker learningRate, float rho, float epsilon) {
        super(learningRate, 1);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = rate(parameterId, count(parameterId));
        if (Float.isNaN(rate) || Float.isInfinite(rate)) {
            throw new IllegalStateException("RMSProp: learning rate " + rate + " is not finite");
        }
        NDArray[] mean = slots(parameterId, weight);
        weight.getNDArrayInternal().rmspropUpdate(new NDList(weight, grad, mean[0]), new NDList(weight), rate,
                getWeightDecay(), rescaleGrad, clipGrad, rho, 0f, epsilon, false);
    }
}
