package org.ganworkbench.experiments;

import org.ganworkbench.metrics.MetricsLog;
import org.ganworkbench.storage.ManifestFolder;
import org.ganworkbench.training.Checkpoint;
import org.ganworkbench.training.TrainingLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real thing: a run in a child JVM ({@code run-one}) is killed with SIGKILL at a random step,
 * started again on the same folder, and ends with the same weights (G, its average, D: the
 * parameter files byte for byte), the same log (all but the images/s timing column), the same
 * metrics and events as a run of the same spec that was never killed. All children run with the
 * same engine and threads; each engine once. Every part of the state a checkpoint carries is in play: Adam's
 * moments, the random stream, the replay pool, the EMA, smoothed labels and annealed noise.
 */
@Tag("slow")   // trains for real or starts child JVMs: test.sh runs these in a step of their own
class KillResumeTest {

    static final String SPEC = """
            {"data": "ring8",
             "model": {"name": "mlp", "latent_dim": 4, "generator_hidden": [64, 64], "discriminator_hidden": [64, 64]},
             "optimizer": {"name": "adam", "lr_d": 0.001, "lr_g": 0.001},
             "tricks": {"ema_decay": 0.99, "replay_size": 256, "instance_noise": 0.2, "label_smoothing": 0.9},
             "batch_size": 64, "steps": 1500, "log_every": 10, "checkpoint_every": 100, "seed": 5,
             "evaluation": {"n": 500, "every": 500}, "samples": 100}""";

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void aRunKilledAtARandomStepResumesToTheSameWeightsLogAndMetricsAsOneNeverKilled(String engine, @TempDir Path dir)
            throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        assertEquals(0, child(spec, whole, engine).waitFor(), () -> runLog(whole));

        long seed = System.nanoTime();
        int killAfter = 150 + new Random(seed).nextInt(1200);   // a logged step; the kill lands a little later
        Process p = child(spec, killed, engine);
        int seen = waitForLoggedStep(killed.resolve(RunFolder.LOG), killAfter, p);
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no finally
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String at = engine + ": killed after logged step " + seen + " (target " + killAfter + ", seed " + seed + ")";
        assertFalse(Files.exists(killed.resolve(RunFolder.RESULT)), at + ": the run must not have finished");
        System.out.println("KillResumeTest: " + at);

        assertEquals(0, child(spec, killed, engine).waitFor(), () -> runLog(killed));
        String log = runLog(killed);
        assertTrue(log.contains("resumed after step"), at + ": " + log);

        for (String f : List.of(Checkpoint.GENERATOR, Checkpoint.AVERAGED_GENERATOR, Checkpoint.DISCRIMINATOR)) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(RunFolder.CHECKPOINT).resolve(f)),
                    Files.readAllBytes(killed.resolve(RunFolder.CHECKPOINT).resolve(f)), at + ": " + f);
        }
        assertEquals(withoutTiming(whole), withoutTiming(killed), at + ": log.csv");
        assertEquals(MetricsLog.read(whole), MetricsLog.read(killed), at + ": metrics.jsonl");
        assertEquals(Files.readString(whole.resolve(RunFolder.EVENTS)), Files.readString(killed.resolve(RunFolder.EVENTS)),
                at + ": events.jsonl");
        assertEquals(new RunFolder(whole).result().orElseThrow().metrics(),
                new RunFolder(killed).result().orElseThrow().metrics(), at);
        assertFalse(Files.exists(ManifestFolder.previous(killed.resolve(RunFolder.CHECKPOINT))),
                "a finished run keeps one checkpoint");
        try (var s = Files.list(killed)) {
            List<String> left = s.map(x -> x.getFileName().toString()).filter(n -> n.contains(".tmp")).toList();
            assertTrue(left.isEmpty(), "temp files left behind: " + left);
        }
    }

    /** The run's JVM as a sweep starts it ({@link ChildRun}), on a copy of the spec in its folder. */
    private static Process child(Path spec, Path dir, String engine) throws IOException {
        Files.createDirectories(dir);
        Files.copy(spec, dir.resolve(RunFolder.SPEC), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new ChildRun(ChildRun.thisJava(), Classpath.forChildren(), dir, false, 2, engine,
                ProcessHandle.current().pid(), java.util.Map.of()).start();
    }

    /** Waits until log.csv has a row of step >= {@code step}; returns the last step logged. */
    private static int waitForLoggedStep(Path log, int step, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the run ended before step " + step);
            }
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                for (int i = lines.size() - 1; i >= 1; i--) {
                    String line = lines.get(i);
                    int comma = line.indexOf(',');
                    if (comma > 0) {   // a row being written may be cut: its step is whole once a comma follows
                        try {
                            int s = Integer.parseInt(line.substring(0, comma));
                            if (s >= step) {
                                return s;
                            }
                            break;
                        } catch (NumberFormatException e) {
                            break;
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log row of step " + step + " within 10 minutes");
    }

    /** log.csv without its timing column (no two runs take the same time). */
    private static List<String> withoutTiming(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve(RunFolder.LOG));
        int col = Arrays.asList(lines.get(0).split(",", -1)).indexOf(TrainingLog.IMAGES_PER_S);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(l.split(",", -1)));
            cells.remove(col);
            out.add(String.join(",", cells));
        }
        return out;
    }

    private static String runLog(Path dir) {
        try {
            return Files.readString(dir.resolve(RunFolder.RUN_LOG));
        } catch (IOException e) {
            return "(no run.log: " + e.getMessage() + ")";
        }
    }
}
