package org.ganworkbench.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends the cell's iopub messages (streams, displays) from a thread of its own. The cell's thread
 * must not touch the ZeroMQ socket: JeroMQ signals through a {@code java.nio} pipe, an
 * interruptible channel, so a send from the interrupted cell thread would close that pipe (and with
 * it the socket) for good. Messages keep their order; {@link #drain()} waits until all queued ones
 * are out, so a cell's outputs precede its result and reply.
 */
final class Publisher {

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kernel-iopub");
        t.setDaemon(true);
        return t;
    });

    /** Queues a send. */
    void send(Runnable publish) {
        sender.execute(() -> {
            try {
                publish.run();
            } catch (RuntimeException e) {
                System.err.println("gan-java kernel: could not send an output message: " + e);
            }
        });
    }

    /** Waits until every message queued so far is sent. */
    void drain() {
        Future<?> marker = sender.submit(() -> { });
        boolean interrupted = false;
        while (true) {
            try {
                marker.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
