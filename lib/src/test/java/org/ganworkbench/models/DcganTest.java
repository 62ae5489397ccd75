package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DcganTest {

    @ParameterizedTest(name = "{0}x{1}x{1} {2}")
    @CsvSource({"1, 28, TRANSPOSED", "1, 32, TRANSPOSED", "3, 64, TRANSPOSED", "1, 28, RESIZE", "3, 32, RESIZE"})
    void sameSamplesOnBothEnginesInTheRightShapeAndRange(int channels, int size, Dcgan.Upsampler up) {
        Dcgan arch = Dcgan.builder(new Shape(channels, size, size)).width(8).upsampler(up).build();
        float[][] out = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            try (Gan gan = Gan.create(arch, Engines.get(engines[e]), 7); NDManager m = gan.manager().newSubManager()) {
                NDArray x = gan.sample(m, new Random(3), 4);
                assertEquals(new Shape(4, channels, size, size), x.getShape());
                assertEquals(new Shape(4), gan.discriminate(x, false).getShape());
                out[e] = x.toFloatArray();
            }
        }
        for (float v : out[0]) {
            assertTrue(v >= -1 && v <= 1, "tanh output out of range: " + v);
        }
        assertArrayEquals(out[0], out[1], 1e-4f, "MXNet and PyTorch generate different images from one seed");
    }

    @Test
    void dcgan28HasThePapersShape() {
        Dcgan arch = Dcgan.fashionMnist();
        assertEquals("dcgan-28", arch.name());
        assertEquals("7x7 [128, 64]", arch.settings().get("generator_channels"));
        try (Gan gan = Gan.create(arch, Engines.get(Engines.MXNET), 1)) {
            // G: Linear 100 -> 128*7*7 (no bias) + BN, ConvT 128->64 (no bias) + BN, ConvT 64->1 + bias
            // (stored with one spare filter for MXNet's native operator)
            long g = 100L * 6272 + 2 * 6272 + 128L * 64 * 16 + 2 * 64 + 2 * (64 * 16 + 1);
            // D: conv 1->64 + bias, conv 64->128 (no bias) + BN, Linear 6272 -> 1
            long d = 64L * 16 + 64 + 64L * 128 * 16 + 2 * 128 + 6272 + 1;
            assertEquals(g, gan.generatorSize());
            assertEquals(d, gan.discriminatorSize());
        }
        Dcgan.Flops f = arch.flops();
        assertEquals(2L * 100 * 6272 + 2L * 128 * 64 * 16 * 49 + 2L * 64 * 16 * 196, f.generator());
        assertEquals(2L * 64 * 16 * 196 + 2L * 64 * 128 * 16 * 49 + 2L * 6272, f.discriminator());
    }

    @Test
    void refusesSizesItCannotBuild() {
        assertThrows(IllegalArgumentException.class, () -> Dcgan.builder(new Shape(1, 30, 30)));
        assertThrows(IllegalArgumentException.class, () -> Dcgan.builder(new Shape(1, 28, 32)));
        assertThrows(IllegalArgumentException.class, () -> Dcgan.builder(new Shape(2, 32, 32)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dcgan.builder(new Shape(3, 48, 48)));
        assertTrue(e.getMessage().contains("48"), e.getMessage());
    }
}
