package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pix2pix's U-Net generator. */
class UNetGeneratorTest {

    private static final UnaryOperator<Block> PLAIN = b -> b;

    /** Forward pass; training mode inside a gradient collector (MXNet's batch norm insists on it). */
    static NDArray run(Block b, NDManager m, boolean training, NDArray... in) {
        if (!training) {
            return b.forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow();
        }
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            return b.forward(new ParameterStore(m, false), new NDList(in), true).singletonOrThrow();
        }
    }

    private static UNetGenerator unet(NDManager m, int size, int depth, NormKind norm, float dropout, int blocks, int n) {
        UNetGenerator g = new UNetGenerator(3, 3, size, 4, depth, norm, dropout, blocks, PLAIN);
        g.initialize(m, DataType.FLOAT32, new Shape(n, 8), new Shape(n, 3, size, size));
        Init.he().apply(g.getParameters(), new Random(5));
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void imagesHaveTheMapsSideAndLieInMinusOneToOneForEveryNorm(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            for (NormKind norm : NormKind.values()) {
                UNetGenerator g = unet(m, 32, 5, norm, 0.5f, 3, 2);
                NDArray z = m.randomNormal(new Shape(2, 8));
                NDArray maps = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
                for (boolean training : new boolean[] {true, false}) {
                    NDArray y = run(g, m, training, z, maps);
                    assertEquals(new Shape(2, 3, 32, 32), y.getShape(), norm + " training=" + training);
                    assertTrue(y.abs().max().getFloat() < 1f, "tanh output");
                }
                assertEquals(new Shape(2, 3, 32, 32), g.getOutputShapes(new Shape[] {new Shape(2, 8), new Shape(2, 3, 32, 32)})[0]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void skipTensorsHaveTheDocumentedShapes(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            // size 32, depth 5: channels w, 2w, 4w, 8w and the bottleneck capped at 8w (not 16w), 1×1
            UNetGenerator g = unet(m, 32, 5, NormKind.BATCH, 0, 0, 2);
            List<Shape> expected = List.of(new Shape(2, 4, 16, 16), new Shape(2, 8, 8, 8), new Shape(2, 16, 4, 4),
                    new Shape(2, 32, 2, 2));
            assertEquals(expected, g.skipShapes(2));
            assertEquals(new Shape(2, 32, 1, 1), g.bottleneckShape(2));
            NDList e = g.encode(new ParameterStore(m, false), m.randomNormal(new Shape(2, 3, 32, 32)), false);
            assertEquals(5, e.size());
            for (int i = 0; i < 4; i++) {
                assertEquals(expected.get(i), e.get(i).getShape(), "skip " + (i + 1));
            }
            assertEquals(new Shape(2, 32, 1, 1), e.get(4).getShape());
            // size 64, depth 4: a 4×4 bottleneck
            UNetGenerator h = unet(m, 64, 4, NormKind.INSTANCE, 0, 0, 2);
            expected = List.of(new Shape(2, 4, 32, 32), new Shape(2, 8, 16, 16), new Shape(2, 16, 8, 8));
            assertEquals(expected, h.skipShapes(2));
            NDList f = h.encode(new ParameterStore(m, false), m.randomNormal(new Shape(2, 3, 64, 64)), false);
            for (int i = 0; i < 3; i++) {
                assertEquals(expected.get(i), f.get(i).getShape(), "skip " + (i + 1));
            }
            assertEquals(new Shape(2, 32, 4, 4), f.get(3).getShape());
            assertEquals(new Shape(2, 32, 4, 4), h.bottleneckShape(2));
            assertEquals(new Shape(2, 3, 64, 64), run(h, m, false, m.zeros(new Shape(2, 8)),
                    m.randomNormal(new Shape(2, 3, 64, 64))).getShape());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void dropoutIsTheOnlyNoiseAndStaysOnAtInference(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            NDArray maps = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            NDArray z1 = m.randomNormal(new Shape(2, 8));
            NDArray z2 = m.randomNormal(new Shape(2, 8));
            UNetGenerator noisy = unet(m, 32, 5, NormKind.BATCH, 0.5f, 3, 2);
            float[] a = run(noisy, m, false, z1, maps).toFloatArray();
            float[] b = run(noisy, m, false, z1, maps).toFloatArray();
            assertTrue(distance(a, b) > 1e-3, "dropout 0.5 on 3 levels: two inference calls should differ, distance "
                    + distance(a, b));
            for (UNetGenerator quiet : new UNetGenerator[] {unet(m, 32, 5, NormKind.BATCH, 0, 3, 2),
                    unet(m, 32, 5, NormKind.BATCH, 0.5f, 0, 2)}) {
                float[] c = run(quiet, m, false, z1, maps).toFloatArray();
                assertArrayEquals(c, run(quiet, m, false, z1, maps).toFloatArray(), 0f, quiet + ": deterministic");
                assertArrayEquals(c, run(quiet, m, false, z2, maps).toFloatArray(), 0f, quiet + ": z is ignored");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void gradientReachesTheMapsAndEveryWeight(String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            UNetGenerator g = unet(m, 16, 4, NormKind.BATCH, 0.5f, 2, 2);
            for (Pair<String, Parameter> p : g.getParameters()) {
                if (trained(p.getValue())) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            NDArray maps = m.randomUniform(0, 1, new Shape(2, 3, 16, 16));
            maps.setRequiresGradient(true);
            NDArray weights = m.randomNormal(new Shape(2, 3, 16, 16));
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = g.forward(new ParameterStore(m, false), new NDList(m.zeros(new Shape(2, 8)), maps), true)
                        .singletonOrThrow();
                gc.backward(y.mul(weights).sum());
            }
            assertTrue(maps.getGradient().abs().sum().getFloat() > 0, "no gradient reaches the maps");
            for (Pair<String, Parameter> p : g.getParameters()) {
                if (trained(p.getValue())) {
                    assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0,
                            p.getKey() + " gets no gradient");
                }
            }
        }
    }

    /** Not batch norm's running statistics. */
    private static boolean trained(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    @Test
    void refusesSettingsItCannotBuild() {
        assertThrows(IllegalArgumentException.class, () -> new UNetGenerator(3, 3, 32, 4, 1, NormKind.BATCH, 0, 0, PLAIN));
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                () -> new UNetGenerator(3, 3, 32, 4, 6, NormKind.BATCH, 0, 0, PLAIN));
        assertTrue(deep.getMessage().contains("from 2 to 5"), deep.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UNetGenerator(3, 3, 32, 4, 5, NormKind.BATCH, 0.5f, 5, PLAIN));
        assertThrows(IllegalArgumentException.class, () -> new UNetGenerator(3, 3, 32, 4, 5, NormKind.BATCH, 1f, 3, PLAIN));
        assertThrows(IllegalArgumentException.class, () -> new UNetGenerator(0, 3, 32, 4, 5, NormKind.BATCH, 0, 0, PLAIN));
        new UNetGenerator(3, 3, 32, 4, 5, NormKind.NONE, 0.5f, 4, PLAIN);   // every level but the outermost
    }

    static double distance(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }
}
