package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * The relativistic average standard GAN, RaSGAN (Jolicoeur-Martineau 2018). D's raw score C is read
 * relative to the average score of the other kind: D estimates the probability that a real sample
 * is more realistic than an average fake.
 *
 * <pre>
 *   D̃(x) = σ(C(x) − E C(G(z))),   D̃(G(z)) = σ(C(G(z)) − E C(x))
 *   L_D = −E log D̃(x) − E log(1 − D̃(G(z)))
 *   L_G = −E log D̃(G(z)) − E log(1 − D̃(x))
 * </pre>
 *
 * G's loss involves real samples too: G gains by making reals look <em>less</em> real relative to
 * its fakes, so half of its gradient survives even when D is sure about the fakes. The averages are
 * batch means, treated as part of the graph. Recommended: Adam 2e-4, β = (0.5, 0.999), k = 1.
 */
public final class RelativisticAverageLoss implements GanLoss {

    @Override
    public String name() {
        return "ragan";
    }

    @Override
    public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return relativistic(realLogits, fakeLogits);
    }

    /** −E log σ(C(a) − E C(b)) − E log(1 − σ(C(b) − E C(a))): "a is more real than b, on average". */
    private static NDArray relativistic(NDArray a, NDArray b) {
        NDArray aRel = a.sub(b.mean());
        NDArray bRel = b.sub(a.mean());
        return LogisticLoss.softplus(aRel.neg()).mean().add(LogisticLoss.softplus(bRel).mean());
    }

    /** Refused: the relativistic G loss needs D's scores on real data too ({@link #generatorObjective}). */
    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        throw new IllegalStateException("ragan's generator loss needs D's scores on a real batch too; "
                + "call generatorLoss(realLogits, fakeLogits)");
    }

    /** G's loss from D's scores on a real batch and on G's batch. */
    public NDArray generatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return relativistic(fakeLogits, realLogits);   // the same game with the roles swapped
    }

    /** G's loss on D's scores on a real batch (asked for first) and on G's batch. */
    @Override
    public NDArray generatorObjective(GeneratorPass pass) {
        NDArray real = pass.realScores();
        return generatorLoss(real, pass.fakeScores());
    }

    @Override
    public Recommended recommended() {
        return new Recommended("adam", 2e-4f, 2e-4f, 0.5f, 0.999f, 1, "Jolicoeur-Martineau 2018 (RaSGAN)");
    }

    @Override
    public String toString() {
        return name();
    }
}
