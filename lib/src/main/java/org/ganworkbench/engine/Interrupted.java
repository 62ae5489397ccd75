package org.ganworkbench.engine;

import java.util.function.Supplier;

/**
 * The work of a notebook cell was interrupted: the kernel's "Interrupt" calls
 * {@link Thread#interrupt()} on the thread running the cell. Long loops (training steps, metric
 * batches) call {@link #check(String)} once per step or batch and end within about one of them;
 * training itself does not throw but stops and returns what it trained
 * ({@code GanTraining.interrupted()}).
 *
 * <p>Nothing here clears the thread's interrupt flag for good: the kernel reads it to know the
 * cell was interrupted, and clears it before the next cell. Because I/O through a channel
 * ({@code FileChannel.open}, {@code Files.newByteChannel}, a stream's {@code getChannel()})
 * fails with {@link java.nio.channels.ClosedByInterruptException} on an interrupted thread and
 * closes the channel (JDK 17's {@code Files.newOutputStream} and {@code Files.writeString} happen
 * not to), every file written after an interruption (log.csv, the checkpoint, results.csv) is
 * written inside {@link #deferred}, which lowers the flag for the work and raises it again
 * afterwards.
 */
public final class Interrupted extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An interruption described by {@code message} (what was interrupted, where, what is left). */
    public Interrupted(String message) {
        super(message);
    }

    /** As {@link #Interrupted(String)}, caused by {@code cause} (e.g. an inner interruption). */
    public Interrupted(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Throws {@code Interrupted("<what> interrupted")} if this thread's interrupt flag is set; the
     * flag stays set.
     *
     * @param what the work being done, e.g. "MS-SSIM of 10,000 images"
     * @throws Interrupted if the thread was interrupted
     */
    public static void check(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new Interrupted(what + " interrupted");
        }
    }

    /** Whether this thread's interrupt flag is set (the flag is left as it is). */
    public static boolean requested() {
        return Thread.currentThread().isInterrupted();
    }

    /**
     * Runs {@code work} with this thread's interrupt flag cleared, so that its file writes work after
     * an interruption, and sets the flag again afterwards (also if the work throws) if it was set
     * before. An interruption arriving during the work leaves the flag set as well.
     *
     * @return what the work returned
     */
    public static <T> T deferred(Supplier<T> work) {
        boolean was = Thread.interrupted();
        try {
            return work.get();
        } finally {
            if (was) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** As {@link #deferred(Supplier)}, for work without a result. */
    public static void deferred(Runnable work) {
        deferred(() -> {
            work.run();
            return null;
        });
    }
}
