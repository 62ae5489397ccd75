package org.ganworkbench.viz;

import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.NearestNeighbours;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The memorization check as a picture: one row per generated image, the generated image first
 * (framed in orange, column headed "generated"), then its nearest training images, nearest first,
 * each with its distance underneath. Near-identical neighbours at a small distance mean the
 * generator copies; similar but different garments mean it generalizes.
 *
 * <pre>
 * var nn = NearestNeighbours.inPixels(train, samples, 8, 5);
 * display(NeighbourView.of(train, samples, nn));
 * </pre>
 */
public final class NeighbourView {

    private static final Color MARK = new Color(255, 140, 0);
    private static final Color TEXT = new Color(220, 220, 220);
    private static final Color BACKGROUND = new Color(40, 40, 40);

    private NeighbourView() {}

    /**
     * Finds the {@code k} nearest training images (pixel L2) of the first {@code count} generated
     * images and draws them.
     *
     * @param training the training images
     * @param generated at least {@code count} images of the training shape, flat
     * @param count generated images to show (rows), at least 1
     * @param k neighbours per row, at least 1
     * @return the picture
     */
    public static BufferedImage of(ImageSet training, float[] generated, int count, int k) {
        int pixels = training.channels() * training.height() * training.width();
        if (generated.length < (long) count * pixels) {
            throw new IllegalArgumentException(count + " generated images need " + ((long) count * pixels)
                    + " values, got " + generated.length);
        }
        float[] shown = java.util.Arrays.copyOf(generated, count * pixels);
        return of(training, shown, NearestNeighbours.inPixels(training, shown, count, k));
    }

    /**
     * Draws neighbours found earlier.
     *
     * @param training the training images the indices point into
     * @param generated the generated images the neighbours were found for, flat
     * @param neighbours the search result
     * @return the picture
     */
    public static BufferedImage of(ImageSet training, float[] generated, NearestNeighbours.Result neighbours) {
        int c = training.channels();
        int h = training.height();
        int w = training.width();
        int pixels = c * h * w;
        int rows = neighbours.queries();
        int k = neighbours.k();
        if (generated.length != (long) rows * pixels) {
            throw new IllegalArgumentException(rows + " generated images of (" + c + ", " + h + ", " + w + ") need "
                    + ((long) rows * pixels) + " values, got " + generated.length);
        }
        int cols = k + 1;
        float[] cells = new float[rows * cols * pixels];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(generated, r * pixels, cells, (r * cols) * pixels, pixels);
            for (int j = 0; j < k; j++) {
                float[] img = training.image(neighbours.indices()[r][j]);
                System.arraycopy(img, 0, cells, (r * cols + j + 1) * pixels, pixels);
            }
        }
        int scale = Math.max(1, 56 / Math.max(1, h));
        BufferedImage grid = SampleGrid.of(cells, rows * cols, c, h, w, cols, scale);
        int cellW = w * scale;
        int cellH = h * scale;
        int gap = (grid.getWidth() - cols * cellW) / (cols + 1);

        int header = 18;
        int caption = 14;
        int rowH = cellH + gap + caption;
        BufferedImage out = new BufferedImage(grid.getWidth(), header + gap + rows * rowH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(MARK);
        g.drawString(fit("generated", fm, cellW), gap, header - 5);
        g.setColor(TEXT);
        String title = "nearest training images (L2 in " + neighbours.space() + ")";
        int titleX = 2 * gap + cellW + 6;
        g.drawString(fit(title, fm, out.getWidth() - titleX - gap), titleX, header - 5);
        for (int r = 0; r < rows; r++) {
            int srcY = gap + r * (cellH + gap);
            int dstY = header + gap + r * rowH;
            // the row of images, cut from the grid (with its gaps), then the distances under it
            g.drawImage(grid.getSubimage(0, srcY, grid.getWidth(), cellH), 0, dstY, null);
            g.setColor(MARK);
            g.setStroke(new BasicStroke(2f));
            g.drawRect(gap - 1, dstY - 1, cellW + 1, cellH + 1);
            g.setColor(TEXT);
            for (int j = 0; j < k; j++) {
                String d = String.format("%.2f", neighbours.distances()[r][j]);
                int x0 = gap + (j + 1) * (cellW + gap);
                g.drawString(d, x0 + (cellW - fm.stringWidth(d)) / 2, dstY + cellH + fm.getAscent());
            }
        }
        g.dispose();
        return out;
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
