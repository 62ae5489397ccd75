package org.ganworkbench.cli;

import org.ganworkbench.experiments.SweepChild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** One spec into a run folder in this JVM, as a parallel sweep's child processes do ({@link SweepChild}). */
@Command(name = "run-one", mixinStandardHelpOptions = true,
        description = "One run spec into a run folder (what a parallel sweep's child processes run).")
final class RunOne implements Runnable {

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "the run spec")
    Path spec;

    @Parameters(index = "1", paramLabel = "DIR", description = "the run folder (made or resumed)")
    Path dir;

    @Option(names = "--retry-failed", description = "run again if the folder holds a failed result")
    boolean retryFailed;

    @Override
    public void run() {
        SweepChild.run(spec, dir, retryFailed);
    }
}
