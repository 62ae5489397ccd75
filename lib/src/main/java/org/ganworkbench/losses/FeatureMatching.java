package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * Feature matching (Salimans et al. 2016, §3.1), a generator objective that replaces the loss's: G
 * matches the mean of D's last hidden features on its samples to their mean on real data,
 * ‖E f(x) − E f(G(z))‖², instead of maximizing D's output. D keeps training with its loss.
 */
public final class FeatureMatching {

    private FeatureMatching() {}

    /** ‖mean over the real batch of f − mean over G's batch of f‖², summed over the features. */
    public static NDArray generatorObjective(GeneratorPass pass) {
        GeneratorPass.Features f = pass.features();
        return f.real().mean(new int[] {0}).sub(f.fake().mean(new int[] {0})).square().sum();
    }
}
