package org.ganworkbench.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NoiseDropoutTest {

    private static float[] run(NoiseDropout block, NDManager m, NDArray x, boolean training) {
        return block.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow().toFloatArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void dropsAboutPAndScalesTheRestInTrainingAndInference(String engine) {
        float p = 0.3f;
        int size = 100_000;
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            NoiseDropout block = new NoiseDropout(p);
            block.initialize(m, DataType.FLOAT32, new Shape(1, size));
            NDArray x = m.ones(new Shape(1, size)).mul(2);
            for (boolean training : new boolean[] {true, false}) {
                float[] y = run(block, m, x, training);
                int zeros = 0;
                for (float v : y) {
                    if (v == 0) {
                        zeros++;
                    } else {
                        assertEquals(2 / (1 - p), v, 1e-5f, "kept values are scaled by 1/(1-p)");
                    }
                }
                // binomial sd = sqrt(p(1-p)/n) = 0.0014: 5 sd
                assertEquals(p, zeros / (double) size, 0.0075, engine + " training=" + training + ": fraction dropped");
            }
            float[] first = run(block, m, x, false);
            assertNotEquals(0, distance(first, run(block, m, x, false)), "a new mask on every call");
        }
    }

    @Test
    void rateZeroIsTheIdentity() {
        try (NDManager m = Engines.get(Engines.PYTORCH).newBaseManager()) {
            NoiseDropout block = new NoiseDropout(0);
            NDArray x = m.randomNormal(new Shape(3, 7));
            block.initialize(m, DataType.FLOAT32, x.getShape());
            assertArrayEquals(x.toFloatArray(), run(block, m, x, false));
            assertArrayEquals(x.toFloatArray(), run(block, m, x, true));
        }
    }

    @Test
    void engineSeedRepeatsTheMask() {
        Engine engine = Engines.get(Engines.PYTORCH);
        try (NDManager m = engine.newBaseManager()) {
            NoiseDropout block = new NoiseDropout(0.5f);
            NDArray x = m.ones(new Shape(4, 50));
            block.initialize(m, DataType.FLOAT32, x.getShape());
            engine.setRandomSeed(11);
            float[] a = run(block, m, x, false);
            engine.setRandomSeed(11);
            float[] b = run(block, m, x, false);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void refusesRatesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new NoiseDropout(1));
        assertThrows(IllegalArgumentException.class, () -> new NoiseDropout(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new NoiseDropout(Float.NaN));
    }

    private static double distance(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }
}
