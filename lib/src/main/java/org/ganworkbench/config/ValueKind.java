package org.ganworkbench.config;

/** The type of an option's value as JSON carries it (a run spec's), for validation and error messages. */
public enum ValueKind {
    /** A whole number (JSON 3, 3.0). */
    INT("a whole number"),
    /** Any number. */
    NUMBER("a number"),
    /** true or false. */
    BOOL("true or false"),
    /** A string. */
    STRING("a string"),
    /** A list of whole numbers. */
    INT_LIST("a list of whole numbers"),
    /** A list of strings. */
    STRING_LIST("a list of strings"),
    /** Anything. */
    ANY("a JSON value");

    private final String description;

    ValueKind(String description) {
        this.description = description;
    }

    /**
     * Whether a value has this kind: JSON's (a run spec's numbers are Long or Double) or Java's
     * (a notebook's {@code Map.of("n", 5)} gives an Integer).
     */
    public boolean accepts(Object v) {
        return switch (this) {
            case INT -> whole(v);
            case NUMBER -> v instanceof Number;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case INT_LIST -> v instanceof java.util.List<?> l && l.stream().allMatch(ValueKind::whole);
            case STRING_LIST -> v instanceof java.util.List<?> l && l.stream().allMatch(x -> x instanceof String);
            case ANY -> true;
        };
    }

    private static boolean whole(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    /** How errors describe it, e.g. "a whole number". */
    public String description() {
        return description;
    }
}
