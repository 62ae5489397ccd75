package org.ganworkbench.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The options of one configurable thing (a model, the tricks, ...), each declared once
 * ({@link Option}), in the order they are applied. From the declarations come:
 * <ul>
 *   <li>the schema of a run spec's section ({@link #kinds()});
 *   <li>validation of a section's values, types and ranges, before anything is built ({@link #check});
 *   <li>the spec parser: values onto a builder ({@link #apply});
 *   <li>the provenance map of a built thing ({@link #read});
 *   <li>the option table of the README and of {@code gan options} ({@link #table}).
 * </ul>
 * Errors name the field as {@code <section>.<key>} and say what is allowed.
 *
 * <pre>
 * static final Options&lt;Builder, Dcgan&gt; OPTIONS = Options.&lt;Builder, Dcgan&gt;of("dcgan")
 *         .integer("width", 1, 4096, "channels of the layer nearest the image", Builder::width, Dcgan::width)
 *         .choice("upsampler", Upsampler.class, "how G doubles its feature maps", Builder::upsampler, Dcgan::upsampler);
 * </pre>
 *
 * @param <B> the builder the options set
 * @param <T> the built thing they are read back from
 */
public final class Options<B, T> {

    private final String name;
    private final Map<String, Option<B, T>> options = new LinkedHashMap<>();
    private final List<List<String>> exclusive = new ArrayList<>();
    private final Map<String, String[]> requires = new LinkedHashMap<>();

    private Options(String name) {
        this.name = name;
    }

    /** Empty options of the thing called {@code name} (e.g. {@code dcgan}); add declarations with the methods below. */
    public static <B, T> Options<B, T> of(String name) {
        return new Options<>(name);
    }

    /** The thing's name. */
    public String name() {
        return name;
    }

    // ---- declarations ----

    /** A whole number in [min, max]. */
    public Options<B, T> integer(String key, long min, long max, String doc, BiConsumer<B, Integer> set,
                                 Function<T, ?> get) {
        return add(whole(key, min, max, doc, l -> (int) l, set, get));
    }

    /** A whole number in [min, max], as a long (image counts and the like). */
    public Options<B, T> longInteger(String key, long min, long max, String doc, BiConsumer<B, Long> set,
                                     Function<T, ?> get) {
        return add(whole(key, min, max, doc, l -> l, set, get));
    }

    private Option<B, T> whole(String key, long min, long max, String doc, java.util.function.LongFunction<Object> narrow,
                               BiConsumer<B, ?> set, Function<T, ?> get) {
        return new Option<B, T>(key, ValueKind.INT, range(min, max), doc, v -> {
            long l = ((Number) v).longValue();
            if (l < min || l > max) {
                throw new IllegalArgumentException("must be in " + range(min, max) + ", got " + l);
            }
            return narrow.apply(l);
        }, set, get, true);
    }

    /**
     * A number from {@code min} to {@code max} ({@code minOpen}, {@code maxOpen}: that end
     * excluded), set as a double.
     */
    public Options<B, T> number(String key, double min, boolean minOpen, double max, boolean maxOpen, String doc,
                                BiConsumer<B, Double> set, Function<T, ?> get) {
        String range = (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max) + (maxOpen ? ")" : "]");
        return add(new Option<B, T>(key, ValueKind.NUMBER, range, doc, v -> inRange(v, min, minOpen, max, maxOpen, range),
                set, get, true));
    }

    /**
     * A number from {@code min} to {@code max} ({@code minOpen}, {@code maxOpen}: that end
     * excluded), set as a float (the networks' and optimizers' precision).
     */
    public Options<B, T> floatNumber(String key, double min, boolean minOpen, double max, boolean maxOpen, String doc,
                                     BiConsumer<B, Float> set, Function<T, ?> get) {
        String range = (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max) + (maxOpen ? ")" : "]");
        return add(new Option<B, T>(key, ValueKind.NUMBER, range, doc,
                v -> (float) inRange(v, min, minOpen, max, maxOpen, range), set, get, true));
    }

    private static double inRange(Object v, double min, boolean minOpen, double max, boolean maxOpen, String range) {
        double d = ((Number) v).doubleValue();
        boolean ok = (minOpen ? d > min : d >= min) && (maxOpen ? d < max : d <= max);
        if (!ok) {
            throw new IllegalArgumentException("must be in " + range + ", got " + fmt(d));
        }
        return d;
    }

    /** true or false. */
    public Options<B, T> flag(String key, String doc, BiConsumer<B, Boolean> set, Function<T, ?> get) {
        return add(new Option<B, T>(key, ValueKind.BOOL, "", doc, v -> v, set, get, true));
    }

    /**
     * One of an enum's constants, written in lower case with '-' or '_' ({@code pixel_shuffle},
     * {@code pixel-shuffle}).
     */
    public <E extends Enum<E>> Options<B, T> choice(String key, Class<E> type, String doc, BiConsumer<B, E> set,
                                                    Function<T, ?> get) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return add(new Option<B, T>(key, ValueKind.STRING, String.join("|", names), doc, v -> {
            String wanted = ((String) v).trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(wanted)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("must be one of " + String.join(", ", names) + ", got '" + v + "'");
        }, set, get, true));
    }

    /** One of these names, turned into the setter's value by {@code parse} (which may refuse with a reason). */
    public <V> Options<B, T> choice(String key, List<String> names, Function<String, V> parse, String doc,
                                    BiConsumer<B, V> set, Function<T, ?> get) {
        return add(new Option<B, T>(key, ValueKind.STRING, String.join("|", names), doc, v -> {
            if (!names.contains(v)) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", names) + ", got '" + v + "'");
            }
            return parse.apply((String) v);
        }, set, get, true));
    }

    /**
     * A string turned into the setter's value by {@code parse}, which refuses what it cannot take
     * with a reason; {@code allowed} says in words what it takes (e.g. {@code MXNet|PyTorch}).
     */
    public <V> Options<B, T> text(String key, String allowed, Function<String, V> parse, String doc,
                                  BiConsumer<B, V> set, Function<T, ?> get) {
        return add(new Option<B, T>(key, ValueKind.STRING, allowed, doc, v -> parse.apply((String) v), set, get, true));
    }

    /** A list of these names (none, some or all, each once), set as a list of strings. */
    public Options<B, T> choices(String key, List<String> names, String doc, BiConsumer<B, List<String>> set,
                                 Function<T, ?> get) {
        return add(new Option<B, T>(key, ValueKind.STRING_LIST, "list of " + String.join("|", names), doc, v -> {
            List<String> l = ((List<?>) v).stream().map(x -> (String) x).toList();
            for (String x : l) {
                if (!names.contains(x)) {
                    throw new IllegalArgumentException("unknown '" + x + "'; known: " + String.join(", ", names));
                }
            }
            if (new java.util.HashSet<>(l).size() < l.size()) {
                throw new IllegalArgumentException("names each value once, got " + l);
            }
            return l;
        }, set, get, true));
    }

    /** A list of whole numbers, each in [min, max], at least {@code minLength} of them. */
    public Options<B, T> integers(String key, int minLength, long min, long max, String doc, BiConsumer<B, int[]> set,
                                  Function<T, ?> get) {
        String allowed = "list of " + range(min, max) + (minLength > 0 ? ", at least " + minLength : "");
        return add(new Option<B, T>(key, ValueKind.INT_LIST, allowed, doc, v -> {
            List<?> l = (List<?>) v;
            if (l.size() < minLength) {
                throw new IllegalArgumentException("needs at least " + minLength + " numbers, got " + l);
            }
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                long x = ((Number) l.get(i)).longValue();
                if (x < min || x > max) {
                    throw new IllegalArgumentException("values must be in " + range(min, max) + ", got " + l);
                }
                out[i] = (int) x;
            }
            return out;
        }, set, get, true));
    }

    /**
     * The option declared last is another way to set what other options record (e.g.
     * {@code label_smoothing} for {@code real_label_low} and {@code real_label_high}): it is not
     * recorded in the provenance itself, and the table shows no default for it.
     */
    public Options<B, T> alias() {
        Option<B, T> last = last();
        options.put(last.key(), last.alias());
        return this;
    }

    /** The option declared last is recorded in the provenance only when it differs from the default. */
    public Options<B, T> recordedOnlyWhenSet() {
        Option<B, T> last = last();
        options.put(last.key(), last.recordedOnlyWhenSet());
        return this;
    }

    /** These keys exclude one another: a section may give the first or any of the others, not both. */
    public Options<B, T> exclusive(String first, String... others) {
        List<String> group = new ArrayList<>();
        group.add(first);
        group.addAll(List.of(others));
        for (String k : group) {
            if (!options.containsKey(k)) {
                throw new IllegalStateException(name + ": no option " + k + " to make exclusive");
            }
        }
        exclusive.add(List.copyOf(group));
        return this;
    }

    /** {@code key} may be given only with {@code needed}, for the reason {@code why} (said in the error). */
    public Options<B, T> requires(String key, String needed, String why) {
        if (!options.containsKey(key) || !options.containsKey(needed)) {
            throw new IllegalStateException(name + ": no option " + key + " or " + needed);
        }
        requires.put(key, new String[] {needed, why});
        return this;
    }

    private Options<B, T> add(Option<B, T> o) {
        if (options.putIfAbsent(o.key(), o) != null) {
            throw new IllegalStateException(name + ": option " + o.key() + " declared twice");
        }
        return this;
    }

    private Option<B, T> last() {
        Option<B, T> last = null;
        for (Option<B, T> o : options.values()) {
            last = o;
        }
        if (last == null) {
            throw new IllegalStateException(name + ": no option declared yet");
        }
        return last;
    }

    // ---- uses ----

    /** The declarations, in order. */
    public List<Option<B, T>> list() {
        return List.copyOf(options.values());
    }

    /** The keys. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(options.keySet()));
    }

    /** The entries of {@code values} whose keys are declared here (a section without its name, the run's keys of a spec). */
    public Map<String, Object> own(Map<String, ?> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (options.containsKey(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /**
     * {@code value}, checked against the declaration of {@code key} (type, range, choices): what a
     * builder's setter calls, so the Java API refuses what the spec refuses, in the same words
     * ("dcgan leaky_slope must be in [0, 1), got 1.5").
     *
     * @throws IllegalArgumentException if the value is refused
     * @throws IllegalStateException if no option {@code key} is declared
     */
    public <V> V checked(String key, V value) {
        Option<B, T> o = options.get(key);
        if (o == null) {
            throw new IllegalStateException(name + ": no option " + key);
        }
        o.parseAs(name + " " + key, value);
        return value;
    }

    /** Key to JSON type, in order: the section's schema. */
    public Map<String, ValueKind> kinds() {
        Map<String, ValueKind> m = new LinkedHashMap<>();
        options.forEach((k, o) -> m.put(k, o.kind()));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Checks a section's values against the declarations without building anything: unknown keys
     * are left to the caller; each known value's range or choice is checked, and exclusive keys.
     *
     * @param section the section's name in messages, e.g. {@code model}; "" for the spec's top level
     * @param values the section's values (types already checked against {@link #kinds()})
     * @throws IllegalArgumentException naming the first bad field and what it allows
     */
    public void check(String section, Map<String, ?> values) {
        for (Option<B, T> o : options.values()) {
            if (values.containsKey(o.key())) {
                o.parse(field(section, o.key()), values.get(o.key()));
            }
        }
        for (List<String> group : exclusive) {
            boolean first = values.containsKey(group.get(0));
            List<String> others = group.subList(1, group.size()).stream().filter(values::containsKey).toList();
            if (first && !others.isEmpty()) {
                throw new IllegalArgumentException("RunSpec " + (section.isEmpty() ? "" : "section '" + section + "'")
                        + ": give either " + group.get(0)
                        + " or " + String.join("/", group.subList(1, group.size())) + ", not both");
            }
        }
        for (Map.Entry<String, String[]> r : requires.entrySet()) {
            if (values.containsKey(r.getKey()) && !values.containsKey(r.getValue()[0])) {
                throw new IllegalArgumentException("RunSpec field '" + field(section, r.getKey()) + "' needs "
                        + field(section, r.getValue()[0]) + " (" + r.getValue()[1] + ")");
            }
        }
    }

    /**
     * Sets the given values on the builder, in declaration order (so a later option may refine an
     * earlier one), after {@link #check}. A builder's refusal is reported under the field it came from.
     */
    public B apply(String section, B builder, Map<String, ?> values) {
        check(section, values);
        for (Option<B, T> o : options.values()) {
            if (values.containsKey(o.key())) {
                String field = field(section, o.key());
                Object parsed = o.parse(field, values.get(o.key()));
                try {
                    o.set(builder, parsed);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("RunSpec field '" + field + "': " + e.getMessage(), e);
                }
            }
        }
        return builder;
    }

    /**
     * The provenance of a built thing: every option's value (those marked
     * {@link #recordedOnlyWhenSet()} only when they differ from {@code defaults}' value).
     *
     * @param built the thing
     * @param defaults a thing built with the default settings, or null to record everything
     */
    public Map<String, Object> read(T built, T defaults) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Option<B, T> o : options.values()) {
            if (o.isAlias()) {
                continue;
            }
            Object v = o.read(built);
            if (o.recordedWhenDefault() || defaults == null || !java.util.Objects.equals(v, o.read(defaults))) {
                m.put(o.key(), v);
            }
        }
        return m;
    }

    /**
     * A Markdown table of the options: key, type and allowed values, default (read from
     * {@code defaults}, a thing built with the default settings), what it does.
     */
    public String table(T defaults) {
        StringBuilder s = new StringBuilder("| key | values | default | what it does |\n| --- | --- | --- | --- |\n");
        for (Option<B, T> o : options.values()) {
            String values = o.kind() == ValueKind.BOOL ? "true, false"
                    : o.allowed().isEmpty() ? o.kind().description() : o.allowed();
            s.append("| `").append(o.key()).append("` | ").append(values.replace("|", "\\|")).append(" | ")
                    .append(defaults == null || o.isAlias() ? "" : o.read(defaults) == null ? "none"
                            : "`" + o.read(defaults) + "`").append(" | ")
                    .append(o.doc().replace("|", "\\|")).append(" |\n");
        }
        return s.toString();
    }

    /** A key as errors name it: {@code section.key}, or the key alone at the top level (section ""). */
    private static String field(String section, String key) {
        return section.isEmpty() ? key : section + "." + key;
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "any whole number";
        }
        return "[" + min + ", " + (max == Integer.MAX_VALUE ? "2^31-1" : max == Long.MAX_VALUE ? "2^63-1" : max) + "]";
    }

    private static String fmt(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "∞" : "-∞";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
