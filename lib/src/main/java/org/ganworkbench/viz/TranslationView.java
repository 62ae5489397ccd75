package org.ganworkbench.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.models.Gan;
import org.ganworkbench.training.GanTraining;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * What a translation GAN makes of maps: the label map (one colour per class, instance edges in
 * white), G's image of it and the real image paired with it, side by side; and several images of
 * one map under different latents (SPADE) or dropout masks (pix2pix), the multi-modal view.
 */
public final class TranslationView {

    private TranslationView() {}

    /**
     * The colour of label class {@code k} of {@code classes}: class 0 (the background) dark grey, the
     * others evenly spaced hues, full saturation.
     *
     * @return {@code 0xRRGGBB}
     */
    public static int colour(int k, int classes) {
        if (k == 0) {
            return 0x404040;
        }
        return Color.HSBtoRGB((float) (k - 1) / Math.max(1, classes - 1), 0.85f, 0.95f) & 0xFFFFFF;
    }

    /**
     * Label maps as RGB images (n, 3, H, W) in [-1, 1], flat: each pixel its class's {@link #colour},
     * white on instance edges.
     */
    public static float[] colourMaps(PairedSet data, int[] indices) {
        int plane = Dims.of(data).plane();
        float[] out = new float[indices.length * 3 * plane];
        for (int n = 0; n < indices.length; n++) {
            int[] labels = data.labelMap(indices[n]);
            boolean[] edges = data.edgeMap(indices[n]);
            for (int p = 0; p < plane; p++) {
                int rgb = edges[p] ? 0xFFFFFF : colour(labels[p], data.labelClasses());
                int at = n * 3 * plane + p;
                out[at] = ((rgb >> 16) & 0xFF) / 127.5f - 1;
                out[at + plane] = ((rgb >> 8) & 0xFF) / 127.5f - 1;
                out[at + 2 * plane] = (rgb & 0xFF) / 127.5f - 1;
            }
        }
        return out;
    }

    /** A paired set's image shape (C, H, W) and the grid's magnification (64 pixels at least). */
    private record Dims(int c, int h, int w) {
        static Dims of(PairedSet data) {
            return new Dims(Math.toIntExact(data.sampleShape().get(0)), Math.toIntExact(data.sampleShape().get(1)),
                    Math.toIntExact(data.sampleShape().get(2)));
        }

        int plane() {
            return h * w;
        }

        int scale() {
            return Math.max(1, 64 / h);
        }
    }

