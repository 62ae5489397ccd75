package org.ganworkbench.spark;

import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.RunFolder;
import org.ganworkbench.experiments.RunResult;
import org.ganworkbench.experiments.SparkSweep;
import org.ganworkbench.experiments.Sweep;
import org.ganworkbench.experiments.SweepRun;
import org.ganworkbench.experiments.SweepRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test: a standalone master and 2 workers of 1 core on localhost
 * ({@code environment/spark-cluster.sh start}), a sweep of 2 variants x 2 seeds (1,500 steps each, a
 * checkpoint every 100), and one worker killed with SIGKILL while its run is past step 300. The sweep
 * must finish; the killed worker's executor and run JVM must end with it (no orphans); the lost run
 * must start again on the other worker and resume from its checkpoint; every run folder must be
 * complete; and results.csv must equal, all but the wall-time column, that of the local runner
 * ({@code --parallel 2}, 1 thread a run: the same engine and threads, so the same numbers).
 */
@Tag("slow")   // a cluster, 8 training runs: test.sh runs these in the slow step
class SparkClusterKillTest {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();   // surefire runs in spark/
    static final int STEPS = 1500;

    @Test
    void aWorkerKilledMidRunLosesNothing(@TempDir Path dir) throws Exception {
        assertTrue(Files.isDirectory(REPO.resolve("spark/target/dependency")),
                "the cluster runs from spark/target/dependency: run environment/setup.sh --steps=spark first");
        Sweep sweep = SparkSweeps.sweep("kill", STEPS, "[1, 2]");
        long t0 = System.nanoTime();
        new SweepRunner(sweep, dir.resolve("local")).parallel(2).threadsPerRun(1).classpath(SparkSweeps.classpath()).run();
        System.out.printf("SparkClusterKillTest: the local runner (--parallel 2) took %.1f s%n", (System.nanoTime() - t0) / 1e9);

        int port = freePort();
        Path clusterDir = dir.resolve("cluster");
        String url = cluster("start", "--workers", "2", "--cores", "1", "--memory", "1g", "--port", Integer.toString(port),
                "--dir", clusterDir.toString()).trim();
        try {
            assertEquals("spark://127.0.0.1:" + port, url);
            long worker = Long.parseLong(Files.readString(clusterDir.resolve("worker-1.pid")).trim());
            Path out = dir.resolve("cluster-out");
            SparkSweeps.Recording events = new SparkSweeps.Recording();
            long t1 = System.nanoTime();
            CompletableFuture<Results> sweepDone = CompletableFuture.supplyAsync(() -> new SweepRunner(sweep, out)
                    .spark(new SparkSweep(url).driverClasspath(SparkSweeps.classpath())).listener(events).run());

            // wait until worker 1 runs a run that is past step 300 (3 checkpoints) and not finished
            Path victim = null;
            List<ProcessHandle> family = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (victim == null && System.nanoTime() < deadline && !sweepDone.isDone()) {
                Thread.sleep(100);
                family = ProcessHandle.of(worker).orElseThrow().descendants().toList();
                Optional<Path> running = family.stream().map(SparkClusterKillTest::runDir).flatMap(Optional::stream).findFirst();
                if (running.isPresent() && lastLoggedStep(running.get()) >= 300 && !Files.exists(running.get().resolve(RunFolder.RESULT))) {
                    victim = running.get();
                }
            }
            assertTrue(victim != null, "worker 1 never ran a run past step 300 (sweep over: " + sweepDone.isDone() + ")");
            int killedAt = lastLoggedStep(victim);
            ProcessHandle.of(worker).orElseThrow().destroyForcibly();   // SIGKILL: the worker JVM
            System.out.println("SparkClusterKillTest: killed worker 1 while " + out.relativize(victim) + " was at step " + killedAt);

            for (ProcessHandle p : family) {   // its executor and the run's JVM end with it
                assertTrue(p.onExit().orTimeout(60, TimeUnit.SECONDS).handle((x, e) -> e == null).get(),
                        "process " + p.pid() + " of the killed worker outlived it: " + p.info().commandLine().orElse("?"));
            }
            Results results = sweepDone.get(10, TimeUnit.MINUTES);
            System.out.printf("SparkClusterKillTest: the cluster sweep, a worker killed, took %.1f s%n", (System.nanoTime() - t1) / 1e9);

            String victimRun = out.relativize(victim).toString();
            assertTrue(events.lost.stream().anyMatch(l -> l.startsWith(victimRun)), "no lost event for " + victimRun + ": " + events.lost);
            assertTrue(events.crashed.isEmpty(), events.crashed.toString());
            assertEquals(4, events.finished.size(), events.finished.toString());
            assertTrue(Files.readString(victim.resolve(RunFolder.RUN_LOG)).contains("resumed after step"),
                    victimRun + " did not resume from its checkpoint: " + Files.readString(victim.resolve(RunFolder.RUN_LOG)));
            for (SweepRun run : sweep.runs()) {
                assertComplete(run.dir(out));
            }
            assertEquals(4, results.runs().rowCount());
            assertEquals(SparkSweeps.resultsWithoutTime(dir.resolve("local")), SparkSweeps.resultsWithoutTime(out),
                    "results.csv of the cluster (a worker killed) and of the local runner");
        } finally {
            cluster("stop", "--dir", clusterDir.toString());
        }
    }

