package org.ganworkbench.experiments;

import org.ganworkbench.storage.AtomicFiles;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One run's folder and its files:
 * <ul>
 *   <li>{@value #SPEC}: the {@link RunSpec} (input of {@code run-one});
 *   <li>{@value #CONFIG}: the spec, the resolved {@code TrainingConfig.settings()} and the provenance
 *       (engine and library versions, network sizes);
 *   <li>{@value #LOG}: the training log; {@value #METRICS}: one JSON line per evaluation;
 *   <li>{@value #SAMPLES}: a sample grid, or for 2-D data the field view (samples over real data);
 *   <li>{@value #RUN_LOG}: stdout/stderr of the child process (parallel and Spark sweeps only);
 *   <li>{@value #RUN_LOCK}: locked by the child process while it runs (parallel and Spark sweeps), so
 *       that a run started again elsewhere (a Spark task retried after its executor was lost) waits
 *       until the old process is gone instead of writing beside it; empty;
 *   <li>{@value #RESULT}: written last and atomically, the DONE marker ({@link RunResult}).
 * </ul>
 * A folder without {@value #RESULT}, or with one that does not parse ({@link #damage()}), is
 * incomplete: {@link #clearForRun()} wipes it before a rerun.
 */
public final class RunFolder {

    public static final String SPEC = "spec.json";
    public static final String CONFIG = "config.json";
    public static final String LOG = "log.csv";
    public static final String METRICS = "metrics.jsonl";
    public static final String SAMPLES = "samples.png";
    public static final String RUN_LOG = "run.log";
    public static final String RESULT = "result.json";
    /** The lock a child process holds on its run folder (see {@link SweepChild}). */
    public static final String RUN_LOCK = "run.lock";
    /** The failure checks' events, one JSON object per line. */
    public static final String EVENTS = "events.jsonl";
    /** The weights at the end of the run, or the last good ones of a failed run (a folder). */
    public static final String CHECKPOINT = "checkpoint";
    /** Folder of the sample pictures taken at each intermediate evaluation: {@code step-<n>.png}. */
    public static final String SNAPSHOTS = "snapshots";

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * The default place of a named run or sweep folder, {@code <workbench>/runs/<name>}: beside
     * {@code data/}, the same wherever a notebook or a command runs from. Not created here.
     *
     * @param name a plain folder name
     */
    public static Path underWorkbench(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("..")) {
            throw new IllegalArgumentException("run name must be a plain folder name, got '" + name + "'");
        }
        return org.ganworkbench.data.DataPaths.dataDir().toAbsolutePath().getParent().resolve("runs").resolve(name);
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** A file in the folder. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** The stored result, if the run finished. */
    public Optional<RunResult> result() {
        return read().result();
    }

    /**
     * Why {@value #RESULT} cannot be read when it is there but damaged (cut short, edited by hand):
     * such a run counts as unfinished, so a sweep does it again instead of stopping.
     */
    public Optional<String> damage() {
        return Optional.ofNullable(read().damage());
    }

    private record Read(Optional<RunResult> result, String damage) {}

    private Read read() {
        Path f = file(RESULT);
        String text;
        try {
            text = Files.readString(f);
        } catch (NoSuchFileException e) {
            return new Read(Optional.empty(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(f + ": cannot read: " + e.getMessage(), e));
        }
        try {
            return new Read(Optional.of(RunResult.fromJson(text, f.toString())), null);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            String m = e.getMessage();
            return new Read(Optional.empty(), m != null && m.startsWith(f.toString()) ? m : f + ": " + m);
        }
    }

    /** Whether the folder's {@value #SPEC} is {@code spec} (same id): its checkpoint is of this run. */
    public boolean holdsSpec(RunSpec spec) {
        try {
            return RunSpec.fromJson(Files.readString(file(SPEC))).id().equals(spec.id());
        } catch (IOException | RuntimeException e) {
            return false;   // missing or unreadable: not this run's folder
        }
    }

    /**
     * For a run resumed from its checkpoint of step {@code step}: drops what it wrote after that
     * step, which it makes again: the metrics of that step and later ({@code provenance.steps_done}
     * >= step), their snapshots, the final samples picture, a damaged {@value #RESULT}.
     */
    public void cutBackTo(int step) {
        org.ganworkbench.metrics.MetricsLog.cutBack(dir, step);
        try {
            Path snapshots = file(SNAPSHOTS);
            if (Files.isDirectory(snapshots)) {
                try (Stream<Path> s = Files.list(snapshots)) {
                    for (Path p : s.toList()) {
                        String n = p.getFileName().toString();
                        if (n.matches("step-\\d+\\.png") && Integer.parseInt(n.substring(5, n.length() - 4)) >= step) {
                            Files.delete(p);
                        }
                    }
                }
            }
            Files.deleteIfExists(file(SAMPLES));
            if (damage().isPresent()) {
                Files.delete(file(RESULT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(dir + ": cannot cut the run back to step " + step + ": "
                    + e.getMessage(), e));
        }
    }

    /** Writes the result atomically: the run is finished from this moment on. */
    public void writeResult(RunResult result) {
        AtomicFiles.writeString(file(RESULT), result.toJson());
    }

    /** Deletes everything in the folder but {@value #RUN_LOG} (the launcher's), creating the folder if needed. */
    public void clearForRun() {
        clear(Set.of(RUN_LOG, RUN_LOCK));   // the lock: the process clearing it holds it
    }

    /** Deletes everything in the folder, creating the folder if needed. */
    public void reset() {
        clear(Set.of());
    }

    private void clear(Set<String> keep) {
        try {
            Files.createDirectories(dir);
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.filter(p -> !keep.contains(p.getFileName().toString())).toList();
            }
            for (Path p : entries) {
                PathUtils.delete(p);   // a file or a whole folder
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(dir + ": cannot clear run folder: " + e.getMessage(), e));
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
