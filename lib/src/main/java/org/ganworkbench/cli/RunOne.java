package org.ganworkbench.cli;

import org.ganworkbench.experiments.SweepChild;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code run-one <spec.json> <dir> [--retry-failed]}: runs one spec into a run folder in this JVM,
 * as a parallel sweep's child processes do ({@link SweepChild}, which has the details).
 */
public final class RunOne {

    static final String USAGE = SweepChild.USAGE;

    private RunOne() {}

    public static void main(String[] argv) {
        Args args = new Args(argv, "--retry-failed");
        List<String> pos = args.positional();
        if (pos.size() != 2) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        boolean retry = args.flag("--retry-failed");
        args.finish();
        SweepChild.run(Path.of(pos.get(0)), Path.of(pos.get(1)), retry);
    }
}
