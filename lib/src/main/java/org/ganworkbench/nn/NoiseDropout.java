package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Dropout as a noise source: inverted dropout with rate p that is active in training <em>and</em>
 * at inference, as in the pix2pix generator (Isola et al. 2017, section 3.1: "we provide noise only
 * in the form of dropout, applied on several layers of our generator at both training and test
 * time"). Every element is kept with probability 1 − p and then scaled by 1 / (1 − p), or set to 0:
 *
 * <pre>
 *   y = x · m / (1 − p),   m ~ Bernoulli(1 − p) elementwise,   so E[y] = x
 * </pre>
 *
 * (DJL's own {@code Dropout} is the identity when {@code training} is false, and {@code Gan.sample}
 * runs G with {@code training = false}, hence this block.) p = 0 is the identity.
 *
 * <p>The mask is drawn from the engine's random generator ({@code NDManager.randomUniform}), not
 * from a Java {@code Random}: a generator with this layer gives different samples on every call, and
 * the same samples for a given latent only after re-seeding the engine with
 * {@link ai.djl.engine.Engine#setRandomSeed(int)}; MXNet and PyTorch draw different masks from the
 * same seed, so such a generator's samples differ between engines.
 */
public final class NoiseDropout extends ArrayFunction {

    private final float rate;

    /** Dropout with rate p in [0, 1), on at training and at inference. */
    public NoiseDropout(float rate) {
        this.rate = checkRate("NoiseDropout: rate", rate);
    }

    /**
     * Checks a dropout rate, for the model builders that take one before any layer exists.
     *
     * @param what the setting's name, for the message
     * @return {@code rate}, if it is in [0, 1)
     * @throws IllegalArgumentException otherwise (NaN included)
     */
    public static float checkRate(String what, float rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + rate);
        }
        return rate;
    }

    /** The drop probability p. */
    public float rate() {
        return rate;
    }

    @Override
    protected NDArray apply(NDArray x, boolean training) {
        if (rate == 0) {
            return x;
        }
        NDArray u = x.getManager().randomUniform(0f, 1f, x.getShape(), x.getDataType(), x.getDevice());
        NDArray keep = u.gte(rate).toType(x.getDataType(), false);
        return x.mul(keep).mul(1f / (1f - rate));
    }

    @Override
    protected Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public String toString() {
        return "NoiseDropout(p=" + rate + ", also at inference)";
    }
}
