package org.ganworkbench.cli;

import org.ganworkbench.engine.Engines;
import org.ganworkbench.selfcheck.SelfCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The self-check ({@link SelfCheck}): prints the CPU, the engines' versions and one line per
 * gradient check, then a summary; exits with 1 when an engine computes a wrong value or gradient
 * in the configuration the workbench uses.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Self-check: the CPU, the engines' versions, gradient checks of the lib's ops on each engine.",
                "Exit code 1 when an engine computes wrong on this machine."})
final class Doctor implements Callable<Integer> {

    @Option(names = "--engines", split = ",", paramLabel = "ENGINE", description = "engines to check (default: ${DEFAULT-VALUE})")
    List<String> engines = List.of(Engines.MXNET, Engines.PYTORCH);

    @Option(names = "--summary", description = "print the summary line only")
    boolean summaryOnly;

    @Override
    public Integer call() {
        SelfCheck.Report report = SelfCheck.run(engines.stream().map(Engines::canonicalName).toList());
        if (summaryOnly) {
            System.out.println(report.summary());
        } else {
            report.print(System.out);
        }
        return report.passed() ? 0 : 1;
    }
}
