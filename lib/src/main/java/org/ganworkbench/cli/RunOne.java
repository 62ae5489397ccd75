package org.ganworkbench.cli;

import org.ganworkbench.experiments.Experiment;
import org.ganworkbench.experiments.RunResult;
import org.ganworkbench.experiments.RunSpec;
import org.ganworkbench.experiments.SweepRunner;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code run-one <spec.json> <dir> [--retry-failed]}: runs one spec into a run folder in this JVM
 * (what a parallel sweep's child processes do). Exits 0 once result.json is written, ok or failed.
 * Started by a sweep ({@value SweepRunner#PARENT_PID_ENV} set), it exits when the sweep's JVM is
 * gone, so a killed sweep leaves no orphan runs behind.
 */
public final class RunOne {

    static final String USAGE = "run-one <spec.json> <dir> [--retry-failed]";

    private RunOne() {}

    public static void main(String[] argv) {
        Args args = new Args(argv, "--retry-failed");
        List<String> pos = args.positional();
        if (pos.size() != 2) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        boolean retry = args.flag("--retry-failed");
        args.finish();
        watchParent();
        RunSpec spec = RunSpec.read(Path.of(pos.get(0)));
        RunResult r = Experiment.run(spec, Path.of(pos.get(1)), retry);
        System.out.println("run " + spec.id() + ": " + r.status() + (r.failed() ? " (" + r.error() + ")" : " " + r.metrics()));
    }

    /** Exits this JVM when the parent sweep process named in the environment ends. */
    private static void watchParent() {
        String pid = System.getenv(SweepRunner.PARENT_PID_ENV);
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresentOrElse(parent -> {
            Thread t = new Thread(() -> {
                parent.onExit().join();
                System.err.println("run-one: the sweep process " + pid + " is gone; stopping");
                Runtime.getRuntime().halt(3);
            }, "parent-watch");
            t.setDaemon(true);
            t.start();
        }, () -> Runtime.getRuntime().halt(3));
    }
}
