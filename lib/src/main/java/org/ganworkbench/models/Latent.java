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

    /**
     * Spherical linear interpolation (slerp) from a to b at t in [0, 1]: moves along the great circle
     * between their directions, so every point keeps a norm like the endpoints'. A Gaussian latent
     * of high dimension lives on a thin shell of radius about sqrt(dim); the straight line between
     * two such points cuts through the inside (its midpoint has norm about sqrt(dim / 2)), where G
     * never saw a latent during training (White 2016, "Sampling Generative Networks"; ganhacks #3).
     * Falls back to the straight line when a and b point the same or opposite ways.
     */
    public static float[] slerp(float[] a, float[] b, double t) {
        checkPair(a, b);
        double na = norm(a);
        double nb = norm(b);
        double cos = 0;
        for (int i = 0; i < a.length; i++) {
            cos += a[i] * (double) b[i];
        }
        cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, cos / (na * nb)));
        double omega = Math.acos(cos);
        double sin = Math.sin(omega);
        if (sin < 1e-6) {
            return lerp(a, b, t);
        }
        double wa = Math.sin((1 - t) * omega) / sin;
        double wb = Math.sin(t * omega) / sin;
        float[] z = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            z[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return z;
    }

    /** Straight-line interpolation (1 − t)·a + t·b. */
    public static float[] lerp(float[] a, float[] b, double t) {
        checkPair(a, b);
        float[] z = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            z[i] = (float) ((1 - t) * a[i] + t * b[i]);
        }
        return z;
    }

    /**
     * {@code steps} latents from a to b, both included, evenly spaced in t, by slerp or straight
     * line; flat, row-major (steps × dim).
     */
    public float[] path(float[] a, float[] b, int steps, boolean spherical) {
        if (a.length != dim || b.length != dim) {
            throw new IllegalArgumentException("path endpoints need " + dim + " numbers each, got " + a.length
                    + " and " + b.length);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("a path needs steps >= 2, got " + steps);
        }
        float[] out = new float[steps * dim];
        for (int s = 0; s < steps; s++) {
            double t = (double) s / (steps - 1);
            System.arraycopy(spherical ? slerp(a, b, t) : lerp(a, b, t), 0, out, s * dim, dim);
        }
        return out;
    }

    /** Euclidean norm of each row of a flat (n × dim) latent array. */
    public double[] norms(float[] flat) {
        double[] n = new double[flat.length / dim];
        for (int i = 0; i < n.length; i++) {
            n[i] = norm(java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim));
        }
        return n;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * (double) x;
        }
        return Math.sqrt(s);
    }

    private static void checkPair(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("interpolation endpoints must have the same, non-zero length; got "
                    + a.length + " and " + b.length);
        }
    }
}
