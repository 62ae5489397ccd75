package org.ganworkbench.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TricksTest {

    @Test
    void instanceNoiseAnnealsLinearlyToZero() {
        Tricks t = Tricks.builder().instanceNoise(0.4, 100).build();
        assertEquals(0.4, t.instanceNoiseAt(0, 1000), 1e-12);
        assertEquals(0.2, t.instanceNoiseAt(50, 1000), 1e-12);
        assertEquals(0.0, t.instanceNoiseAt(100, 1000), 1e-12);
        assertEquals(0.0, t.instanceNoiseAt(500, 1000), 1e-12);
        Tricks whole = Tricks.builder().instanceNoise(1.0).build();
        assertEquals(0.75, whole.instanceNoiseAt(250, 1000), 1e-12, "anneals over the whole run by default");
        assertEquals(0, Tricks.NONE.instanceNoiseAt(0, 10));
    }

    @Test
    void describesWhatIsOnAndValidates() {
        assertEquals("none", Tricks.NONE.describe());
        assertFalse(Tricks.NONE.changesTargets());
        Tricks t = Tricks.builder().labelSmoothing(0.9).ema(0.999).build();
        assertEquals("label-smoothing 0.9 + ema 0.999", t.describe());
        assertTrue(t.changesTargets());
        assertTrue(Tricks.builder().labelFlip(0.05).build().changesTargets());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tricks.builder().labelFlip(0.7).build());
        assertTrue(e.getMessage().contains("labelFlip"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tricks.builder().labelSmoothing(1.2, 0.7).build());
        assertThrows(IllegalArgumentException.class, () -> Tricks.builder().ema(1.0).build());
        assertEquals(10, Tricks.NONE.settings().size());
    }

    @Test
    void replayMixesOldFakesOnceThePoolIsFull() {
        Engine engine = Engines.get(Engines.MXNET);
        try (NDManager m = engine.newBaseManager()) {
            ReplayBuffer buffer = new ReplayBuffer(8, 0.5);
            Random rng = new Random(1);
            float[] first = {1, 1, 2, 2, 3, 3, 4, 4};
            float[] out1 = buffer.mix(m.create(first, new Shape(4, 2)), m, rng).toFloatArray();
            assertArrayEquals(first, out1, "nothing replaced while the pool holds fewer than a batch");
            assertEquals(4, buffer.size());
            float[] second = {9, 9, 9, 9, 9, 9, 9, 9};
            float[] out2 = buffer.mix(m.create(second, new Shape(4, 2)), m, rng).toFloatArray();
            for (int i = 0; i < 2; i++) {
                assertTrue(out2[2 * i] >= 1 && out2[2 * i] <= 4, "row " + i + " comes from the pool");
                assertEquals(out2[2 * i], out2[2 * i + 1], "rows are copied whole");
            }
            assertEquals(9, out2[4]);
            assertEquals(9, out2[6]);
            assertEquals(8, buffer.size());
            buffer.mix(m.create(second, new Shape(4, 2)), m, rng);
            assertEquals(8, buffer.size(), "bounded");
        }
    }
}
