package org.ganworkbench.training;

/**
 * A failure check with action {@link FailureChecks.Action#STOP} fired: the run stopped. The
 * networks hold the weights of the last good checkpoint ({@link #weightsStep()}).
 */
public class TrainingFailedException extends RuntimeException {

    private final TrainingEvent event;
    private final int weightsStep;

    public TrainingFailedException(TrainingEvent event, int weightsStep) {
        super("training stopped at step " + event.step() + " (" + event.check() + ", " + event.network() + "): "
                + event.message() + "; the networks hold the weights of step " + weightsStep);
        this.event = event;
        this.weightsStep = weightsStep;
    }

    /** What fired. */
    public TrainingEvent event() {
        return event;
    }

    /** The step that failed. */
    public long step() {
        return event.step();
    }

    /** "discriminator", "generator" or "both". */
    public String network() {
        return event.network();
    }

    /** The step whose weights the networks hold now (the last good checkpoint). */
    public int weightsStep() {
        return weightsStep;
    }
}
