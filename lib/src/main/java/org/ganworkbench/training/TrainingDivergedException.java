package org.ganworkbench.training;

/**
 * Training produced a non-finite number (a NaN or infinite loss, gradient or weight). Thrown before
 * the bad update is applied; the networks hold the weights of the last good step or checkpoint.
 */
public final class TrainingDivergedException extends TrainingFailedException {

    public TrainingDivergedException(TrainingEvent event, int weightsStep) {
        super(event, weightsStep);
    }

    /** A non-finite value at {@code step} in {@code network}, weights of the step before kept. */
    public TrainingDivergedException(int step, String network, String what) {
        this(new TrainingEvent(step, TrainingEvent.NON_FINITE, network, FailureChecks.Action.STOP, Double.NaN,
                network + " " + what), step - 1);
    }
}
