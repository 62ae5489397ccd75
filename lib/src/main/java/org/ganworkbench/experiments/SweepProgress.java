package org.ganworkbench.experiments;

import org.ganworkbench.viz.Notebook;
import org.ganworkbench.viz.Panels;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live view of a sweep: a progress line ("17/66 runs done, 4 skipped") and the sample pictures
 * of the most recently finished runs with their metrics, updated in place in a notebook. Outside a
 * notebook it prints one line per finished run.
 */
public final class SweepProgress implements SweepListener {

    private static final int THUMB = 200;
    private static final int SHOWN = 4;

    private final Path sweepDir;
    private final List<BufferedImage> recent = new ArrayList<>();
    private String displayId;
    private int total;
    private int skipped;
    private String title = "";

    /** Progress of the sweep writing into {@code sweepDir}. */
    public SweepProgress(Path sweepDir) {
        this.sweepDir = sweepDir;
    }

    @Override
    public void sweepStarted(Sweep sweep, int total, int toRun) {
        this.total = total;
        this.skipped = total - toRun;
        this.title = sweep.name();
        show(String.format(Locale.ROOT, "%s: %d runs, %d finished before (skipped), %d to run", title, total,
                skipped, toRun));
    }

    @Override
    public void runFinished(SweepRun run, RunResult result, int done, int toRun) {
        String line = String.format(Locale.ROOT, "%s: %d/%d runs done (%d skipped); last: %s seed %d %s in %.0f s %s",
                title, skipped + done, total, skipped, run.variant(), run.seed(), result.status(), result.seconds(),
                brief(result.metrics()));
        BufferedImage samples = read(run.dir(sweepDir).resolve(RunFolder.SAMPLES));
        if (samples != null) {
            recent.add(0, Panels.titled(run.variant() + " · seed " + run.seed(), scale(samples, THUMB)));
            if (recent.size() > SHOWN) {
                recent.remove(recent.size() - 1);
            }
        }
        show(line);
    }

    @Override
    public void runCrashed(SweepRun run, String message) {
        // an interrupted run's message says so ("run ... interrupted at step ..."): no "crashed" then
        boolean interrupted = message.contains(" interrupted ");
        show(title + ": " + run.variant() + " seed " + run.seed() + (interrupted ? " stopped: " : " crashed: ") + message);
    }

    @Override
    public void runLost(SweepRun run, String message) {
        show(title + ": " + run.variant() + " seed " + run.seed() + " lost with its executor; it runs again elsewhere");
    }

    @Override
    public void sweepFinished(Results results) {
        show(String.format(Locale.ROOT, "%s: all %d runs finished", title, total));
    }

    private void show(String line) {
        if (!Notebook.inKernel()) {
            System.out.println(line);
            return;
        }
        BufferedImage body = recent.isEmpty() ? null : Panels.row(recent);
        int width = body == null ? 900 : Math.max(900, body.getWidth());
        BufferedImage frame = body == null ? Panels.text(line, width) : Panels.column(Panels.text(line, width), body);
        if (displayId == null) {
            displayId = Notebook.display(frame);
        } else {
            Notebook.update(displayId, frame);
        }
    }

    private static String brief(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder();
        metrics.forEach((k, v) -> s.append(String.format(Locale.ROOT, " %s %.3g", k, v)));
        return s.toString().trim();
    }

    private static BufferedImage read(Path file) {
        try {
            return Files.exists(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            return null;   // a picture is a nicety; the run's result is what counts
        }
    }

    private static BufferedImage scale(BufferedImage image, int size) {
        return SweepPictures.scale(image, size);
    }
}
