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
}
