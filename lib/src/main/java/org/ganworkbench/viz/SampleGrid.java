package org.ganworkbench.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A grid of images as one {@link BufferedImage}: generated samples, real images, interpolation
 * strips. Pixels in [-1, 1] map to [0, 255]; 1 or 3 channels; each image is enlarged by an integer
 * factor (nearest neighbour, so pixels stay honest) and separated by a thin gap.
 */
public final class SampleGrid {

    private static final Color GAP = new Color(40, 40, 40);

    private SampleGrid() {}

    /** A grid of a batch (N, C, H, W) in [-1, 1], {@code columns} wide, each image scaled ×{@code scale}. */
    public static BufferedImage of(NDArray images, int columns, int scale) {
        Shape s = checkBatch(images);
        return of(images.toFloatArray(), (int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3),
                columns, scale);
    }

    /** A grid of a batch (N, C, H, W) in [-1, 1], scaled so that each image is at least 56 px. */
    public static BufferedImage of(NDArray images, int columns) {
        int h = (int) checkBatch(images).get(2);
        return of(images, columns, Math.max(1, 56 / Math.max(1, h)));
    }

    /** A grid of every image of a set, {@code columns} wide, each image scaled ×{@code scale}. */
    public static BufferedImage of(org.ganworkbench.data.ImageSet images, int columns, int scale) {
        return of(images.toArray(), images.count(), images.channels(), images.height(), images.width(), columns, scale);
    }

    /**
     * A grid from a flat row-major array of {@code n} images of shape (c, h, w) in [-1, 1].
     */
    public static BufferedImage of(float[] pixels, int n, int c, int h, int w, int columns, int scale) {
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("images need 1 or 3 channels, got " + c);
        }
        if (pixels.length != (long) n * c * h * w) {
            throw new IllegalArgumentException("expected " + n + "×" + c + "×" + h + "×" + w + " = "
                    + ((long) n * c * h * w) + " values, got " + pixels.length);
        }
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns and scale must be >= 1");
        }
        int cols = Math.min(columns, Math.max(1, n));
        int rows = (n + cols - 1) / cols;
        int gap = 2;
        int cellW = w * scale;
        int cellH = h * scale;
        BufferedImage img = new BufferedImage(cols * (cellW + gap) + gap, rows * (cellH + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(GAP);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int x0 = gap + (i % cols) * (cellW + gap);
            int y0 = gap + (i / cols) * (cellH + gap);
            int base = i * c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int r = toByte(pixels[base + p]);
                    int gr = c == 3 ? toByte(pixels[base + plane + p]) : r;
                    int b = c == 3 ? toByte(pixels[base + 2 * plane + p]) : r;
                    int rgb = (r << 16) | (gr << 8) | b;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    private static Shape checkBatch(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("SampleGrid needs images of shape (N, C, H, W), got " + s);
        }
        return s;
    }

    private static int toByte(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        int b = Math.round((v + 1f) * 127.5f);
        return Math.max(0, Math.min(255, b));
    }
}
