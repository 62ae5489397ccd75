package org.ganworkbench.viz;

import java.util.Objects;

/**
 * The lib's way to show and update outputs in a notebook (the live view, a sweep's progress). The
 * lab's kernel ({@code gan-java}, module {@code kernel/}) attaches itself as the {@link Frontend} when
 * it starts, in the same JVM as the cells; the lib calls it directly, no reflection. Outside the
 * kernel (tests, the command line) nothing is attached: nothing is shown and {@link #inKernel()} is
 * false.
 *
 * <p>Calls come from the thread that runs the cell; what they show belongs to that cell's output.
 */
public final class Notebook {

    /** What a kernel offers the lib: IJava's {@code display(Object)} / {@code updateDisplay(id, Object)}. */
    public interface Frontend {

        /** Shows {@code value} as a new output of the running cell; returns its display id. */
        String display(Object value);

        /** Replaces the output with display id {@code id} (wherever it is) by {@code value}. */
        void update(String id, Object value);
    }

    private static volatile Frontend frontend;

    private Notebook() {}

    /** Called by the kernel at start: from now on {@link #display} and {@link #update} reach it. */
    public static void attach(Frontend kernel) {
        frontend = Objects.requireNonNull(kernel, "kernel");
    }

    /** Called by the kernel when it shuts down. */
    public static void detach(Frontend kernel) {
        if (frontend == kernel) {
            frontend = null;
        }
    }

    /** Whether a kernel is attached (the code runs in a notebook cell). */
    public static boolean inKernel() {
        return frontend != null;
    }

    /** Shows {@code value} as a new output; returns its display id (null outside a kernel). */
    public static String display(Object value) {
        Frontend f = frontend;
        return f == null ? null : f.display(value);
    }

    /** Replaces the output with this display id by {@code value}; ignored outside a kernel. */
    public static void update(String id, Object value) {
        Frontend f = frontend;
        if (f != null && id != null) {
            f.update(id, value);
        }
    }
}
