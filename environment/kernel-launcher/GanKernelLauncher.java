import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Starts the rapaio Java kernel (3.0.1) and guards it against its start-up race.
 *
 * <p>The race: each channel's loop thread is started before its "running" flag is set, so a loop
 * that gets the CPU at once sees the flag still false and ends. When that loop is the shell or
 * control channel's, the new kernel never answers ("Kernel didn't respond"); it hit about one start
 * in two on our 2-core machines. This launcher runs the kernel unchanged and, for the first minute,
 * watches its channels through reflection: a loop thread that has ended while its flag says
 * "running" is carried on by a new thread running the same loop body, until the kernel shuts the
 * loop down. No kernel code is replaced.
 *
 * <p>Compiled by environment/setup.sh against the kernel jar; kernel.json starts this class.
 */
public final class GanKernelLauncher {

    private static final long WATCH_MILLIS = 60_000;

    private GanKernelLauncher() {}

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(GanKernelLauncher::watch, "gan-kernel-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Class.forName("org.rapaio.jupyter.kernel.MainApp").getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    private static void watch() {
        Map<Object, Boolean> handled = new IdentityHashMap<>();
        long end = System.currentTimeMillis() + WATCH_MILLIS;
        try {
            while (System.currentTimeMillis() < end) {
                for (Object loop : loopThreads()) {
                    if (!handled.containsKey(loop) && ((Thread) loop).getState() == Thread.State.TERMINATED
                            && field(loop, "running").getBoolean(loop)) {
                        handled.put(loop, Boolean.TRUE);
                        revive(loop);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("gan-kernel-watchdog: cannot inspect the kernel (" + e + "); start-up race unguarded");
        }
    }

    /** The loop threads of the kernel's channels, once the channels exist. */
    private static java.util.List<Object> loopThreads() throws ReflectiveOperationException {
        Object kernel = Class.forName("org.rapaio.jupyter.kernel.MainApp").getField("kernel").get(null);
        Method channelsOf = kernel.getClass().getMethod("channels");
        Object channels = channelsOf.invoke(kernel);
        java.util.List<Object> loops = new java.util.ArrayList<>();
        if (channels == null) {
            return loops;
        }
        for (Object channel : (Collection<?>) field(channels, "channels").get(channels)) {
            Field f = findField(channel.getClass(), "loopThread");
            if (f != null) {
                Object loop = f.get(channel);
                if (loop != null) {
                    loops.add(loop);
                }
            }
        }
        return loops;
    }

    /** Runs the ended loop's body in a new thread for as long as the loop is meant to run. */
    private static void revive(Object loop) throws ReflectiveOperationException {
        Field running = field(loop, "running");
        Runnable body = (Runnable) field(loop, "loopBody").get(loop);
        long sleep = field(loop, "sleep").getLong(loop);
        String name = ((Thread) loop).getName();
        Thread t = new Thread(() -> {
            try {
                while (running.getBoolean(loop)) {
                    body.run();
                    Thread.sleep(sleep);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }, name + "-revived");
        t.setDaemon(true);
        t.start();
        System.err.println("gan-kernel-watchdog: loop thread '" + name + "' ended at start-up; restarted it");
    }

    private static Field field(Object target, String name) throws NoSuchFieldException {
        Field f = findField(target.getClass(), name);
        if (f == null) {
            throw new NoSuchFieldException(target.getClass().getName() + "." + name);
        }
        return f;
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        return null;
    }
}
