package org.ganworkbench.training;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.models.Gan;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A run's checkpoints: the last weights found all finite (kept in memory, to fall back on when a
 * step diverges) and, when a folder is set, the run's whole state written there every
 * {@code checkpointEvery} steps and when the run is interrupted, so a run that dies resumes where
 * it was ({@link GanTraining#resume}); a run that diverges leaves its last good weights there.
 * Writing is deferred past an interrupt: a checkpoint is never half-written.
 */
final class Checkpointer {

    private final Gan gan;
    private final WeightAverage average;
    private final Supplier<TrainingState> state;
    private Checkpoint lastGood;
    private Path dir;
    private int written = -1;

    /**
     * @param state the run's state besides the weights, taken when a checkpoint is written
     */
    Checkpointer(Gan gan, WeightAverage average, Supplier<TrainingState> state) {
        this.gan = gan;
        this.average = average;
        this.state = state;
        this.lastGood = Checkpoint.of(gan, 0);
    }

    /** Also writes the checkpoints to {@code folder}. */
    void writeTo(Path folder) {
        this.dir = folder;
    }

    /** The folder checkpoints are written to, or null. */
    Path folder() {
        return dir;
    }

    /** Writes the whole state at {@code step} to {@code folder} (unless this step is there already). */
    void save(Path folder, int step) {
        if (folder.equals(dir) && written == step) {
            return;
        }
        Checkpoint.write(gan, step, folder, average, state.get());
        if (folder.equals(dir)) {
            written = step;
        }
    }

    /** The end of step {@code step}: writes the whole state to the folder, if set, every {@code every} steps. */
    void afterStep(int step, int every) {
        if (dir != null && step % every == 0) {
            try {
                Interrupted.deferred(() -> save(dir, step));
            } catch (UncheckedIOException e) {
                if (!Interrupted.requested()) {
                    throw e;
                }
                // interrupted while writing: the old checkpoint stays; the run writes this one when it stops
            }
        }
    }

    /** Writes the whole state to the folder, if one is set (the run was interrupted). */
    void saveOnStop(int step) {
        if (dir != null) {
            Interrupted.deferred(() -> save(dir, step));
        }
    }

    /** A resumed run: the restored weights are the last good ones, and the folder holds this step. */
    void resumed(int step) {
        lastGood = Checkpoint.of(gan, step);
        written = step;
    }

    /**
     * The failure check's look at the weights: if all are finite they become the last good
     * checkpoint (in memory).
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
        return null;
    }

    /**
     * Step {@code step} went non-finite and the run stops: the weights before it become the last
     * good checkpoint if still finite, otherwise the networks get the last good weights back; those
     * are written to the folder, if set (weights only: a diverged run is not resumed), with G's
     * weight average if it is finite.
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
            WeightAverage finiteAverage = average != null && average.with(() -> Checkpoint.of(gan, 0).isFinite())
                    ? average : null;
            Interrupted.deferred(() -> Checkpoint.save(gan, good.step(), dir, finiteAverage));
            written = -1;
        }
        return lastGood.step();
    }

    /** The last checkpoint whose weights were all finite. */
    Checkpoint lastGood() {
        return lastGood;
    }
}
