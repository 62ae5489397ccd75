package org.ganworkbench.losses;

/**
 * What D's raw score on a sample means under a loss. The one thing about a loss that the rest of
 * the workbench asks (which architectures fit, what a D loss near 0 means, whether sigmoid(score)
 * reads as a probability); everything a loss does to the step is in its objectives.
 */
public enum ScoreKind {
    /** A logit: sigmoid(score) is D's probability that the sample is real (the cross-entropy losses). */
    LOGIT,
    /**
     * A raw score D pushes towards targets or past margins (LSGAN, hinge): D's loss has a floor that
     * D reaches only by winning.
     */
    SCORE,
    /** A critic value, meaningful only in differences (WGAN): D's loss has no floor to reach. */
    CRITIC,
    /**
     * An energy: one reconstruction error per sample from an autoencoder D (EBGAN, BEGAN), low for
     * what D takes as real. Only architectures whose D gives energies fit these losses, and only these.
     */
    ENERGY;

    /** Whether D's loss near 0 means that D wins outright (true for logits and margin scores). */
    public boolean lossNearZeroMeansDWins() {
        return this == LOGIT || this == SCORE;
    }
}
