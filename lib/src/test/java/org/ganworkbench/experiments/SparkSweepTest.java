package org.ganworkbench.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lib's side of sweeps on Spark, without Spark: master URLs, settings, the driver's and the
 * runs' command lines, and the events the driver tells its progress with. (The spark module's
 * tests run real sweeps through Spark.)
 */
class SparkSweepTest {

    @Test
    void masterUrlsSparkTakesAreAcceptedAndOthersRefusedNamingTheOption() {
        for (String ok : List.of("local", "local[2]", "local[*]", "local[2,4]", "spark://host:7077", "spark://a:7077,b:7077",
                "yarn", "k8s://https://k8s.example:443")) {
            assertEquals(ok, new SparkSweep(ok).master());
        }
        for (String bad : List.of("", "local[two]", "spark:/host", "host:7077", "http://host:8080", "local[2] ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkSweep(bad), bad);
            assertTrue(e.getMessage().startsWith("--spark: '" + bad + "' is not a Spark master URL"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new SparkSweep("local[2]").threadsPerRun(0));
        IllegalArgumentException conf = assertThrows(IllegalArgumentException.class, () -> new SparkSweep("local[2]").conf("executor.memory=4g"));
        assertTrue(conf.getMessage().contains("expected spark.KEY=VALUE"), conf.getMessage());
    }

    @Test
    void theDriverGetsSparksModuleOptionsTheSweepAndTheSettings(@TempDir Path dir) {
        SparkSweep s = new SparkSweep("spark://h:7077").threadsPerRun(2).conf("spark.task.resource.gpu.amount=1");
        List<String> cmd = s.command(dir.resolve("s.json"), dir.resolve("out"), true, "CP", "CHILD", "PyTorch");
        assertEquals(ChildRun.thisJava(), cmd.get(0));
        assertEquals(SparkSweep.JAVA_MODULE_OPTIONS, cmd.subList(1, 1 + SparkSweep.JAVA_MODULE_OPTIONS.size()));
        String line = String.join(" ", cmd);
        assertTrue(line.contains("-cp CP " + SparkSweep.DRIVER + " --sweep " + dir.resolve("s.json")), line);
        assertTrue(line.contains("--master spark://h:7077 --threads-per-run 2 --engine PyTorch --children-classpath CHILD"), line);
        assertTrue(line.endsWith("--retry-failed --conf spark.task.resource.gpu.amount=1"), line);
    }

    @Test
    void aDriverThatCannotStartIsReportedWithTheEndOfItsLog(@TempDir Path dir) {
        Sweep sweep = Sweep.fromJson(Tiny.sweepJson("nodriver", 10, "[1]", 1), "nodriver.json");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SweepRunner(sweep, dir)
                .spark(new SparkSweep("local[2]").driverClasspath(dir.resolve("no-such.jar").toString())).run());
        assertTrue(e.getMessage().startsWith("the Spark driver failed with exit code 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("Could not find or load main class " + SparkSweep.DRIVER), e.getMessage());
        assertTrue(e.getMessage().endsWith("(its log: " + dir.resolve(SparkSweep.DRIVER_LOG) + ")"), e.getMessage());
    }

    @Test
    void aRunsChildGetsItsThreadsEngineAndParentAndNothingElseChanges(@TempDir Path dir) {
        ChildRun c = new ChildRun("java", "CP", dir, false, 3, "MXNet", 42, Map.of("CUDA_VISIBLE_DEVICES", "1"));
        assertEquals(List.of("java", "-Djava.awt.headless=true", "-cp", "CP", "org.ganworkbench.experiments.SweepChild",
                dir.resolve(RunFolder.SPEC).toAbsolutePath().toString(), dir.toAbsolutePath().toString()), c.command());
        assertEquals(SweepChild.class.getName(), ChildRun.MAIN);
        assertEquals(Map.of("OMP_NUM_THREADS", "3", "DJL_DEFAULT_ENGINE", "MXNet", "OPT_OUT_TRACKING", "true",
                SweepChild.PARENT_PID_ENV, "42", "CUDA_VISIBLE_DEVICES", "1"), c.environment());
        assertTrue(new ChildRun("java", "CP", dir, true, 1, "MXNet", 1, Map.of()).command().contains("--retry-failed"));
        assertThrows(IllegalArgumentException.class, () -> new ChildRun("java", "CP", dir, false, 0, "MXNet", 1, Map.of()));
    }

    @Test
    void eventsSurviveTheTripThroughALineAndOtherLinesAreNotEvents() {
        SweepEvents.Event plan = SweepEvents.parse(SweepEvents.plan(6, 4, List.of(0, 3))).orElseThrow();
        assertEquals(SweepEvents.Kind.PLAN, plan.kind());
        assertEquals(6, plan.number("total"));
        assertEquals(4, plan.number("todo"));
        assertEquals(List.of(0, 3), plan.numbers("skipped"));
        SweepEvents.Event start = SweepEvents.parse(SweepEvents.start(5, 1, "executor 2 on h")).orElseThrow();
        assertEquals(5, start.run());
        assertEquals(1, start.number("attempt"));
        assertEquals("executor 2 on h", start.text("where"));
        SweepEvents.Event lost = SweepEvents.parse(SweepEvents.lost(2, "a \"quoted\" reason\nover two lines")).orElseThrow();
        assertEquals("a \"quoted\" reason\nover two lines", lost.text("message"));
        assertTrue(SweepEvents.lost(2, "x\ny").lines().count() == 1, "one event, one line");
        assertEquals(SweepEvents.Kind.FINISH, SweepEvents.parse(SweepEvents.finish(1, 2, 3)).orElseThrow().kind());
        assertEquals("bad", SweepEvents.parse(SweepEvents.error("bad")).orElseThrow().text("message"));
        assertTrue(SweepEvents.parse("26/12/06 INFO SparkContext: Running Spark version 4.2.0").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepEvents.parse(SweepEvents.PREFIX + "{\"event\": \"NOPE\"}"));
        assertTrue(e.getMessage().contains("unknown sweep event 'NOPE'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan.number("run"));
    }
}
