package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * A GAN objective, split into what each player minimizes. Inputs are the discriminator's raw
 * scores (logits), one per sample, never probabilities: losses are computed from logits so they
 * stay finite when D is very sure (a probability of exactly 0 or 1 would give log 0).
 */
public interface GanLoss {

    /** Short name for logs and run configs, e.g. {@code non-saturating}. */
    String name();

    /** What D minimizes, from its logits on a real batch and on a fake batch. A scalar. */
    NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits);

    /** What G minimizes, from D's logits on a fake batch. A scalar. */
    NDArray generatorLoss(NDArray fakeLogits);

    /** Every setting of the loss, for run configs and provenance. */
    default Map<String, Object> settings() {
        return Map.of("loss", name());
    }
}
