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

    /** How errors describe it, e.g. "a whole number". */
    public String description() {
        return description;
    }
}
