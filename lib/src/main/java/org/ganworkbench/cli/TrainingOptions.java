package org.ganworkbench.cli;

import org.ganworkbench.metrics.SupervisedTraining;
import picocli.CommandLine.Option;

/**
 * The options both commands that train a metric's network share ({@code train-classifier},
 * {@code train-segmenter}), declared once as a picocli mixin.
 */
final class TrainingOptions {

    @Option(names = "--force", description = "retrain and replace a saved network")
    boolean force;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: the trainer's)")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the weights and the batch order (default: the trainer's)")
    Long seed;

    /** Sets the given epochs and seed on the training; returns it. */
    <T extends SupervisedTraining<T>> T applyTo(T training) {
        if (epochs != null) {
            training.epochs(epochs);
        }
        if (seed != null) {
            training.seed(seed);
        }
        return training;
    }
}
