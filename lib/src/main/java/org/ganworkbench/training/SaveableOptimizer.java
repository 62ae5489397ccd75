package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;

import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer whose state can be saved and restored, for exact resume. DJL's optimizers keep their
 * per-parameter arrays and update counts private (and detach the arrays from every manager, so a
 * closed run never frees them); ours do the same updates to the bit ({@link SaveableAdam},
 * {@link SaveableRmsProp}, each tested step for step against DJL's on every engine that has it) and
 * keep their arrays on the weights' own manager. A subclass names how many arrays ("slots") each
 * parameter has and does its update with them; plain SGD ({@link SaveableSgd}) has none, and its
 * state is the update counts alone.
 */
abstract class SaveableOptimizer extends Optimizer {

    /** DJL's optimizer defaults: no gradient rescaling, no clipping, no weight decay. */
    private static final class Defaults extends OptimizerBuilder<Defaults> {
        @Override
        protected Defaults self() {
            return this;
        }
    }

    private final ParameterTracker learningRate;
    private final int slotCount;
    private final Map<String, NDArray[]> slots = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private int steps;

    SaveableOptimizer(ParameterTracker learningRate, int slotCount) {
        super(new Defaults());
        this.learningRate = learningRate;
        this.slotCount = slotCount;
    }

    /** DJL's count: this parameter's updates so far, and the step t the largest such count over all parameters. */
    final int count(String parameterId) {
        int c = counts.merge(parameterId, 1, Integer::sum);
        steps = Math.max(steps, c);
        return steps;
    }

    /** The learning rate for this parameter at step t. */
    final float rate(String parameterId, int t) {
        return learningRate.getNewValue(parameterId, t);
    }

    /** The parameter's arrays (zeros, on the weight's manager, the first time). */
    final NDArray[] slots(String parameterId, NDArray weight) {
        return slots.computeIfAbsent(parameterId, k -> {
            NDArray[] a = new NDArray[slotCount];
            for (int i = 0; i < slotCount; i++) {
                a[i] = weight.zerosLike();
            }
            return a;
        });
    }

    /** The state as plain values: the step count, and each parameter's update count and arrays. */
    final State state() {
        Map<String, Slots> out = new LinkedHashMap<>();
        counts.forEach((id, updates) -> {
            NDArray[] arrays = slots.get(id);
            if (arrays == null && slotCount > 0) {
                return;   // counted, but the update failed before its arrays were made
            }
            float[][] values = new float[slotCount][];
            for (int i = 0; i < slotCount; i++) {
                values[i] = arrays[i].toFloatArray();
            }
            out.put(id, new Slots(slotCount == 0 ? new long[0] : arrays[0].getShape().getShape(), values, updates));
        });
        return new State(steps, out);
    }

    /** Restores a saved state; the arrays are made on {@code manager} (the weights' manager). */
    final void restore(State state, NDManager manager) {
        close();
        steps = state.steps();
        state.slots().forEach((id, s) -> {
            if (s.values().length != slotCount) {
                throw new IllegalArgumentException("optimizer state of " + id + " has " + s.values().length
                        + " arrays, this optimizer keeps " + slotCount);
            }
            if (slotCount > 0) {
                NDArray[] arrays = new NDArray[slotCount];
                for (int i = 0; i < slotCount; i++) {
                    arrays[i] = manager.create(s.values()[i], new Shape(s.shape()));
                }
                slots.put(id, arrays);
            }
            counts.put(id, s.updates());
        });
    }

    /**
     * Writes the state under {@code prefix}, the parameters named by their place in {@code params}
     * (DJL's parameter ids differ from one building of a network to the next).
     */
    final void save(TrainingState s, String prefix, List<Parameter> params) {
        s.putInt(prefix + ".steps", steps);
        s.putInt(prefix + ".parameters", params.size());
        for (int i = 0; i < params.size(); i++) {
            String id = params.get(i).getId();
            NDArray[] arrays = slots.get(id);
            if (!counts.containsKey(id) || (arrays == null && slotCount > 0)) {
                continue;   // not updated yet
            }
            s.putInt(prefix + "." + i + ".updates", counts.get(id));
            for (int j = 0; j < slotCount; j++) {
                s.putFloats(prefix + "." + i + ".slot" + j, arrays[j].toFloatArray(), arrays[j].getShape().getShape());
            }
        }
    }

    /**
     * Restores a state {@link #save} wrote for the same network; the arrays are made on
     * {@code manager} (the weights' manager).
     *
     * @throws IllegalStateException naming the parameter if the state does not fit the network
     */
    final void restore(TrainingState s, String prefix, List<Parameter> params, NDManager manager) {
        int saved = s.getInt(prefix + ".parameters");
        if (saved != params.size()) {
            throw new IllegalStateException(prefix + ": the state is of " + saved + " parameters, the network has "
                    + params.size());
        }
        close();
        steps = s.getInt(prefix + ".steps");
        for (int i = 0; i < params.size(); i++) {
            if (!s.has(prefix + "." + i + ".updates")) {
                continue;
            }
            Parameter p = params.get(i);
            if (slotCount > 0) {
                NDArray[] arrays = new NDArray[slotCount];
                for (int j = 0; j < slotCount; j++) {
                    String key = prefix + "." + i + ".slot" + j;
                    Shape shape = new Shape(s.shape(key));
                    if (!shape.equals(p.getArray().getShape())) {
                        throw new IllegalStateException(key + " has shape " + shape + ", parameter " + p.getName()
                                + " has " + p.getArray().getShape());
                    }
                    arrays[j] = manager.create(s.getFloats(key), shape);
                }
                slots.put(p.getId(), arrays);
            }
            counts.put(p.getId(), s.getInt(prefix + "." + i + ".updates"));
        }
    }

    /** Frees the arrays and forgets the counts (a growing GAN starts its optimizers afresh at each phase). */
    final void close() {
        slots.values().forEach(a -> {
            for (NDArray x : a) {
                x.close();
            }
        });
        slots.clear();
        counts.clear();
        steps = 0;
    }

    /**
     * One parameter's arrays.
     *
     * @param shape the parameter's shape (empty for an optimizer without arrays, SGD)
     * @param values the arrays' values (Adam: m, v; RMSProp: the mean square; SGD: none)
     * @param updates the parameter's update count
     */
    record Slots(long[] shape, float[][] values, int updates) {}

    /**
     * An optimizer's whole state.
     *
     * @param steps the step count t of the last update
     * @param slots per parameter id
     */
    record State(int steps, Map<String, Slots> slots) {}
}
