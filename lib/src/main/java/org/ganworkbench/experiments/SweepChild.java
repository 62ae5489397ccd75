package org.ganworkbench.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a parallel sweep in a child JVM: {@code java -cp <classpath>
 * org.ganworkbench.experiments.SweepChild <spec.json> <dir> [--retry-failed]} runs the spec into the
 * run folder (what {@code gan run-one} does too). Exits 0 once result.json is written, ok or failed;
 * 2 with a message on bad arguments or a bad spec. Started by a sweep ({@value #PARENT_PID_ENV} set),
 * it exits when the sweep's JVM is gone, so a killed sweep leaves no orphan runs behind.
 */
public final class SweepChild {

    /** Environment variable telling a child the parent's pid (it exits when the parent is gone). */
    public static final String PARENT_PID_ENV = "GAN_SWEEP_PARENT_PID";
    /** The arguments. */
    public static final String USAGE = "run-one <spec.json> <dir> [--retry-failed]";

    private SweepChild() {}

    /** The child's entry: parses the arguments, runs, exits 2 with a message on a bad argument or spec. */
    public static void main(String[] argv) {
        List<String> positional = new ArrayList<>();
        boolean retry = false;
        for (String a : argv) {
            if (a.equals("--retry-failed")) {
                retry = true;
            } else {
                positional.add(a);
            }
        }
        try {
            if (positional.size() != 2 || positional.stream().anyMatch(a -> a.startsWith("--"))) {
                throw new IllegalArgumentException("usage: " + USAGE);
            }
            run(Path.of(positional.get(0)), Path.of(positional.get(1)), retry);
        } catch (IllegalArgumentException e) {
            System.err.println("run-one: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs the spec in {@code specFile} into {@code dir} and prints one line about the result. Holds
     * the folder's {@value RunFolder#RUN_LOCK} meanwhile: if another process holds it (the same run
     * started again on a cluster while its first process is still ending), waits for it first. The
     * operating system releases the lock when a process dies, SIGKILL included.
     */
    public static RunResult run(Path specFile, Path dir, boolean retryFailed) {
        watchParent();
        RunSpec spec = RunSpec.read(specFile);
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(dir + ": cannot create the run folder: " + e.getMessage(), e));
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(RunFolder.RUN_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lock(lockFile, dir)) {
            RunResult r = Experiment.run(spec, dir, retryFailed);
            System.out.println("run " + spec.id() + ": " + r.status() + (r.failed() ? " (" + r.error() + ")" : " " + r.metrics()));
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(dir.resolve(RunFolder.RUN_LOCK) + ": cannot lock the run folder: "
                    + e.getMessage(), e));
        }
    }

    private static FileLock lock(FileChannel channel, Path dir) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock != null) {
            return lock;
        }
        System.out.println("run-one: another process is running " + dir + "; waiting for it to end");
        return channel.lock();
    }

    /** Exits this JVM (halt, status 3) when the parent sweep process named in the environment ends. */
    private static void watchParent() {
        exitWithParent("run-one", () -> Runtime.getRuntime().halt(3));
    }

    /**
     * Ends this JVM with {@code exit} when the process named by {@value #PARENT_PID_ENV} ends (at once if
     * it is gone already); nothing when the variable is not set. {@code who} names this process in the
     * line it prints on stderr. The sweep's child runs halt; the Spark driver exits (its shutdown hooks
     * stop Spark's executors).
     */
    public static void exitWithParent(String who, Runnable exit) {
        String pid = System.getenv(PARENT_PID_ENV);
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresentOrElse(parent -> {
            Thread t = new Thread(() -> {
                parent.onExit().join();
                System.err.println(who + ": the process " + pid + " that started it is gone; stopping");
                exit.run();
            }, "parent-watch");
            t.setDaemon(true);
            t.start();
        }, exit);
    }
}
