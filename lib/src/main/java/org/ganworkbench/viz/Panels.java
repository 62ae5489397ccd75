package org.ganworkbench.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Composes images: side by side, stacked, with a caption. For notebook figures and live views. */
public final class Panels {

    private static final int GAP = 8;

    private Panels() {}

    /** Images side by side, top-aligned, on white. */
    public static BufferedImage row(BufferedImage... images) {
        return row(List.of(images));
    }

    /** Images side by side, top-aligned, on white. */
    public static BufferedImage row(List<BufferedImage> images) {
        int w = GAP * (images.size() - 1);
        int h = 0;
        for (BufferedImage i : images) {
            w += i.getWidth();
            h = Math.max(h, i.getHeight());
        }
        BufferedImage out = blank(Math.max(1, w), Math.max(1, h));
        Graphics2D g = out.createGraphics();
        int x = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, x, 0, null);
            x += i.getWidth() + GAP;
        }
        g.dispose();
        return out;
    }

    /** Images stacked top to bottom, left-aligned, on white. */
    public static BufferedImage column(BufferedImage... images) {
        int w = 0;
        int h = GAP * (images.length - 1);
        for (BufferedImage i : images) {
            w = Math.max(w, i.getWidth());
            h += i.getHeight();
        }
        BufferedImage out = blank(Math.max(1, w), Math.max(1, h));
        Graphics2D g = out.createGraphics();
        int y = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, 0, y, null);
            y += i.getHeight() + GAP;
        }
        g.dispose();
        return out;
    }

    /** Two captioned images next to each other, e.g. a collapsing and a healthy run. */
    public static BufferedImage sideBySide(String leftTitle, BufferedImage left, String rightTitle, BufferedImage right) {
        return row(titled(leftTitle, left), titled(rightTitle, right));
    }

    /** The image with a caption line above it. */
    public static BufferedImage titled(String caption, BufferedImage image) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        int lineH = 20;
        BufferedImage out = blank(Math.max(image.getWidth(), textWidth(caption, font) + 8), image.getHeight() + lineH);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.DARK_GRAY);
        g.setFont(font);
        g.drawString(caption, 4, 15);
        g.drawImage(image, 0, lineH, null);
        g.dispose();
        return out;
    }

    /** A text line as an image, e.g. a progress line in the live view. */
    public static BufferedImage text(String line, int width) {
        Font font = new Font(Font.MONOSPACED, Font.PLAIN, 13);
        BufferedImage out = blank(Math.max(width, textWidth(line, font) + 8), 20);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(font);
        g.drawString(line, 4, 15);
        g.dispose();
        return out;
    }

    /** The width of {@code text} in {@code font}, measured on a scratch image (works headless). */
    static int textWidth(String text, Font font) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        FontMetrics fm = g.getFontMetrics(font);
        int w = fm.stringWidth(text);
        g.dispose();
        return w;
    }

    private static BufferedImage blank(int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return out;
    }
}
