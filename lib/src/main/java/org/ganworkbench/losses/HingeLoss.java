package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The hinge loss (Lim and Ye 2017; used by SNGAN, SAGAN, BigGAN and SPADE):
 *
 * <pre>
 *   L_D = E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]
 *   L_G = −E[D(G(z))]
 * </pre>
 *
 * D stops pushing a sample once it is beyond the margin (real scores above 1, fake scores below −1):
 * its gradient there is exactly zero, so a confident D does not keep sharpening. Recommended
 * (Miyato et al. 2018, SNGAN with spectral norm): Adam 2e-4, β = (0, 0.9), n_dis = 5; with a
 * DCGAN-sized model n_dis = 1 and β1 = 0.5 work as well.
 */
public final class HingeLoss implements GanLoss {

    @Override
    public String name() {
        return "hinge";
    }

    @Override
    public NDArray discriminatorLoss(NDArray realScores, NDArray fakeScores) {
        NDArray real = Activation.relu(realScores.neg().add(1)).mean();
        NDArray fake = Activation.relu(fakeScores.add(1)).mean();
        return real.add(fake);
    }

    @Override
    public NDArray generatorLoss(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    @Override
    public ScoreKind scores() {
        return ScoreKind.SCORE;
    }

    @Override
    public Recommended recommended() {
        return new Recommended("adam", 2e-4f, 2e-4f, 0f, 0.9f, 5, "Miyato et al. 2018 (SNGAN), hinge setting");
    }

    @Override
    public String toString() {
        return name();
    }
}
