package org.ganworkbench.metrics;

import org.ganworkbench.data.PairedSet;
import org.ganworkbench.models.Gan;


/**
 * How colourful the shapes of translated scenes are: the mean, over the pixels whose label is not
 * background, of the pixel's chroma, the spread of its red, green and blue values,
 *
 * <pre>
 *   chroma = mean_{pixels p with label(p) ≠ 0}  (max(R, G, B) − min(R, G, B)) / 2     on images in [-1, 1]
 * </pre>
 *
 * 0 for grey, 1 for a pure red, green or blue. This is what a map-to-image objective with a pixel
 * distance alone gets wrong: the map does not say a shape's colour, and the colour nearest to all
 * the colours a shape may have is a dull middle one (for L1, the per-channel median), so such a
 * generator paints greyish shapes. Real Shapes scenes draw each shape's saturation from 0.55 to 1
 * and brightness from 0.7 to 1 ({@code Shapes.shapeColour}), which puts their chroma, the product of
 * the two, between 0.39 and 1 (lower on anti-aliased edges).
 */
public final class ShapeChroma {

    private ShapeChroma() {}

    /**
     * The mean chroma of the labelled (non-background) pixels.
     *
     * @param images n RGB images (n, 3, H, W), flat, in [-1, 1]
     * @param labels each image's label map, H·W class ids, 0 = background
     * @return the mean chroma, in [0, 1] for images in [-1, 1]
     * @throws IllegalArgumentException if the sizes do not fit or no pixel is labelled
     */
    public static double foreground(float[] images, int[][] labels) {
        int n = labels.length;
        if (n == 0 || images.length % (3L * n) != 0 || images.length / (3 * n) != labels[0].length) {
            throw new IllegalArgumentException("shape chroma needs n RGB images and n label maps of their size: "
                    + images.length + " values and " + n + " maps of " + (n == 0 ? 0 : labels[0].length) + " pixels");
        }
        int plane = labels[0].length;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i].length != plane) {
                throw new IllegalArgumentException("label map " + i + " has " + labels[i].length + " pixels, map 0 has "
                        + plane);
            }
            int r = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                if (labels[i][p] == 0) {
                    continue;
                }
                float red = images[r + p];
                float green = images[r + plane + p];
                float blue = images[r + 2 * plane + p];
                sum += (Math.max(red, Math.max(green, blue)) - Math.min(red, Math.min(green, blue))) / 2.0;
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("shape chroma: none of the " + n + " label maps has a labelled pixel");
        }
        return sum / count;
    }

    /**
     * The chroma of a translation GAN's images of the first {@code maps} maps of {@code data}
     * (inference mode, clipped to [-1, 1]; latents from {@code seed}, dropout masks from the engine's
     * generator seeded with it).
     */
    public static double of(Gan gan, PairedSet data, int maps, long seed) {
        requireRgb(data);
        return foreground(TranslatedMaps.draw(gan, data, maps, 1, seed)[0], labelMaps(data, maps));
    }

    /** The chroma of the real images of the first {@code maps} maps of {@code data}. */
    public static double real(PairedSet data, int maps) {
        requireRgb(data);
        return foreground(data.images().head(maps).toArray(), labelMaps(data, maps));
    }

    private static int[][] labelMaps(PairedSet data, int maps) {
        if (maps < 1 || maps > data.count()) {
            throw new IllegalArgumentException("shape chroma: maps must be 1.." + data.count() + " for " + data.name()
                    + ", got " + maps);
        }
        int[][] labels = new int[maps][];
        for (int i = 0; i < maps; i++) {
            labels[i] = data.labelMap(i);
        }
        return labels;
    }

    private static void requireRgb(PairedSet data) {
        if (data.sampleShape().get(0) != 3) {
            throw new IllegalArgumentException("shape chroma needs RGB images; " + data.name() + " has "
                    + data.sampleShape().get(0) + " channel(s)");
        }
    }
}
