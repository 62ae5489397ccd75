package org.ganworkbench.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a sweep as a child JVM: {@code java -cp <classpath> org.ganworkbench.experiments.SweepChild
 * <dir>/spec.json <dir> [--retry-failed]} ({@link SweepChild}) with {@code OMP_NUM_THREADS}, the engine
 * ({@code DJL_DEFAULT_ENGINE}) and the pid of the process it must not outlive; its output is appended to
 * the run's run.log. The local runner ({@link SweepRunner}, {@code parallel} &gt; 1) and the Spark
 * backend's tasks (module spark/, on an executor) start runs only through this class, so a run on a
 * cluster is the same process, with the same environment, as one of {@code gan sweep --parallel N}.
 * Uses the JDK alone: an executor loads it without the lib's dependencies.
 *
 * @param java the java executable
 * @param classpath the child's class path (the lib and its dependencies)
 * @param dir the run folder; its spec.json must be there (see {@link SweepRunner#prepare})
 * @param retryFailed rerun a run whose stored status is "failed"
 * @param threads the child's {@code OMP_NUM_THREADS}
 * @param engine the child's DJL engine
 * @param parentPid the process whose end ends the child ({@link SweepChild#PARENT_PID_ENV})
 * @param extraEnv more environment variables (e.g. {@code CUDA_VISIBLE_DEVICES} of a GPU task)
 */
public record ChildRun(String java, String classpath, Path dir, boolean retryFailed, int threads, String engine,
                       long parentPid, Map<String, String> extraEnv) {

    /** The class a child runs. */
    public static final String MAIN = "org.ganworkbench.experiments.SweepChild";

    public ChildRun {
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(engine, "engine");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        extraEnv = Map.copyOf(extraEnv);
    }

    /** The java executable of this JVM. */
    public static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command line. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=true", "-cp", classpath, MAIN,
                dir.resolve(RunFolder.SPEC).toAbsolutePath().toString(), dir.toAbsolutePath().toString()));
        if (retryFailed) {
            cmd.add("--retry-failed");
        }
        return cmd;
    }

    /** The variables set in the child's environment (on top of this process's). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.put("DJL_DEFAULT_ENGINE", engine);
        env.put("OPT_OUT_TRACKING", "true");
        env.put(SweepChild.PARENT_PID_ENV, Long.toString(parentPid));
        env.putAll(extraEnv);
        return env;
    }

    /** Starts the child, its output appended to the run's run.log (a resumed run adds to it). */
    public Process start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command());
        pb.environment().putAll(environment());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(RunFolder.RUN_LOG).toFile()));
        return pb.start();
    }

    /**
     * Starts the child and waits for it; its exit code. An interrupt destroys the child (SIGKILL) and
     * is thrown on.
     */
    public int runAndWait() throws IOException, InterruptedException {
        Process p = start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }
}
