package org.ganworkbench.experiments;

import org.ganworkbench.data.DataPaths;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Interrupted;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Spark backend of {@link SweepRunner}: the sweep's unfinished runs as the tasks of one Spark job,
 * one task per run. This class (in the lib, which carries no Spark) starts the driver, a JVM of the
 * spark/ module ({@code org.ganworkbench.spark.SparkSweepDriver}), and turns its
 * {@link SweepEvents} into {@link SweepListener} calls, so a notebook's progress view and the CLI's
 * lines work as for a local sweep.
 *
 * <p>The driver plans the sweep as the local runner does (finished runs skipped), runs each unfinished
 * run as a task that starts the run's child JVM ({@link ChildRun}) on its executor with
 * {@code OMP_NUM_THREADS = spark.task.cpus} ({@link #threadsPerRun}), and writes results.csv and
 * summary.csv after each finished run and at the end, as the local runner does. The sweep folder must
 * be one path every worker sees (a shared file system). The driver's log (Spark's) goes to
 * {@value #DRIVER_LOG} in the sweep folder.
 *
 * <p>The driver's class path: {@code GAN_SPARK_CLASSPATH} (entries as in {@link Classpath}), else the
 * built module ({@code spark/target/gan-workbench-spark.jar} and {@code spark/target/dependency/*}
 * beside data/) followed by this JVM's child class path.
 */
public final class SparkSweep {

    /** The driver's log file in the sweep folder (Spark's log and the driver's other output). */
    public static final String DRIVER_LOG = "spark-driver.log";
    /** The driver's main class (module spark/). */
    public static final String DRIVER = "org.ganworkbench.spark.SparkSweepDriver";
    /** Environment variable with the driver's class path. */
    public static final String CLASSPATH_ENV = "GAN_SPARK_CLASSPATH";

    /**
     * The JVM options Spark 4 needs on Java 17+ (its {@code JavaModuleOptions.defaultModuleOptionArray()},
     * which spark-submit adds; we start the driver ourselves). The spark module's tests check that this
     * list is Spark's.
     */
    public static final List<String> JAVA_MODULE_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.type=pooled",
            "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    /** Master URLs Spark takes: local, local[N], local[*], local[N,F], spark://h:p[,h:p], yarn, k8s://..., mesos://... */
    private static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\d+|\\*)(,\\d+)?])?|spark://[^/\\s]+(:\\d+)?(,[^/\\s]+(:\\d+)?)*|yarn|k8s://\\S+|mesos://\\S+");
    private static final String END = "\u0000end";

    private final String master;
    private int threadsPerRun = 1;
    private final Map<String, String> conf = new LinkedHashMap<>();
    private String driverClasspath;

    /**
     * A backend submitting to {@code master}: {@code local[2]} (this machine, 2 tasks at a time),
     * {@code spark://host:7077} (a standalone cluster), {@code yarn}, {@code k8s://https://host:443}.
     *
     * @throws IllegalArgumentException if it is not a master URL
     */
    public SparkSweep(String master) {
        Objects.requireNonNull(master, "master");
        if (!MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--spark: '" + master + "' is not a Spark master URL; use local[2] "
                    + "(this machine, 2 runs at a time), spark://HOST:7077 (a standalone cluster), yarn or k8s://https://HOST:PORT");
        }
        this.master = master;
    }

    /** The master URL. */
    public String master() {
        return master;
    }

    /** Cores (and {@code OMP_NUM_THREADS}) of each run: Spark's {@code spark.task.cpus}; default 1. */
    public SparkSweep threadsPerRun(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--threads-per-run must be >= 1, got " + n);
        }
        this.threadsPerRun = n;
        return this;
    }

    /**
     * A Spark setting for the sweep's application, e.g. {@code spark.task.resource.gpu.amount=1}, or
     * {@code spark.executor.memory=4g}; {@code KEY=VALUE}.
     *
     * @throws IllegalArgumentException if it is not {@code spark.KEY=VALUE}
     */
    public SparkSweep conf(String keyValue) {
        Map.Entry<String, String> e = confEntry(keyValue);
        conf.put(e.getKey(), e.getValue());
        return this;
    }

    /**
     * A {@code spark.KEY=VALUE} setting as key and value (the driver reads its {@code --conf} with this).
     *
     * @throws IllegalArgumentException if it is not {@code spark.KEY=VALUE}
     */
    public static Map.Entry<String, String> confEntry(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0 || !keyValue.startsWith("spark.")) {
            throw new IllegalArgumentException("--spark-conf: expected spark.KEY=VALUE, got '" + keyValue + "'");
        }
        return Map.entry(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }

    /** The driver's class path (default: see the class comment). */
    public SparkSweep driverClasspath(String cp) {
        this.driverClasspath = cp;
        return this;
    }

    /**
     * The driver's class path from the environment and the built module.
     *
     * @throws IllegalArgumentException if the module is not built (says how to build it)
     */
    public static String defaultDriverClasspath() {
        String env = System.getenv(CLASSPATH_ENV);
        if (env != null && !env.isBlank()) {
            return Classpath.resolve(env, "");
        }
        Path target = DataPaths.dataDir().toAbsolutePath().getParent().resolve("spark").resolve("target");
        Path jar = target.resolve("gan-workbench-spark.jar");
        Path deps = target.resolve("dependency");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(deps)) {
            throw new IllegalArgumentException("--spark needs the workbench's Spark module, which is not built here ("
                    + jar + " is missing): run environment/setup.sh --steps=spark (it fetches Spark's jars, about "
                    + "280 MB, from Maven Central), or set " + CLASSPATH_ENV);
        }
        return String.join(File.pathSeparator, jar.toString(), deps + File.separator + "*", Classpath.forChildren());
    }

    /** The driver's command line. */
    List<String> command(Path sweepFile, Path sweepDir, boolean retryFailed, String cp, String childClasspath,
                         String engine) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildRun.thisJava());
        cmd.addAll(JAVA_MODULE_OPTIONS);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(DRIVER);
        cmd.addAll(List.of("--sweep", sweepFile.toAbsolutePath().toString(), "--out", sweepDir.toAbsolutePath().toString(),
                "--master", master, "--threads-per-run", Integer.toString(threadsPerRun), "--engine", engine,
                "--children-classpath", childClasspath));
        if (retryFailed) {
            cmd.add("--retry-failed");
        }
        conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        return cmd;
    }

    /** Runs the sweep's unfinished runs on Spark and returns the results of the sweep folder. */
    Results run(Sweep sweep, Path sweepDir, boolean retryFailed, SweepListener listener) {
        String cp = driverClasspath != null ? driverClasspath : defaultDriverClasspath();
        Path sweepFile;
        Path log = sweepDir.resolve(DRIVER_LOG);
        try {
            Files.createDirectories(sweepDir);
            sweepFile = Files.createTempFile("gan-sweep-", ".json");
            Files.writeString(sweepFile, sweep.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(sweepDir + ": " + e.getMessage(), e));
        }
        Driver d = new Driver(sweep, sweepDir, listener);
        try {
            ProcessBuilder pb = new ProcessBuilder(command(sweepFile, sweepDir, retryFailed, cp, Classpath.forChildren(),
                    Engines.defaultName()));
            pb.environment().put(SweepChild.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
            pb.environment().put("OPT_OUT_TRACKING", "true");
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process p = pb.start();
            int code = d.follow(p, log);
            if (code == 2) {
                throw new IllegalArgumentException(d.error.isEmpty() ? "the Spark driver refused its input; see " + log : d.error);
            }
            if (code == 0 || (code == 1 && d.error.isEmpty() && !d.crashed.isEmpty())) {   // done, some runs perhaps crashed
                Results results = Results.of(sweep, sweepDir);
                listener.sweepFinished(results);
                if (!d.crashed.isEmpty()) {
                    throw SweepRunner.crashedRuns(d.crashed);
                }
                return results;
            }
            throw new IllegalStateException("the Spark driver failed with exit code " + code + ": "
                    + (d.error.isEmpty() ? lastLines(log, 5) : d.error) + " (its log: " + log + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot start the Spark driver: " + e.getMessage(), e));
        } finally {
            try {
                Files.deleteIfExists(sweepFile);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    /** The last {@code n} lines of a log, one line ("" if unreadable). */
    static String lastLines(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size())).trim();
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** Follows one driver process: relays its events, copies its other output to the log. */
    private static final class Driver {
        final Sweep sweep;
        final List<SweepRun> runs;
        final Path sweepDir;
        final SweepListener listener;
        final List<String> crashed = new ArrayList<>();
        String error = "";
        int done;
        int todo;

        Driver(Sweep sweep, Path sweepDir, SweepListener listener) {
            this.sweep = sweep;
            this.runs = sweep.runs();
            this.sweepDir = sweepDir;
            this.listener = listener;
        }

        int follow(Process p, Path log) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                             StandardOpenOption.APPEND)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith(SweepEvents.PREFIX)) {
                            lines.add(line);
                        } else {
                            w.write(line);
                            w.newLine();
                            w.flush();
                        }
                    }
                } catch (IOException e) {
                    lines.add(SweepEvents.error("reading the Spark driver's output: " + e.getMessage()));
                } finally {
                    lines.add(END);
                }
            }, "spark-driver-output");
            reader.setDaemon(true);
            reader.start();
            try {
                for (String line; !END.equals(line = lines.take()); ) {
                    SweepEvents.parse(line).ifPresent(this::handle);
                }
                return p.waitFor();
            } catch (InterruptedException e) {   // a notebook's Interrupt: the driver, its executors and runs end
                stop(p);
                Thread.currentThread().interrupt();
                Interrupted.deferred(() -> Results.of(sweep, sweepDir).writeCsv());   // the runs finished so far
                throw SweepRunner.interrupted(sweep, done, todo, e);
            }
        }

        private void handle(SweepEvents.Event e) {
            switch (e.kind()) {
                case PLAN -> {
                    todo = e.number("todo");
                    listener.sweepStarted(sweep, e.number("total"), todo);
                    for (int i : e.numbers("skipped")) {
                        SweepRun run = runs.get(i);
                        new RunFolder(run.dir(sweepDir)).result().ifPresent(r -> listener.runSkipped(run, r));
                    }
                }
                case START -> listener.runStarted(runs.get(e.run()));
                case FINISH -> {
                    SweepRun run = runs.get(e.run());
                    done = e.number("done");
                    new RunFolder(run.dir(sweepDir)).result().ifPresent(r -> listener.runFinished(run, r, done, e.number("todo")));
                }
                case LOST -> listener.runLost(runs.get(e.run()), e.text("message"));
                case CRASH -> {
                    SweepRun run = runs.get(e.run());
                    crashed.add(e.text("message"));
                    listener.runCrashed(run, e.text("message"));
                }
                case ERROR -> error = e.text("message");
            }
        }

        /** Ends the driver: SIGTERM (Spark stops its executors, whose runs end with them), then SIGKILL. */
        private static void stop(Process p) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException again) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
