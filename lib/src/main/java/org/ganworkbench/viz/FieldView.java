package org.ganworkbench.viz;

import org.ganworkbench.training.FieldProbe;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;

/**
 * The GAN Lab view of a 2-D GAN: D's output as the background (green where D says "real", purple
 * where it says "fake", white where it cannot tell), real points in green, generated points in
 * purple, and an arrow on each generated point showing where G's loss pushes it.
 */
public final class FieldView {

    private static final Color REAL = new Color(0, 120, 50);
    private static final Color FAKE = new Color(120, 40, 160);
    private static final Color ARROW = new Color(60, 60, 60, 170);
    private static final Color MODE = new Color(0, 0, 0, 90);

    private static final int CAPTION_HEIGHT = 20;
    private static final int LARGEST_FONT = 12;
    private static final int SMALLEST_FONT = 8;

    private FieldView() {}

    /**
     * The caption's font: bold sans-serif at 12 points, or smaller (down to 8) until the caption fits
     * {@code width} pixels. The caption strip keeps one height whatever the text, so the frames of
     * one run have one size (an animated GIF needs that), and a narrow film-strip frame shows its whole
     * caption instead of clipping it; only a caption too long for 8 points is clipped.
     */
    static Font captionFont(String caption, int width) {
        for (int pt = LARGEST_FONT; pt > SMALLEST_FONT; pt--) {
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, pt);
            if (Panels.textWidth(caption, font) <= width) {
                return font;
            }
        }
        return new Font(Font.SANS_SERIF, Font.BOLD, SMALLEST_FONT);
    }

    /** Renders a snapshot at {@code size} pixels square, with an optional caption (null for none). */
    public static BufferedImage render(FieldProbe.Snapshot s, int size, String caption) {
        return render(s, size, caption, null, 0);
    }

    /**
     * Renders a snapshot; when {@code modeCentres} is given, each mode is outlined by a circle of
     * radius {@code modeRadius} (e.g. 3σ, the "high quality" zone).
     */
    public static BufferedImage render(FieldProbe.Snapshot s, int size, String caption,
                                       double[][] modeCentres, double modeRadius) {
        int top = caption == null ? 0 : CAPTION_HEIGHT;
        BufferedImage img = new BufferedImage(size, size + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size + top);
        if (caption != null) {
            g.setColor(Color.DARK_GRAY);
            g.setFont(captionFont(caption, size - 8));
            g.drawString(caption, 4, 14);
        }
        g.translate(0, top);

        // heat map of D(x)
        int res = s.resolution();
        double cell = (double) size / res;
        for (int r = 0; r < res; r++) {
            for (int c = 0; c < res; c++) {
                g.setColor(heat(s.dReal()[r * res + c]));
                int x0 = (int) Math.floor(c * cell);
                int y0 = (int) Math.floor(r * cell);
                g.fillRect(x0, y0, (int) Math.ceil((c + 1) * cell) - x0, (int) Math.ceil((r + 1) * cell) - y0);
            }
        }
        double sx = size / (s.xMax() - s.xMin());
        double sy = size / (s.yMax() - s.yMin());

        if (modeCentres != null) {
            g.setColor(MODE);
            g.setStroke(new BasicStroke(1f));
            for (double[] m : modeCentres) {
                double rx = modeRadius * sx;
                double ry = modeRadius * sy;
                g.draw(new Ellipse2D.Double(px(m[0], s, sx) - rx, py(m[1], s, sy) - ry, 2 * rx, 2 * ry));
            }
        }
        g.setColor(REAL);
        for (float[] p : s.real()) {
            dot(g, px(p[0], s, sx), py(p[1], s, sy), 3);
        }
        // arrows: scaled so the longest is 8% of the plot
        double maxLen = 1e-12;
        for (float[] v : s.push()) {
            maxLen = Math.max(maxLen, Math.hypot(v[0], v[1]));
        }
        double arrowScale = 0.08 * size / maxLen;
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < s.fake().length; i++) {
            float[] p = s.fake()[i];
            float[] v = s.push()[i];
            double x0 = px(p[0], s, sx);
            double y0 = py(p[1], s, sy);
            double x1 = x0 + v[0] * arrowScale;
            double y1 = y0 - v[1] * arrowScale;
            g.setColor(ARROW);
            g.draw(new Line2D.Double(x0, y0, x1, y1));
        }
        g.setColor(FAKE);
        for (float[] p : s.fake()) {
            dot(g, px(p[0], s, sx), py(p[1], s, sy), 3);
        }
        g.setColor(Color.GRAY);
        g.drawRect(0, 0, size - 1, size - 1);
        g.dispose();
        return img;
    }

    private static double px(double x, FieldProbe.Snapshot s, double sx) {
        return (x - s.xMin()) * sx;
    }

    private static double py(double y, FieldProbe.Snapshot s, double sy) {
        return (s.yMax() - y) * sy;
    }

    private static void dot(Graphics2D g, double x, double y, double d) {
        g.fill(new Ellipse2D.Double(x - d / 2, y - d / 2, d, d));
    }

    /** purple (0, "fake") to white (0.5) to green (1, "real"), pale so points stay visible. */
    static Color heat(float p) {
        if (Float.isNaN(p)) {
            return Color.LIGHT_GRAY;
        }
        double t = Math.max(0, Math.min(1, p));
        double a = Math.abs(t - 0.5) * 2 * 0.55;
        Color target = t >= 0.5 ? new Color(90, 190, 110) : new Color(170, 110, 210);
        int r = (int) Math.round(255 + (target.getRed() - 255) * a);
        int gr = (int) Math.round(255 + (target.getGreen() - 255) * a);
        int b = (int) Math.round(255 + (target.getBlue() - 255) * a);
        return new Color(r, gr, b);
    }
}
