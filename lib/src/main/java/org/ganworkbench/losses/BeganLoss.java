package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import org.ganworkbench.config.Options;

import java.util.List;
import java.util.Map;

/**
 * The boundary-equilibrium loss of BEGAN (Berthelot, Schumm and Metz 2017). D is an autoencoder
 * and its score for an image v is the reconstruction error L(v) = mean |v − D(v)|, an energy; the
 * loss matches the <em>distributions of reconstruction errors</em> of real and generated images
 * (a lower bound of the Wasserstein distance between them) rather than the images' distributions:
 *
 * <pre>
 *   L_D = L(x) − k_t · L(G(z_D))
 *   L_G = L(G(z_G))
 *   k_{t+1} = clip(k_t + λ_k (γ L(x) − L(G(z_G))), 0, 1)
 *   M_global = L(x) + |γ L(x) − L(G(z_G))|
 * </pre>
 *
 * <p>k_t is a proportional controller that keeps the game at the equilibrium E[L(G(z))] =
 * γ E[L(x)]: when G's images are reconstructed too well (L(G(z)) below γ L(x)) k grows and D
 * spends more of its effort on pushing fakes away, otherwise it shrinks and D concentrates on
 * reconstructing real images. γ, the diversity ratio, sets where the equilibrium lies: a low γ
 * lets D focus on real images (sharper but less diverse samples, the paper says), a high γ
 * asks G for images as hard to reconstruct as real ones are. M_global adds the reconstruction error
 * of real data and the distance from equilibrium: it falls as training converges, the paper's
 * convergence measure.
 *
 * <p>State: k_t lives in the loss ({@link #forRun()} gives each run a fresh k_0 = 0); the training
 * loop calls {@link #endStep} after every G update with the step's mean L(x) (from D's update) and
 * L(G(z_G)) (from G's update) and logs {@code k, m_global, l_real, l_fake}. Recommended: Adam
 * 1e-4, β = (0.5, 0.999) (the paper's lr, with DCGAN's betas as in its reference code), the
 * learning rate halved when M_global stalls (see {@code LrDecay}).
 */
public final class BeganLoss extends EnergyLoss {

    /** Default diversity ratio γ. */
    public static final double DEFAULT_GAMMA = 0.5;
    /** Default gain λ_k of the k controller (the paper's 0.001). */
    public static final double DEFAULT_LAMBDA_K = 0.001;

    /**
     * BEGAN's parameters, declared once: the spec's {@code loss} keys, their checks, the provenance,
     * the README's rows.
     */
    public static final Options<Params, BeganLoss> OPTIONS = Options.<Params, BeganLoss>of("began")
            .number("gamma", 0, true, 1, false, "diversity ratio γ = E[L(G(z))] / E[L(x)] the controller holds: lower "
                    + "gives sharper, less varied samples (the paper's 0.5)", (p, v) -> p.gamma = v, BeganLoss::gamma)
            .number("lambda_k", 0, true, 1, false, "gain λ_k of the controller of k (the paper's 0.001)",
                    (p, v) -> p.lambdaK = v, BeganLoss::lambdaK)
            .number("k0", 0, false, 1, false, "k at the start (the paper's 0)", (p, v) -> p.k0 = v, BeganLoss::k0);

    /** The parameters while a spec is read, starting at the defaults. */
    public static final class Params {
        private double gamma = DEFAULT_GAMMA;
        private double lambdaK = DEFAULT_LAMBDA_K;
        private double k0;
    }

    private static final List<String> VALUES = List.of("k", "m_global", "l_real", "l_fake");

    private final double gamma;
    private final double lambdaK;
    private final double k0;
    private double k;

    /** γ 0.5, λ_k 0.001, k_0 0. */
    public BeganLoss() {
        this(DEFAULT_GAMMA, DEFAULT_LAMBDA_K, 0);
    }

    BeganLoss(Params p) {
        this(p.gamma, p.lambdaK, p.k0);
    }

