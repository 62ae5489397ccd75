package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * What the losses on an autoencoder discriminator share (EBGAN, BEGAN): D's scores are energies,
 * one reconstruction error per sample, not logits, and G minimizes the energy of its samples,
 * L(G(z)). Each loss adds its D objective.
 */
abstract class EnergyLoss implements GanLoss {

    /** L(G(z)): the mean energy of G's samples. */
    @Override
    public NDArray generatorLoss(NDArray fakeEnergies) {
        return fakeEnergies.mean();
    }

    @Override
    public ScoreKind scores() {
        return ScoreKind.ENERGY;
    }
}
