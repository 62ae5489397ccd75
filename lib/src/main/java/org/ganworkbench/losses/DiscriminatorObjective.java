package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * What D minimizes in one update: the loss proper, which the log reports as {@code d_loss}, plus a
 * regularizer (WGAN-GP's gradient penalty), which is trained but not logged. Both scalars.
 *
 * @param loss the loss, logged
 * @param penalty the regularizer, or null if none
 */
public record DiscriminatorObjective(NDArray loss, NDArray penalty) {

    /** A loss without a regularizer. */
    public static DiscriminatorObjective of(NDArray loss) {
        return new DiscriminatorObjective(loss, null);
    }

    /** What the update trains: loss + penalty. */
    public NDArray total() {
        return penalty == null ? loss : loss.add(penalty);
    }
}
