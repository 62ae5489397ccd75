package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam whose state can be saved and restored, for exact resume. DJL's {@code Adam} keeps its
 * moments and update counts private (and detaches the moments from every manager), so a checkpoint
 * could not hold them and a resumed run took different steps from the one it continued. This one
 * does what DJL's does, to the bit (the same bias-corrected rate, the same engine kernel
 * {@code adamUpdate} with the same arguments, the same step count t: the largest count over the
 * parameters, as DJL's {@code Optimizer.updateCount}; {@code SaveableAdamTest} compares them step
 * for step on both engines), and keeps its moments on the weights' own manager, so they are
 * freed with the networks.
 */
final class SaveableAdam extends Optimizer {

    /** DJL's optimizer defaults: no gradient rescaling, no clipping, no weight decay. */
    private static final class Defaults extends OptimizerBuilder<Defaults> {
        @Override
        protected Defaults self() {
            return this;
        }
    }

    private final ParameterTracker learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private int steps;

    /** Adam with these rates (per parameter and step), betas, and DJL's ε of 1e-8. */
    SaveableAdam(ParameterTracker learningRate, float beta1, float beta2) {
        super(new Defaults());
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = 1e-8f;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = count(parameterId);
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float rate = learningRate.getNewValue(parameterId, t);
        float biasCorrected = (float) (rate * Math.sqrt(coef2) / coef1);
        if (Float.isNaN(biasCorrected) || Float.isInfinite(biasCorrected)) {
            throw new IllegalArgumentException("Adam: learning rate " + rate + " at step " + t + " is not finite");
        }
        NDArray m = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray v = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), rate, biasCorrected,
                getWeightDecay(), rescaleGrad, clipGrad, beta1, beta2, epsilon, true, false);
    }

    /** DJL's count: this parameter's updates so far, and t the largest such count over all parameters. */
    private int count(String parameterId) {
        int c = counts.merge(parameterId, 1, Integer::sum);
        steps = Math.max(steps, c);
        return steps;
    }

    /** The state as plain values: the step count, each parameter's update count and both moments. */
    State state() {
        Map<String, Moments> moments = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : means.entrySet()) {
            NDArray v = variances.get(e.getKey());
            moments.put(e.getKey(), new Moments(e.getValue().getShape().getShape(), e.getValue().toFloatArray(),
                    v.toFloatArray(), counts.getOrDefault(e.getKey(), 0)));
        }
        return new State(steps, moments);
    }

    /** Restores a saved state; the moments are made on {@code manager} (the weights' manager). */
    void restore(State state, NDManager manager) {
        close();
        steps = state.steps();
        for (Map.Entry<String, Moments> e : state.moments().entrySet()) {
            Moments m = e.getValue();
            means.put(e.getKey(), manager.create(m.mean(), new Shape(m.shape())));
            variances.put(e.getKey(), manager.create(m.variance(), new Shape(m.shape())));
            counts.put(e.getKey(), m.updates());
        }
    }

    /** Frees the moments (a growing GAN starts its optimizers afresh at each phase). */
    void close() {
        means.values().forEach(NDArray::close);
        variances.values().forEach(NDArray::close);
        means.clear();
        variances.clear();
        counts.clear();
        steps = 0;
    }

    /**
     * One parameter's moments.
     *
     * @param shape the parameter's shape
     * @param mean the first moment m
     * @param variance the second moment v
     * @param updates the parameter's update count
     */
    record Moments(long[] shape, float[] mean, float[] variance, int updates) {}

    /**
     * Adam's whole state.
     *
     * @param steps the step count t of the last update
     * @param moments per parameter id
     */
    record State(int steps, Map<String, Moments> moments) {}
}
