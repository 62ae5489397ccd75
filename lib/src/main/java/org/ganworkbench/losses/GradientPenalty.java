package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The maths of WGAN-GP's gradient penalty (Gulrajani et al. 2017): interpolates between real and
 * fake samples, and the penalty on the norm of D's input gradient there. Getting that gradient with
 * a graph attached (so the penalty can be trained through) is engine work:
 * {@code org.ganworkbench.engine.Engines#inputGradient}.
 */
public final class GradientPenalty {

    private GradientPenalty() {}

    /** x̂ = ε x_real + (1 − ε) x_fake, with one ε per sample: eps has shape (N). */
    public static NDArray interpolate(NDArray real, NDArray fake, NDArray eps) {
        Shape shape = real.getShape();
        if (!shape.equals(fake.getShape())) {
            throw new IllegalArgumentException("interpolate needs real and fake of one shape; got " + shape + " and "
                    + fake.getShape());
        }
        if (eps.getShape().dimension() != 1 || eps.getShape().get(0) != shape.get(0)) {
            throw new IllegalArgumentException("interpolate needs one eps per sample, shape (" + shape.get(0)
                    + "); got " + eps.getShape());
        }
        Shape broadcast = new Shape(shape.get(0));
        for (int i = 1; i < shape.dimension(); i++) {
            broadcast = broadcast.add(1);
        }
        NDArray e = eps.reshape(broadcast);
        return real.mul(e).add(fake.mul(e.neg().add(1)));
    }

    /**
     * E[(‖g_i‖₂ − 1)²] over the samples, for gradients g of shape (N, ...) of D's scores w.r.t. its
     * inputs; not multiplied by λ. A small ε inside the square root keeps its gradient finite when a
     * gradient is exactly zero.
     */
    public static NDArray compute(NDArray gradients) {
        long n = gradients.getShape().get(0);
        NDArray norms = gradients.reshape(n, -1).square().sum(new int[] {1}).add(1e-12f).sqrt();
        return norms.sub(1).square().mean();
    }
}
