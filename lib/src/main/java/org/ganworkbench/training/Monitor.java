package org.ganworkbench.training;

import java.util.function.Consumer;

/**
 * Something that watches a training run every few steps: a live view, a checkpoint writer, a
 * metric. Called after step {@code interval()}, 2·interval, ... and once more after the last step.
 */
public interface Monitor {

    /** How many steps between calls, at least 1. */
    int interval();

    /** Called with the training after a step; may read the log and sample from the generator. */
    void observe(GanTraining training);

    /** A monitor from a lambda. */
    static Monitor every(int steps, Consumer<GanTraining> action) {
        if (steps < 1) {
            throw new IllegalArgumentException("monitor interval must be >= 1, got " + steps);
        }
        return new Monitor() {
            @Override
            public int interval() {
                return steps;
            }

            @Override
            public void observe(GanTraining training) {
                action.accept(training);
            }
        };
    }
}
