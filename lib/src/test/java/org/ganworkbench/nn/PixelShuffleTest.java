package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PixelShuffle against torch.nn.PixelShuffle's definition written as loops. */
class PixelShuffleTest {

    /** torch: out[n][c][h*r+i][w*r+j] = in[n][c*r*r + i*r + j][h][w]. */
    private static float[] reference(float[] x, int n, int c, int r, int h, int w) {
        float[] y = new float[x.length];
        int oh = h * r;
        int ow = w * r;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        for (int hh = 0; hh < h; hh++) {
                            for (int ww = 0; ww < w; ww++) {
                                int in = ((b * c * r * r + ch * r * r + i * r + j) * h + hh) * w + ww;
                                int out = ((b * c + ch) * oh + hh * r + i) * ow + ww * r + j;
                                y[out] = x[in];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} n={1} c={2} r={3} h={4} w={5}")
    @CsvSource({"MXNet, 2, 3, 2, 2, 3", "PyTorch, 2, 3, 2, 2, 3", "MXNet, 1, 2, 3, 2, 2", "PyTorch, 1, 2, 3, 2, 2",
            "MXNet, 1, 1, 1, 2, 2"})
    void matchesTheTorchIndexMapping(String engine, int n, int c, int r, int h, int w) {
        float[] x = new float[n * c * r * r * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;   // every element distinct: any misplaced one shows
        }
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            PixelShuffle block = new PixelShuffle(r);
            Shape in = new Shape(n, (long) c * r * r, h, w);
            block.initialize(m, DataType.FLOAT32, in);
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.create(x, in)), false).singletonOrThrow();
            Shape expected = new Shape(n, c, (long) h * r, (long) w * r);
            assertEquals(expected, y.getShape());
            assertEquals(expected, block.getOutputShapes(new Shape[] {in})[0]);
            assertArrayEquals(reference(x, n, c, r, h, w), y.toFloatArray());
        }
    }

    @Test
    void smallestCaseByHand() {
        try (NDManager m = Engines.get(Engines.PYTORCH).newBaseManager()) {
            // 4 channels of 1x1 -> one 2x2 channel, row-major over the sub-pixel offset
            NDArray x = m.create(new float[] {10, 20, 30, 40}, new Shape(1, 4, 1, 1));
            assertArrayEquals(new float[] {10, 20, 30, 40}, PixelShuffle.shuffle(x, 2).toFloatArray());
            // 8 channels of 1x2 -> two channels of 2x4
            NDArray x2 = m.arange(16f).reshape(1, 8, 1, 2);
            assertArrayEquals(new float[] {0, 2, 1, 3, 4, 6, 5, 7, 8, 10, 9, 11, 12, 14, 13, 15},
                    PixelShuffle.shuffle(x2, 2).toFloatArray());
        }
    }

    @Test
    void upsamplingDoublesTheMapWithTheSameOutputOnBothEngines() {
        float[][] out = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            try (NDManager m = Engines.get(engines[e]).newBaseManager()) {
                Block block = PixelShuffle.upsampling(3, true);
                Shape in = new Shape(2, 5, 4, 4);
                block.initialize(m, DataType.FLOAT32, in);
                assertEquals(new Shape(12, 5, 3, 3), block.getParameters().get("01Conv2d_weight").getArray().getShape());
                Random rng = new Random(4);
                block.getParameters().forEach(p -> {
                    float[] v = new float[Math.toIntExact(p.getValue().getArray().size())];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) rng.nextGaussian();
                    }
                    p.getValue().getArray().set(v);
                });
                float[] xs = new float[2 * 5 * 16];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = (float) rng.nextGaussian();
                }
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.create(xs, in)), false)
                        .singletonOrThrow();
                assertEquals(new Shape(2, 3, 8, 8), y.getShape());
                assertEquals(y.getShape(), block.getOutputShapes(new Shape[] {in})[0]);
                out[e] = y.toFloatArray();
            }
        }
        assertArrayEquals(out[0], out[1], 1e-4f, "MXNet and PyTorch differ");
    }

    @Test
    void refusesChannelCountsItCannotShuffle() {
        assertThrows(IllegalArgumentException.class, () -> new PixelShuffle(0));
        assertThrows(IllegalArgumentException.class, () -> PixelShuffle.upsampling(0, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PixelShuffle(2).getOutputShapes(new Shape[] {new Shape(1, 6, 3, 3)}));
        assertTrue(e.getMessage().contains("(1, 6, 3, 3)") && e.getMessage().contains("divisible by 4"), e.getMessage());
    }
}
