package org.ganworkbench.experiments;

import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.storage.AtomicFiles;
import org.ganworkbench.training.Checkpoint;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.TrainingEvent;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one {@link RunSpec} in this JVM into a {@link RunFolder}: trains with {@link GanTraining},
 * writes config.json, log.csv (a row appended as each is logged), metrics.jsonl, the checkpoint,
 * samples.png and last, atomically, result.json. With
 * {@code evaluation.every}, each intermediate evaluation also leaves a sample picture in
 * {@code snapshots/step-<n>.png} (same latents as samples.png), the run's course to look at.
 *
 * <ul>
 *   <li>A finished folder (result.json present) is not rerun: its result is returned. A failed run is
 *       finished too, unless {@code retryFailed}.
 *   <li>An incomplete folder (no result.json, or a damaged one: killed, crashed, interrupted) of the
 *       same spec resumes from its checkpoint: the newest intact one ({@code checkpoint/}, else
 *       {@code checkpoint.previous/}, with a note on stderr), whose whole state the run wrote every
 *       {@code checkpoint_every} steps; its log, metrics and snapshots after that step are cut away,
 *       and the run goes on exactly as it would have (same weights and log, to the bit, on the
 *       same engine and threads). A folder without a usable checkpoint, or of another spec, is
 *       wiped and the run starts over.
 *   <li>If training throws (e.g. {@code TrainingDivergedException}), the result has status
 *       "failed" with the message; the log up to the failure is kept. Errors outside training
 *       (bad spec, missing data, evaluation) propagate and leave the folder incomplete.
 *   <li>An interrupted thread (a notebook's Interrupt) stops the training: log.csv, events,
 *       config.json and the checkpoint are written, no result.json (the folder stays incomplete,
 *       and running it again resumes), and {@link Interrupted} is thrown naming the run, the step
 *       and the folder; the interrupt flag stays set.
 * </ul>
 */
public final class Experiment {

    private Experiment() {}

    /** Runs the spec into {@code dir} unless it finished there already; returns the result. */
    public static RunResult run(RunSpec spec, Path dir) {
        return run(spec, dir, false);
    }

    /**
     * Runs the spec into {@code dir} unless it finished there already ({@code retryFailed}: reruns a
     * failed one).
     *
     * @throws IllegalArgumentException if {@code dir} holds a finished run of another spec (bad input: the output folder)
     */
    public static RunResult run(RunSpec spec, Path dir, boolean retryFailed) {
        Interrupted.check("run " + spec.id() + " (" + dir + ")");   // before any file is read or written
        RunFolder folder = new RunFolder(dir);
        Optional<RunResult> existing = folder.result();
        boolean retrying = false;
        if (existing.isPresent()) {
            RunResult r = existing.get();
            checkSameSpec(folder, spec, r);
            if (!(r.failed() && retryFailed)) {
                return r;
            }
            retrying = true;
        }
        long start = System.nanoTime();
        TrainingConfig config = spec.toTrainingConfig();
        RunEvaluator evaluator = RunEvaluators.forData(spec.data());
        EvaluationSettings evaluationSettings = evaluator.schema().read(spec.evaluation());
        int every = evaluationSettings.every();
        Path checkpoint = folder.file(RunFolder.CHECKPOINT);
        Start begun = startOrResume(spec, config, folder, retrying);
        GanTraining run = begun.run();
        try (RunEvaluator.Session evaluation = evaluator.open(evaluationSettings, config.data())) {
            int resumedAt = begun.resumedAt();
            run.checkpointTo(checkpoint);
            run.log().appendTo(folder.file(RunFolder.LOG));
            writeConfig(folder, spec, run);
            Map<String, Double> metrics = Map.of();
            RuntimeException failure = null;
            boolean evaluateNow = resumedAt > 0 && every > 0 && resumedAt % every == 0 && resumedAt < config.steps();
            while (run.step() < config.steps() || evaluateNow) {
                if (!evaluateNow) {
                    int left = config.steps() - run.step();
                    int chunk = every > 0 ? Math.min(left, every - run.step() % every) : left;
                    try {
                        run.run(chunk);
                    } catch (RuntimeException e) {
                        failure = e;
                        break;
                    }
                    if (run.interrupted()) {
                        break;
                    }
                }
                evaluateNow = false;
                if (run.step() < config.steps()) {
                    try {
                        evaluation.evaluate(run, dir, provenance(spec, run));
                        SamplesPicture.write(run, spec.samples(), snapshot(folder, run.step()));
                    } catch (RuntimeException e) {
                        if (!Interrupted.requested()) {
                            throw e;
                        }
                        // interrupted while evaluating: the next run() call stops at once and records it
                    }
                }
            }
            boolean interrupted = failure == null && (run.interrupted() || Interrupted.requested());
            Interrupted.deferred(() -> {
                run.log().writeCsv(folder.file(RunFolder.LOG));
                writeEvents(folder, run);
                writeConfig(folder, spec, run);
            });
            if (interrupted) {
                Interrupted.deferred(() -> run.saveCheckpoint(checkpoint));
                throw interrupted(spec, dir, "at step " + count(run.step()) + " of " + count(config.steps()), null);
            }
            RunResult result;
            if (failure == null) {
                run.saveCheckpoint(checkpoint);   // the final weights (and G's average), with the state
                try {
                    metrics = evaluation.evaluate(run, dir, provenance(spec, run));
                    SamplesPicture.write(run, spec.samples(), folder.file(RunFolder.SAMPLES));
                } catch (RuntimeException e) {
                    if (Interrupted.requested()) {
                        throw interrupted(spec, dir, "while evaluating its last step " + count(run.step()), e);
                    }
                    throw e;
                }
                result = RunResult.ok(spec.id(), metrics, seconds(start), run.trainingSeconds(), run.step());
            } else {
                result = RunResult.failed(spec.id(), failure, seconds(start), run.trainingSeconds(), run.step());
            }
            folder.writeResult(result);
            org.ganworkbench.storage.ManifestFolder.dropPrevious(checkpoint);   // the final one is whole and checked
            return result;
        } finally {
            run.close();
        }
    }

    /** A run about to train: new, or resumed after step {@code resumedAt} (-1 if new). */
    private record Start(GanTraining run, int resumedAt) {}

    /**
     * Builds the run and resumes it from the folder's checkpoint when the folder holds an unfinished
     * run of this spec with an intact one; otherwise clears the folder and writes the spec. A resumed
     * folder is cut back to the checkpoint's step (its log, metrics, snapshots).
     */
    private static Start startOrResume(RunSpec spec, TrainingConfig config, RunFolder folder, boolean retrying) {
        Path checkpoint = folder.file(RunFolder.CHECKPOINT);
        GanTraining run = GanTraining.start(config);
        int resumedAt = -1;
        try {
            boolean same = folder.holdsSpec(spec);
            if (!retrying && !same && java.nio.file.Files.exists(folder.file(RunFolder.SPEC))) {
                note(spec, folder.dir() + " holds an unfinished run of another spec: starting over");
            }
            if (!retrying && same) {
                GanTraining.Resumed r;
                try {
                    r = run.resume(checkpoint);
                } catch (RuntimeException e) {
                    note(spec, "cannot resume from " + checkpoint + " (" + e.getMessage() + "); starting over");
                    run.close();
                    run = GanTraining.start(config);
                    r = new GanTraining.Resumed(0, null, java.util.List.of());
                }
                r.skipped().forEach(why -> note(spec, "skipped a checkpoint: " + why));
                if (r.resumed()) {
                    resumedAt = r.step();
                    note(spec, "resumed after step " + count(r.step()) + " of " + count(config.steps()) + " from "
                            + r.folder());
                } else if (!r.skipped().isEmpty()) {
                    note(spec, "no intact checkpoint to resume from: starting over");
                }
            }
            if (resumedAt < 0) {
                folder.clearForRun();
                AtomicFiles.writeString(folder.file(RunFolder.SPEC), spec.toJson());
            } else {
                folder.cutBackTo(resumedAt);
                writeEvents(folder, run);
            }
            return new Start(run, resumedAt);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** A line about the run on stderr (a sweep's child writes it to the run's run.log). */
    private static void note(RunSpec spec, String message) {
        System.err.println("run " + spec.id() + ": " + message);
    }

    /** The interruption of a run: where it stopped, what it left in its folder, and that a rerun resumes. */
    private static Interrupted interrupted(RunSpec spec, Path dir, String where, Throwable cause) {
        return new Interrupted("run " + spec.id() + " interrupted " + where + "; its " + RunFolder.CHECKPOINT
                + " and " + RunFolder.LOG + " are in " + dir + " (no " + RunFolder.RESULT
                + ": running it again resumes from the checkpoint)", cause);
    }

    private static String count(int n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** The snapshot picture of a step: {@code snapshots/step-<n>.png}. */
    static Path snapshot(RunFolder folder, int step) {
        return folder.file(RunFolder.SNAPSHOTS).resolve("step-" + step + ".png");
    }

    /**
     * The GAN of a finished run folder with its final weights (from {@code checkpoint/}), rebuilt
     * from the folder's spec on the spec's engine; close it when done. G is the one the run's
     * metrics and pictures were made with: its weight average for a run with the EMA trick, its
     * live weights otherwise. A growing architecture is put at the stage of the checkpoint's step.
     *
     * @throws IllegalStateException if the folder holds no finished, successful run
     */
    public static org.ganworkbench.models.Gan loadGan(Path dir) {
        return loadGan(dir, Checkpoint.hasAveragedGenerator(new RunFolder(dir).file(RunFolder.CHECKPOINT)));
    }

    /**
     * As {@link #loadGan(Path)}, choosing G's weights: its weight average ({@code true}; only for
     * runs with the EMA trick) or its live weights, the ones D was trained against.
     *
     * @throws IllegalStateException if the folder holds no finished, successful run
     * @throws java.io.UncheckedIOException if the average is asked for and the checkpoint has none
     */
    public static org.ganworkbench.models.Gan loadGan(Path dir, boolean averagedGenerator) {
        RunFolder folder = new RunFolder(dir);
        RunResult r = folder.result().orElseThrow(() -> new IllegalStateException(dir + " holds no finished run"));
        if (r.failed()) {
            throw new IllegalStateException(dir + " holds a failed run: " + r);
        }
        RunSpec spec;
        try {
            spec = RunSpec.fromJson(java.nio.file.Files.readString(folder.file(RunFolder.SPEC)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException(dir + ": cannot read " + RunFolder.SPEC, e));
        }
        TrainingConfig config = spec.toTrainingConfig();
        org.ganworkbench.models.Gan gan = org.ganworkbench.models.Gan.create(config.architecture(),
                org.ganworkbench.engine.Engines.get(config.engine()), config.seed());
        try {
            int step = Checkpoint.load(gan, folder.file(RunFolder.CHECKPOINT), averagedGenerator);
            if (config.architecture() instanceof org.ganworkbench.models.Growing growing) {
                // the stage the weights were trained at: that of the checkpoint's last step
                growing.grow(gan, (long) Math.max(0, step - 1) * config.discriminatorSteps() * config.batchSize());
            }
        } catch (RuntimeException e) {
            gan.close();
            throw e;
        }
        return gan;
    }

    /** Fails if a finished folder holds a run of another spec (the sweep file changed under it). */
    static void checkSameSpec(RunFolder folder, RunSpec spec, RunResult result) {
        if (result.specId() != null && !result.specId().equals(spec.id())) {
            throw new IllegalArgumentException(folder.dir() + " holds a finished run of another spec (id "
                    + result.specId() + ", this spec " + spec.id() + "; see its " + RunFolder.CONFIG
                    + "); delete the folder to rerun it, or write to another output folder");
        }
    }

    private static Map<String, Object> provenance(RunSpec spec, GanTraining run) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spec_id", spec.id());
        p.putAll(run.provenance());
        return p;
    }

    private static void writeConfig(RunFolder folder, RunSpec spec, GanTraining run) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("spec_id", spec.id());
        c.put("spec", spec.toMap());
        c.put("settings", run.config().settings());
        c.put("provenance", run.provenance());
        AtomicFiles.writeString(folder.file(RunFolder.CONFIG), Json.pretty(c));
    }

    private static void writeEvents(RunFolder folder, GanTraining run) {
        StringBuilder lines = new StringBuilder();
        for (TrainingEvent e : run.events()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", e.step());
            m.put("check", e.check());
            m.put("network", e.network());
            m.put("action", e.action().name().toLowerCase(java.util.Locale.ROOT));
            m.put("value", Double.isFinite(e.value()) ? e.value() : null);
            m.put("message", e.message());
            lines.append(Json.compact(m)).append('\n');
        }
        AtomicFiles.writeString(folder.file(RunFolder.EVENTS), lines.toString());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
