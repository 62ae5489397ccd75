package org.ganworkbench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Argument parsing for the commands: {@code --name value}, {@code --name=value}, flags and
 * positional arguments in any order.
 *
 * <p>Flags (options without a value, e.g. {@code --rgb}) are declared when parsing, so in
 * {@code --rgb DIR} the folder stays a positional argument. Every other option takes the next
 * argument as its value; given last or before another option it has none, which is an error when the
 * command asks for it. Options no one asked for are an error at {@link #finish()}.
 */
final class Args {

    private final Set<String> flags;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> withoutValue = new LinkedHashSet<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * Parses the arguments.
     *
     * @param args the command's arguments
     * @param flags the options that take no value, e.g. {@code "--rgb"}
     */
    Args(String[] args, String... flags) {
        this.flags = Set.of(flags);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                positional.add(a);
            } else if (a.contains("=")) {
                values.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (this.flags.contains(a)) {
                values.put(a, "true");
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(a, args[++i]);
            } else {
                withoutValue.add(a);
            }
        }
    }

    /** Whether {@code --name} was given (with or without a value). */
    boolean has(String name) {
        return values.containsKey(name) || withoutValue.contains(name);
    }

    /**
     * The value of {@code --name}, or the default; consumes it.
     *
     * @throws IllegalArgumentException if the option was given without a value
     */
    String value(String name, String defaultValue) {
        if (withoutValue.remove(name)) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String v = values.remove(name);
        return v == null ? defaultValue : v;
    }

    /** An integer option; a non-number is an error naming the option. */
    int intValue(String name, int defaultValue) {
        Long v = longOrNull(name);
        if (v == null) {
            return defaultValue;
        }
        if (v != v.intValue()) {
            throw new IllegalArgumentException(name + " is out of range, got " + v);
        }
        return v.intValue();
    }

    /** An integer option, or null when it was not given. */
    Integer intOrNull(String name) {
        return has(name) ? intValue(name, 0) : null;
    }

    /** A long integer option; a non-number is an error naming the option. */
    long longValue(String name, long defaultValue) {
        Long v = longOrNull(name);
        return v == null ? defaultValue : v;
    }

    private Long longOrNull(String name) {
        String v = value(name, null);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + v + "'");
        }
    }

    /**
     * Whether the flag {@code --name} was given; consumes it.
     *
     * @throws IllegalArgumentException if it was given a value other than true or false
     * @throws IllegalStateException if {@code name} was not declared as a flag (a bug in the command)
     */
    boolean flag(String name) {
        if (!flags.contains(name)) {
            throw new IllegalStateException(name + " is read as a flag but was not declared as one");
        }
        String v = value(name, "false");
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(name + " is a flag (true or false), got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Positional arguments in order. */
    List<String> positional() {
        return positional;
    }

    /** Fails if options were given that no one asked for. */
    void finish() {
        Set<String> unknown = new LinkedHashSet<>(values.keySet());
        unknown.addAll(withoutValue);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + String.join(", ", unknown));
        }
    }
}
