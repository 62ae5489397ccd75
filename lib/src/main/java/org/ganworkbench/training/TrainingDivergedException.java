package org.ganworkbench.training;

/**
 * Training produced a non-finite number. Thrown before the bad update is applied, so the networks
 * keep the weights of the last good step.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final long step;
    private final String network;

    public TrainingDivergedException(long step, String network, String what) {
        super("training diverged at step " + step + ": " + network + " " + what
                + "; the weights are those of step " + (step - 1));
        this.step = step;
        this.network = network;
    }

    /** The step that failed. */
    public long step() {
        return step;
    }

    /** "discriminator" or "generator". */
    public String network() {
        return network;
    }
}
