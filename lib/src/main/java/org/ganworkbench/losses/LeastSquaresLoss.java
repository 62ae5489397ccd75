package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;

/**
 * Least-squares GAN (Mao et al. 2017), with the 0-1-1 coding: D regresses its score to 1 on real and
 * 0 on fake samples, G pushes the score of its samples to 1.
 *
 * <pre>
 *   L_D = ½ E[(D(x) − 1)²] + ½ E[D(G(z))²]
 *   L_G = ½ E[(D(G(z)) − 1)²]
 * </pre>
 *
 * The quadratic keeps pulling fakes that are on the "real" side of D's boundary but far from the
 * data, where the logistic loss would already be flat. With smoothed or flipped labels the targets
 * replace 1 and 0. Recommended: Adam 2e-4, β = (0.5, 0.999), k = 1 (the paper's LSUN setting used
 * 1e-3 for G and D; 2e-4 is the DCGAN-style default most code bases use).
 */
public final class LeastSquaresLoss implements GanLoss {

    @Override
    public String name() {
        return "lsgan";
    }

    @Override
    public NDArray discriminatorLoss(NDArray realScores, NDArray fakeScores) {
        return realScores.sub(1).square().mean().mul(0.5f).add(fakeScores.square().mean().mul(0.5f));
    }

    /** ½ E[(D(x) − t_real)²] + ½ E[(D(G(z)) − t_fake)²] with per-sample targets. */
    @Override
    public NDArray discriminatorLoss(NDArray realScores, NDArray fakeScores, Targets targets) {
        if (targets == null) {
            return discriminatorLoss(realScores, fakeScores);
        }
        return realScores.sub(targets.real()).square().mean().mul(0.5f)
                .add(fakeScores.sub(targets.fake()).square().mean().mul(0.5f));
    }

    @Override
    public boolean acceptsTargets() {
        return true;
    }

    @Override
    public NDArray generatorLoss(NDArray fakeScores) {
        return fakeScores.sub(1).square().mean().mul(0.5f);
    }

    @Override
    public ScoreKind scores() {
        return ScoreKind.SCORE;
    }

    @Override
    public Recommended recommended() {
        return new Recommended("adam", 2e-4f, 2e-4f, 0.5f, 0.999f, 1, "Mao et al. 2017 (LSGAN), DCGAN-style Adam");
    }

    @Override
    public String toString() {
        return name();
    }
}
