package org.ganworkbench.experiments;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON plumbing of the experiment runner: parsing into plain Java values (maps, lists, strings,
 * booleans, {@code Long} for whole numbers, {@code Double} otherwise) and writing them back.
 * Non-finite numbers are written as {@code null}, since JSON has no NaN.
 */
final class Json {

    /** Pretty, no HTML escaping; NaN never reaches Gson (see {@link #toElement}). */
    static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();
    static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {}

    /**
     * The text of a file the user named ({@code what}: "sweep file", "spec file"); a file that is
     * missing, a folder or unreadable is bad input, said as such (IllegalArgumentException naming it).
     *
     * @throws java.io.IOException on other read errors
     */
    static String readUserFile(java.nio.file.Path file, String what) throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a folder, not a " + what);
        }
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such " + what, e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": cannot read the " + what + " (permission denied)", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + ": the " + what + " is not UTF-8 text", e);
        }
    }

    /**
     * Parses a JSON object, strictly: no comments, no unquoted keys or single quotes, no NaN, no
     * trailing commas, no duplicate keys (which lenient readers resolve silently by taking the last),
     * nothing after the object. {@code what} names the source (a file) in errors, with the line and
     * column.
     */
    static Map<String, Object> parseObject(String text, String what) {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        Object v;
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new IllegalArgumentException(what + ": expected a JSON object {...}, got " + r.peek().name()
                        .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " at " + where(r));
            }
            v = read(r, what);
            boolean more;
            try {
                more = r.peek() != JsonToken.END_DOCUMENT;
            } catch (com.google.gson.stream.MalformedJsonException second) {   // a second value, which strict JSON refuses
                more = true;
            }
            if (more) {
                throw new IllegalArgumentException(what + ": more text after the JSON object, at " + where(r));
            }
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(what + ": the JSON ends too early (a missing } or ], or an empty or "
                    + "truncated file)", e);
        } catch (java.io.IOException e) {   // MalformedJsonException and its kin: say where, without Gson's advice
            throw new IllegalArgumentException(what + ": not valid JSON: " + plain(e.getMessage()), e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    private static Object read(JsonReader r, String what) throws java.io.IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String key = r.nextName();
                    if (m.containsKey(key)) {
                        throw new IllegalArgumentException(what + ": duplicate key '" + key + "' at " + where(r)
                                + " (JSON readers differ on which one counts; give each key once)");
                    }
                    m.put(key, read(r, what));
                }
                r.endObject();
                return m;
            }
            case BEGIN_ARRAY -> {
                List<Object> l = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) {
                    l.add(read(r, what));
                }
                r.endArray();
                return l;
            }
            case STRING -> {
                return r.nextString();
            }
            case NUMBER -> {
                return canonicalNumber(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return r.nextBoolean();
            }
            case NULL -> {
                r.nextNull();
                return null;
            }
            default -> throw new IllegalArgumentException(what + ": unexpected " + r.peek() + " at " + where(r));
        }
    }

    /** "line 3 column 7 ($.base.steps)" from the reader's position. */
    private static String where(JsonReader r) {
        String s = r.toString();   // "JsonReader at line 3 column 7 path $.base"
        int at = s.indexOf(" at line ");
        String position = at < 0 ? "" : s.substring(at + 4);
        int path = position.indexOf(" path ");
        return path < 0 ? position : position.substring(0, path) + " (" + position.substring(path + 6) + ")";
    }

    /** Gson's message without its advice to read leniently and its troubleshooting link. */
    private static String plain(String message) {
        String m = String.valueOf(message);
        int see = m.indexOf("\nSee ");
        if (see >= 0) {
            m = m.substring(0, see);
        }
        return m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                        "not strict JSON (a comment, an unquoted or single-quoted text, NaN or a stray character)")
                .replace(" path ", " (path ").concat(m.contains(" path ") ? ")" : "");
    }

    /** A parsed JSON element as plain Java values. */
    static Object toJava(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                m.put(en.getKey(), toJava(en.getValue()));
            }
            return m;
        }
        if (e.isJsonArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) {
                l.add(toJava(x));
            }
            return l;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            return canonicalNumber(new BigDecimal(p.getAsString()));
        }
        return p.getAsString();
    }

    /**
     * The canonical Java value of a number: a {@code Long} if it is whole (and exactly representable),
     * else a {@code Double}; so 1, 1.0 and 1e0 are the same value.
     */
    static Object canonicalNumber(Number n) {
        if (n instanceof Float f) {
            // 0.9f as written, not 0.8999999761581421
            return canonicalNumber(new BigDecimal(Float.toString(f)));
        }
        if (n instanceof Double d) {
            if (!Double.isFinite(d)) {
                return d;
            }
            return canonicalNumber(new BigDecimal(Double.toString(d)));
        }
        BigDecimal b = n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
        BigDecimal stripped = b.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(1L << 53)) <= 0) {
            return stripped.longValueExact();
        }
        return b.doubleValue();
    }

    /** Plain Java values (maps, lists, numbers, strings, booleans, null) as a JSON tree. */
    static JsonElement toElement(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement e) {
            return e;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            for (Map.Entry<?, ?> en : m.entrySet()) {
                o.add(String.valueOf(en.getKey()), toElement(en.getValue()));
            }
            return o;
        }
        if (v instanceof Iterable<?> it) {
            JsonArray a = new JsonArray();
            for (Object x : it) {
                a.add(toElement(x));
            }
            return a;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if ((n instanceof Double || n instanceof Float) && !Double.isFinite(d)) {
                return JsonNull.INSTANCE;
            }
            Object c = canonicalNumber(n);
            return c instanceof Long l ? new JsonPrimitive(l) : new JsonPrimitive((Double) c);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    /** Pretty-printed JSON with a trailing newline. */
    static String pretty(Object v) {
        return PRETTY.toJson(toElement(v)) + "\n";
    }

    /** One-line JSON. */
    static String compact(Object v) {
        return COMPACT.toJson(toElement(v));
    }
}
