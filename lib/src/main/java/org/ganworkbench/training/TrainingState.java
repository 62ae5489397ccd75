package org.ganworkbench.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of a run's state that is not weights, as named values: what exact resume needs besides
 * the parameter files (optimizer moments, the random stream, the loss's k, the decay's plateau, the
 * replay pool, spectral norm's vectors, the failure checks' counters, the log so far). Each part of
 * the loop writes and reads its own keys, under its own prefix.
 *
 * <p>Stored as two files in a checkpoint folder: numbers and strings in {@value #JSON} (readable;
 * non-finite numbers as the strings {@code "NaN"}, {@code "Infinity"}), arrays in {@value #ARRAYS}
 * (big-endian float32 or float64 with their shape, so every value comes back to the bit).
 */
final class TrainingState {

    /** The values' file. */
    static final String JSON = "state.json";
    /** The arrays' file. */
    static final String ARRAYS = "arrays.bin";
    private static final String MAGIC = "gan-workbench training state arrays";
    private static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final JsonObject values;
    private final Map<String, Object> arrays;   // float[] or double[]
    private final Map<String, long[]> shapes;
    private final Path from;

    TrainingState() {
        this(new JsonObject(), new LinkedHashMap<>(), new LinkedHashMap<>(), null);
    }

    private TrainingState(JsonObject values, Map<String, Object> arrays, Map<String, long[]> shapes, Path from) {
        this.values = values;
        this.arrays = arrays;
        this.shapes = shapes;
        this.from = from;
    }

    void putInt(String key, int v) {
        values.addProperty(key, v);
    }

    void putLong(String key, long v) {
        values.addProperty(key, v);
    }

    void putBoolean(String key, boolean v) {
        values.addProperty(key, v);
    }

    void putString(String key, String v) {
        values.addProperty(key, v);
    }

    /** A double, to the bit (non-finite values as strings). */
    void putDouble(String key, double v) {
        values.add(key, Double.isFinite(v) ? new JsonPrimitive(v) : new JsonPrimitive(Double.toString(v)));
    }

    void putBytes(String key, byte[] v) {
        values.addProperty(key, Base64.getEncoder().encodeToString(v));
    }

    void putJson(String key, JsonElement v) {
        values.add(key, v);
    }

    void putFloats(String key, float[] v, long... shape) {
        arrays.put(key, v.clone());
        shapes.put(key, shape.length == 0 ? new long[] {v.length} : shape.clone());
    }

    void putDoubles(String key, double[] v) {
        arrays.put(key, v.clone());
        shapes.put(key, new long[] {v.length});
    }

    boolean has(String key) {
        return values.has(key) || arrays.containsKey(key);
    }

    int getInt(String key) {
        return value(key).getAsInt();
    }

    long getLong(String key) {
        return value(key).getAsLong();
    }

    boolean getBoolean(String key) {
        return value(key).getAsBoolean();
    }

    String getString(String key) {
        return value(key).getAsString();
    }

    double getDouble(String key) {
        JsonElement e = value(key);
        return e.getAsJsonPrimitive().isString() ? Double.parseDouble(e.getAsString()) : e.getAsDouble();
    }

    byte[] getBytes(String key) {
        return Base64.getDecoder().decode(getString(key));
    }

    JsonElement getJson(String key) {
        return value(key);
    }

    float[] getFloats(String key) {
        Object a = array(key);
        if (!(a instanceof float[] f)) {
            throw missing(key, "float32 array");
        }
        return f;
    }

    double[] getDoubles(String key) {
        Object a = array(key);
        if (!(a instanceof double[] d)) {
            throw missing(key, "float64 array");
        }
        return d;
    }

    long[] shape(String key) {
        array(key);
        return shapes.get(key).clone();
    }

    private JsonElement value(String key) {
        JsonElement e = values.get(key);
        if (e == null || e.isJsonNull()) {
            throw missing(key, "value");
        }
        return e;
    }

    private Object array(String key) {
        Object a = arrays.get(key);
        if (a == null) {
            throw missing(key, "array");
        }
        return a;
    }

    private IllegalStateException missing(String key, String what) {
        return new IllegalStateException((from == null ? "training state" : from.toString()) + " has no " + what
                + " '" + key + "' (written by another version of the workbench, or for another configuration)");
    }

    /** Writes {@value #JSON} and {@value #ARRAYS} into {@code folder}. */
    void write(Path folder) throws IOException {
        Files.writeString(folder.resolve(JSON), GSON.toJson(values) + "\n", StandardCharsets.UTF_8);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(folder.resolve(ARRAYS)), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(arrays.size());
            for (Map.Entry<String, Object> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = shapes.get(e.getKey());
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                if (e.getValue() instanceof float[] f) {
                    out.writeByte(32);
                    out.writeInt(f.length);
                    for (float x : f) {
                        out.writeFloat(x);
                    }
                } else {
                    double[] d = (double[]) e.getValue();
                    out.writeByte(64);
                    out.writeInt(d.length);
                    for (double x : d) {
                        out.writeDouble(x);
                    }
                }
            }
        }
    }

    /**
     * Reads the state a {@link #write} left in {@code folder}.
     *
     * @throws UncheckedIOException naming the file if one is missing or not a training state
     */
    static TrainingState read(Path folder) {
        Path json = folder.resolve(JSON);
        Path bin = folder.resolve(ARRAYS);
        try {
            JsonObject values = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, Object> arrays = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(bin), 1 << 16))) {
                if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                    throw new IOException("not a training state of this version");
                }
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String key = in.readUTF();
                    long[] shape = new long[in.readInt()];
                    for (int d = 0; d < shape.length; d++) {
                        shape[d] = in.readLong();
                    }
                    int bits = in.readByte();
                    int length = in.readInt();
                    if (bits == 32) {
                        float[] f = new float[length];
                        for (int j = 0; j < length; j++) {
                            f[j] = in.readFloat();
                        }
                        arrays.put(key, f);
                    } else if (bits == 64) {
                        double[] d = new double[length];
                        for (int j = 0; j < length; j++) {
                            d[j] = in.readDouble();
                        }
                        arrays.put(key, d);
                    } else {
                        throw new IOException("array '" + key + "' has " + bits + "-bit values");
                    }
                    shapes.put(key, shape);
                }
            }
            return new TrainingState(values, arrays, shapes, folder);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException(folder + ": cannot read the training state: "
                    + e.getMessage(), e));
        }
    }
}
