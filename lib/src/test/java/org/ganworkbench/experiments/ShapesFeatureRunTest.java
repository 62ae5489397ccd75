package org.ganworkbench.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Shapes run scored in the Shapes classifier's space beside the pixel metrics (the classifier
 * from {@code data/cache/shapes-classifier/}, trained there first when missing: hence slow).
 */
@Tag("slow")
class ShapesFeatureRunTest {

    @Test
    void featureMetricsCarryTheShapesDomainBesideThePixelMetrics(@TempDir Path dir) throws Exception {
        String spec = PixelMetricsRunTest.SPEC.replace("\"shapes-32\"", "\"shapes-64\"")
                .replace("\"swd\", \"msssim\"", "\"fid\", \"pr\", \"confidence\", \"swd\"");
        RunResult r = Experiment.run(RunSpec.fromJson(spec), dir);
        assertFalse(r.failed(), String.valueOf(r));
        for (String name : List.of("fid_shapes_64", "precision_shapes_64", "recall_shapes_64", "confidence_shapes_64",
                "confidence_shapes_64_real", "confident_shapes_64", "confident_shapes_64_real", "swd_64")) {
            assertFalse(Double.isNaN(r.metric(name)), name + " missing from " + r.metrics());
        }
        assertTrue(r.metric("fid_shapes_64") > 0);
        // an untrained G draws no shapes the classifier is sure of; the real scenes it is
        assertTrue(r.metric("confident_shapes_64_real") > r.metric("confident_shapes_64") + 0.3, r.metrics().toString());
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(List.of("fid_shapes_64", "pr_shapes_64", "confidence_shapes_64", "swd_64"),
                lines.stream().map(l -> JsonParser.parseString(l).getAsJsonObject().get("metric").getAsString()).toList());
        assertTrue(lines.get(0).contains("\"reference\":\"shapes test\""), lines.get(0));
    }

    /**
     * A conditional run is scored against the class each sample was asked for: the real reference's
     * conditional accuracy is the classifier's (above 90%), an untrained G's is far below it, and
     * the reference rows (real training images with their labels; noise asked for the classes in
     * turn) are scored the same way.
     */
    @Test
    void conditionalRunsAreScoredAgainstTheRequestedClasses(@TempDir Path dir) {
        RunSpec spec = RunSpec.fromJson(ConditionalRunTest.SPEC).with("steps", 2)
                .with("evaluation", java.util.Map.of("n", 100, "metrics", List.of("fid", "cacc", "ifid", "ipr")));
        RunResult r = Experiment.run(spec, dir);
        assertFalse(r.failed(), String.valueOf(r));
        for (String name : List.of("cacc_shapes_100", "cacc_shapes_100_real", "ifid_shapes_100", "iprecision_shapes_100",
                "irecall_shapes_100")) {
            assertFalse(Double.isNaN(r.metric(name)), name + " missing from " + r.metrics());
        }
        assertTrue(r.metric("cacc_shapes_100_real") > 0.9, r.metrics().toString());
        assertTrue(r.metric("cacc_shapes_100") < 0.6, r.metrics().toString());
        assertTrue(r.metric("ifid_shapes_100") > r.metric("fid_shapes_100"), "fewer images per class, and untrained: "
                + r.metrics());
        RunEvaluator evaluator = RunEvaluators.forData("shapes-32");
        var rows = evaluator.references(evaluator.schema().read(spec.evaluation()), SpecConfigs.loadData("shapes-32"), 1);
        double realAccuracy = rows.get(org.ganworkbench.metrics.Evaluator.REAL_REFERENCE).get(0).get("cacc_shapes_100");
        double noiseAccuracy = rows.get(org.ganworkbench.metrics.Evaluator.NOISE_REFERENCE).get(0).get("cacc_shapes_100");
        assertTrue(realAccuracy > 0.9, "real training images with their labels: " + realAccuracy);
        assertTrue(noiseAccuracy < 0.4, "noise asked for the classes in turn: " + noiseAccuracy);
    }
}
