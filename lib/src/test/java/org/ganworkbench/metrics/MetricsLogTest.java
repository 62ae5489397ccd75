package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    private static MetricResult result(String name, double value) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("v", value);
        values.put("nan", Double.NaN);
        return new MetricResult(name, values, Map.of("n_generated", 100), Map.of("counts", new int[] {1, 2}), 0.25);
    }

    @Test
    void appendedLinesParseAndAccumulate(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run-1");
        Map<String, Object> provenance = Map.of("seed", 7, "engine", "MXNet");
        Path file = MetricsLog.append(run, "set A", List.of(result("fid_fmnist_100", 1.5), result("kid_fmnist_100", 0.01)),
                provenance);
        MetricsLog.append(run, "set B", List.of(result("fid_fmnist_100", 2.5)), provenance);
        assertEquals(run.resolve("metrics.jsonl"), file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("fid_fmnist_100", first.get("metric").getAsString());
        assertEquals("set A", first.get("set").getAsString());
        assertEquals(1.5, first.get("value").getAsDouble());
        assertTrue(first.getAsJsonObject("values").get("nan").isJsonNull(), "NaN is written as null");
        assertEquals(100, first.getAsJsonObject("protocol").get("n_generated").getAsInt());
        assertEquals(7, first.getAsJsonObject("provenance").get("seed").getAsInt());
        assertEquals(2, first.getAsJsonObject("details").getAsJsonArray("counts").get(1).getAsInt());
        assertTrue(first.has("timestamp"));
        assertEquals("set B", JsonParser.parseString(lines.get(2)).getAsJsonObject().get("set").getAsString());
    }

    @Test
    void aTornLastLineDoesNotSwallowTheNextOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"metric\":\"fid_fmnist_1", StandardCharsets.UTF_8);   // a writer died mid-line
        MetricsLog.append(dir, "set", List.of(result("is_fmnist_100", 3.0)), Map.of());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        assertEquals("is_fmnist_100", JsonParser.parseString(lines.get(1)).getAsJsonObject().get("metric").getAsString());
    }

    @Test
    void readsBackWhatWasAppendedSkippingTornLines(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"metric\":\"fid_fmnist_1", StandardCharsets.UTF_8);
        MetricsLog.append(dir, "step 10", List.of(result("fid_fmnist_100", 1.5), result("kid_fmnist_100", 0.01)), Map.of());
        MetricsLog.append(dir, "step 20", List.of(result("fid_fmnist_100", 2.5)), Map.of());
        List<MetricsLog.Logged> read = MetricsLog.read(dir);
        assertEquals(3, read.size(), "the torn first line is skipped");
        assertEquals("step 10", read.get(0).set());
        assertEquals("kid_fmnist_100", read.get(1).metric());
        assertEquals(0.01, read.get(1).value());
        assertEquals(2.5, read.get(2).value());
        assertTrue(Double.isNaN(read.get(2).values().get("nan")), "null reads back as NaN");
        assertEquals(List.of(), MetricsLog.read(dir.resolve("absent")));
    }
}
