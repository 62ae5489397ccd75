package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An exponential moving average of a network's weights (Yazıcı et al. 2019; Karras et al. 2018 used
 * decay 0.999 for G): after every update, avg ← decay·avg + (1 − decay)·w. Sampling from the
 * averaged G smooths out the oscillation of the adversarial game. Running statistics (batch norm)
 * are copied, not averaged.
 *
 * <p>The averages live in the network's manager; {@link #with(Supplier)} swaps them into the
 * network for the duration of a call (for sampling or evaluation) and swaps the live weights back.
 */
public final class WeightAverage {

    private final double decay;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> averages = new ArrayList<>();
    private int updates;

    /**
     * Starts the average at the block's current weights.
     *
     * @param block the network (initialized)
     * @param manager where the averages live (the network's manager)
     * @param decay in (0, 1)
     */
    public WeightAverage(Block block, NDManager manager, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.add(p.getValue());
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(manager);
            averages.add(copy);
        }
    }

    /** Folds the block's current weights into the average. */
    public void update() {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            NDArray avg = averages.get(i);
            NDArray w = p.getArray();
            if (p.requiresGradient()) {
                try (NDArray scaled = w.mul((float) (1 - decay))) {
                    avg.muli((float) decay).addi(scaled);
                }
            } else {
                w.copyTo(avg);
            }
        }
        updates++;
    }

    /**
     * Makes the network's current weights the average, with {@code updates} updates folded in: how
     * a resumed run gets its average back (loaded into the network from the checkpoint, then put
     * here, before the live weights are loaded).
     */
    void takeFromNetwork(int updates) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().copyTo(averages.get(i));
        }
        this.updates = updates;
    }

    /** Number of updates folded in. */
    public int updates() {
        return updates;
    }

    /** The decay. */
    public double decay() {
        return decay;
    }

    /** Runs {@code body} with the averaged weights in the network, then puts the live weights back. */
    public <T> T with(Supplier<T> body) {
        List<NDArray> live = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            live.add(w.duplicate());
            averages.get(i).copyTo(w);
        }
        try {
            return body.get();
        } finally {
            for (int i = 0; i < parameters.size(); i++) {
                try (NDArray saved = live.get(i)) {
                    saved.copyTo(parameters.get(i).getArray());
                }
            }
        }
    }
}
