package org.ganworkbench.viz;

import org.ganworkbench.data.ImageSet;
import org.ganworkbench.metrics.LaplacianPyramid;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The Laplacian pyramid that the sliced Wasserstein distance reads ({@link LaplacianPyramid}): for
 * each of the first n images of a set, one column per level — the band-pass images (detail at one
 * scale, grey = 0, contrast doubled so the bands are visible) from the finest down, then the
 * 16×16 low-pass image — and the image rebuilt from them. Every level is shown at the image's size
 * (nearest neighbour), so a coarse level's pixels appear as blocks.
 */
public final class PyramidView {

    private static final int SCALE = 3;

    private PyramidView() {}

    /** The pyramid of the first {@code n} images of {@code images}. */
    public static BufferedImage of(ImageSet images, int n) {
        ImageSet head = images.head(n);
        int count = head.count();
        int c = head.channels();
        int h = head.height();
        int w = head.width();
        LaplacianPyramid p = LaplacianPyramid.of(head.toArray(), count, c, h, w);
        List<BufferedImage> columns = new ArrayList<>();
        columns.add(Panels.titled("image", SampleGrid.of(head.toArray(), count, c, h, w, 1, SCALE)));
        for (int l = 0; l < p.levels(); l++) {
            boolean lowPass = l == p.levels() - 1;
            float[] level = p.level(l);
            for (int i = 0; i < level.length; i++) {
                level[i] = Math.max(-1f, Math.min(1f, lowPass ? level[i] : 2 * level[i]));
            }
            int lh = p.height(l);
            int lw = p.width(l);
            String title = lowPass ? "low-pass " + lh + "×" + lw : "band " + lh + "×" + lw;
            columns.add(Panels.titled(title, SampleGrid.of(level, count, c, lh, lw, 1, SCALE * h / lh)));
        }
        columns.add(Panels.titled("rebuilt", SampleGrid.of(clamp(p.reconstruct()), count, c, h, w, 1, SCALE)));
        return Panels.row(columns);
    }

    private static float[] clamp(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(-1f, Math.min(1f, v[i]));
        }
        return v;
    }
}
