package org.ganworkbench.experiments;

import org.ganworkbench.viz.Panels;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sample pictures a sweep's runs left in their folders, laid out as one labelled contact sheet. */
public final class SweepPictures {

    private SweepPictures() {}

    /** {@link #samples(Results, long, String, int, int)} for the sweep's first seed. */
    public static BufferedImage samples(Results results, String metric, int thumb, int columns) {
        return samples(results, results.sweep().seeds().get(0), metric, thumb, columns);
    }

    /**
     * One thumbnail per variant (the run with {@code seed}), captioned with the variant and, if
     * given, the value of {@code metric}; {@code columns} per row.
     */
    public static BufferedImage samples(Results results, long seed, String metric, int thumb, int columns) {
        List<BufferedImage> cells = new ArrayList<>();
        for (Map.Entry<SweepRun, RunResult> e : results.byRun().entrySet()) {
            SweepRun run = e.getKey();
            if (run.seed() != seed) {
                continue;
            }
            Path file = results.dir(run).resolve(RunFolder.SAMPLES);
            BufferedImage image = read(file);
            String caption = run.variant();
            if (e.getValue().failed()) {
                caption += " (failed)";
            } else if (metric != null && !Double.isNaN(e.getValue().metric(metric))) {
                caption += String.format(Locale.ROOT, " · %s %.3g", metric, e.getValue().metric(metric));
            }
            cells.add(Panels.titled(caption, image == null ? blank(thumb) : scale(image, thumb)));
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("no finished run with seed " + seed + " in " + results.directory());
        }
        List<BufferedImage> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i += columns) {
            rows.add(Panels.row(cells.subList(i, Math.min(cells.size(), i + columns))));
        }
        return Panels.column(rows.toArray(new BufferedImage[0]));
    }

    /**
     * A run's course: its snapshot pictures ({@link RunHistory#pictures()}) in a row, captioned with
     * the step and, if given, the value of {@code metric} measured then.
     */
    public static BufferedImage course(RunHistory history, String metric, int thumb) {
        Map<Integer, Path> pictures = history.pictures();
        if (pictures.isEmpty()) {
            throw new IllegalArgumentException("the run has no snapshot pictures (set evaluation.every in its spec)");
        }
        tech.tablesaw.api.Table t = metric == null ? null : history.table();
        List<BufferedImage> cells = new ArrayList<>();
        for (Map.Entry<Integer, Path> e : pictures.entrySet()) {
            String caption = "step " + e.getKey();
            if (t != null) {
                int row = history.steps().indexOf(e.getKey());
                caption += String.format(Locale.ROOT, " · %.3g", t.doubleColumn(metric).get(row));
            }
            cells.add(Panels.titled(caption, scale(read(e.getValue()), thumb)));
        }
        return Panels.row(cells);
    }

    private static BufferedImage read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample picture " + file, e);
        }
    }

    private static BufferedImage blank(int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.dispose();
        return out;
    }

    static BufferedImage scale(BufferedImage image, int size) {
        double f = (double) size / Math.max(image.getWidth(), image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * f));
        int h = Math.max(1, (int) Math.round(image.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
