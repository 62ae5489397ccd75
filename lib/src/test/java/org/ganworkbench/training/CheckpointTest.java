package org.ganworkbench.training;

import ai.djl.engine.Engine;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.MlpGan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    @Test
    void savedWeightsLoadIntoAFreshGanOfTheSameArchitecture(@TempDir Path dir) {
        var arch = MlpGan.forPoints().build();
        Engine engine = Engines.get(Engines.MXNET);
        try (Gan a = Gan.create(arch, engine, 1); Gan b = Gan.create(arch, engine, 2)) {
            float[] fromA = a.sampleToArray(new Random(5), 8);
            assertFalse(java.util.Arrays.equals(fromA, b.sampleToArray(new Random(5), 8)), "different seeds, same weights?");
            Checkpoint.save(a, 42, dir.resolve("ckpt"));
            assertEquals(42, Checkpoint.load(b, dir.resolve("ckpt")));
            assertArrayEquals(fromA, b.sampleToArray(new Random(5), 8), 0f);
        }
    }

    @Test
    void aMissingOrForeignCheckpointNamesTheFolder(@TempDir Path dir) {
        var small = MlpGan.forPoints().generatorHidden(8).discriminatorHidden(8).build();
        var large = MlpGan.forPoints().build();
        Engine engine = Engines.get(Engines.MXNET);
        try (Gan s = Gan.create(small, engine, 1); Gan l = Gan.create(large, engine, 1)) {
            UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> Checkpoint.load(s, dir.resolve("none")));
            assertTrue(missing.getMessage().contains("none"), missing.getMessage());
            Checkpoint.save(s, 1, dir.resolve("small"));
            assertThrows(RuntimeException.class, () -> Checkpoint.load(l, dir.resolve("small")));
        }
    }
}
