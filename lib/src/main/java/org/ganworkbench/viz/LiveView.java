package org.ganworkbench.viz;

import org.ganworkbench.models.Growing;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.Monitor;
import org.ganworkbench.training.TrainingLog;

import org.ganworkbench.training.TrainingEvent;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The live view of a training run: a progress line, the loss chart and a picture of the current
 * state (samples, or the 2-D field), shown once and then updated in place every N steps with the
 * kernel's {@code updateDisplay}. A second line shows the run's own logged state when it has any:
 * a growing network's resolution and fade-in α, BEGAN's k and M_global, the learning-rate scale.
 * The failure checks' latest alarms appear under these lines. Outside a notebook it prints the
 * lines (and new alarms) instead.
 */
public final class LiveView implements Monitor {

    private final int interval;
    private final Function<GanTraining, BufferedImage> picture;
    private String displayId;
    private BufferedImage lastFrame;
    private int reported;

    /** Alarms (failure-check events) shown under the progress line: the most recent ones. */
    static final int MAX_ALARMS = 3;

    private LiveView(int interval, Function<GanTraining, BufferedImage> picture) {
        if (interval < 1) {
            throw new IllegalArgumentException("live view interval must be >= 1, got " + interval);
        }
        this.interval = interval;
        this.picture = picture;
    }

    /** A live view every {@code steps} steps, showing the losses and {@code picture}. */
    public static LiveView every(int steps, Function<GanTraining, BufferedImage> picture) {
        return new LiveView(steps, picture);
    }

    /** A live view every {@code steps} steps showing only the progress and losses. */
    public static LiveView every(int steps) {
        return new LiveView(steps, null);
    }

    @Override
    public int interval() {
        return interval;
    }

    @Override
    public void observe(GanTraining t) {
        String progress = progress(t);
        String state = state(t.log());
        BufferedImage chart = Charts.losses(t.log(), 440, 260);
        BufferedImage body = picture == null ? chart : Panels.row(chart, picture.apply(t));
        List<BufferedImage> rows = new ArrayList<>();
        rows.add(Panels.text(progress, body.getWidth()));
        if (!state.isEmpty()) {
            rows.add(Panels.text(state, body.getWidth()));
        }
        List<TrainingEvent> events = t.events();
        for (int i = Math.max(0, events.size() - MAX_ALARMS); i < events.size(); i++) {
            rows.add(Panels.text("\u26a0 " + events.get(i), body.getWidth()));   // the failure checks' alarms
        }
        rows.add(body);
        lastFrame = Panels.column(rows.toArray(new BufferedImage[0]));
        if (Notebook.inKernel()) {
            if (displayId == null) {
                displayId = Notebook.display(lastFrame);
            } else {
                Notebook.update(displayId, lastFrame);
            }
        } else {
            System.out.println(state.isEmpty() ? progress : progress + "  " + state);
            for (int i = reported; i < t.events().size(); i++) {
                System.out.println("  \u26a0 " + t.events().get(i));
            }
            reported = t.events().size();
        }
    }

    /** The most recent frame (null before the first call). */
    public BufferedImage lastFrame() {
        return lastFrame;
    }

    /**
     * The last log row's values beyond the standard columns, e.g. {@code "16x16  α 0.50"} for a
     * growing network or {@code "k 0.0123  m_global 0.152  l_real 0.14  l_fake 0.0593"} for BEGAN;
     * empty when the run logs nothing else (or nothing yet).
     */
    static String state(TrainingLog log) {
        int n = log.size();
        if (n == 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String name : log.extraColumns()) {
            double v = log.column(name)[n - 1];
            parts.add(switch (name) {
                case Growing.RESOLUTION -> String.format(Locale.ROOT, "%dx%d", Math.round(v), Math.round(v));
                case Growing.ALPHA -> String.format(Locale.ROOT, "\u03b1 %.2f", v);
                default -> String.format(Locale.ROOT, "%s %.4g", name, v);
            });
        }
        return String.join("  ", parts);
    }

    private String progress(GanTraining t) {
        int total = Math.max(t.config().steps(), t.step());
        TrainingLog log = t.log();
        int n = log.size();
        if (n == 0) {
            return String.format(Locale.ROOT, "step %d/%d", t.step(), total);
        }
        double[] d = log.column(TrainingLog.D_LOSS);
        double[] g = log.column(TrainingLog.G_LOSS);
        double[] dr = log.column(TrainingLog.D_REAL);
        double[] df = log.column(TrainingLog.D_FAKE);
        double[] ips = log.column(TrainingLog.IMAGES_PER_S);
        return String.format(Locale.ROOT,
                "%s  step %d/%d  D loss %.3f  G loss %.3f  D(x) %.2f  D(G(z)) %.2f  %.0f samples/s  %s",
                t.config().loss().name(), t.step(), total, d[n - 1], g[n - 1], dr[n - 1], df[n - 1], ips[n - 1],
                t.gan().engine().getEngineName());
    }
}
