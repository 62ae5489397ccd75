package org.ganworkbench.viz;

import java.lang.reflect.Method;

/**
 * A bridge to the Jupyter kernel's {@code display(obj)} and {@code updateDisplay(id, obj)}, so that
 * library code (the live view) can show and update outputs in place. Works in the rapaio kernel
 * (the lab's {@code gan-java} kernel) and in IJava, found by reflection at run time; outside a
 * kernel (tests, command line) nothing is shown and {@link #inKernel()} is false.
 */
public final class Notebook {

    private static final Bridge BRIDGE = Bridge.find();

    private Notebook() {}

    /** Whether a Jupyter kernel with display support was found. */
    public static boolean inKernel() {
        return BRIDGE != null;
    }

    /** Shows {@code value} as a new output; returns its display id (null outside a kernel). */
    public static String display(Object value) {
        if (BRIDGE == null) {
            return null;
        }
        return BRIDGE.display(value);
    }

    /** Replaces the output with this display id by {@code value}; ignored outside a kernel. */
    public static void update(String id, Object value) {
        if (BRIDGE == null || id == null) {
            return;
        }
        BRIDGE.update(id, value);
    }

    private record Bridge(Object target, Method display, Method update) {

        String display(Object value) {
            try {
                Object id = display.invoke(target, value);
                return id == null ? null : id.toString();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the kernel's display(...) failed", e);
            }
        }

        void update(String id, Object value) {
            try {
                update.invoke(target, id, value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the kernel's updateDisplay(...) failed", e);
            }
        }

        static Bridge find() {
            for (ClassLoader loader : loaders()) {
                try {
                    Class<?> global = Class.forName("org.rapaio.jupyter.kernel.global.Global", true, loader);
                    return new Bridge(null, global.getMethod("display", Object.class),
                            global.getMethod("updateDisplay", String.class, Object.class));
                } catch (ReflectiveOperationException | LinkageError ignored) {
                    // not the rapaio kernel
                }
                try {
                    Class<?> ijava = Class.forName("io.github.spencerpark.ijava.IJava", true, loader);
                    Object kernel = ijava.getMethod("getKernelInstance").invoke(null);
                    if (kernel != null) {
                        return new Bridge(kernel, kernel.getClass().getMethod("display", Object.class),
                                kernel.getClass().getMethod("updateDisplay", String.class, Object.class));
                    }
                } catch (ReflectiveOperationException | LinkageError ignored) {
                    // not IJava either
                }
            }
            return null;
        }

        private static ClassLoader[] loaders() {
            return new ClassLoader[] {
                Thread.currentThread().getContextClassLoader(),
                Notebook.class.getClassLoader(),
                ClassLoader.getSystemClassLoader()
            };
        }
    }
}
