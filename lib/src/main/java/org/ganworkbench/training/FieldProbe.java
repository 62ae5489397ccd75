package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import org.ganworkbench.data.GanData;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.GeneratorPass;
import org.ganworkbench.models.Gan;

/**
 * Looks inside a 2-D GAN the way GAN Lab does: D's belief over the whole plane, where G puts its
 * samples, and which way G's loss pushes each sample.
 */
public final class FieldProbe {

    private FieldProbe() {}

    /**
     * A snapshot of the game.
     *
     * @param xMin left edge of the plane shown
     * @param xMax right edge
     * @param yMin bottom edge
     * @param yMax top edge
     * @param resolution cells per side of the D heat map
     * @param dReal D's probability "real" per cell, row-major from (xMin, yMax) (top-left) down
     * @param real real points, [n][2]
     * @param fake generated points, [m][2]
     * @param push per generated point, the direction G's loss moves it: minus the gradient of G's
     *     loss with respect to the point, per sample, [m][2]
     * @param step the training step, or -1
     */
    public record Snapshot(double xMin, double xMax, double yMin, double yMax, int resolution,
                           float[] dReal, float[][] real, float[][] fake, float[][] push, int step) {}

    /**
     * Takes a snapshot.
     *
     * @param gan a GAN on 2-D points
     * @param loss whose generator loss gives the push arrows
     * @param z fixed latent vectors (n, latentDim) row-major, so frames compare over time
     * @param real real points to draw
     * @param bound the plane shown is [-bound, bound]^2
     * @param resolution heat-map cells per side
     * @param step the training step for the caption
     */
    public static Snapshot capture(Gan gan, GanLoss loss, float[] z, float[][] real, double bound,
                                   int resolution, int step) {
        if (!gan.architecture().sampleShape().equals(new Shape(2))) {
            throw new IllegalArgumentException("FieldProbe needs a GAN on 2-D points, this one makes "
                    + gan.architecture().sampleShape());
        }
        int latentDim = gan.latent().dim();
        if (z.length % latentDim != 0) {
            throw new IllegalArgumentException("z has " + z.length + " values, not a multiple of latent dim " + latentDim);
        }
        int n = z.length / latentDim;
        try (NDManager m = gan.manager().newSubManager()) {
            float[] grid = new float[resolution * resolution * 2];
            for (int r = 0; r < resolution; r++) {
                double y = bound - (r + 0.5) * 2 * bound / resolution;
                for (int c = 0; c < resolution; c++) {
                    double x = -bound + (c + 0.5) * 2 * bound / resolution;
                    int i = (r * resolution + c) * 2;
                    grid[i] = (float) x;
                    grid[i + 1] = (float) y;
                }
            }
            NDArray gridPoints = m.create(grid, new Shape((long) resolution * resolution, 2));
            float[] dReal = Activation.sigmoid(discriminateInChunks(gan, gridPoints)).toFloatArray();

            NDArray fake = gan.generate(m.create(z, new Shape(n, latentDim)), false).stopGradient();
            float[] fakeFlat = fake.toFloatArray();
            // G's push on its samples, a batch of at most CHUNK at a time (D's minibatch layers see
            // batches of the training size, not thousands of points at once)
            float[] pushFlat = new float[fakeFlat.length];
            for (int from = 0; from < n; from += CHUNK) {
                int count = Math.min(CHUNK, n - from);
                float[] part = new float[count * 2];
                System.arraycopy(fakeFlat, from * 2, part, 0, part.length);
                NDArray probe = m.create(part, new Shape(count, 2));
                probe.setRequiresGradient(true);
                try (GradientCollector gc = gan.engine().newGradientCollector()) {
                    // the loss is a mean over the samples: scale by their number to get each one's own gradient
                    NDArray fakeScores = gan.discriminate(probe, false);
                    NDArray lossG = loss.generatorObjective(GeneratorPass.ofScores(
                            () -> gan.discriminate(m.create(flat(real), new Shape(real.length, 2)), false), fakeScores));
                    gc.backward(lossG.mul(count));
                }
                System.arraycopy(probe.getGradient().neg().toFloatArray(), 0, pushFlat, from * 2, part.length);
            }
            float[][] push = GanData.points(pushFlat);
            return new Snapshot(-bound, bound, -bound, bound, resolution, dReal, real,
                    GanData.points(fakeFlat), push, step);
        }
    }

    private static float[] flat(float[][] points) {
        float[] out = new float[points.length * 2];
        for (int i = 0; i < points.length; i++) {
            out[2 * i] = points[i][0];
            out[2 * i + 1] = points[i][1];
        }
        return out;
    }

    /** Points per D call: D's minibatch layers (discrimination, stddev) compare samples within a call. */
    static final int CHUNK = 256;

    /** D's scores for many points, CHUNK at a time; the last chunk is padded by repeating its first point. */
    private static NDArray discriminateInChunks(Gan gan, NDArray points) {
        long total = points.getShape().get(0);
        NDManager m = points.getManager();
        float[] flatPoints = points.toFloatArray();
        float[] scores = new float[(int) total];
        for (int from = 0; from < total; from += CHUNK) {
            int count = (int) Math.min(CHUNK, total - from);
            int size = count < CHUNK && total > CHUNK ? CHUNK : count;
            float[] part = new float[size * 2];
            for (int i = 0; i < size; i++) {
                int src = from + (i < count ? i : 0);
                part[2 * i] = flatPoints[2 * src];
                part[2 * i + 1] = flatPoints[2 * src + 1];
            }
            float[] s = gan.discriminate(m.create(part, new Shape(size, 2)), false).toFloatArray();
            System.arraycopy(s, 0, scores, from, count);
        }
        return m.create(scores);
    }
}
