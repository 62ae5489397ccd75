package org.ganworkbench.experiments;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep's reference rows are scored with its runs' own protocol and sit where a floor and a ceiling should. */
class ReferenceRowsTest {

    private static Sweep sweep(String data, String evaluation, String variants) {
        return Sweep.fromJson("""
                {"name": "refs", "base": {"data": "%s", "model": {"name": "%s"}, "steps": 2, "batch_size": 8,
                 "evaluation": %s}, "variants": %s, "seeds": [1, 2]}""".formatted(data,
                data.startsWith("shapes") ? "dcgan" : "mlp", evaluation, variants), "refs.json");
    }

    @Test
    void imageReferencesCarryTheRunsMetricNamesAndBracketThem(@TempDir Path dir) {
        Sweep s = sweep("shapes-32", "{\"n\": 64, \"metrics\": [\"swd\", \"msssim\"]}",
                "{\"a\": {}, \"b\": {\"steps\": 3, \"evaluation.every\": 1}}");
        Map<String, List<Map<String, Double>>> rows = Results.of(s, dir).referenceRows(2);
        assertEquals(List.of("reference: real training images", "reference: uniform noise images"), List.copyOf(rows.keySet()));
        RunResult run = Experiment.run(s.runs().get(0).spec(), dir.resolve("run"));
        assertFalse(run.failed(), String.valueOf(run));
        Set<String> runNames = run.metrics().keySet();
        for (List<Map<String, Double>> draws : rows.values()) {
            assertEquals(2, draws.size());
            for (Map<String, Double> d : draws) {
                assertEquals(runNames, d.keySet(), "scored exactly like the runs");
            }
        }
        Map<String, Double> real = rows.get("reference: real training images").get(0);
        Map<String, Double> noise = rows.get("reference: uniform noise images").get(0);
        assertTrue(noise.get("swd_64") > 3 * real.get("swd_64"), real + " vs " + noise);
        assertTrue(noise.get("msssim_64") < 0.1 && real.get("msssim_64") > noise.get("msssim_64"), real + " vs " + noise);
        assertEquals(real.get("msssim_64_real"), noise.get("msssim_64_real"), 1e-12, "the same held-out baseline");
        assertTrue(!real.get("swd_64").equals(rows.get("reference: real training images").get(1).get("swd_64")),
                "each draw is a different set");
    }

    /** The classifier path: Fashion-MNIST padded to 32, seen by the classifier at its centre 28 × 28. */
    @Test
    @Tag("slow")
    void featureReferencesOnPaddedFashionMnist(@TempDir Path dir) {
        Sweep s = sweep("fashion-mnist-32", "{\"n\": 200, \"metrics\": [\"fid\", \"pr\", \"classes\", \"msssim\"]}",
                "{\"a\": {}}");
        Map<String, List<Map<String, Double>>> rows = Results.of(s, dir).referenceRows(2);
        RunResult run = Experiment.run(s.runs().get(0).spec(), dir.resolve("run"));
        assertFalse(run.failed(), String.valueOf(run));
        for (List<Map<String, Double>> draws : rows.values()) {
            for (Map<String, Double> d : draws) {
                assertEquals(run.metrics().keySet(), d.keySet(), "scored exactly like the runs");
            }
        }
        Map<String, Double> real = rows.get("reference: real training images").get(0);
        Map<String, Double> noise = rows.get("reference: uniform noise images").get(0);
        assertTrue(real.get("fid_fmnist_200") < 0.2 * noise.get("fid_fmnist_200"), real + " vs " + noise);
        assertTrue(real.get("precision_fmnist_200") > 0.5 && noise.get("precision_fmnist_200") < 0.1, real + " vs " + noise);
        assertTrue(real.get("classes_fmnist_200") > 1.8, "training images spread over the ten classes: " + real);
    }

    @Test
    void toyReferencesAreRealPointsAndNoiseOverTheBox(@TempDir Path dir) {
        Sweep s = sweep("ring8", "{\"n\": 1000}", "{\"a\": {}}");
        Map<String, List<Map<String, Double>>> rows = Results.of(s, dir).referenceRows(3);
        assertEquals(List.of("reference: real data", "reference: uniform noise on [-3.0, 3.0]²"), List.copyOf(rows.keySet()));
        for (Map<String, Double> d : rows.get("reference: real data")) {
            assertEquals(8.0, d.get("modes_covered"), "real points cover every mode");
        }
        for (Map<String, Double> d : rows.get("reference: uniform noise on [-3.0, 3.0]²")) {
            assertTrue(d.get("high_quality_pct") < 20, "noise is rarely near a mode: " + d);
        }
    }

    @Test
    void runsScoredDifferentlyHaveNoOneReference(@TempDir Path dir) {
        Sweep s = sweep("ring8", "{\"n\": 1000}", "{\"a\": {}, \"b\": {\"evaluation.n\": 500}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Results.of(s, dir).referenceRows(1));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'b'") && e.getMessage().contains("n 500"),
                e.getMessage());
    }
}
