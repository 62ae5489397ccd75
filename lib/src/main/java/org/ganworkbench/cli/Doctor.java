package org.ganworkbench.cli;

import org.ganworkbench.engine.Engines;
import org.ganworkbench.selfcheck.SelfCheck;

import java.util.ArrayList;
import java.util.List;

/**
 * The self-check ({@link SelfCheck}): prints the CPU, the engines' versions and one line per
 * gradient check, then a summary; exits with 1 when an engine computes a wrong value or gradient
 * in the configuration the workbench uses.
 *
 * <pre>
 *   ./environment/gan doctor [--engines MXNet,PyTorch] [--summary]
 * </pre>
 */
public final class Doctor {

    static final String USAGE = "doctor [--engines MXNet,PyTorch] [--summary]";

    private Doctor() {}

    public static void main(String[] args) {
        Args a = new Args(args, "--summary");
        List<String> engines = new ArrayList<>();
        for (String e : a.value("--engines", Engines.MXNET + "," + Engines.PYTORCH).split(",")) {
            engines.add(Engines.canonicalName(e));
        }
        boolean summaryOnly = a.flag("--summary");
        a.finish();
        SelfCheck.Report report = SelfCheck.run(engines);
        if (summaryOnly) {
            System.out.println(report.summary());
        } else {
            report.print(System.out);
        }
        if (!report.passed()) {
            System.exit(1);
        }
    }
}
