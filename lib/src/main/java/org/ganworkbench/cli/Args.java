package org.ganworkbench.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Minimal "--name value" argument parsing for the commands; unknown names are an error. */
final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.List<String> positional = new java.util.ArrayList<>();

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (a.contains("=")) {
                    values.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.put(a, args[++i]);
                } else {
                    values.put(a, "true");
                }
            } else {
                positional.add(a);
            }
        }
    }

    /** The value of {@code --name}, or the default; consumes it. */
    String value(String name, String defaultValue) {
        String v = values.remove(name);
        return v == null ? defaultValue : v;
    }

    /** An integer option; a non-number is an error naming the option. */
    int intValue(String name, int defaultValue) {
        String v = value(name, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + v + "'");
        }
    }

    /** Whether the flag {@code --name} was given; consumes it. */
    boolean flag(String name) {
        return Boolean.parseBoolean(value(name, "false"));
    }

    /** Positional arguments in order. */
    java.util.List<String> positional() {
        return positional;
    }

    /** Fails if options were given that no one asked for. */
    void finish() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + values.keySet());
        }
    }
}
