package org.ganworkbench.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.models.Gan;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a generator's self-attention looks (SAGAN's figure 1): for one sample and a few query
 * positions, the attention weights β of each query over the attended map, drawn over the sample.
 * The first panel is the sample with the queries marked; each further panel is the sample in grey
 * with the query's weights in red (scaled so the largest weight is full red), the query as a
 * green square. A query is given in the attended map's cells (a 16×16 map over a 32×32 image: one
 * cell is 2×2 pixels).
 */
public final class AttentionView {

    private AttentionView() {}

    /**
     * The panels for one latent and class.
     *
     * @param gan a conditional GAN whose G has self-attention
     * @param z one latent (latentDim values)
     * @param classIndex the class G is asked for
     * @param queries query cells {row, column} in the attended map
     * @param scale pixels per image pixel
     * @return a row of panels: the sample with its queries, then one per query
     */
    public static BufferedImage of(Gan gan, float[] z, int classIndex, int[][] queries, int scale) {
        int dim = gan.latent().dim();
        if (z.length != dim) {
            throw new IllegalArgumentException("one latent of " + dim + " values, got " + z.length);
        }
        int k = gan.architecture().classes();
        if (classIndex < 0 || classIndex >= k) {
            throw new IllegalArgumentException("class must be in [0, " + k + "), got " + classIndex);
        }
        Shape shape = gan.architecture().sampleShape();
        int c = (int) shape.get(0);
        int h = (int) shape.get(1);
        int w = (int) shape.get(2);
        float[] image;
        float[] beta;
        try (NDManager m = gan.manager().newSubManager()) {
            NDArray latent = m.create(z, new Shape(1, dim));
            NDArray y = GanData.oneHot(m, new int[] {classIndex}, k);
            image = gan.generate(latent, y, false).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            beta = gan.generatorAttention(latent, y).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        }
        int p = (int) Math.round(Math.sqrt(beta.length));
        int side = (int) Math.round(Math.sqrt(p));
        if (side * side != p || h % side != 0) {
            throw new IllegalStateException("attention over " + p + " positions does not tile a " + h + "x" + w + " image");
        }
        int cell = h / side;
        for (int[] q : queries) {
            if (q.length != 2 || q[0] < 0 || q[0] >= side || q[1] < 0 || q[1] >= side) {
                throw new IllegalArgumentException("a query is {row, column} in the " + side + "x" + side
                        + " attended map, got " + java.util.Arrays.toString(q));
            }
        }
        List<BufferedImage> panels = new ArrayList<>();
        BufferedImage sample = picture(image, c, h, w, scale, null, 0, side);
        Graphics2D g = sample.createGraphics();
        g.setStroke(new BasicStroke(Math.max(1, scale / 2f)));
        g.setColor(Color.GREEN);
        for (int[] q : queries) {
            g.drawRect(q[1] * cell * scale, q[0] * cell * scale, cell * scale - 1, cell * scale - 1);
        }
        g.dispose();
        panels.add(Panels.titled("sample, queries", sample));
        for (int[] q : queries) {
            int j = q[0] * side + q[1];
            float[] row = java.util.Arrays.copyOfRange(beta, j * p, (j + 1) * p);
            BufferedImage panel = picture(image, c, h, w, scale, row, j, side);
            panels.add(Panels.titled(String.format(Locale.ROOT, "query (%d, %d)", q[0], q[1]), panel));
        }
        return Panels.row(panels);
    }

    /** The sample (grey when weights are drawn over it), the weights in red, the query in green. */
    private static BufferedImage picture(float[] image, int c, int h, int w, int scale, float[] weights, int query,
                                         int side) {
        BufferedImage out = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        float max = 0;
        if (weights != null) {
            for (float v : weights) {
                max = Math.max(max, v);
            }
        }
        int cell = h / side;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float[] rgb = new float[3];
                for (int ch = 0; ch < 3; ch++) {
                    float v = image[(Math.min(ch, c - 1) * h + y) * w + x];
                    rgb[ch] = (v + 1) / 2;
                }
                int r;
                int gr;
                int b;
                if (weights == null) {
                    r = to255(rgb[0]);
                    gr = to255(rgb[1]);
                    b = to255(rgb[2]);
                } else {
                    float grey = 0.35f * (rgb[0] + rgb[1] + rgb[2]) / 3;
                    int i = (y / cell) * side + x / cell;
                    float a = max > 0 ? weights[i] / max : 0;
                    r = to255(grey + a * (1 - grey));
                    gr = to255(grey * (1 - a));
                    b = to255(grey * (1 - a));
                    if (i == query) {
                        r = 0;
                        gr = 255;
                        b = 0;
                    }
                }
                int argb = (r << 16) | (gr << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x * scale + dx, y * scale + dy, argb);
                    }
                }
            }
        }
        return out;
    }

    private static int to255(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
