package org.ganworkbench.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Metric results appended to a run's folder as JSON Lines, {@value #FILE_NAME}: one JSON object per
 * line and result, in the spirit of StyleGAN2-ADA's {@code metric-*.jsonl}:
 *
 * <pre>
 * {"metric":"fid_fmnist_10k","set":"mlp-gan step 20000","value":23.4,"values":{"fid":23.4,...},
 *  "protocol":{"n_real":10000,"n_generated":10000,...},"details":{},"seconds":1.2,
 *  "timestamp":"2026-01-05T10:00:00Z","provenance":{...}}
 * </pre>
 *
 * <p>{@code provenance} is whatever the caller passes (seed, steps, engine, git commit, ...);
 * non-finite numbers are written as {@code null}, since JSON has no NaN. Lines are only ever
 * appended, never rewritten: each call writes all its lines with one write to a file opened for
 * appending, so lines stay whole; if an earlier writer died mid-line, the new lines start on a line
 * of their own.
 */
public final class MetricsLog {

    /** The file name inside a run folder. */
    public static final String FILE_NAME = "metrics.jsonl";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls()
            .serializeSpecialFloatingPointValues().create();

    private MetricsLog() {}

    /** One result of one evaluated set, ready to be written. */
    record Entry(String set, MetricResult result) {}

    /**
     * Appends one line per result to {@code runDir/metrics.jsonl}.
     *
     * @param runDir the run's folder (created if missing)
     * @param set what was evaluated, e.g. {@code "real train"} or a run label
     * @param results the results
     * @param provenance caller's provenance (copied into every line), may be empty
     * @return the file written
     * @throws UncheckedIOException naming the file if writing fails
     */
    public static Path append(Path runDir, String set, List<MetricResult> results, Map<String, ?> provenance) {
        return appendEntries(runDir, results.stream().map(r -> new Entry(set, r)).toList(), provenance);
    }

    /**
     * One line of a metrics log, read back: the evaluated set, the metric's name and its values.
     *
     * @param set e.g. {@code step 2000}
     * @param metric e.g. {@code fid_fmnist_2k}
     * @param values the named values, headline first (null in the file reads as NaN)
     */
    public record Logged(String set, String metric, Map<String, Double> values) {

        /** The headline value. */
        public double value() {
            return values.isEmpty() ? Double.NaN : values.values().iterator().next();
        }
    }

    /**
     * Reads {@code runDir/metrics.jsonl} back, in file order; a missing file gives an empty list.
     * A line cut short by a writer that died is skipped.
     *
     * @throws UncheckedIOException naming the file if it cannot be read or a whole line is not a result
     */
    public static List<Logged> read(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot read metrics: " + e.getMessage(), e));
        }
        List<Logged> out = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            JsonObject o;
            try {
                o = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                if (i == lines.size() - 1 || !line.endsWith("}")) {
                    continue;   // a line cut short
                }
                throw new UncheckedIOException(new IOException(file + ", line " + (i + 1) + ": not a metric result"));
            }
            Map<String, Double> values = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> v : o.getAsJsonObject("values").entrySet()) {
                values.put(v.getKey(), v.getValue().isJsonNull() ? Double.NaN : v.getValue().getAsDouble());
            }
            out.add(new Logged(o.get("set").getAsString(), o.get("metric").getAsString(), values));
        }
        return out;
    }

    /**
     * Cuts {@code runDir/metrics.jsonl} back to the evaluations made before step {@code step} (its
     * lines whose {@code provenance.steps_done} is below it), for a run resumed from its checkpoint
     * of that step, which evaluates that step again. Lines cut short are dropped; lines without a
     * step are kept. Rewritten atomically; a missing file stays missing.
     *
     * @return how many lines were dropped
     */
    public static int cutBack(Path runDir, int step) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return 0;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot read metrics: " + e.getMessage(), e));
        }
        StringBuilder kept = new StringBuilder();
        int dropped = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonElement done = null;
            boolean whole;
            try {
                JsonObject o = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
                whole = true;
                if (o.get("provenance") instanceof JsonObject p) {
                    done = p.get("steps_done");
                }
            } catch (RuntimeException e) {
                whole = false;
            }
            if (whole && (done == null || !done.isJsonPrimitive() || done.getAsDouble() < step)) {
                kept.append(line).append('\n');
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            org.ganworkbench.storage.AtomicFiles.writeString(file, kept.toString());
        }
        return dropped;
    }

    static Path appendEntries(Path runDir, List<Entry> entries, Map<String, ?> provenance) {
        Path file = runDir.resolve(FILE_NAME);
        String timestamp = Instant.now().toString();
        JsonElement prov = GSON.toJsonTree(provenance == null ? Map.of() : provenance);
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            text.append(GSON.toJson(line(e, timestamp, prov))).append('\n');
        }
        try {
            Files.createDirectories(runDir);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                if (ch.size() > 0 && !endsWithNewline(file, ch.size())) {
                    text.insert(0, '\n');
                }
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot append metrics: " + e.getMessage(), e));
        }
        return file;
    }

    private static boolean endsWithNewline(Path file, long size) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    private static JsonObject line(Entry e, String timestamp, JsonElement provenance) {
        MetricResult r = e.result();
        JsonObject o = new JsonObject();
        o.addProperty("metric", r.metric());
        o.addProperty("set", e.set());
        o.add("value", number(r.value()));
        JsonObject values = new JsonObject();
        r.values().forEach((k, v) -> values.add(k, number(v)));
        o.add("values", values);
        o.add("protocol", GSON.toJsonTree(r.protocol()));
        o.add("details", GSON.toJsonTree(r.details()));
        o.add("seconds", number(Math.round(r.seconds() * 1000) / 1000.0));
        o.addProperty("timestamp", timestamp);
        o.add("provenance", provenance);
        return o;
    }

    private static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }
}
