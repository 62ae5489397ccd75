package org.ganworkbench.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.util.Progress;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * A 2-D toy distribution for mode-collapse experiments: an equal-weight mixture of isotropic
 * Gaussians with known centres and one standard deviation.
 *
 * <p>The two standard settings:
 *
 * <ul>
 *   <li>{@link #ring8()}: 8 modes evenly spaced on a circle of radius 2, centre {@code i} at angle
 *       {@code 2 pi i / 8} (so mode 0 is at (2, 0)), standard deviation 0.02: the ring used by the
 *       unrolled GAN (Metz et al., 2017) and in the VEEGAN (Srivastava et al., 2017) comparisons.
 *   <li>{@link #grid25()}: 25 modes on the 5 x 5 grid {-4, -2, 0, 2, 4}^2, row-major in y then x
 *       from (-4, -4), standard deviation 0.05 (variance 0.0025): the 2-D grid of VEEGAN and
 *       PacGAN (Lin et al., 2018).
 * </ul>
 *
 * <p>Papers differ in the details (PacGAN's ring, for instance, has radius 1 and standard
 * deviation 0.01); use {@link #ring(String, int, double, double)}, {@link #grid(String, int,
 * double, double)} or the constructor to match another protocol exactly.
 *
 * <p>Drawing one point uses exactly three calls on the given {@link Random}: {@code nextInt(k)} for
 * the mode, then {@code nextGaussian()} for x and for y. So {@link #sample(NDManager, Random, int)}
 * and {@link #samples(Random, int)} are deterministic and give the same points from the same seed.
 * Pair it with {@code org.ganworkbench.metrics.ModeCoverage} to score a generator.
 */
public final class Toy2d implements GanData {

    private static final Shape SAMPLE_SHAPE = new Shape(2);

    private final String name;
    private final double[][] centres;
    private final double sigma;

    /**
     * A mixture with the given centres and standard deviation.
     *
     * @param name a short name for logs and provenance
     * @param modeCentres one {x, y} pair per mode, at least one mode; copied
     * @param sigma the standard deviation of every mode, positive
     * @throws IllegalArgumentException if a centre is not a finite pair or sigma is not positive
     */
    public Toy2d(String name, double[][] modeCentres, double sigma) {
        this.name = Objects.requireNonNull(name, "name");
        if (modeCentres.length == 0) {
            throw new IllegalArgumentException(name + ": need at least one mode centre");
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException(name + ": sigma must be positive and finite, got " + sigma);
        }
        this.centres = new double[modeCentres.length][];
        for (int k = 0; k < modeCentres.length; k++) {
            double[] c = modeCentres[k];
            if (c.length != 2 || !Double.isFinite(c[0]) || !Double.isFinite(c[1])) {
                throw new IllegalArgumentException(name + ": mode centre " + k + " must be a finite {x, y} pair, got "
                        + Arrays.toString(c));
            }
            centres[k] = c.clone();
        }
        this.sigma = sigma;
    }

    /**
     * 8 Gaussians on a circle of radius 2, standard deviation 0.02 (unrolled GAN, VEEGAN).
     *
     * @return the mixture named {@code ring8}
     */
    public static Toy2d ring8() {
        return ring("ring8", 8, 2.0, 0.02);
    }

    /**
     * 25 Gaussians on the grid {-4, -2, 0, 2, 4}^2, standard deviation 0.05 (VEEGAN, PacGAN).
     *
     * @return the mixture named {@code grid25}
     */
    public static Toy2d grid25() {
        return grid("grid25", 5, 2.0, 0.05);
    }

    /**
     * {@code modes} Gaussians evenly spaced on a circle around the origin, mode {@code i} at angle
     * {@code 2 pi i / modes}.
     *
     * @param name the mixture's name
     * @param modes number of modes, at least 1
     * @param radius circle radius
     * @param sigma standard deviation of every mode
     * @return the mixture
     */
    public static Toy2d ring(String name, int modes, double radius, double sigma) {
        if (modes < 1) {
            throw new IllegalArgumentException(name + ": need at least one mode, got " + modes);
        }
        double[][] c = new double[modes][];
        for (int i = 0; i < modes; i++) {
            double angle = 2 * Math.PI * i / modes;
            c[i] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
        }
        return new Toy2d(name, c, sigma);
    }

    /**
     * {@code side x side} Gaussians on a square grid centred on the origin, row-major from the
     * lowest x and y.
     *
     * @param name the mixture's name
     * @param side modes per row and column, at least 1
     * @param spacing distance between neighbouring centres
     * @param sigma standard deviation of every mode
     * @return the mixture
     */
    public static Toy2d grid(String name, int side, double spacing, double sigma) {
        if (side < 1) {
            throw new IllegalArgumentException(name + ": need at least one mode per side, got " + side);
        }
        double offset = (side - 1) / 2.0;
        double[][] c = new double[side * side][];
        for (int row = 0; row < side; row++) {
            for (int col = 0; col < side; col++) {
                c[row * side + col] = new double[] {(col - offset) * spacing, (row - offset) * spacing};
            }
        }
        return new Toy2d(name, c, sigma);
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return name;
    }

    /**
     * Shape of one point.
     *
     * @return (2)
     */
    @Override
    public Shape sampleShape() {
        return SAMPLE_SHAPE;
    }

    /**
     * Draws {@code batchSize} points.
     *
     * @param manager where the batch is created
     * @param rng the only random source used
     * @param batchSize number of points, at least 1
     * @return a float32 array of shape (batchSize, 2)
     */
    @Override
    public NDArray sample(NDManager manager, Random rng, int batchSize) {
        Objects.requireNonNull(manager, "manager");
        float[] flat = drawFlat(rng, batchSize, null);
        return manager.create(flat, new Shape(batchSize, 2));
    }

    /**
     * Draws {@code n} points as plain arrays, e.g. for plotting; the same points as
     * {@link #sample(NDManager, Random, int)} from an equally seeded {@link Random}.
     *
     * @param rng the only random source used
     * @param n number of points, at least 1
     * @return {@code n} {x, y} pairs
     */
    public float[][] samples(Random rng, int n) {
        float[] flat = drawFlat(rng, n, null);
        float[][] points = new float[n][];
        for (int i = 0; i < n; i++) {
            points[i] = new float[] {flat[2 * i], flat[2 * i + 1]};
        }
        return points;
    }

    /**
     * A fixed draw of {@code n} points as a DJL data set, for DJL's training loop: record data is a
     * point (2), record label the index of the mode it was drawn from, as a float scalar. Batches of
     * {@code batchSize} in draw order (the draw itself is random), last partial batch kept.
     *
     * @param rng the only random source used for the draw
     * @param n number of points, at least 1
     * @param batchSize points per batch for {@code getData(manager)}, at least 1
     * @return a data set of {@code n} records
     */
    public RandomAccessDataset toDataset(Random rng, int n, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        int[] modes = new int[n];
        float[] flat = drawFlat(rng, n, modes);
        return new FixedDraw(new BatchSampler(new SequenceSampler(), batchSize, false), flat, modes);
    }

    /**
     * The mode centres.
     *
     * @return a copy, one {x, y} pair per mode
     */
    public double[][] modeCentres() {
        double[][] copy = new double[centres.length][];
        for (int k = 0; k < centres.length; k++) {
            copy[k] = centres[k].clone();
        }
        return copy;
    }

    /**
     * The standard deviation of every mode (per coordinate).
     *
     * @return sigma
     */
    public double sigma() {
        return sigma;
    }

    /**
     * Number of modes.
     *
     * @return the number of centres
     */
    public int modeCount() {
        return centres.length;
    }

    @Override
    public String toString() {
        return "Toy2d[" + name + ", " + centres.length + " modes, sigma " + sigma + "]";
    }

    private float[] drawFlat(Random rng, int n, int[] modesOut) {
        Objects.requireNonNull(rng, "rng");
        if (n < 1) {
            throw new IllegalArgumentException("need at least 1 point, got " + n);
        }
        float[] flat = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(centres.length);
            flat[2 * i] = (float) (centres[k][0] + sigma * rng.nextGaussian());
            flat[2 * i + 1] = (float) (centres[k][1] + sigma * rng.nextGaussian());
            if (modesOut != null) {
                modesOut[i] = k;
            }
        }
        return flat;
    }

    /** A fixed set of drawn points with their mode indices, as a DJL data set. */
    private static final class FixedDraw extends RandomAccessDataset {
        private final float[] flat;
        private final int[] modes;

        FixedDraw(BatchSampler sampler, float[] flat, int[] modes) {
            super(new Sampling().setSampling(sampler));
            this.flat = flat;
            this.modes = modes;
        }

        @Override
        public Record get(NDManager manager, long index) {
            int i = Math.toIntExact(index);
            Objects.checkIndex(i, modes.length);
            NDArray point = manager.create(new float[] {flat[2 * i], flat[2 * i + 1]});
            return new Record(new NDList(point), new NDList(manager.create((float) modes[i])));
        }

        @Override
        protected long availableSize() {
            return modes.length;
        }

        @Override
        public void prepare(Progress progress) {
            // drawn already
        }
    }

    private static final class Sampling extends RandomAccessDataset.BaseBuilder<Sampling> {
        @Override
        protected Sampling self() {
            return this;
        }
    }
}
