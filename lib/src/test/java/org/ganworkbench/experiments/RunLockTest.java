package org.ganworkbench.experiments;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's JVM ({@link ChildRun}, {@link SweepChild}) waits while another process holds the run
 * folder's lock (a Spark task started again while the lost one's process is still ending), writes
 * nothing meanwhile, and runs once the lock is free.
 */
@Tag("slow")   // starts a child JVM: test.sh runs these in the slow step
class RunLockTest {

    @Test
    void aSecondProcessOnTheSameRunFolderWaitsForTheFirstAndWritesNothingMeanwhile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(RunFolder.SPEC), Tiny.spec(20).toJson());
        ChildRun child = new ChildRun(ChildRun.thisJava(), Classpath.forChildren(), dir, false, 1, "MXNet",
                ProcessHandle.current().pid(), Map.of());
        Process p;
        try (FileChannel channel = FileChannel.open(dir.resolve(RunFolder.RUN_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            p = child.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve(RunFolder.RUN_LOG)).contains("waiting for it to end")
                    && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(dir.resolve(RunFolder.RUN_LOG)).contains("another process is running " + dir),
                    Files.readString(dir.resolve(RunFolder.RUN_LOG)));
            Thread.sleep(1000);
            assertTrue(p.isAlive(), "it waits");
            for (String f : new String[] {RunFolder.CONFIG, RunFolder.LOG, RunFolder.RESULT}) {
                assertFalse(Files.exists(dir.resolve(f)), "nothing written while the lock is held: " + f);
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve(RunFolder.RUN_LOG)));
        assertEquals(RunResult.OK, new RunFolder(dir).result().orElseThrow().status());
    }
}
