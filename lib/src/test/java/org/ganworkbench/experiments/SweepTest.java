package org.ganworkbench.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest {

    @Test
    void expandsVariantsTimesGridTimesSeedsWithUniqueFolders() {
        String json = """
                {"name": "t", "base": %s,
                 "variants": {"vanilla": {"loss.name": "minimax"}, "+Label  smoothing!": {"tricks.label_smoothing": 0.9},
                              "+label smoothing": {"tricks.label_flip": 0.1}},
                 "grid": {"optimizer.lr_d": [1e-4, 2e-4], "batch_size": [16, 32]},
                 "seeds": [1, 2, 3]}""".formatted(Tiny.BASE.formatted(20));
        Sweep sweep = Sweep.fromJson(json, "t.json");
        List<SweepRun> runs = sweep.runs();
        assertEquals(3 * 4 * 3, runs.size());
        assertEquals(3 * 4, sweep.variantLabels().size());
        assertEquals("vanilla optimizer.lr_d=0.0001 batch_size=16", runs.get(0).variant());
        assertEquals(List.of(1L, 2L, 3L), runs.subList(0, 3).stream().map(SweepRun::seed).toList());
        assertEquals(1e-4, (Double) runs.get(0).spec().get("optimizer.lr_d"), 0);
        assertEquals(32, runs.get(3).spec().batchSize());
        assertEquals("minimax", runs.get(0).spec().get("loss.name"));
        assertEquals(2L, runs.get(1).spec().seed());
        // folders unique, even for labels that slug alike
        assertEquals(runs.size(), new HashSet<>(runs.stream().map(SweepRun::relativeDir).toList()).size());
        assertEquals("vanilla-optimizer.lr_d-0.0001-batch_size-16/seed-1", runs.get(0).relativeDir());
        assertTrue(runs.stream().anyMatch(r -> r.slug().equals("label-smoothing-optimizer.lr_d-0.0001-batch_size-16-2")));
        // the saved sweep reads back to the same runs
        Sweep back = Sweep.fromJson(sweep.toJson(), "sweep.json");
        assertEquals(runs, back.runs());
    }

    @Test
    void aVariantsSeedCountRunsTheFirstSeedsOnlyAndIsNoSpecKey() {
        String json = """
                {"name": "t", "base": %s,
                 "variants": {"cheap": {"loss.name": "minimax"}, "costly": {"loss.name": "lsgan", "seed_count": 1},
                              "two": {"seed_count": 2}, "more than there are": {"seed_count": 9}},
                 "seeds": [5, 6, 7]}""".formatted(Tiny.BASE.formatted(20));
        Sweep sweep = Sweep.fromJson(json, "t.json");
        List<SweepRun> runs = sweep.runs();
        assertEquals(List.of(5L, 6L, 7L, 5L, 5L, 6L, 5L, 6L, 7L), runs.stream().map(SweepRun::seed).toList());
        assertEquals("lsgan", runs.get(3).spec().get("loss.name"));
        assertEquals(runs.get(3).spec(), Sweep.fromJson(json.replace(", \"seed_count\": 1", ""), "t.json").runs().get(3).spec(),
                "seed_count does not reach the spec (nor its id)");
        assertEquals(runs, Sweep.fromJson(sweep.toJson(), "sweep.json").runs(), "kept in the saved sweep");
        assertEquals(List.of(5L), sweep.withSeeds(List.of(5L)).runs().stream().filter(r -> r.variant().equals("two"))
                .map(SweepRun::seed).toList(), "at most the sweep's seeds");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.fromJson(
                json.replace("\"seed_count\": 2", "\"seed_count\": 0"), "t.json"));
        assertTrue(e.getMessage().contains("'two'") && e.getMessage().contains("seed_count"), e.getMessage());
    }

    @Test
    void withVariantsKeepsTheNamedOnesInFileOrderAndNamesTheKnownOnes() {
        String json = """
                {"name": "t", "base": %s,
                 "variants": {"a": {"loss.name": "minimax"}, "b": {}, "c": {"loss.name": "lsgan"}},
                 "seeds": [1, 2]}""".formatted(Tiny.BASE.formatted(20));
        Sweep sweep = Sweep.fromJson(json, "t.json");
        Sweep two = sweep.withVariants(List.of("c", "a"));
        assertEquals(List.of("a", "c"), two.variantLabels());
        assertEquals(4, two.runs().size());
        assertEquals(sweep.runs().get(0), two.runs().get(0), "the same runs, in the same folders");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweep.withVariants(List.of("d")));
        assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("a, b, c"), e.getMessage());
    }

    @Test
    void withOverridesReachesVariantsThatSetTheKeyThemselves() {
        String json = """
                {"name": "t", "base": %s,
                 "variants": {"long": {"steps": 2000}, "plain": {},
                              "other model": {"model": {"name": "mlp", "generator_hidden": [64]}}},
                 "seeds": [1]}""".formatted(Tiny.BASE.formatted(20));
        Sweep sweep = Sweep.fromJson(json, "t.json");
        assertEquals(2000, sweep.runs().get(0).spec().steps());
        assertEquals(6, sweep.withBase(Map.of("steps", 6)).runs().get(1).spec().steps());
        assertEquals(2000, sweep.withBase(Map.of("steps", 6)).runs().get(0).spec().steps(), "withBase applies under the variants");
        Sweep smoke = sweep.withOverrides(Map.of("steps", 6, "model.generator_hidden", List.of(8)));
        assertEquals(sweep.variantLabels(), smoke.variantLabels());
        for (SweepRun run : smoke.runs()) {
            assertEquals(6, run.spec().steps(), run.variant());
            assertEquals(List.of(8L), run.spec().get("model.generator_hidden"), run.variant());
        }
        assertEquals("mlp", smoke.runs().get(2).spec().get("model.name"), "the variant's whole-object model is kept");
    }

    @Test
    void withoutVariantsOrSeedsTheBaseRunsOnce() {
        Sweep sweep = Sweep.fromJson("{\"name\": \"b\", \"base\": {\"data\": \"ring8\", \"seed\": 4}}", "b.json");
        assertEquals(1, sweep.runs().size());
        assertEquals("base", sweep.runs().get(0).variant());
        assertEquals(4L, sweep.runs().get(0).seed());
    }

    @Test
    void everyBadVariantIsReportedAtOnceBeforeAnyRunNamingFileVariantAndKey() {
        String json = """
                {"name": "b", "base": %s,
                 "variants": {"fine": {"loss.name": "minimax"},
                              "negative lr": {"optimizer.lr_d": -0.001},
                              "smoothing 2": {"tricks.label_smoothing": 2.0},
                              "gp lambda 0": {"loss.name": "wgan-gp", "loss.lambda": 0, "engine": "PyTorch"},
                              "gp on mxnet": {"loss.name": "wgan-gp", "engine": "MXNet"},
                              "smoothing with hinge": {"loss.name": "hinge", "tricks.label_smoothing": 0.9}}}"""
                .formatted(Tiny.BASE.formatted(20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.fromJson(json, "b.json"));
        String m = e.getMessage();
        assertTrue(m.startsWith("b.json: 5 problems:"), m);
        assertTrue(m.contains("variant 'negative lr'") && m.contains("'optimizer.lr_d' must be in (0, 10], got -0.001"), m);
        assertTrue(m.contains("variant 'smoothing 2'") && m.contains("tricks.label_smoothing"), m);
        assertTrue(m.contains("variant 'gp lambda 0'") && m.contains("'loss.lambda' must be in (0, ∞), got 0"), m);
        assertTrue(m.contains("variant 'gp on mxnet': RunSpec field 'loss.name' (with engine MXNet, model mlp): 'wgan-gp' "
                + "needs second-order gradients"), m);
        assertTrue(m.contains("variant 'smoothing with hinge': RunSpec field 'tricks'"), m);
        assertTrue(!m.contains("variant 'fine'"), m);
    }

    @Test
    void errorsNameTheFileAndTheVariant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.fromJson(
                "{\"name\": \"b\", \"base\": {\"data\": \"ring8\"}, \"variants\": {\"x\": {\"tricks.nope\": 1}}}", "b.json"));
        assertTrue(e.getMessage().startsWith("b.json: variant 'x'") && e.getMessage().contains("tricks.nope"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sweep.fromJson(
                "{\"name\": \"b\", \"base\": {\"data\": \"ring8\"}, \"seed\": [1]}", "b.json"));
        assertTrue(e.getMessage().contains("'seed'") && e.getMessage().contains("seeds"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sweep.fromJson(
                "{\"name\": \"b\", \"base\": {\"data\": \"ring8\"}, \"seeds\": [1, 1]}", "b.json"));
        assertTrue(e.getMessage().contains("duplicates"), e.getMessage());
    }

    @Test
    void theCommittedSweepFilesAreValidAndBuildTheirConfigs() throws Exception {
        try (var files = Files.list(Path.of("../experiments"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Sweep s = Sweep.read(f);
                assertTrue(!s.runs().isEmpty(), f.toString());   // one run is a sweep too (began-long.json: one long run)
                for (SweepRun run : s.runs()) {
                    if (!run.spec().data().equals("fashion-mnist")) {   // no data files needed for the toys
                        assertTrue(run.spec().toTrainingConfig().steps() > 0, f + " " + run.variant());
                    }
                }
            }
        }
    }

    @Test
    void childClasspathExpandsGlobs(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("b.jar"), "");
        Files.writeString(lib.resolve("a.jar"), "");
        Files.writeString(lib.resolve("notes.txt"), "");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String sep = File.pathSeparator;
        assertEquals(lib.resolve("a.jar") + sep + lib.resolve("b.jar") + sep + classes,
                Classpath.resolve(lib + "/*.jar;" + classes, "jvm"));
        assertEquals(lib.resolve("a.jar") + sep + lib.resolve("b.jar"), Classpath.resolve(lib + "/*", "jvm"));
        assertEquals("jvm", Classpath.resolve(" ", "jvm"));
        assertEquals(1, SweepRunner.threadsPerChild(2, 2));
        assertEquals(1, SweepRunner.threadsPerChild(2, 3));
        assertEquals(4, SweepRunner.threadsPerChild(8, 2));
    }
}
