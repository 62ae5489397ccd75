package org.ganworkbench.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interruption contract: check keeps the flag, deferred lowers it for file writes and raises it again. */
class InterruptedTest {

    @AfterEach
    void clearFlag() {
        Thread.interrupted();   // never leave the test thread interrupted
    }

    @Test
    void checkThrowsOnlyWhenInterruptedAndKeepsTheFlag() {
        Interrupted.check("nothing");   // not interrupted: no throw
        assertFalse(Interrupted.requested());
        Thread.currentThread().interrupt();
        assertTrue(Interrupted.requested());
        assertTrue(Interrupted.requested(), "requested() must not clear the flag");
        Interrupted e = assertThrows(Interrupted.class, () -> Interrupted.check("MS-SSIM of 5,000 pairs"));
        assertEquals("MS-SSIM of 5,000 pairs interrupted", e.getMessage());
        assertTrue(Thread.currentThread().isInterrupted(), "check must leave the flag set for the kernel");
    }

    /** Writes through a FileChannel, as MetricsLog does (JDK 17's Files.writeString does not mind the flag). */
    private static void channelWrite(Path file, String text) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aFileWriteFailsOnAnInterruptedThreadButWorksInsideDeferred(@TempDir Path dir) throws Exception {
        Thread.currentThread().interrupt();
        // what the JDK does: the channel closes itself and throws ClosedByInterruptException itself, unwrapped
        assertThrows(ClosedByInterruptException.class, () -> channelWrite(dir.resolve("outside.txt"), "x"));
        assertTrue(Thread.currentThread().isInterrupted());
        Interrupted.deferred((Runnable) () -> {
            try {
                channelWrite(dir.resolve("inside-channel.txt"), "events");
            } catch (IOException e) {
                throw new AssertionError("the channel write failed inside deferred", e);
            }
        });
        assertTrue(Thread.currentThread().isInterrupted());
        Thread.interrupted();
        assertEquals("events", Files.readString(dir.resolve("inside-channel.txt")));
        Thread.currentThread().interrupt();

        Path file = dir.resolve("inside.txt");
        boolean[] flagDuringWork = {true};
        Path written = Interrupted.deferred(() -> {
            flagDuringWork[0] = Thread.currentThread().isInterrupted();
            try {
                return Files.writeString(file, "log.csv");
            } catch (IOException e) {
                throw new AssertionError("the write failed inside deferred", e);
            }
        });
        assertFalse(flagDuringWork[0], "deferred must lower the flag during the work");
        assertEquals("log.csv", Files.readString(written));
        assertTrue(Thread.currentThread().isInterrupted(), "deferred must raise the flag again afterwards");

        Files.delete(written);
        Interrupted.deferred((Runnable) () -> {
            try {
                Files.writeString(file, "checkpoint");
            } catch (IOException e) {
                throw new AssertionError("the write failed inside deferred", e);
            }
        });
        assertEquals("checkpoint", Interrupted.deferred(() -> {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void deferredRestoresTheFlagWhenTheWorkThrowsAndLeavesAnUninterruptedThreadAlone() {
        Thread.currentThread().interrupt();
        assertThrows(IllegalStateException.class, () -> Interrupted.deferred((Runnable) () -> {
            throw new IllegalStateException("disk full");
        }));
        assertTrue(Thread.currentThread().isInterrupted(), "the flag comes back after a failing work too");

        Thread.interrupted();
        assertEquals(42, Interrupted.deferred(() -> 42));
        assertFalse(Thread.currentThread().isInterrupted(), "deferred must not set a flag that was not set");

        // an interruption arriving during the work stays
        Interrupted.deferred((Runnable) () -> Thread.currentThread().interrupt());
        assertTrue(Thread.currentThread().isInterrupted());
    }
}
