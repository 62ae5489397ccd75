package org.ganworkbench.experiments;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

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

    /** Parses a JSON object; {@code what} names the source (a file) in errors. */
    static Map<String, Object> parseObject(String text, String what) {
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException(what + ": not valid JSON: " + ex.getMessage(), ex);
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(what + ": expected a JSON object {...}, got " + abbreviate(e));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) toJava(e);
        return m;
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

    private static String abbreviate(JsonElement e) {
        String s = e.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
