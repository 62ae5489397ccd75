package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ganworkbench.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class EvaluatorTest {

    private static Evaluator evaluator() {
        Features real = Synthetic.withCyclingClasses(Synthetic.gaussian(300, 8, 0, 1, 1), 10);
        return Evaluator.ofFeatures(real, "synthetic real", MetricRegistry.features(300));
    }

    @Test
    void oneRowPerSetWithEveryMetric() {
        Evaluator ev = evaluator();
        Evaluation same = ev.evaluate("same distribution", Synthetic.withCyclingClasses(Synthetic.gaussian(300, 8, 0, 1, 2), 10));
        ev.evaluate("shifted", Synthetic.withCyclingClasses(Synthetic.gaussian(400, 8, 2, 1, 3), 10));
        assertEquals(300, same.count());
        assertEquals(List.of("fid_fmnist_300", "kid_fmnist_300", "c2st_fmnist_300", "is_fmnist_300",
                "classes_fmnist_300", "pr_fmnist_300", "dc_fmnist_300", "confidence_fmnist_300"), same.results().stream().map(MetricResult::metric).toList());
        assertEquals("synthetic real", same.result("fid").protocol().get("reference"));
        Table t = ev.table();
        assertEquals(2, t.rowCount());
        assertEquals(List.of("set", "n", "fid", "kid", "kid_std", "c2st_acc", "c2st_se", "is", "is_std",
                "class_entropy", "kl_to_uniform", "classes_covered", "precision", "recall", "density", "coverage",
                "confidence", "confident", "seconds"),
                t.columnNames());
        assertTrue(t.doubleColumn("fid").getDouble(1) > 10 * t.doubleColumn("fid").getDouble(0));
        assertTrue(t.doubleColumn("c2st_acc").getDouble(1) > 0.9);
        assertEquals(10.0, t.doubleColumn("is").getDouble(0), 1e-9);
        assertEquals(10.0, t.doubleColumn("classes_covered").getDouble(0));
        // a set shifted by two standard deviations in 8 dimensions lies almost wholly off the real manifold
        assertTrue(t.doubleColumn("precision").getDouble(0) > 0.5 && t.doubleColumn("precision").getDouble(1) < 0.1, t.print());
        assertTrue(t.doubleColumn("coverage").getDouble(0) > 0.8 && t.doubleColumn("coverage").getDouble(1) < 0.1, t.print());
    }

    @Test
    void tooSmallSetsAreRefused() {
        Evaluator ev = evaluator();
        Features small = Synthetic.withCyclingClasses(Synthetic.gaussian(100, 8, 0, 1, 4), 10);
        var e = assertThrows(IllegalArgumentException.class, () -> ev.evaluate("small", small));
        assertTrue(e.getMessage().contains("300"), e.getMessage());
    }

    @Test
    void appendWritesOneLinePerSetAndMetric(@TempDir Path dir) throws Exception {
        Evaluator ev = evaluator();
        ev.evaluate("a", Synthetic.withCyclingClasses(Synthetic.gaussian(300, 8, 0, 1, 5), 10));
        ev.evaluate("b", Synthetic.withCyclingClasses(Synthetic.gaussian(300, 8, 1, 1, 6), 10));
        Path file = ev.appendTo(dir, Map.of("run", "test"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(16, lines.size());   // 2 sets x 8 metrics
        for (String line : lines) {
            var o = JsonParser.parseString(line).getAsJsonObject();
            assertEquals("test", o.getAsJsonObject("provenance").get("run").getAsString());
        }
        assertEquals("b", JsonParser.parseString(lines.get(9)).getAsJsonObject().get("set").getAsString());
    }

    @Test
    void referenceRowsScoreRealTrainingImagesAndNoiseLikeAGenerator() {
        // an untrained network's features suffice: noise and clothes are far apart in any conv features
        try (DomainClassifier untrained = DomainClassifier.untrained(1);
             Evaluator ev = Evaluator.of(untrained, FashionMnist.test().subset(200, 0), 200)) {
            Map<String, List<Map<String, Double>>> rows = ev.referenceRows(2);
            assertEquals(List.of("reference: real training images", "reference: uniform noise images"), List.copyOf(rows.keySet()));
            assertEquals(4, ev.table().rowCount(), "each draw is a row of the table too");
            for (List<Map<String, Double>> draws : rows.values()) {
                assertEquals(2, draws.size());
                assertTrue(draws.get(0).keySet().containsAll(List.of("fid_fmnist_200", "kid_fmnist_200",
                        "precision_fmnist_200", "recall_fmnist_200", "density_fmnist_200", "coverage_fmnist_200")),
                        draws.get(0).keySet().toString());
                assertTrue(!draws.get(0).equals(draws.get(1)), "the two draws are different sets");
            }
            var real = rows.get("reference: real training images").get(0);
            var noise = rows.get("reference: uniform noise images").get(0);
            assertTrue(real.get("fid_fmnist_200") * 10 < noise.get("fid_fmnist_200"), real + " vs " + noise);
            assertTrue(real.get("precision_fmnist_200") > 0.5 && noise.get("precision_fmnist_200") < 0.05, real + " vs " + noise);
            assertThrows(IllegalArgumentException.class, () -> ev.referenceRows(0));
        }
    }
}
