package org.ganworkbench.training;

import org.ganworkbench.training.FailureChecks.Action;

/**
 * Something the failure checks saw during training.
 *
 * @param step the generator step at which it was seen
 * @param check which check: {@code non-finite}, {@code d-wins}, {@code gradient}, {@code mode-collapse}, or
 *     {@code interrupted}
 * @param network "generator", "discriminator" or "both"
 * @param action what the run did about it: {@link Action#WARN} (went on) or {@link Action#STOP}
 * @param value the measured value that fired the check (NaN for non-finite values)
 * @param message what happened, in words
 */
public record TrainingEvent(int step, String check, String network, Action action, double value, String message) {

    /** Non-finite loss, gradient or weight. */
    public static final String NON_FINITE = "non-finite";
    /** D's loss collapsed to about 0. */
    public static final String D_WINS = "d-wins";
    /** G's gradient norm above the ceiling. */
    public static final String GRADIENT = "gradient";
    /** Sample diversity far below the data's. */
    public static final String MODE_COLLAPSE = "mode-collapse";
    /** The thread was interrupted (a notebook's Interrupt): the run stopped, keeping what it trained. */
    public static final String INTERRUPTED = "interrupted";

    @Override
    public String toString() {
        return "step " + step + " [" + action.name().toLowerCase() + "] " + check + ": " + message;
    }
}
