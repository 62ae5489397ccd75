package org.ganworkbench.config;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One option of a configurable thing, declared once: its key, its JSON type, what values it allows,
 * what it does, how it is set on a builder and read back from what the builder built. The run-spec
 * schema, the spec parser, the provenance map, the error messages and the README's option tables are
 * all made from these declarations ({@link Options}); the default is the builder's own (read back
 * from a default-built thing), so it is written down nowhere else either.
 *
 * <p>Made by the {@link Options} declaration methods ({@code integer}, {@code number}, {@code flag},
 * {@code choice}, {@code integers}).
 *
 * @param <B> the builder the option sets
 * @param <T> the built thing the option is read back from
 */
public final class Option<B, T> {

    /** Turns a JSON value (already of the right {@link ValueKind}) into the setter's argument, or says why not. */
    interface Parser {
        /** The value for the setter; throws {@link IllegalArgumentException} with the reason (without the key). */
        Object parse(Object json);
    }

    private final String key;
    private final ValueKind kind;
    private final String allowed;
    private final String doc;
    private final Parser parser;
    private final BiConsumer<B, Object> setter;
    private final Function<T, Object> reader;
    private final boolean recordedWhenDefault;

    @SuppressWarnings("unchecked")
    Option(String key, ValueKind kind, String allowed, String doc, Parser parser, BiConsumer<B, ?> setter,
           Function<T, ?> reader, boolean recordedWhenDefault) {
        this.key = Objects.requireNonNull(key, "key");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.allowed = allowed;
        this.doc = Objects.requireNonNull(doc, "doc");
        this.parser = parser;
        this.setter = (BiConsumer<B, Object>) setter;
        this.reader = (Function<T, Object>) reader;
        this.recordedWhenDefault = recordedWhenDefault;
    }

    /** The key, e.g. {@code width}. */
    public String key() {
        return key;
    }

    /** The JSON type. */
    public ValueKind kind() {
        return kind;
    }

    /** The allowed values in words, e.g. {@code [1, 4096]} or {@code transposed|resize}; empty when any value of the type goes. */
    public String allowed() {
        return allowed == null ? "" : allowed;
    }

    /** What the option does (one sentence or two). */
    public String doc() {
        return doc;
    }

    /**
     * Whether the provenance records the value also when it is the default. False for options added
     * after runs were made: their configs then read as before unless the option is used.
     */
    public boolean recordedWhenDefault() {
        return recordedWhenDefault;
    }

    /** This option as another way to set what other options record: not read back. */
    Option<B, T> alias() {
        return new Option<>(key, kind, allowed, doc, parser, setter, null, false);
    }

    /** Whether this option only sets what others record ({@link Options#alias()}). */
    public boolean isAlias() {
        return reader == null;
    }

    /** This option, recorded in the provenance only when its value differs from the default. */
    Option<B, T> recordedOnlyWhenSet() {
        return new Option<>(key, kind, allowed, doc, parser, setter, reader, false);
    }

    /** The value as the setter takes it; an error names the key as the spec's {@code field}. */
    Object parse(String field, Object json) {
        return parseAs("RunSpec field '" + field + "'", json);
    }

    /** The value as the setter takes it; an error starts with {@code subject} (e.g. "dcgan leaky_slope"). */
    Object parseAs(String subject, Object json) {
        if (!kind.accepts(json)) {
            throw new IllegalArgumentException(subject + " must be " + kind.description() + ", got "
                    + (json instanceof String ? "'" + json + "'" : String.valueOf(json)));
        }
        try {
            return parser.parse(json);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            boolean phrase = m.startsWith("must ") || m.startsWith("needs ");   // the checks' own words
            throw new IllegalArgumentException(subject + (phrase ? " " : ": ") + m, e);
        }
    }

    /** Sets a parsed value on the builder. */
    void set(B builder, Object parsed) {
        setter.accept(builder, parsed);
    }

    /** The value in the built thing, as plain JSON-like data (numbers, strings, booleans, lists). */
    public Object read(T built) {
        return plain(reader.apply(built));
    }

    static Object plain(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (v instanceof int[] a) {
            return java.util.Arrays.toString(a);
        }
        if (v instanceof List<?> l) {
            return l.toString();
        }
        return v;
    }
}
