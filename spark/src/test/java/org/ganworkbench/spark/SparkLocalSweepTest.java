package org.ganworkbench.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ganworkbench.experiments.Results;
import org.ganworkbench.experiments.SparkSweep;
import org.ganworkbench.experiments.Sweep;
import org.ganworkbench.experiments.SweepRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps through Spark's {@code local[2]} master: the driver JVM the lib starts, one task per run,
 * against the local runner with the same engine and threads.
 */
@Tag("slow")   // starts driver and run JVMs: test.sh runs these in the slow step
class SparkLocalSweepTest {

    @Test
    void localTwoWritesTheLocalRunnersResultsAndARerunSkipsEveryRun(@TempDir Path dir) throws Exception {
        Sweep sweep = SparkSweeps.sweep("local2", 200, "[1, 2]");
        new SweepRunner(sweep, dir.resolve("local")).parallel(2).threadsPerRun(1).classpath(SparkSweeps.classpath()).run();

        SparkSweeps.Recording first = new SparkSweeps.Recording();
        Results results = new SweepRunner(sweep, dir.resolve("spark"))
                .spark(new SparkSweep("local[2]").driverClasspath(SparkSweeps.classpath())).listener(first).run();
        assertEquals(4, first.total);
        assertEquals(4, first.started.size(), "one task per run: " + first.started);
        assertEquals(4, first.finished.size());
        assertTrue(first.over && first.crashed.isEmpty() && first.lost.isEmpty(), first.crashed + " " + first.lost);
        assertEquals(SparkSweeps.resultsWithoutTime(dir.resolve("local")), SparkSweeps.resultsWithoutTime(dir.resolve("spark")));
        assertEquals(4, results.runs().rowCount());
        String config = Files.readString(sweep.runs().get(0).dir(dir.resolve("spark")).resolve("config.json"));
        assertTrue(config.contains("\"omp_num_threads\": \"1\""), "a task's run gets OMP_NUM_THREADS = spark.task.cpus: " + config);
        assertTrue(Files.size(dir.resolve("spark").resolve(SparkSweep.DRIVER_LOG)) > 0, "Spark's log goes to the driver log");

        SparkSweeps.Recording again = new SparkSweeps.Recording();
        new SweepRunner(sweep, dir.resolve("spark")).spark(new SparkSweep("local[2]").driverClasspath(SparkSweeps.classpath()))
                .listener(again).run();
        assertEquals(4, again.skipped.size());
        assertEquals(List.of(), again.started, "a rerun runs nothing");
        assertEquals(SparkSweeps.resultsWithoutTime(dir.resolve("local")), SparkSweeps.resultsWithoutTime(dir.resolve("spark")));
    }

    @Test
    void aFolderHoldingAnotherSweepsFinishedRunsIsRefusedWithTheDriversMessage(@TempDir Path dir) {
        new SweepRunner(SparkSweeps.sweep("one", 20, "[1]"), dir).run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SweepRunner(SparkSweeps.sweep("one", 30, "[1]"), dir)
                .spark(new SparkSweep("local[2]").driverClasspath(SparkSweeps.classpath())).run());
        assertTrue(e.getMessage().contains("holds a finished run of another spec"), e.getMessage());
    }

    @Test
    void theResultsAsADataFrameGroupByVariantAsSummaryCsvDoes(@TempDir Path dir) {
        Sweep sweep = SparkSweeps.sweep("frames", 30, "[1, 2, 3]");
        Results results = new SweepRunner(sweep, dir).run();
        SparkSession spark = SparkSession.builder().master("local[1]").appName("frames").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> runs = SweepFrames.runs(spark, dir);
            assertEquals(6, runs.count());
            assertEquals("bigint", runs.schema().apply("seed").dataType().simpleString());
            Map<String, Row> byVariant = new TreeMap<>();
            for (Row r : SweepFrames.byVariant(runs).collectAsList()) {
                byVariant.put(r.getString(r.fieldIndex("variant")), r);
            }
            var summary = results.summary();
            for (int i = 0; i < summary.rowCount(); i++) {
                Row r = byVariant.get(summary.stringColumn("variant").get(i));
                assertEquals((long) summary.intColumn("n").get(i), r.getLong(r.fieldIndex("n")));
                for (String m : results.metricNames()) {
                    for (String stat : List.of(" mean", " std")) {
                        double want = summary.doubleColumn(m + stat).get(i);
                        Object got = r.get(r.fieldIndex(m + stat));
                        if (Double.isNaN(want)) {
                            assertTrue(got == null || Double.isNaN((Double) got), m + stat);
                        } else {
                            assertEquals(want, (Double) got, 1e-9 * Math.max(1, Math.abs(want)), m + stat);
                        }
                    }
                }
            }
            runs.createOrReplaceTempView("runs");
            assertEquals(2, spark.sql("SELECT variant, avg(kl_to_uniform) FROM runs GROUP BY variant").count());
        } finally {
            spark.stop();
        }
    }
}
