package org.ganworkbench.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What holds engine (native) memory and is not closed yet: every {@code Gan} (a training run's
 * networks, optimizer state and weight average live in its manager) and every domain classifier.
 * A notebook keeps such objects in variables across cells, where try-with-resources cannot reach;
 * {@code Lab.end()} closes whatever is still open here with one call. Closing an object removes it;
 * closing twice is harmless (DJL's managers close once).
 */
public final class NativeHolders {

    private record Held(AutoCloseable holder, String what) {}

    private static final List<Held> OPEN = new ArrayList<>();

    private NativeHolders() {}

    /** Records that {@code holder} (described as {@code what}, e.g. "dcgan") holds native memory now. */
    public static synchronized void opened(AutoCloseable holder, String what) {
        OPEN.add(new Held(holder, what));
    }

    /** Records that {@code holder} released its native memory. */
    public static synchronized void closed(AutoCloseable holder) {
        OPEN.removeIf(h -> h.holder() == holder);
    }

    /** What is open now, oldest first. */
    public static synchronized List<String> open() {
        return OPEN.stream().map(Held::what).toList();
    }

    /**
     * Closes everything still open, newest first; returns what it closed, in that order. A holder
     * whose close fails is reported as "what (close failed: reason)" and the rest are closed anyway.
     */
    public static List<String> closeAll() {
        List<Held> all;
        synchronized (NativeHolders.class) {
            all = new ArrayList<>(OPEN);
        }
        List<String> closed = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Held h = all.get(i);
            try {
                h.holder().close();
                closed.add(h.what());
            } catch (Exception e) {
                closed.add(h.what() + " (close failed: " + e.getMessage() + ")");
            }
            closed(h.holder());
        }
        return closed;
    }
}
