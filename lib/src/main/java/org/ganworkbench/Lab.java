package org.ganworkbench;

import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.NativeHolders;
import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.RunFolder;
import org.ganworkbench.experiments.Sweep;
import org.ganworkbench.experiments.SweepProgress;
import org.ganworkbench.experiments.SweepRunner;

import java.util.List;
import java.util.Locale;

/**
 * Notebook-wide switches.
 *
 * <p>Smoke mode ({@code GAN_SMOKE=1} in the environment, or system property {@code gan.smoke=true})
 * makes every notebook run in seconds for tests: cells ask {@link #pick(int, int)} for their sizes.
 * The default is the real run.
 */
public final class Lab {

    /**
     * The packages a notebook's cells use without importing them: the lab's kernel (gan-java)
     * imports each with {@code .*} when it starts, beside JShell's {@code java.util.*} and co.
     * LabTest checks that no two of them (nor JShell's defaults) share a class name.
     */
    public static final List<String> PACKAGES = List.of("org.ganworkbench", "org.ganworkbench.data",
            "org.ganworkbench.engine", "org.ganworkbench.experiments", "org.ganworkbench.losses",
            "org.ganworkbench.metrics", "org.ganworkbench.models", "org.ganworkbench.nn", "org.ganworkbench.training",
            "org.ganworkbench.viz");

    private Lab() {}

    /** Whether smoke mode is on. */
    public static boolean smoke() {
        String prop = System.getProperty("gan.smoke");
        if (prop != null) {
            return truthy(prop);
        }
        String env = System.getenv("GAN_SMOKE");
        return env != null && truthy(env);
    }

    private static boolean truthy(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    /** {@code real} normally, {@code smoke} in smoke mode. */
    public static int pick(int real, int smoke) {
        return smoke() ? smoke : real;
    }

    /**
     * What a notebook prints first: the engine, its version and threads, and the CPU ("[smoke mode]"
     * appended in smoke mode).
     */
    public static void start() {
        System.out.println(Engines.describe(Engines.get(null)) + (smoke() ? "   [smoke mode]" : ""));
    }

    /**
     * What a notebook's last cell calls: closes every GAN, training run and domain classifier the
     * session still holds open (their weights, optimizer state and samples live in native memory that
     * the garbage collector does not free), newest first, and says what it closed. Variables keep
     * their Java values; a closed run cannot sample or train any more. Objects in try-with-resources
     * are closed already and not listed.
     */
    public static void end() {
        List<String> closed = NativeHolders.closeAll();
        System.out.println(closed.isEmpty() ? "nothing was left open" : "closed " + closed.size() + " holder"
                + (closed.size() == 1 ? "" : "s") + " of native memory: " + String.join(", ", closed));
    }

    /**
     * Runs a sweep, or resumes it (finished runs are skipped), in {@code runDir(notebook)/folder},
     * printing a line per run as it ends; the results, whose {@code results.csv} and
     * {@code summary.csv} are written.
     */
    public static Results runSweep(String notebook, String folder, Sweep sweep) {
        java.nio.file.Path dir = runDir(notebook).resolve(folder);
        return new SweepRunner(sweep, dir).listener(new SweepProgress(dir)).run();
    }

    /** The workbench library's version (from the jar manifest, "dev" when run from classes). */
    public static String version() {
        return Engines.workbenchVersion();
    }

    /**
     * The folder for one run's files, {@code <workbench>/runs/<name>} (beside {@code data/}, the same
     * wherever a notebook runs from), with {@code -smoke} appended in smoke mode so that quick test
     * runs never mix with real results. Not created here; writers create it.
     */
    public static java.nio.file.Path runDir(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("run name must be a plain folder name, got '" + name + "'");
        }
        return RunFolder.underWorkbench(smoke() ? name + "-smoke" : name);
    }

    /**
     * In smoke mode, deletes {@code runDir(name)} (the {@code -smoke} folder) so that a notebook's
     * quick test run starts clean even after its sweep files changed; does nothing otherwise, so real
     * results are never touched (a real sweep resumes from them instead).
     */
    public static void clearSmokeRuns(String name) {
        if (!smoke()) {
            return;
        }
        java.nio.file.Path dir = runDir(name);
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not clear smoke runs in " + dir, e);
        }
    }
}
