package org.ganworkbench.losses;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wasserstein GAN with gradient penalty (Gulrajani et al. 2017): the critic losses of
 * {@link WassersteinLoss} without clipping, plus λ E[(‖∇ D(x̂)‖₂ − 1)²] on random interpolates
 * x̂ = ε x + (1 − ε) G(z), ε ~ U[0, 1] per sample ({@link GradientPenalty}). The penalty
 * differentiates a gradient, so training needs second-order gradients: in DJL only the PyTorch
 * engine has them, and a configuration with this loss on MXNet is refused when it is built.
 *
 * <p>Recommended (the paper's Algorithm 1): Adam 1e-4, β = (0, 0.9), n_critic = 5, λ = 10, and no
 * batch norm in D (the penalty is per sample; use layer norm or none).
 */
public final class WassersteinGpLoss extends WassersteinLoss {

    private final double lambda;

    /** With penalty weight λ > 0 (10 in the paper). */
    public WassersteinGpLoss(double lambda) {
        super(0, true);
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("wgan-gp: lambda must be > 0, got " + lambda);
        }
        this.lambda = lambda;
    }

    /** λ = 10. */
    public WassersteinGpLoss() {
        this(10);
    }

    @Override
    public String name() {
        return "wgan-gp";
    }

    @Override
    public double gradientPenalty() {
        return lambda;
    }

    @Override
    public Recommended recommended() {
        return new Recommended("adam", 1e-4f, 1e-4f, 0f, 0.9f, 5, "Gulrajani et al. 2017 (WGAN-GP), Algorithm 1");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", name());
        m.put("gp_lambda", lambda);
        return m;
    }
}
