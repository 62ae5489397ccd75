package org.ganworkbench.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the kernel: {@code java -cp ... org.ganworkbench.kernel.KernelMain CONNECTION_FILE} (the
 * kernelspec's argv; Jupyter fills in the connection file).
 *
 * <p>Order matters (a kernel that does it the other way round drops or never answers early
 * requests): the handlers are registered before the sockets are bound, so the first request that
 * arrives finds them. JShell starts right after, on the worker thread, while kernel_info is already
 * answered; the first execute request waits for it (about 1-2 s).
 *
 * <p>Environment: {@code GAN_KERNEL_INTERRUPT_GRACE_MS}, how long a cell may ignore an interrupt
 * before it is stopped by force (default {@value #DEFAULT_GRACE_MS}).
 */
public final class KernelMain {

    /** Grace period of an interrupt before a forced stop, in milliseconds. */
    static final long DEFAULT_GRACE_MS = 3000;

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp <kernel classpath> " + KernelMain.class.getName() + " CONNECTION_FILE");
            System.exit(2);
        }
        quietProtocolLogs();
        KernelConnectionProperties props;
        try {
            props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            System.err.println("gan-java kernel: no connection file " + args[0]);
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("gan-java kernel: cannot read the connection file " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Worker worker = new Worker(Duration.ofMillis(graceMillis()));
        Publisher publisher = new Publisher();
        CellOutput output = CellOutput.install(publisher);
        GanKernel kernel = new GanKernel(worker, publisher, output);
        JupyterConnection connection = new JupyterConnection(props);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        worker.close();
        System.exit(0);
    }

    private static long graceMillis() {
        String v = System.getenv("GAN_KERNEL_INTERRUPT_GRACE_MS");
        if (v == null || v.isBlank()) {
            return DEFAULT_GRACE_MS;
        }
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            System.err.println("gan-java kernel: GAN_KERNEL_INTERRUPT_GRACE_MS=" + v + " is not a number of milliseconds; using "
                    + DEFAULT_GRACE_MS);
            return DEFAULT_GRACE_MS;
        }
    }

    /**
     * JJava's channel threads log every start and stop at INFO through slf4j (slf4j-simple, the
     * lib's binding, prints to stderr): only their warnings reach the Jupyter server's terminal.
     * Cell output and the lib's own logs are unaffected.
     */
    private static void quietProtocolLogs() {
        for (String logger : new String[] {"BaseKernel", "ShellChannel", "ControlChannel", "IOPubChannel", "StdinChannel",
                "HeartbeatChannel", "Loop-Shell-0", "Loop-Shell-1", "Loop-Heartbeat-0"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
