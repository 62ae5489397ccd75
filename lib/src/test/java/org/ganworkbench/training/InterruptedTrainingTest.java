package org.ganworkbench.training;

import ai.djl.nn.Parameter;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.models.MlpGan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notebook's Interrupt (Thread.interrupt on the cell's thread) during training: the run stops
 * before the next step and returns what it trained. Each test trains on a thread of its own, which
 * a monitor interrupts at a fixed step (deterministic, unlike a timer).
 */
class InterruptedTrainingTest {

    private static TrainingConfig config(int steps) {
        return TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().generatorHidden(16).discriminatorHidden(16).build())
                .batchSize(32).learningRate(1e-3f).seed(3).steps(steps).build();
    }

    /** A monitor that interrupts the training's own thread once, after step {@code at}. */
    private static Monitor interruptAfter(int at) {
        boolean[] done = {false};
        return Monitor.every(1, t -> {
            if (t.step() == at && !done[0]) {
                done[0] = true;
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Runs {@code body} on a fresh thread (its interrupt flag dies with it). */
    private static <T> T onOwnThread(Callable<T> body) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(body).get(120, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    private static List<float[]> values(List<Parameter> params) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : params) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void trainReturnsThePartlyTrainedRunWhichSamplesAndTrainsOnOnceTheFlagIsCleared() throws Exception {
        List<Integer> observed = new ArrayList<>();
        List<String> failures = onOwnThread(() -> {
            List<String> f = new ArrayList<>();
            try (GanTraining t = GanTraining.train(config(100), interruptAfter(7),
                    Monitor.every(1, tr -> observed.add(tr.step())))) {
                check(f, t.interrupted(), "interrupted() after an interruption");
                check(f, t.interruptedAt() == 7, "interruptedAt " + t.interruptedAt() + ", expected 7");
                check(f, t.step() == 7, "step " + t.step() + ", expected 7: no step after the interruption");
                check(f, Thread.currentThread().isInterrupted(), "the interrupt flag must stay set");
                check(f, observed.equals(List.of(1, 2, 3, 4, 5, 6, 7, 7)),
                        "monitors at every step, then once at the end: " + observed);
                TrainingEvent last = t.events().get(t.events().size() - 1);
                check(f, last.check().equals(TrainingEvent.INTERRUPTED) && last.step() == 7
                        && last.message().equals("interrupted at step 7 of 100"), "event " + last);

                int events = t.events().size();
                long before = System.nanoTime();
                t.run(100, Monitor.every(1, tr -> observed.add(-tr.step())));
                check(f, t.step() == 7, "a run() while still interrupted must not step: step " + t.step());
                check(f, observed.size() == 8, "nor call monitors: " + observed);
                check(f, t.events().size() == events, "nor log the interruption again: " + t.events());
                check(f, t.interrupted() && t.interruptedAt() == 7, "still interrupted at 7");
                check(f, System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5), "it must return at once");
                check(f, Thread.currentThread().isInterrupted(), "flag still set after the second run()");

                Thread.interrupted();   // what the kernel does before the next cell
                for (float[] p : t.samplePoints(new Random(1), 64)) {
                    check(f, Float.isFinite(p[0]) && Float.isFinite(p[1]), "non-finite sample " + p[0] + ", " + p[1]);
                }
                t.run(5);
                check(f, t.step() == 12, "5 more steps after clearing the flag: step " + t.step());
                check(f, !t.interrupted() && t.interruptedAt() == -1, "a finished run() is not interrupted");
                check(f, t.log().column(TrainingLog.STEP)[t.log().column(TrainingLog.STEP).length - 1] == 12,
                        "the continued run logs its last step");
            }
            return f;
        });
        assertEquals(List.of(), failures);
    }

    @Test
    void anInterruptedRunWritesItsCheckpointAndStopsTheDiscriminatorHeadStart(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("checkpoint");
        List<String> failures = onOwnThread(() -> {
            List<String> f = new ArrayList<>();
            try (GanTraining t = GanTraining.start(config(1500)).checkpointTo(checkpoint)) {
                t.run(1500, interruptAfter(3));
                check(f, t.interruptedAt() == 3 && t.step() == 3, "stopped at " + t.interruptedAt());
                check(f, Thread.currentThread().isInterrupted(), "flag set after the checkpoint was written");
                check(f, t.events().get(t.events().size() - 1).message().equals("interrupted at step 3 of 1,500"),
                        "event " + t.events());

                List<float[]> d = values(t.gan().discriminatorParameters());
                double p = t.trainDiscriminator(1000);
                check(f, Double.isNaN(p), "no D update on an interrupted thread, got " + p);
                List<float[]> after = values(t.gan().discriminatorParameters());
                for (int i = 0; i < d.size(); i++) {
                    check(f, java.util.Arrays.equals(d.get(i), after.get(i)), "D moved while interrupted, parameter " + i);
                }
            }
            return f;
        });
        assertEquals(List.of(), failures);
        assertEquals("3", Files.readString(checkpoint.resolve("step.txt")).trim());
        assertTrue(Files.size(checkpoint.resolve(Checkpoint.GENERATOR)) > 0);
        assertTrue(Files.size(checkpoint.resolve(Checkpoint.DISCRIMINATOR)) > 0);
    }

    @Test
    void anInterruptDuringAMonitorsMetricStillReturnsTheRun() throws Exception {
        List<Integer> metricAt = new ArrayList<>();
        List<String> failures = onOwnThread(() -> {
            List<String> f = new ArrayList<>();
            boolean[] interrupted = {false};
            Monitor metric = Monitor.every(5, t -> {   // like notebook 02's FID monitor, hit by the Interrupt
                if (t.step() == 10 && !interrupted[0]) {
                    interrupted[0] = true;
                    Thread.currentThread().interrupt();
                }
                org.ganworkbench.engine.Interrupted.check("FID of 10,000 images");
                metricAt.add(t.step());
            });
            try (GanTraining t = GanTraining.train(config(100), metric)) {
                check(f, t.interrupted() && t.interruptedAt() == 10 && t.step() == 10, "stopped at " + t.interruptedAt());
                check(f, Thread.currentThread().isInterrupted(), "flag still set");
            }
            return f;
        });
        assertEquals(List.of(), failures);
        assertEquals(List.of(5), metricAt, "the metric ran at step 5, then stopped at once at 10 and at the end");
    }

    private static void check(List<String> failures, boolean ok, String what) {
        if (!ok) {
            failures.add(what);
        }
    }

    @Test
    void notInterruptedNothingChanges() {
        try (GanTraining t = GanTraining.train(config(12))) {
            assertFalse(t.interrupted());
            assertEquals(-1, t.interruptedAt());
            assertEquals(12, t.step());
            assertTrue(t.events().stream().noneMatch(e -> e.check().equals(TrainingEvent.INTERRUPTED)));
        }
    }
}
