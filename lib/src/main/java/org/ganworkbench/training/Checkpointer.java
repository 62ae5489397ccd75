package org.ganworkbench.training;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.models.Gan;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A run's checkpoints: the last weights found all finite (kept in memory, to fall back on when a
 * step diverges) and, when a folder is set, the same written there atomically at every failure
 * check, when the run is interrupted and when it diverges, so a run that dies leaves good weights
 * behind. Writing is deferred past an interrupt: a checkpoint is never half-written.
 */
final class Checkpointer {

    private final Gan gan;
    private final WeightAverage average;
    private Checkpoint lastGood;
    private Path dir;

    Checkpointer(Gan gan, WeightAverage average) {
        this.gan = gan;
        this.average = average;
        this.lastGood = Checkpoint.of(gan, 0);
    }

    /** Also writes the checkpoints to {@code folder}. */
    void writeTo(Path folder) {
        this.dir = folder;
    }

    /** Writes the current weights (with G's weight average, if kept) to {@code folder}, atomically. */
    void save(Path folder, int step) {
        Checkpoint.save(gan, step, folder, average);
    }

    /** Writes the current weights to the folder, if one is set (the run was interrupted). */
    void saveOnStop(int step) {
        if (dir != null) {
            Interrupted.deferred(() -> save(dir, step));
        }
    }

    /**
     * The failure check's look at the weights: if all are finite they become the last good
     * checkpoint (and are written to the folder, if set).
     *
     * @return the name of a network with a non-finite weight, or null if all are finite
     */
    String check(int step) {
        Checkpoint now = Checkpoint.of(gan, step);
        String bad = now.nonFiniteNetwork();
        if (bad != null) {
            return bad;
        }
        lastGood = now;
        if (dir != null) {
            try {
                Interrupted.deferred(() -> save(dir, step));
            } catch (UncheckedIOException e) {
                if (!Interrupted.requested()) {
                    throw e;
                }
                // interrupted while writing: the old checkpoint stays; the run writes this one when it stops
            }
        }
        return null;
    }

    /**
     * Step {@code step} went non-finite and the run stops: the weights before it become the last
     * good checkpoint if still finite, otherwise the networks get the last good weights back; those
     * are written to the folder, if set.
     *
     * @return the step of the weights the networks now hold
     */
    int fallBack(int step) {
        Checkpoint current = Checkpoint.of(gan, step - 1);
        if (current.isFinite()) {
            lastGood = current;
        } else {
            lastGood.restore(gan);
        }
        if (dir != null) {
            Checkpoint good = lastGood;
            Interrupted.deferred(() -> Checkpoint.save(gan, good.step(), dir));
        }
        return lastGood.step();
    }

    /** The last checkpoint whose weights were all finite. */
    Checkpoint lastGood() {
        return lastGood;
    }
}
