package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import org.ganworkbench.config.Options;

import java.util.Map;

/**
 * Wasserstein GAN with gradient penalty (Gulrajani et al. 2017): the critic losses of
 * {@link WassersteinLoss} without clipping, plus λ E[(‖∇ D(x̂)‖₂ − 1)²] on random interpolates
 * x̂ = ε x + (1 − ε) G(z), ε ~ U[0, 1] per sample ({@link GradientPenalty}). The penalty
 * differentiates a gradient, so training needs second-order gradients: in DJL only the PyTorch
 * engine has them, and a configuration with this loss on MXNet is refused when it is built.
 *
 * <p>Optional drift term (Karras et al. 2018, progressive GANs, §A.1): ε E[D(x)²] added to D's loss,
 * ε = 0.001 there, which keeps the critic's scores on real data from drifting far from 0 (the
 * Wasserstein losses only see differences of scores). Default 0: the plain WGAN-GP loss.
 *
 * <p>Recommended (the paper's Algorithm 1): Adam 1e-4, β = (0, 0.9), n_critic = 5, λ = 10, and no
 * batch norm in D (the penalty is per sample; use layer norm or none).
 */
public final class WassersteinGpLoss extends WassersteinLoss {

    /** The paper's penalty weight λ. */
    public static final double DEFAULT_LAMBDA = 10;

    /**
     * wgan-gp's parameters, declared once: the spec's {@code loss} keys, their checks, the provenance
     * (drift only when on), the README's rows.
     */
    public static final Options<Params, WassersteinGpLoss> OPTIONS = Options.<Params, WassersteinGpLoss>of("wgan-gp")
            .number("lambda", 0, true, Double.POSITIVE_INFINITY, true, "weight λ of the gradient penalty "
                    + "λ E[(‖∇D(x̂)‖ − 1)²] (the paper's 10)", (p, v) -> p.lambda = v, WassersteinGpLoss::lambda)
            .number("gp_lambda", 0, true, Double.POSITIVE_INFINITY, true, "another name for lambda",
                    (p, v) -> p.lambda = v, WassersteinGpLoss::lambda).alias()
            .exclusive("lambda", "gp_lambda")
            .number("drift", 0, false, Double.POSITIVE_INFINITY, true, "weight ε of the drift term ε E[D(x)²] that "
                    + "keeps D's scores near 0 (progressive GANs: 0.001; 0 = off)", (p, v) -> p.drift = v,
                    WassersteinGpLoss::drift).recordedOnlyWhenSet();

    /** The parameters while a spec is read, starting at the defaults. */
    public static final class Params {
        private double lambda = DEFAULT_LAMBDA;
        private double drift;
    }

    private static final WassersteinGpLoss DEFAULTS = new WassersteinGpLoss();

    private final double lambda;
    private final double drift;

    /** With penalty weight λ > 0 (10 in the paper), no drift term. */
    public WassersteinGpLoss(double lambda) {
        this(lambda, 0);
    }

    /** With penalty weight λ > 0 and drift weight ε >= 0 (0.001 in the progressive GAN paper). */
    public WassersteinGpLoss(double lambda, double drift) {
        super(0, true);
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("wgan-gp: lambda must be > 0, got " + lambda);
        }
        if (!(drift >= 0) || Double.isInfinite(drift)) {
            throw new IllegalArgumentException("wgan-gp: drift must be >= 0, got " + drift);
        }
        this.lambda = lambda;
        this.drift = drift;
    }

    /** λ = 10. */
    public WassersteinGpLoss() {
        this(DEFAULT_LAMBDA);
    }

    WassersteinGpLoss(Params p) {
        this(p.lambda, p.drift);
    }

    @Override
    public String name() {
        return "wgan-gp";
    }

    /** The penalty weight λ. */
    public double lambda() {
        return lambda;
    }

    @Override
    public boolean needsSecondOrderGradients() {
        return true;
    }

    @Override
    public String regularizer() {
        return "gradient penalty, λ " + lambda;
    }

    /** The drift weight ε (0 = none). */
    public double drift() {
        return drift;
    }

    /** E[D(G(z))] − E[D(x)] + ε E[D(x)²]; the gradient penalty is added by {@link #discriminatorObjective}. */
    @Override
    public NDArray discriminatorLoss(NDArray realScores, NDArray fakeScores) {
        NDArray loss = super.discriminatorLoss(realScores, fakeScores);
        return drift == 0 ? loss : loss.add(realScores.square().mean().mul((float) drift));
    }

    /**
     * The critic loss plus λ E[(‖∇D(x̂)‖₂ − 1)²] on interpolates x̂ = ε x + (1 − ε) G(z) of the
     * batches D saw, one ε ~ U[0, 1) per sample from the run's stream, at the resolution D works at.
     */
    @Override
    public DiscriminatorObjective discriminatorObjective(DiscriminatorPass pass) {
        NDArray loss = discriminatorLoss(pass.realScores(), pass.fakeScores(), pass.targets());
        NDArray real = pass.realInputs();
        NDArray mixed = GradientPenalty.interpolate(real, pass.fakeInputs(),
                pass.uniform(Math.toIntExact(real.getShape().get(0))));
        NDArray penalty = GradientPenalty.compute(pass.inputGradient(mixed)).mul((float) lambda);
        return new DiscriminatorObjective(loss, penalty);
    }

    @Override
    public Recommended recommended() {
        return new Recommended("adam", 1e-4f, 1e-4f, 0f, 0.9f, 5, "Gulrajani et al. 2017 (WGAN-GP), Algorithm 1");
    }

    @Override
    public Map<String, Object> settings() {
        return GanLoss.settings(this, OPTIONS.read(this, DEFAULTS));
    }
}
