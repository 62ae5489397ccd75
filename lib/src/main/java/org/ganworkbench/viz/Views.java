package org.ganworkbench.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.metrics.Checkerboard;
import org.ganworkbench.metrics.ModeCoverage;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.Latent;
import org.ganworkbench.training.FieldProbe;
import org.ganworkbench.training.GanTraining;

import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.function.Function;

/**
 * Pictures of a training run's current state, for the live view and for figures: sample grids from
 * fixed latent vectors (so frames compare over time) and the 2-D field view.
 */
public final class Views {

    private Views() {}

    /**
     * A grid of {@code rows × cols} samples from latent vectors drawn once from {@code seed}, captioned
     * with the step: every call shows what G now makes of the same z.
     */
    public static Function<GanTraining, BufferedImage> samples(int rows, int cols, long seed) {
        return new Function<>() {
            private float[] z;

            @Override
            public BufferedImage apply(GanTraining t) {
                Gan gan = t.gan();
                if (z == null) {
                    z = gan.latent().draw(new Random(seed), rows * cols);
                }
                return Panels.titled("step " + t.step(), sampleGrid(gan, z, cols));
            }
        };
    }

    /**
     * A grid of G's samples for these latent vectors (row-major, n × latentDim); a conditional G is
     * asked for one class per row ({@link #rowClasses}).
     */
    public static BufferedImage sampleGrid(Gan gan, float[] z, int cols) {
        return sampleGrid(gan, z, cols, rowClasses(gan, z.length / gan.latent().dim(), cols));
    }

    /**
     * A grid of a conditional G's samples for these latents and classes (unconditional G: classes empty).
     *
     * @param gan the GAN
     * @param z n × latentDim values, row-major
     * @param cols images per row
     * @param classes one class per latent for a conditional G, none for an unconditional one
     * @return the grid
     */
    public static BufferedImage sampleGrid(Gan gan, float[] z, int cols, int[] classes) {
        try (NDManager m = gan.manager().newSubManager()) {
            return SampleGrid.of(generate(gan, m, z, classes), cols);
        }
    }

