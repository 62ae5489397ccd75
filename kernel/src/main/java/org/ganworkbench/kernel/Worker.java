package org.ganworkbench.kernel;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one long-lived thread on which JShell lives and every cell runs. One thread, not one per cell,
 * so that what is bound to a thread survives from cell to cell: the context class loader JShell's
 * loader installs, DJL's native engine state, the lib's thread-locals.
 *
 * <p><b>Interrupt.</b> {@link #interrupt()} interrupts the running task's thread: {@code sleep},
 * {@code wait} and blocking I/O end at once, and the lib's loops (training, sweeps, metrics) check the
 * flag at every step and end cleanly. A task still inside user code after the grace period ignores
 * interruption (a busy loop); its thread is then stopped by force ({@link Thread#stop()}, which
 * throws {@link ThreadDeath} at the next safepoint; JDK 17 still has it). A ThreadDeath that
 * reaches this loop is caught, so the thread goes on with the next task. Where {@code Thread.stop}
 * is gone (JDK 20+), the stuck thread is abandoned and a fresh worker thread takes the next tasks.
 *
 * <p>Only the code between {@link #enterUserCode()} and {@link #leaveUserCode()} (called by the
 * execution control around each snippet's invocation) is ever stopped by force, never JShell's own
 * bookkeeping.
 */
final class Worker {

    /** What a caller learns about how its task ended, besides its value. */
    enum Ending { NORMAL, INTERRUPTED, STOPPED, ABANDONED }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Duration grace;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private Thread thread;              // guarded by this
    private Task<?> current;            // guarded by this
    private boolean inUserCode;         // guarded by this
    private volatile boolean closed;

    /** A worker whose interrupts turn into a forced stop after {@code grace}. */
    Worker(Duration grace) {
        this.grace = grace;
        startThread();
    }

    private static final class Task<T> {
        final Callable<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        volatile Ending ending = Ending.NORMAL;
        volatile boolean interruptRequested;

        Task(Callable<T> work) {
            this.work = work;
        }
    }

    /** The result of a task, with how it ended. */
    record Outcome<T>(T value, Throwable error, Ending ending) {}

    private synchronized void startThread() {
        Thread t = new Thread(this::loop, "kernel-worker-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        Thread me = Thread.currentThread();
        while (!closed) {
            try {
                if (!next(me)) {
                    return;
                }
            } catch (Throwable late) {
                // a ThreadDeath delivered just after its task ended: the thread goes on
            }
        }
    }

    /** Takes and runs one task; false when this thread has been replaced and must end. */
    private boolean next(Thread me) {
        Task<?> task;
        try {
            task = queue.take();
        } catch (InterruptedException e) {
            return true;   // an interrupt that arrived between tasks: nothing to stop
        }
        synchronized (this) {
            if (thread != me) {          // abandoned while stuck: hand the task back and end
                queue.add(task);
                return false;
            }
            current = task;
            Thread.interrupted();        // a stale flag must not hit the new task
        }
        try {
            run(task);
        } finally {
            synchronized (this) {
                if (current == task) {
                    current = null;
                    inUserCode = false;
                }
                Thread.interrupted();
            }
        }
        synchronized (this) {
            return thread == me;
        }
    }

    private <T> void run(Task<T> task) {
        try {
            task.result.complete(task.work.call());
        } catch (Throwable t) {   // ThreadDeath included: the loop lives on
            task.result.completeExceptionally(t);
        }
    }

    /**
     * Runs {@code work} on the worker thread and waits for it; the outcome says whether it was
     * interrupted or stopped on the way.
     */
    <T> Outcome<T> call(Callable<T> work) {
        Task<T> task = enqueue(work);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return new Outcome<>(task.result.get(), null, ending(task));
                } catch (ExecutionException e) {
                    return new Outcome<>(null, e.getCause(), ending(task));
                } catch (InterruptedException e) {
                    interrupted = true;   // the caller (a channel thread) is not the one to interrupt: wait on
                }
            }
        } finally {
            if (interrupted) {   // restored once, after the wait: restoring inside the loop would make get() throw at once, forever
                Thread.currentThread().interrupt();
            }
        }
    }


    /** Queues {@code work} for the worker thread without waiting for it. */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        return enqueue(work).result;
    }

    private <T> Task<T> enqueue(Callable<T> work) {
        if (closed) {
            throw new IllegalStateException("the kernel's worker is closed");
        }
        Task<T> task = new Task<>(work);
        queue.add(task);
        return task;
    }

    private static Ending ending(Task<?> task) {
        return task.ending == Ending.NORMAL && task.interruptRequested ? Ending.INTERRUPTED : task.ending;
    }

    /** Whether the running task was asked to stop (the execution control checks it between snippets). */
    synchronized boolean interruptRequested() {
        return current != null && current.interruptRequested;
    }

    /**
     * Interrupts the running task, if any; after the grace period, stops it by force if it is still
     * in user code. Returns whether a task was running.
     */
    boolean interrupt() {
        Task<?> task;
        synchronized (this) {
            task = current;
            if (task == null) {
                return false;
            }
            task.interruptRequested = true;
            thread.interrupt();
        }
        Thread stopper = new Thread(() -> stopAfterGrace(task), "kernel-interrupt-grace");
        stopper.setDaemon(true);
        stopper.start();
        return true;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void stopAfterGrace(Task<?> task) {
        try {
            task.result.get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return;   // ended within the grace period
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            // fall through
        } catch (InterruptedException | ExecutionException | java.util.concurrent.CancellationException e) {
            return;
        }
        synchronized (this) {
            if (current != task) {
                return;
            }
            if (inUserCode) {
                try {
                    task.ending = Ending.STOPPED;
                    thread.stop();
                    return;
                } catch (UnsupportedOperationException noStop) {
                    // JDK 20+: fall through to abandoning the thread
                }
            } else {
                return;   // in JShell's own code: it ends by itself and sees the request
            }
            task.ending = Ending.ABANDONED;
            current = null;
            inUserCode = false;
        }
        task.result.completeExceptionally(new IllegalStateException(
                "the cell ignored the interrupt for " + grace.toSeconds() + " s and this JVM cannot stop a thread"
                        + " (Thread.stop is gone after JDK 19); it keeps running in the background: restart the"
                        + " kernel to end it"));
        startThread();
    }

    /** Marks the start of user code (a snippet's invocation): from here on it may be stopped by force. */
    synchronized void enterUserCode() {
        if (Thread.currentThread() == thread) {
            inUserCode = true;
        }
    }

    /** Marks the end of user code. */
    synchronized void leaveUserCode() {
        if (Thread.currentThread() == thread) {
            inUserCode = false;
        }
    }

    /** Ends the worker thread after its current task; queued tasks fail. */
    void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        Task<?> left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new IllegalStateException("the kernel is shutting down"));
        }
        t.interrupt();
    }
}
