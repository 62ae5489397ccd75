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

class LayerNormTest {

    private static NDArray run(LayerNorm block, NDManager m, NDArray x, boolean training) {
        return block.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void handCheckedValuesOverAllChannelsOfASample(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            LayerNorm block = new LayerNorm();
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2, 1, 2));
            // sample 0: 1 2 | 3 4 -> mean 2.5, biased variance 1.25 over both channels (instance norm would
            // normalize each channel on its own); sample 1: constant 7 -> all 0
            NDArray x = m.create(new float[] {1, 2, 3, 4, 7, 7, 7, 7}, new Shape(2, 2, 1, 2));
            double s = Math.sqrt(1.25 + 1e-5);
            float[] expected = {(float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s), 0, 0, 0, 0};
            assertArrayEquals(expected, run(block, m, x, true).toFloatArray(), 1e-5f);
            assertArrayEquals(expected, run(block, m, x, false).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void everySampleHasZeroMeanAndUnitVarianceAloneOrInABatchTheSameOnBothEngines() {
        int n = 3;
        int per = 4 * 25;
        Random rng = new Random(1);
        float[] data = new float[n * per];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextGaussian() * (1 + i / 25) + i / per);   // channels of their own scales
        }
        float[][] out = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            try (NDManager m = Engines.get(engines[e]).newBaseManager()) {
                LayerNorm block = new LayerNorm();
                block.initialize(m, DataType.FLOAT32, new Shape(1, 4, 5, 5));
                NDArray x = m.create(data, new Shape(n, 4, 5, 5));
                out[e] = run(block, m, x, true).toFloatArray();
                float[] alone = run(block, m, x.get("1:2"), true).toFloatArray();
                for (int i = 0; i < alone.length; i++) {
                    assertEquals(out[e][per + i], alone[i], 1e-6f, "a sample's output depends on its batch");
                }
            }
            for (int s = 0; s < n; s++) {
                double mean = 0;
                double sq = 0;
                for (int i = 0; i < per; i++) {
                    mean += out[e][s * per + i];
                    sq += out[e][s * per + i] * (double) out[e][s * per + i];
                }
                mean /= per;
                assertEquals(0, mean, 1e-5, "mean of sample " + s);
                assertEquals(1, sq / per - mean * mean, 1e-3, "variance of sample " + s);
            }
            // unlike instance norm, a channel's own mean is not removed: channel 3 of sample 0 keeps a scale
            // of its own (its data have 4x channel 0's spread)
            double spread0 = 0;
            double spread3 = 0;
            for (int i = 0; i < 25; i++) {
                spread0 += Math.abs(out[e][i]);
                spread3 += Math.abs(out[e][75 + i]);
            }
            assertTrue(spread3 > 2.5 * spread0, "channels normalized one by one: " + spread0 + " vs " + spread3);
        }
        assertArrayEquals(out[0], out[1], 1e-5f, "MXNet and PyTorch differ");
    }

    @Test
    void refusesASingleNumberPerSample() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LayerNorm().initialize(m, DataType.FLOAT32, new Shape(4, 1)));
            assertTrue(e.getMessage().contains("(4, 1)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(0));
    }
}
