package org.ganworkbench.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JShell's execution engine for this kernel: snippets run in the kernel's own JVM, on the thread
 * that called {@code JShell.eval} (the {@link Worker}), with the JDK's default loader for snippet
 * classes (whose parent is the application class loader: the lib's classes, and their static
 * state, are the kernel's).
 *
 * <p>JShell hands an invocation's value back as a string only. To show rich values (an image, a
 * table), the value itself is kept here under a key, and the key is what JShell sees as the value:
 * {@link #take(String)} gets the object back. The kernel takes or {@link #clearValues() clears}
 * them after every cell, so nothing is kept alive longer.
 */
final class InProcessExecutionControl extends DirectExecutionControl {

    /** The key prefix: a value string starting with it names a kept value. */
    static final String KEY_PREFIX = "\u0000value#";

    private static final Object NULL = new Object();

    private final Worker worker;
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();

    InProcessExecutionControl(Worker worker) {
        super();   // the JDK's default loader delegate; it sets this thread's context class loader
        this.worker = worker;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = doitMethod.invoke(null);
        String key = KEY_PREFIX + keys.incrementAndGet();
        values.put(key, value == null ? NULL : value);
        return key;
    }

    @Override
    protected void clientCodeEnter() {
        worker.enterUserCode();
    }

    @Override
    protected void clientCodeLeave() {
        worker.leaveUserCode();
    }

    /** The value kept under {@code key} (removed); null if it was null or the key is unknown. */
    Object take(String key) {
        Object v = key == null ? null : values.remove(key);
        return v == NULL ? null : v;
    }

    /** Forgets every kept value. */
    void clearValues() {
        values.clear();
    }

    /** Gives JShell this execution control (JShell asks through a provider). */
    static ExecutionControlProvider provider(InProcessExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "gan-workbench-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }
}
