package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.ganworkbench.config.Options;

import java.util.List;
import java.util.Map;

/**
 * The margin loss of the energy-based GAN (Zhao, Mathieu and LeCun 2017), on the same autoencoder
 * discriminator as BEGAN: D's score is the reconstruction error (energy) L(v) = mean |v − D(v)|,
 * which D keeps low on real images and pushes above a margin m on generated ones.
 *
 * <pre>
 *   L_D = E[L(x)] + E[max(0, m − L(G(z)))]
 *   L_G = E[L(G(z))]
 * </pre>
 *
 * <p>Once a fake's energy is above m, D stops pushing it (the hinge); G lowers its samples' energy.
 * Unlike BEGAN there is no controller: the balance is fixed by m alone, which has to suit the
 * scale of L (here the mean absolute error per pixel on [-1, 1] images: on padded Fashion-MNIST an
 * untrained autoencoder starts near 0.8 on real images and near 0.1 on an untrained G's output, and
 * a trained one reconstructs real images far better; the default 0.5 lies between). The
 * pulling-away term of the paper is not included. Recommended: Adam 2e-4, β1 0.5 (the paper's DCGAN-style setting).
 */
public final class EbganLoss extends EnergyLoss {

    /** Default margin m. */
    public static final double DEFAULT_MARGIN = 0.5;

    /** ebgan's parameter, declared once: the spec's {@code loss} key, its check, the provenance, the README's row. */
    public static final Options<Params, EbganLoss> OPTIONS = Options.<Params, EbganLoss>of("ebgan")
            .number("margin", 0, true, Double.POSITIVE_INFINITY, true, "margin m: D pushes a fake's reconstruction "
                    + "error up to m and no further, on the scale of the errors (here 0.5)", (p, v) -> p.margin = v,
                    EbganLoss::margin);

    /** The parameters while a spec is read, starting at the defaults. */
    public static final class Params {
        private double margin = DEFAULT_MARGIN;
    }

    private final double margin;

    /** Margin 0.5. */
    public EbganLoss() {
        this(DEFAULT_MARGIN);
    }

    EbganLoss(Params p) {
        this(p.margin);
    }

    /** @param margin m, > 0, on the scale of the reconstruction error */
    public EbganLoss(double margin) {
        if (!(margin > 0 && Double.isFinite(margin))) {
            throw new IllegalArgumentException("ebgan: margin must be > 0, got " + margin);
        }
        this.margin = margin;
    }

    @Override
    public String name() {
        return "ebgan";
    }

    @Override
    public NDArray discriminatorLoss(NDArray realEnergies, NDArray fakeEnergies) {
        return realEnergies.mean().add(Activation.relu(fakeEnergies.neg().add((float) margin)).mean());
    }

    /** Reports {@code l_real} and {@code l_fake}, the step's mean reconstruction errors (no state). */
    @Override
    public List<String> stepValues() {
        return List.of("l_real", "l_fake");
    }

    @Override
    public double[] endStep(double meanRealScore, double meanFakeScore) {
        return new double[] {meanRealScore, meanFakeScore};
    }

    /** The margin m. */
    public double margin() {
        return margin;
    }

    @Override
    public Map<String, Object> settings() {
        return GanLoss.settings(this, OPTIONS.read(this, null));
    }

    @Override
    public String toString() {
        return "ebgan(margin " + margin + ")";
    }
}
