package org.ganworkbench.viz;

import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.Monitor;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps a picture of the run every N steps, to show training as a strip of frames (e.g. the field
 * view or a sample grid at steps 500, 1000, ...). Pass it to the training as a monitor.
 */
public final class Filmstrip implements Monitor {

    /** One kept frame. */
    public record Frame(int step, BufferedImage image) {}

    private final int interval;
    private final Function<GanTraining, BufferedImage> picture;
    private final List<Frame> frames = new ArrayList<>();

    private Filmstrip(int interval, Function<GanTraining, BufferedImage> picture) {
        if (interval < 1) {
            throw new IllegalArgumentException("filmstrip interval must be >= 1, got " + interval);
        }
        this.interval = interval;
        this.picture = picture;
    }

    /** Keeps {@code picture} of the run every {@code steps} steps and after the last one. */
    public static Filmstrip every(int steps, Function<GanTraining, BufferedImage> picture) {
        return new Filmstrip(steps, picture);
    }

    @Override
    public int interval() {
        return interval;
    }

    @Override
    public void observe(GanTraining training) {
        if (!frames.isEmpty() && frames.get(frames.size() - 1).step() == training.step()) {
            return;
        }
        frames.add(new Frame(training.step(), picture.apply(training)));
    }

    /** The frames so far, oldest first. */
    public List<Frame> frames() {
        return Collections.unmodifiableList(frames);
    }

    /** At most {@code count} frames spread evenly over the run, side by side (always the last). */
    public BufferedImage strip(int count) {
        if (frames.isEmpty()) {
            throw new IllegalStateException("the filmstrip has no frames yet: train with it as a monitor first");
        }
        List<BufferedImage> pick = new ArrayList<>();
        int n = frames.size();
        int k = Math.min(count, n);
        for (int i = 0; i < k; i++) {
            int index = k == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (k - 1));
            pick.add(frames.get(index).image());
        }
        return Panels.row(pick);
    }
}
