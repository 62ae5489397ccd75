package org.ganworkbench.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The progress of a sweep run by a driver process (the Spark backend, {@link SparkSweep}), told to the
 * process that started it as lines on the driver's stdout: {@value #PREFIX} followed by one JSON
 * object. Runs are named by their index in {@link Sweep#runs()}: both processes expand the same sweep.
 * Written by the driver, read by {@link SparkSweep}, which turns them into {@link SweepListener} calls.
 */
public final class SweepEvents {

    /** The start of an event line; other lines of the driver's stdout are its log. */
    public static final String PREFIX = "@gan-sweep ";

    /** The kinds of events. */
    public enum Kind {
        /** {@code total} runs, {@code todo} to run, {@code skipped}: indices of the finished ones. */
        PLAN,
        /** Run {@code run} started, attempt {@code attempt} (0 first), on {@code where}. */
        START,
        /** Run {@code run} finished ({@code done} of {@code todo}); its result is in its folder. */
        FINISH,
        /** Run {@code run}'s task was lost ({@code message}) and is run again. */
        LOST,
        /** Run {@code run} ended without a result ({@code message}); the sweep goes on without it. */
        CRASH,
        /** Bad input ({@code message}): the driver exits 2. */
        ERROR
    }

    /** One event: its kind and its fields. */
    public record Event(Kind kind, Map<String, Object> fields) {

        /** The run's index in {@link Sweep#runs()}. */
        public int run() {
            return number("run");
        }

        /** A whole-number field. */
        public int number(String key) {
            Object v = fields.get(key);
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("sweep event " + kind + " lacks the number '" + key + "': " + fields);
            }
            return n.intValue();
        }

        /** A text field ("" when absent). */
        public String text(String key) {
            Object v = fields.get(key);
            return v == null ? "" : v.toString();
        }

        /** A list of whole numbers. */
        public List<Integer> numbers(String key) {
            Object v = fields.get(key);
            if (!(v instanceof List<?> l)) {
                throw new IllegalArgumentException("sweep event " + kind + " lacks the list '" + key + "': " + fields);
            }
            return l.stream().map(x -> ((Number) x).intValue()).toList();
        }
    }

    private SweepEvents() {}

    public static String plan(int total, int todo, List<Integer> skipped) {
        return line(Kind.PLAN, "total", total, "todo", todo, "skipped", skipped);
    }

    public static String start(int run, int attempt, String where) {
        return line(Kind.START, "run", run, "attempt", attempt, "where", where);
    }

    public static String finish(int run, int done, int todo) {
        return line(Kind.FINISH, "run", run, "done", done, "todo", todo);
    }

    public static String lost(int run, String message) {
        return line(Kind.LOST, "run", run, "message", message);
    }

    public static String crash(int run, String message) {
        return line(Kind.CRASH, "run", run, "message", message);
    }

    public static String error(String message) {
        return line(Kind.ERROR, "message", message);
    }

    /** The event of a line of the driver's stdout; empty for a line that is not one. */
    public static Optional<Event> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, Object> m = Json.parseObject(line.substring(PREFIX.length()), "sweep event");
        Object kind = m.remove("event");
        try {
            return Optional.of(new Event(Kind.valueOf(String.valueOf(kind)), m));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sweep event '" + kind + "' in: " + line, e);
        }
    }

    private static String line(Kind kind, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", kind.name());
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return PREFIX + Json.compact(m);
    }
}
