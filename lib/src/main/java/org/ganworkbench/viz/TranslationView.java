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

    /**
     * A paired set's image shape (C, H, W), and how its images become a figure: as RGB, in a grid
     * magnified to 64 pixels a side at least.
     */
    private record Dims(int c, int h, int w) {
        static Dims of(PairedSet data) {
            return new Dims(Math.toIntExact(data.sampleShape().get(0)), Math.toIntExact(data.sampleShape().get(1)),
                    Math.toIntExact(data.sampleShape().get(2)));
        }

        int plane() {
            return h * w;
        }

        /** Values of one RGB image. */
        int rgbSize() {
            return 3 * h * w;
        }

        /** n images (n, C, H·W) flat as RGB: 3 channels kept, 1 channel repeated thrice. */
        float[] rgb(float[] x, int n) {
            if (c == 3) {
                return x;
            }
            int plane = plane();
            float[] out = new float[n * 3 * plane];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    System.arraycopy(x, i * plane, out, (i * 3 + k) * plane, plane);
                }
            }
            return out;
        }

        /** {@code count} RGB images, {@code perRow} a row. */
        BufferedImage grid(float[] rgb, int count, int perRow) {
            return SampleGrid.of(rgb, count, 3, h, w, perRow, Math.max(1, 64 / h));
        }
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
            Dims d = Dims.of(data);
            return Panels.column(
                    Panels.titled("maps of " + data.name(), d.grid(colourMaps(data, pairs.indices()), n, n)),
                    Panels.titled("G(map)", d.grid(d.rgb(fake, n), n, n)),
                    Panels.titled("real", d.grid(d.rgb(pairs.images().toFloatArray(), n), n, n)));
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
        try (NDManager m = gan.manager().newSubManager()) {
            GanData.PairedBatch pairs = data.samplePaired(m, rng, maps);
            float[] coloured = colourMaps(data, pairs.indices());
            float[] real = dims.rgb(pairs.images().toFloatArray(), maps);
            int per = dims.rgbSize();
            float[] grid = new float[maps * (draws + 2) * per];
            for (int d = 0; d < draws; d++) {
                NDArray fake = gan.translate(pairs.maps(), rng);
                float[] f = dims.rgb(fake.toFloatArray(), maps);
                for (int i = 0; i < maps; i++) {
                    System.arraycopy(f, i * per, grid, (i * (draws + 2) + 1 + d) * per, per);
                }
            }
            for (int i = 0; i < maps; i++) {
                System.arraycopy(coloured, i * per, grid, i * (draws + 2) * per, per);
                System.arraycopy(real, i * per, grid, (i * (draws + 2) + draws + 1) * per, per);
            }
            return dims.grid(grid, maps * (draws + 2), draws + 2);
        }
    }

    /** Two rows of {@code n}: maps drawn from {@code data} with {@code seed} and their real images. */
    public static BufferedImage pairs(PairedSet data, int n, long seed) {
        try (NDManager m = org.ganworkbench.engine.Engines.newManager(null)) {
            GanData.PairedBatch pairs = data.samplePaired(m, new Random(seed), n);
            Dims d = Dims.of(data);
            return Panels.column(
                    Panels.titled("maps", d.grid(colourMaps(data, pairs.indices()), n, n)),
                    Panels.titled("real images", d.grid(d.rgb(pairs.images().toFloatArray(), n), n, n)));
        }
    }

    /**
     * The real one-to-many of a map: for each layout a row of its map and then {@code draws} real
     * images of it in fresh colours ({@link ShapeScenes#recoloured}, colours from {@code seed}).
     */
    public static BufferedImage realModes(List<ShapeScenes.Layout> layouts, int draws, long seed, int size) {
        List<ShapeScenes.Layout> all = ShapeScenes.recolourings(layouts, draws, new Random(seed));
        PairedSet set = ShapeScenes.render("recoloured", all, size);
        Dims dims = Dims.of(set);
        int per = dims.rgbSize();
        float[] px = set.images().toArray();
        float[] maps = colourMaps(set, java.util.stream.IntStream.range(0, set.count()).toArray());
        float[] grid = new float[layouts.size() * (draws + 1) * per];
        for (int i = 0; i < layouts.size(); i++) {
            System.arraycopy(maps, i * draws * per, grid, i * (draws + 1) * per, per);
            System.arraycopy(px, i * draws * per, grid, (i * (draws + 1) + 1) * per, draws * per);
        }
        return dims.grid(grid, layouts.size() * (draws + 1), draws + 1);
    }

    /**
     * For the live view: the maps, G's images of them and the real images ({@link #triplets}, the
     * same {@code n} maps drawn with {@code seed} every time), captioned with the step.
     */
    public static Function<GanTraining, BufferedImage> live(PairedSet data, int n, long seed) {
        return t -> Panels.titled("step " + t.step(), t.withAveragedGenerator(() -> triplets(t.gan(), data, n, seed)));
    }
}
