package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import org.ganworkbench.config.Options;

import java.util.List;
import java.util.Map;

/**
 * Wasserstein GAN with weight clipping (Arjovsky, Chintala and Bottou 2017). D is a <em>critic</em>
 * whose unbounded score estimates the Kantorovich-Rubinstein dual of the Wasserstein-1 distance,
 * which holds if D is 1-Lipschitz; the paper enforces that crudely by clipping every weight of D to
 * [−c, c] after each update.
 *
 * <pre>
 *   L_D = E[D(G(z))] − E[D(x)]        (then clip D's weights to [−c, c])
 *   L_G = −E[D(G(z))]
 * </pre>
 *
 * Recommended (the paper's Algorithm 1): RMSProp, learning rate 5e-5 for both, n_critic = 5 D steps
 * per G step, c = 0.01. Momentum-based optimizers (Adam) were reported to destabilize it.
 */
public class WassersteinLoss implements GanLoss {

    /** The paper's clip value c. */
    public static final double DEFAULT_CLIP = 0.01;

    /** wgan-clip's parameter, declared once: the spec's {@code loss} key, its check, the provenance, the README's row. */
    public static final Options<Params, WassersteinLoss> OPTIONS = Options.<Params, WassersteinLoss>of("wgan-clip")
            .number("clip", 0, true, Double.POSITIVE_INFINITY, true, "D's weights are clipped to [-clip, clip] after "
                    + "each of its updates (the paper's 0.01)", (p, v) -> p.clip = v, WassersteinLoss::clip);

    /** The parameters while a spec is read, starting at the defaults. */
    public static final class Params {
        private double clip = DEFAULT_CLIP;
    }

    private final double clip;

    /** With clip value c > 0 (0.01 in the paper). */
    public WassersteinLoss(double clip) {
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new IllegalArgumentException("wgan-clip: clip must be > 0, got " + clip);
        }
        this.clip = clip;
    }

    /** Clip 0.01. */
    public WassersteinLoss() {
        this(DEFAULT_CLIP);
    }

    WassersteinLoss(Params p) {
        this(p.clip);
    }

    WassersteinLoss(double clip, boolean unclipped) {
        this.clip = unclipped ? 0 : clip;
    }

    @Override
    public String name() {
        return "wgan-clip";
    }

    @Override
    public NDArray discriminatorLoss(NDArray realScores, NDArray fakeScores) {
        return fakeScores.mean().sub(realScores.mean());
    }

    @Override
    public NDArray generatorLoss(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    /** Clips every weight of D to [−c, c] (nothing for the unclipped subclass, WGAN-GP). */
    @Override
    public void afterDiscriminatorUpdate(List<Parameter> discriminatorParameters) {
        if (clip == 0) {
            return;
        }
        float c = (float) clip;
        for (Parameter p : discriminatorParameters) {
            NDArray w = p.getArray();
            try (NDArray clipped = w.clip(-c, c)) {
                clipped.copyTo(w);
            }
        }
    }

    /** The clip value c; 0 for WGAN-GP, which does not clip. */
    public double clip() {
        return clip;
    }

    @Override
    public ScoreKind scores() {
        return ScoreKind.CRITIC;
    }

    @Override
    public String regularizer() {
        return clip > 0 ? "clip D's weights to ±" + clip : "";
    }

    @Override
    public Recommended recommended() {
        // betas are not used by RMSProp
        return new Recommended("rmsprop", 5e-5f, 5e-5f, 0.5f, 0.999f, 5, "Arjovsky et al. 2017 (WGAN), Algorithm 1");
    }

    @Override
    public Map<String, Object> settings() {
        return GanLoss.settings(this, OPTIONS.read(this, null));
    }

    @Override
    public String toString() {
        return name();
    }
}
