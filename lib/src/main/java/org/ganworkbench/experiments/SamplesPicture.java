package org.ganworkbench.experiments;

import org.ganworkbench.data.GanData;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.storage.AtomicFiles;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.viz.TranslationView;
import org.ganworkbench.viz.Views;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

/**
 * A run's samples.png: for 2-D data the field view ({@link Views#fieldImage}: generated points over
 * real points, D's heat map, mode circles), else a grid of generated images. Latents are drawn from
 * a fixed seed, so pictures of different runs show what each G makes of the same z. A conditional
 * G's grid has one row per class.
 */
final class SamplesPicture {

    static final int DEFAULT_POINTS = 500;
    static final int DEFAULT_IMAGES = 64;
    private static final long LATENT_SEED = 7;
    private static final long REAL_SEED = 11;

    private SamplesPicture() {}

    /** Writes the picture of {@code count} samples (-1: the default, 0: none) atomically to {@code file}. */
    static void write(GanTraining run, int count, Path file) {
        if (count == 0) {
            return;
        }
        GanData data = run.config().data();
        boolean points = data.sampleShape().dimension() == 1 && data.sampleShape().get(0) == 2;
        int n = count > 0 ? count : points ? DEFAULT_POINTS : DEFAULT_IMAGES;
        float[] z = run.gan().latent().draw(new Random(LATENT_SEED), n);
        BufferedImage image;
        if (points) {
            float[][] real = Views.points(data, n, REAL_SEED);
            double b = bound(data, real);
            image = run.withAveragedGenerator(() -> Views.fieldImage(run, z, real, b, 480, data));
        } else if (run.gan().architecture().mapShape() != null && data instanceof PairedSet paired) {
            // a translation GAN: its images of maps from the data, beside the maps and the real images
            image = run.withAveragedGenerator(() -> TranslationView.triplets(run.gan(), paired, n, REAL_SEED));
        } else {
            int classes = run.gan().architecture().classes();   // conditional: one row per class
            int cols = classes > 0 ? (n + classes - 1) / classes : (int) Math.ceil(Math.sqrt(n));
            image = run.withAveragedGenerator(() -> Views.sampleGrid(run.gan(), z, cols));
        }
        AtomicFiles.writePng(file, image);
    }

    /** Half-width of the plotted square: the farthest mode centre (or real point) plus a margin. */
    private static double bound(GanData data, float[][] real) {
        double max = 0;
        if (data instanceof Toy2d toy) {
            for (double[] c : toy.modeCentres()) {
                max = Math.max(max, Math.max(Math.abs(c[0]), Math.abs(c[1])));
            }
        } else {
            for (float[] p : real) {
                max = Math.max(max, Math.max(Math.abs(p[0]), Math.abs(p[1])));
            }
        }
        return max + Math.max(0.5, 0.25 * max);
    }
}