    /**
     * @param gamma diversity ratio γ, in (0, 1]
     * @param lambdaK controller gain λ_k, in (0, 1]
     * @param k0 initial k, in [0, 1] (the paper starts at 0)
     */
    public BeganLoss(double gamma, double lambdaK, double k0) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("began: gamma must be in (0, 1], got " + gamma);
        }
        if (!(lambdaK > 0 && lambdaK <= 1)) {
            throw new IllegalArgumentException("began: lambda_k must be in (0, 1], got " + lambdaK);
        }
        if (!(k0 >= 0 && k0 <= 1)) {
            throw new IllegalArgumentException("began: k0 must be in [0, 1], got " + k0);
        }
        this.gamma = gamma;
        this.lambdaK = lambdaK;
        this.k0 = k0;
        this.k = k0;
    }

    @Override
    public String name() {
        return "began";
    }

    /** L(x) − k_t L(G(z)), with k_t the current state. */
    @Override
    public NDArray discriminatorLoss(NDArray realEnergies, NDArray fakeEnergies) {
        return realEnergies.mean().sub(fakeEnergies.mean().mul((float) k));
    }

    /**
     * One controller step: k ← clip(k + λ_k (γ L(x) − L(G(z))), 0, 1).
     *
     * @param k the current k
     * @param gamma γ
     * @param lambdaK λ_k
     * @param lossReal L(x), D's mean reconstruction error on the real batch
     * @param lossFake L(G(z_G)), on G's batch
     * @return the next k, in [0, 1]
     */
    public static double nextK(double k, double gamma, double lambdaK, double lossReal, double lossFake) {
        return Math.min(1, Math.max(0, k + lambdaK * (gamma * lossReal - lossFake)));
    }

    /**
     * The convergence measure M_global = L(x) + |γ L(x) − L(G(z))|.
     *
     * @param gamma γ
     * @param lossReal L(x)
     * @param lossFake L(G(z_G))
     * @return M_global
     */
    public static double convergence(double gamma, double lossReal, double lossFake) {
        return lossReal + Math.abs(gamma * lossReal - lossFake);
    }

    /** Updates k; returns {@code k} (after the update), {@code m_global}, {@code l_real}, {@code l_fake}. */
    @Override
    public double[] endStep(double meanRealScore, double meanFakeScore) {
        double m = convergence(gamma, meanRealScore, meanFakeScore);
        k = nextK(k, gamma, lambdaK, meanRealScore, meanFakeScore);
        return new double[] {k, m, meanRealScore, meanFakeScore};
    }

    @Override
    public List<String> stepValues() {
        return VALUES;
    }

    @Override
    public String convergenceMeasure() {
        return "m_global";
    }

    @Override
    public GanLoss forRun() {
        return new BeganLoss(gamma, lambdaK, k0);
    }

    /** k_t. */
    @Override
    public double[] state() {
        return new double[] {k};
    }

    @Override
    public void restoreState(double[] state) {
        if (state.length != 1 || !(state[0] >= 0 && state[0] <= 1)) {
            throw new IllegalArgumentException("began: the state is k in [0, 1], got " + java.util.Arrays.toString(state));
        }
        k = state[0];
    }

    /** The current k_t. */
    public double k() {
        return k;
    }

    /** The diversity ratio γ. */
    public double gamma() {
        return gamma;
    }

    /** The controller gain λ_k. */
    public double lambdaK() {
        return lambdaK;
    }

    /** k at the start of a run. */
    public double k0() {
        return k0;
    }

    @Override
    public Recommended recommended() {
        return new Recommended("adam", 1e-4f, 1e-4f, 0.5f, 0.999f, 1, "Berthelot et al. 2017 (BEGAN)");
    }

    @Override
    public Map<String, Object> settings() {
        return GanLoss.settings(this, OPTIONS.read(this, null));
    }

    @Override
    public String toString() {
        return "began(gamma " + gamma + ", lambda_k " + lambdaK + ")";
    }
}
