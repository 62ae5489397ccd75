package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pix2pix's PatchGAN discriminator and pix2pixHD's multi-scale one. */
class PatchDiscriminatorTest {

    private static final UnaryOperator<Block> PLAIN = b -> b;

    /** All outputs; training mode inside a gradient collector (MXNet's batch norm insists on it). */
    private static NDList run(Block b, NDManager m, boolean training, NDArray... in) {
        if (!training) {
            return b.forward(new ParameterStore(m, false), new NDList(in), false);
        }
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            return b.forward(new ParameterStore(m, false), new NDList(in), true);
        }
    }

    private static <B extends Block> B initialized(B block, NDManager m, Shape images, Shape maps) {
        block.initialize(m, DataType.FLOAT32, images, maps);
        Init.he().apply(block.getParameters(), new Random(7));
        return block;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void patchLogitsThenEveryLayersFeatures(String engine) {
        Shape images = new Shape(2, 3, 32, 32);
        Shape maps = new Shape(2, 5, 32, 32);
        Shape[] expected = {new Shape(2, 1, 4, 4), new Shape(2, 4, 16, 16), new Shape(2, 8, 8, 8), new Shape(2, 16, 4, 4),
                new Shape(2, 32, 4, 4)};
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            for (NormKind norm : NormKind.values()) {
                UnaryOperator<Block> wrap = norm == NormKind.NONE ? SpectralNorm::new : PLAIN;
                PatchDiscriminator d = initialized(new PatchDiscriminator(3, 5, 4, 3, norm, wrap), m, images, maps);
                assertEquals(4, d.featureCount());
                assertArrayEquals(expected, d.getOutputShapes(new Shape[] {images, maps}));
                for (boolean training : new boolean[] {true, false}) {
                    NDList out = run(d, m, training, m.randomNormal(images), m.randomNormal(maps));
                    assertArrayEquals(expected, out.getShapes(), norm + " training=" + training);
                }
            }
        }
    }

    @Test
    void receptiveFieldIsSevenTimesTwoToTheLayersMinusTwo() {
        assertEquals(12, new PatchDiscriminator(3, 1, 4, 1, NormKind.NONE, PLAIN).receptiveField());
        assertEquals(26, new PatchDiscriminator(3, 1, 4, 2, NormKind.NONE, PLAIN).receptiveField());
        assertEquals(54, new PatchDiscriminator(3, 1, 4, 3, NormKind.NONE, PLAIN).receptiveField());
        assertEquals(110, new PatchDiscriminator(3, 1, 4, 4, NormKind.NONE, PLAIN).receptiveField());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void oneLogitSeesExactlyItsReceptiveField(String engine) {
        // layers 2: receptive field 26; the logit at grid (8, 8) of 16×16 sits well inside a 64×64 image
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            PatchDiscriminator d = initialized(new PatchDiscriminator(1, 1, 4, 2, NormKind.NONE, PLAIN), m,
                    new Shape(1, 1, 64, 64), new Shape(1, 1, 64, 64));
            NDArray x = m.randomNormal(new Shape(1, 1, 64, 64));
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray logits = d.forward(new ParameterStore(m, false), new NDList(x, m.zeros(new Shape(1, 1, 64, 64))), true)
                        .get(0);
                gc.backward(logits.get("0, 0, 8, 8"));
            }
            float[] g = x.getGradient().toFloatArray();
            int top = 64;
            int bottom = -1;
            int left = 64;
            int right = -1;
            for (int r = 0; r < 64; r++) {
                for (int c = 0; c < 64; c++) {
                    if (g[r * 64 + c] != 0) {
                        top = Math.min(top, r);
                        bottom = Math.max(bottom, r);
                        left = Math.min(left, c);
                        right = Math.max(right, c);
                    }
                }
            }
            assertEquals(26, bottom - top + 1, "rows seen");
            assertEquals(26, right - left + 1, "columns seen");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void multiScaleScoresAndFeaturesOfEveryScale(String engine) {
        Shape images = new Shape(2, 3, 32, 32);
        Shape maps = new Shape(2, 5, 32, 32);
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            for (int scales = 1; scales <= 3; scales++) {
                MultiScaleDiscriminator d = initialized(new MultiScaleDiscriminator(scales, 3, 5, 4, 3, NormKind.INSTANCE, PLAIN),
                        m, images, maps);
                assertEquals(4 * scales, d.featureCount());
                NDList out = run(d, m, true, m.randomNormal(images), m.randomNormal(maps));
                assertEquals(1 + 4 * scales, out.size());
                assertEquals(new Shape(2, scales * 16L), out.get(0).getShape(), "scores: each scale on the finest 4×4 grid");
                assertArrayEquals(d.getOutputShapes(new Shape[] {images, maps}), out.getShapes());
                for (int k = 0; k < scales; k++) {
                    long s = 16 >> k;   // side after the first stride-2 layer of scale k + 1
                    assertEquals(new Shape(2, 4, s, s), out.get(1 + 4 * k).getShape(), "scale " + (k + 1) + " first feature");
                    assertEquals(new Shape(2, 32, s / 4, s / 4), out.get(4 + 4 * k).getShape(), "scale " + (k + 1) + " last");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void theMeanOverTheScoresIsTheAverageOfEachScalesMean(String engine) {
        Shape images = new Shape(3, 2, 32, 32);
        Shape maps = new Shape(3, 4, 32, 32);
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            MultiScaleDiscriminator d = initialized(new MultiScaleDiscriminator(3, 2, 4, 4, 2, NormKind.BATCH, PLAIN),
                    m, images, maps);   // grids 8, 4, 2
            NDArray x = m.randomNormal(images);
            NDArray y = m.randomUniform(0, 1, maps);
            NDArray scores = run(d, m, false, x, y).get(0);
            double average = 0;
            NDArray xk = x;
            NDArray yk = y;
            for (int k = 1; k <= 3; k++) {
                if (k > 1) {
                    xk = MultiScaleDiscriminator.pool(xk);
                    yk = MultiScaleDiscriminator.pool(yk);
                }
                NDArray logits = run(d.scale(k), m, false, xk, yk).get(0);
                assertEquals(new Shape(3, 1, 8 >> (k - 1), 8 >> (k - 1)), logits.getShape());
                average += logits.square().mean().getFloat() / 3;
                // the scale's block of the scores is its logits, each repeated 4^(k−1) times
                NDArray block = scores.get(":, " + (k - 1) * 64 + ":" + k * 64).reshape(3, 1, 8, 8);
                assertArrayEquals(Upsample.nearest(logits, 1 << (k - 1)).toFloatArray(), block.toFloatArray(), 1e-6f);
            }
            assertEquals(average, scores.square().mean().getFloat(), 1e-5 * Math.max(1, average));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void poolingAveragesOnlyThePixelsInsideTheImage(String engine) {
        int n = 6;
        float[] v = new float[n * n];
        Random rng = new Random(2);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * 3 + 5);
        }
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            float[] pooled = MultiScaleDiscriminator.pool(m.create(v, new Shape(1, 1, n, n))).toFloatArray();
            assertEquals(9, pooled.length);
            // corner (0, 0): window rows and columns -1 .. 1, inside: 0 .. 1, four pixels
            assertEquals((v[0] + v[1] + v[6] + v[7]) / 4, pooled[0], 1e-5f, "corner");
            // edge (0, 1): rows 0 .. 1, columns 1 .. 3, six pixels
            assertEquals((v[1] + v[2] + v[3] + v[7] + v[8] + v[9]) / 6, pooled[1], 1e-5f, "edge");
            // interior (1, 1): rows 1 .. 3, columns 1 .. 3, nine pixels
            float interior = 0;
            for (int r = 1; r <= 3; r++) {
                for (int c = 1; c <= 3; c++) {
                    interior += v[r * n + c];
                }
            }
            assertEquals(interior / 9, pooled[4], 1e-5f, "interior");
            // and every output: the mean of its window's pixels inside the image
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double sum = 0;
                    int count = 0;
                    for (int r = 2 * i - 1; r <= 2 * i + 1; r++) {
                        for (int c = 2 * j - 1; c <= 2 * j + 1; c++) {
                            if (r >= 0 && r < n && c >= 0 && c < n) {
                                sum += v[r * n + c];
                                count++;
                            }
                        }
                    }
                    assertEquals(sum / count, pooled[i * 3 + j], 1e-5, "(" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void refusesImagesTooSmallForTheCoarsestScale() {
        MultiScaleDiscriminator d = new MultiScaleDiscriminator(3, 3, 5, 4, 3, NormKind.INSTANCE, PLAIN);
        assertArrayEquals(new long[] {4, 2, 1}, d.grids(32));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> d.grids(16));
        assertTrue(small.getMessage().contains("fewer scales or layers"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.grids(40));
        assertThrows(IllegalArgumentException.class, () -> new MultiScaleDiscriminator(4, 3, 5, 4, 3, NormKind.INSTANCE, PLAIN));
        assertThrows(IllegalArgumentException.class, () -> new MultiScaleDiscriminator(0, 3, 5, 4, 3, NormKind.INSTANCE, PLAIN));
        PatchDiscriminator p = new PatchDiscriminator(3, 5, 4, 3, NormKind.BATCH, PLAIN);
        assertEquals(4, p.grid(32));
        assertThrows(IllegalArgumentException.class, () -> p.grid(20));
        assertThrows(IllegalArgumentException.class, () -> new PatchDiscriminator(3, 5, 4, 0, NormKind.BATCH, PLAIN));
    }
}
