package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * The generator's input: a latent vector z of {@code dim} numbers drawn from a simple prior.
 *
 * <p>Draws come from a Java {@link Random}, not from the engine, so a seed gives the same z on
 * MXNet and PyTorch.
 *
 * @param dim number of latent dimensions
 * @param prior the distribution z is drawn from
 */
public record Latent(int dim, Prior prior) {

    /** Latent priors. */
    public enum Prior {
        /** Standard normal N(0, I) (ganhacks: sample from a Gaussian, not a uniform). */
        GAUSSIAN,
        /** Uniform on [-1, 1]^dim (the original GAN paper, BEGAN). */
        UNIFORM,
        /** Uniform on the sphere of radius sqrt(dim): a Gaussian draw scaled to that norm. */
        SPHERICAL
    }

    public Latent {
        if (dim < 1) {
            throw new IllegalArgumentException("latent dim must be >= 1, got " + dim);
        }
        if (prior == null) {
            throw new IllegalArgumentException("latent prior must be given");
        }
    }

    /** A Gaussian latent of this size. */
    public static Latent gaussian(int dim) {
        return new Latent(dim, Prior.GAUSSIAN);
    }

    /** A uniform [-1, 1] latent of this size. */
    public static Latent uniform(int dim) {
        return new Latent(dim, Prior.UNIFORM);
    }

    /** Draws {@code n} latent vectors as a Java array of length n * dim (row-major). */
    public float[] draw(Random rng, int n) {
        float[] z = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm2 = 0;
            for (int j = 0; j < dim; j++) {
                double v = prior == Prior.UNIFORM ? rng.nextDouble() * 2 - 1 : rng.nextGaussian();
                z[i * dim + j] = (float) v;
                norm2 += v * v;
            }
            if (prior == Prior.SPHERICAL && norm2 > 0) {
                float scale = (float) Math.sqrt(dim / norm2);
                for (int j = 0; j < dim; j++) {
                    z[i * dim + j] *= scale;
                }
            }
        }
        return z;
    }

    /** Draws {@code n} latent vectors as an (n, dim) array on {@code manager}. */
    public NDArray sample(NDManager manager, Random rng, int n) {
        return manager.create(draw(rng, n), new Shape(n, dim));
    }
}