    /**
     * The classes a grid of n images in rows of {@code cols} asks a conditional G for: row r is class
     * r mod K, so a grid of K rows has one row per class.
     *
     * @param gan the GAN
     * @param n images
     * @param cols images per row
     * @return one class per image, or none when G is unconditional
     */
    public static int[] rowClasses(Gan gan, int n, int cols) {
        int k = gan.architecture().classes();
        int[] c = new int[k == 0 ? 0 : n];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i / cols) % k;
        }
        return c;
    }

    /**
     * One row per class, the same {@code cols} latents in every row (drawn from {@code seed}): what
     * the class changes and what the latent keeps, in a conditional G.
     *
     * @param gan a conditional GAN
     * @param cols latents, one column each
     * @param seed seed of the latents
     * @return K rows of {@code cols} images, row k asked for class k
     * @throws IllegalStateException for an unconditional G
     */
    public static BufferedImage classGrid(Gan gan, int cols, long seed) {
        int k = gan.architecture().classes();
        if (k == 0) {
            throw new IllegalStateException(gan.architecture().name() + " is not conditional: it takes no class; "
                    + "use sampleGrid");
        }
        int dim = gan.latent().dim();
        float[] one = gan.latent().draw(new Random(seed), cols);
        float[] z = new float[k * cols * dim];
        for (int r = 0; r < k; r++) {
            System.arraycopy(one, 0, z, r * cols * dim, one.length);
        }
        return sampleGrid(gan, z, cols);
    }

    /**
     * G's images for the latents {@code z} ({@code n * dim} values), flat, row-major; a conditional G
     * is asked for the classes 0, 1, ..., K−1 in turn ({@code Gan#sampleClasses}).
     */
    public static float[] generate(Gan gan, float[] z) {
        try (NDManager m = gan.manager().newSubManager()) {
            return generate(gan, m, z, gan.sampleClasses(z.length / gan.latent().dim()))
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        }
    }

    private static NDArray generate(Gan gan, NDManager m, float[] z, int[] classes) {
        int dim = gan.latent().dim();
        int n = z.length / dim;
        NDArray latents = m.create(z, new Shape(n, dim));
        int k = gan.architecture().classes();
        if (k == 0) {
            return gan.generate(latents, false);
        }
        if (classes.length != n) {
            throw new IllegalArgumentException(gan.architecture().name() + " needs one class per latent: " + n
                    + " latents, " + classes.length + " classes");
        }
        return gan.generate(latents, GanData.oneHot(m, classes, k), false);
    }

    /**
     * Interpolation strips: {@code rows} pairs of latents drawn from {@code seed}, each row walking
     * from one to the other in {@code steps} images, along great circles ({@code spherical}) or
     * straight lines. A conditional G walks within one class per row ({@link #rowClasses}).
     */
    public static BufferedImage interpolations(Gan gan, int rows, int steps, long seed, boolean spherical) {
        float[] ends = gan.latent().draw(new Random(seed), 2 * rows);
        int dim = gan.latent().dim();
        float[] z = new float[rows * steps * dim];
        for (int r = 0; r < rows; r++) {
            float[] a = java.util.Arrays.copyOfRange(ends, 2 * r * dim, (2 * r + 1) * dim);
            float[] b = java.util.Arrays.copyOfRange(ends, (2 * r + 1) * dim, (2 * r + 2) * dim);
            System.arraycopy(gan.latent().path(a, b, steps, spherical), 0, z, r * steps * dim, steps * dim);
        }
        return sampleGrid(gan, z, steps);
    }

    /**
     * One path between two latents drawn twice, as images: the straight line (top row) and the great
     * circle (bottom row), {@code steps} images each, both titled with the norm of the middle latent,
     * so the pictures and the norms tell the same story.
     */
    public static BufferedImage lerpAndSlerp(Gan gan, float[] a, float[] b, int steps) {
        Latent latent = gan.latent();
        float[] line = latent.path(a, b, steps, false);
        float[] circle = latent.path(a, b, steps, true);
        double[] lineNorms = latent.norms(line);
        double[] circleNorms = latent.norms(circle);
        int mid = steps / 2;
        return Panels.column(
                Panels.titled(String.format(java.util.Locale.ROOT, "straight line: |z| %.1f at the ends, %.1f in the middle",
                        lineNorms[0], lineNorms[mid]), sampleGrid(gan, line, steps)),
                Panels.titled(String.format(java.util.Locale.ROOT, "great circle (slerp): |z| %.1f at the ends, %.1f in the middle",
                        circleNorms[0], circleNorms[mid]), sampleGrid(gan, circle, steps)));
    }

    /**
     * Where a transposed convolution's stamps overlap: a constant {@code size}×{@code size} input and an
     * all-ones k×k kernel at this stride, each output pixel shaded by how many stamps cover it
     * (black 0, white the most), {@code scale}× enlarged and captioned. Uneven shading is the seed of
     * checkerboard artifacts; k divisible by the stride covers the inside evenly.
     */
    public static BufferedImage overlapPattern(int kernel, int stride, int size, int scale) {
        float[][] y = Checkerboard.stampOverlaps(kernel, stride, size);
        int side = y.length;
        float max = 0;
        java.util.TreeSet<Integer> levels = new java.util.TreeSet<>();
        for (float[] row : y) {
            for (float c : row) {
                max = Math.max(max, c);
                levels.add(Math.round(c));
            }
        }
        float[] shaded = new float[side * side];
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                shaded[i * side + j] = y[i][j] / max * 2 - 1;
            }
        }
        return Panels.titled("k " + kernel + ", stride " + stride + ": overlaps " + levels,
                SampleGrid.of(shaded, 1, 1, side, side, 1, scale));
    }

    /** A grid of n real samples drawn from {@code data} with {@code seed}. */
    public static BufferedImage realGrid(GanData data, int rows, int cols, long seed) {
        try (NDManager m = Engines.newManager(null)) {
            return SampleGrid.of(data.sample(m, new Random(seed), rows * cols), cols);
        }
    }

    /**
     * The GAN Lab view of a 2-D GAN: D's heat map over [-bound, bound]², 500 real points and 500
     * generated points from fixed latents, with G's push arrows. Mode circles (radius 3σ) are drawn
     * when the data is a {@link Toy2d}.
     */
    public static Function<GanTraining, BufferedImage> field(GanData data, double bound, int size) {
        return new Function<>() {
            private float[] z;
            private float[][] real;

            @Override
            public BufferedImage apply(GanTraining t) {
                if (z == null) {
                    z = t.gan().latent().draw(new Random(7), 500);
                    real = points(data, 500, 11);
                }
                return fieldImage(t, z, real, bound, size, data);
            }
        };
    }

    /**
     * One field-view frame of a run, with a caption naming the step and the modes the plotted points
     * cover, counted among those points ({@link ModeCoverage}'s rule at their number), so a frame and
     * a run's evaluation on 2,500 other points can differ and the caption says which it counts.
     */
    public static BufferedImage fieldImage(GanTraining t, float[] z, float[][] real, double bound, int size,
                                           GanData data) {
        FieldProbe.Snapshot s = FieldProbe.capture(t.gan(), t.config().loss(), z, real, bound, 60, t.step());
        String caption = "step " + t.step();
        if (data instanceof Toy2d toy) {
            ModeCoverage.Report r = ModeCoverage.of(toy, s.fake());
            caption += String.format(", these %d points cover %d/%d modes", r.sampleCount(), r.modesCovered(), r.totalModes());
            return FieldView.render(s, size, caption, toy.modeCentres(), 3 * toy.sigma());
        }
        return FieldView.render(s, size, caption);
    }

    /** n points from a 2-D data source, drawn with {@code seed}. */
    public static float[][] points(GanData data, int n, long seed) {
        try (NDManager m = Engines.newManager(null)) {
            return GanData.points(data.sample(m, new Random(seed), n).toFloatArray());
        }
    }
}