    /** A finished run's folder: an ok result of all steps, its files, no temp files. */
    private static void assertComplete(Path run) throws IOException {
        RunResult r = new RunFolder(run).result().orElseThrow(() -> new AssertionError(run + " has no result"));
        assertEquals(RunResult.OK, r.status(), run.toString());
        assertEquals(STEPS, r.steps(), run.toString());
        for (String f : List.of(RunFolder.SPEC, RunFolder.CONFIG, RunFolder.LOG, RunFolder.METRICS, RunFolder.SAMPLES,
                RunFolder.EVENTS, RunFolder.CHECKPOINT)) {
            assertTrue(Files.exists(run.resolve(f)), run + " lacks " + f);
        }
        assertEquals(STEPS, lastLoggedStep(run), run + ": log.csv");
        try (Stream<Path> s = Files.walk(run)) {
            List<Path> temp = s.filter(p -> p.getFileName().toString().contains(".tmp")).toList();
            assertTrue(temp.isEmpty(), "temp files left: " + temp);
        }
    }

    /**
     * The run folder of a run JVM (SweepChild's last argument), if {@code p} is one. Reads Linux's
     * /proc/PID/cmdline: ProcessHandle.Info has no arguments for a command line as long as the test
     * class path.
     */
    private static Optional<Path> runDir(ProcessHandle p) {
        try {
            List<String> a = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"))).split("\u0000"));
            return a.contains(org.ganworkbench.experiments.ChildRun.MAIN) ? Optional.of(Path.of(a.get(a.size() - 1))) : Optional.empty();
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static int lastLoggedStep(Path run) {
        try {
            List<String> lines = Files.readAllLines(run.resolve(RunFolder.LOG));
            for (int i = lines.size() - 1; i > 0; i--) {
                String first = lines.get(i).split(",", 2)[0];
                if (first.matches("\\d+")) {
                    return Integer.parseInt(first);
                }
            }
        } catch (IOException e) {
            // not there yet
        }
        return -1;
    }

    private static String cluster(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", REPO.resolve("environment/spark-cluster.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "spark-cluster.sh " + String.join(" ", args) + " hangs");
        assertEquals(0, p.exitValue(), "spark-cluster.sh " + String.join(" ", args) + ": " + output);
        return output;
    }

    /** A port P with P and P + 1003 (the master's web UI) free. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = 20000 + (int) (Math.random() * 20000);
            try (ServerSocket a = new ServerSocket(port); ServerSocket b = new ServerSocket(port + 1003)) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port pair found");
    }
}
