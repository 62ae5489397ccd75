package org.ganworkbench.nn;

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

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceNormTest {

    private static NDArray run(InstanceNorm block, NDManager m, NDArray x, boolean training) {
        return block.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void handCheckedValues(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            InstanceNorm block = new InstanceNorm();
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 2));
            // channel 0: 1 2 3 4 -> mean 2.5, biased variance 1.25; channel 1: constant 7 -> all 0
            NDArray x = m.create(new float[] {1, 2, 3, 4, 7, 7, 7, 7}, new Shape(1, 2, 2, 2));
            double s = Math.sqrt(1.25 + 1e-5);
            float[] expected = {(float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s), 0, 0, 0, 0};
            assertArrayEquals(expected, run(block, m, x, true).toFloatArray(), 1e-5f);
            assertArrayEquals(expected, run(block, m, x, false).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void everySampleAndChannelHasZeroMeanAndUnitVarianceTheSameOnBothEnginesAndModes() {
        int n = 3;
        int c = 4;
        int hw = 25;
        Random rng = new Random(1);
        float[] data = new float[n * c * hw];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextGaussian() * (1 + i / hw) + i / hw);   // every (n, c) its own scale and offset
        }
        float[][] out = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            try (NDManager m = Engines.get(engines[e]).newBaseManager()) {
                InstanceNorm block = new InstanceNorm();
                block.initialize(m, DataType.FLOAT32, new Shape(1, c, 5, 5));
                NDArray x = m.create(data, new Shape(n, c, 5, 5));
                out[e] = run(block, m, x, true).toFloatArray();
                assertArrayEquals(out[e], run(block, m, x, false).toFloatArray(), 0f, "training != inference");
                // a sample's output does not depend on the rest of the batch
                float[] alone = run(block, m, x.get("1:2"), true).toFloatArray();
                for (int i = 0; i < alone.length; i++) {
                    assertEquals(out[e][c * hw + i], alone[i], 1e-6f);
                }
            }
            for (int g = 0; g < n * c; g++) {
                double mean = 0;
                double sq = 0;
                for (int i = 0; i < hw; i++) {
                    mean += out[e][g * hw + i];
                    sq += out[e][g * hw + i] * (double) out[e][g * hw + i];
                }
                mean /= hw;
                assertEquals(0, mean, 1e-5, "mean of group " + g);
                assertEquals(1, sq / hw - mean * mean, 1e-3, "variance of group " + g);
            }
        }
        assertArrayEquals(out[0], out[1], 1e-5f, "MXNet and PyTorch differ");
    }

    @Test
    void refusesFeatureVectorsWithAClearMessage() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new InstanceNorm().initialize(m, DataType.FLOAT32, new Shape(4, 16)));
            assertTrue(e.getMessage().contains("(4, 16)") && e.getMessage().contains("spatial"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new InstanceNorm(0));
    }
}
