package org.ganworkbench.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.out} and {@code System.err} of the kernel's JVM, installed once at start: while a
 * cell runs, what any thread prints goes to that cell's output as stream messages; between cells it
 * goes to the kernel process's own stdout/stderr (the Jupyter server's terminal or log), so output
 * of a background thread is never silently dropped.
 *
 * <p>Messages go out through the {@link Publisher}. Text is sent per line, and whatever is pending when a snippet ends (JShell flushes
 * {@code System.out} after each invocation) or the cell ends.
 */
final class CellOutput {

    private final Channel out;
    private final Channel err;
    final PrintStream stdout;
    final PrintStream stderr;

    private CellOutput(PrintStream processOut, PrintStream processErr, Publisher publisher) {
        this.out = new Channel(processOut, false, publisher);
        this.err = new Channel(processErr, true, publisher);
        this.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    /** Installs the routing streams as {@code System.out}/{@code System.err}. */
    static CellOutput install(Publisher publisher) {
        CellOutput o = new CellOutput(System.out, System.err, publisher);
        System.setOut(o.stdout);
        System.setErr(o.stderr);
        return o;
    }

    /** From now on output goes to the cell of {@code env}. */
    void attach(ShellReplyEnvironment env) {
        out.attach(env);
        err.attach(env);
    }

    /** Sends what is pending, then output goes to the process's own streams again. */
    void detach() {
        stdout.flush();
        stderr.flush();
        out.attach(null);
        err.attach(null);
    }

    private static final class Channel extends OutputStream {
        private final PrintStream process;
        private final boolean isErr;
        private final Publisher publisher;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private ShellReplyEnvironment env;

        Channel(PrintStream process, boolean isErr, Publisher publisher) {
            this.process = process;
            this.isErr = isErr;
            this.publisher = publisher;
        }

        synchronized void attach(ShellReplyEnvironment e) {
            flushPending();
            env = e;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
            if (b == '\n') {
                flushPending();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
            for (int i = off + len - 1; i >= off; i--) {
                if (b[i] == '\n') {
                    flushPending();
                    break;
                }
            }
        }

        @Override
        public synchronized void flush() {
            flushPending();
        }

        private void flushPending() {
            if (pending.size() == 0) {
                return;
            }
            String text = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            ShellReplyEnvironment e = env;
            if (e == null) {
                process.print(text);
                process.flush();
            } else if (isErr) {
                publisher.send(() -> e.writeToStdErr(text));
            } else {
                publisher.send(() -> e.writeToStdOut(text));
            }
        }
    }
}