    /** Images (n, c, H·W) flat as RGB: 3 channels kept, 1 channel repeated thrice. */
    private static float[] rgb(float[] x, int n, int c, int plane) {
        if (c == 3) {
            return x;
        }
        float[] out = new float[n * 3 * plane];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                System.arraycopy(x, i * plane, out, (i * 3 + k) * plane, plane);
            }
        }
        return out;
    }

    /**
     * Three rows of {@code n}: maps drawn from {@code data} with {@code seed} (the titles name the
     * data: training maps in a run's samples.png), G's images of them (inference mode, latents from
     * {@code seed} too, dropout masks from the engine's generator seeded with it), and the real images
     * paired with them.
     */
    public static BufferedImage triplets(Gan gan, PairedSet data, int n, long seed) {
        Random rng = new Random(seed);
        org.ganworkbench.engine.Engines.seedRandom(gan.engine(), seed);   // dropout masks too
        try (NDManager m = gan.manager().newSubManager()) {
            GanData.PairedBatch pairs = data.samplePaired(m, rng, n);
            float[] fake = gan.translate(pairs.maps(), rng).toFloatArray();
            Dims dims = Dims.of(data);
            int c = dims.c();
            int h = dims.h();
            int w = dims.w();
            int scale = dims.scale();
            return Panels.column(
                    Panels.titled("maps of " + data.name(), SampleGrid.of(colourMaps(data, pairs.indices()), n, 3, h, w, n,
                            scale)),
                    Panels.titled("G(map)", SampleGrid.of(rgb(fake, n, c, h * w), n, 3, h, w, n, scale)),
                    Panels.titled("real", SampleGrid.of(rgb(pairs.images().toFloatArray(), n, c, h * w), n, 3, h, w, n,
                            scale)));
        }
    }

    /**
     * Multi-modal output: for each of {@code maps} maps drawn with {@code seed}, a row of the map and
     * then {@code draws} images of it, each with a fresh latent (and, for a generator with dropout
     * noise, a fresh mask), then the real image.
     */
    public static BufferedImage modes(Gan gan, PairedSet data, int maps, int draws, long seed) {
        Random rng = new Random(seed);
        org.ganworkbench.engine.Engines.seedRandom(gan.engine(), seed);   // dropout masks too
        Dims dims = Dims.of(data);
        int c = dims.c();
        int h = dims.h();
        int w = dims.w();
        int scale = dims.scale();
        try (NDManager m = gan.manager().newSubManager()) {
            GanData.PairedBatch pairs = data.samplePaired(m, rng, maps);
            float[] coloured = colourMaps(data, pairs.indices());
            float[] real = rgb(pairs.images().toFloatArray(), maps, c, h * w);
            int per = 3 * h * w;
            float[] grid = new float[maps * (draws + 2) * per];
            for (int d = 0; d < draws; d++) {
                NDArray fake = gan.translate(pairs.maps(), rng);
                float[] f = rgb(fake.toFloatArray(), maps, c, h * w);
                for (int i = 0; i < maps; i++) {
                    System.arraycopy(f, i * per, grid, (i * (draws + 2) + 1 + d) * per, per);
                }
            }
            for (int i = 0; i < maps; i++) {
                System.arraycopy(coloured, i * per, grid, i * (draws + 2) * per, per);
                System.arraycopy(real, i * per, grid, (i * (draws + 2) + draws + 1) * per, per);
            }
            return SampleGrid.of(grid, maps * (draws + 2), 3, h, w, draws + 2, scale);
        }
    }

    /** Two rows of {@code n}: maps drawn from {@code data} with {@code seed} and their real images. */
    public static BufferedImage pairs(PairedSet data, int n, long seed) {
        try (NDManager m = org.ganworkbench.engine.Engines.newManager(null)) {
            GanData.PairedBatch pairs = data.samplePaired(m, new Random(seed), n);
            Dims dims = Dims.of(data);
            int c = dims.c();
            int h = dims.h();
            int w = dims.w();
            int scale = dims.scale();
            return Panels.column(
                    Panels.titled("maps", SampleGrid.of(colourMaps(data, pairs.indices()), n, 3, h, w, n, scale)),
                    Panels.titled("real images", SampleGrid.of(rgb(pairs.images().toFloatArray(), n, c, h * w), n, 3, h,
                            w, n, scale)));
        }
    }

    /**
     * The real one-to-many of a map: for each layout a row of its map and then {@code draws} real
     * images of it in fresh colours ({@link ShapeScenes#recoloured}, colours from {@code seed}).
     */
    public static BufferedImage realModes(List<ShapeScenes.Layout> layouts, int draws, long seed, int size) {
        List<ShapeScenes.Layout> all = ShapeScenes.recolourings(layouts, draws, new Random(seed));
        PairedSet set = ShapeScenes.render("recoloured", all, size);
        int per = 3 * size * size;
        float[] px = set.images().toArray();
        float[] maps = colourMaps(set, java.util.stream.IntStream.range(0, set.count()).toArray());
        float[] grid = new float[layouts.size() * (draws + 1) * per];
        for (int i = 0; i < layouts.size(); i++) {
            System.arraycopy(maps, i * draws * per, grid, i * (draws + 1) * per, per);
            System.arraycopy(px, i * draws * per, grid, (i * (draws + 1) + 1) * per, draws * per);
        }
        return SampleGrid.of(grid, layouts.size() * (draws + 1), 3, size, size, draws + 1, Math.max(1, 64 / size));
    }

    /**
     * For the live view: the maps, G's images of them and the real images ({@link #triplets}, the
     * same {@code n} maps drawn with {@code seed} every time), captioned with the step.
     */
    public static Function<GanTraining, BufferedImage> live(PairedSet data, int n, long seed) {
        return t -> Panels.titled("step " + t.step(), t.withAveragedGenerator(() -> triplets(t.gan(), data, n, seed)));
    }
}
