package org.ganworkbench.experiments;

/**
 * Progress of a {@link SweepRunner}, e.g. for a notebook's progress display or the CLI's lines. All
 * methods do nothing by default. In parallel mode calls come from several threads, one at a time.
 */
public interface SweepListener {

    /** The sweep starts: {@code total} runs, {@code toRun} of them not finished yet. */
    default void sweepStarted(Sweep sweep, int total, int toRun) {}

    /** A finished run is skipped. */
    default void runSkipped(SweepRun run, RunResult result) {}

    /** A run starts (in this JVM or as a child process). */
    default void runStarted(SweepRun run) {}

    /** A run finished ({@code done} of {@code toRun} runs done in this sweep call). */
    default void runFinished(SweepRun run, RunResult result, int done, int toRun) {}

    /**
     * A run ended without a result: a child process crashed or was killed (see its run.log), or a
     * run in this JVM was interrupted (the message says where it stopped).
     */
    default void runCrashed(SweepRun run, String message) {}

    /**
     * A run's process was lost with its executor or machine (Spark backend): the run starts again
     * elsewhere and resumes from its last checkpoint; {@code message} says what was lost.
     */
    default void runLost(SweepRun run, String message) {}

    /** The sweep is over. */
    default void sweepFinished(Results results) {}
}
