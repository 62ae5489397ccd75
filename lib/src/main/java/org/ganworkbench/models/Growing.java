package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * An architecture whose networks grow while they train (progressive growing, Karras et al. 2018).
 * Its G and D keep the architecture's full {@link GanArchitecture#sampleShape() sample shape} at
 * their outside — G's images are upsampled to full size, D accepts full-size images and reduces them
 * to the current resolution — so data, metrics and pictures work at every stage; what changes is
 * the resolution the networks work at and the fade-in weight α of the newest block.
 *
 * <p>The training loop calls {@link #grow} before every step with the number of real images shown
 * so far, passes every real batch through {@link #realBatch} (reals shown at G's current
 * resolution, faded in the same way as G's output), computes gradient penalties on
 * {@link #atStage} views, and logs {@link #stageValues()}.
 */
public interface Growing {

    /** Log column of the resolution the networks work at (pixels per side). */
    String RESOLUTION = "resolution";
    /** Log column of the newest block's fade-in weight (1 = stable). */
    String ALPHA = "alpha";

    /**
     * Sets the networks of {@code gan} to the stage for {@code imagesShown} real images shown so far.
     *
     * @return whether this call began a new phase: a new resolution's fade-in, or the stable phase
     *     after a fade-in (the moments at which the official code resets the optimizers' state)
     */
    boolean grow(Gan gan, long imagesShown);

    /**
     * Whether the training loop starts the optimizers afresh (Adam's moments and step count) at every
     * new phase {@link #grow} reports, as the official PGGAN code does ({@code reset_opt_for_new_lod}).
     * Default false.
     */
    default boolean resetsOptimizerEachPhase() {
        return false;
    }

    /**
     * A real batch (N, C, H, W) at full size as D must see it at the current stage: reduced to the
     * current resolution and, during a fade-in, blended with its coarser version, then brought back
     * to full size (so D's reduction gives exactly the blended image back).
     */
    NDArray realBatch(Gan gan, NDArray real);

    /**
     * Full-size images (N, C, H, W) reduced to the current resolution r: (N, C, r, r), which the
     * architecture's D accepts as they are, e.g. for a gradient penalty taken there (the norm of D's
     * input gradient at full size would be that at r divided by H / r).
     */
    NDArray atStage(Gan gan, NDArray images);

    /** Names of the stage's values for the training log, e.g. {@code resolution}, {@code alpha}. */
    List<String> stageValues();

    /** The current values of {@link #stageValues()}. */
    double[] stageValuesNow(Gan gan);
}
