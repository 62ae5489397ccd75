package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What instance norm and layer norm share ({@link PerSampleNorm}): the per-channel scale and shift. */
class PerSampleNormTest {

    private static PerSampleNorm norm(String which) {
        return which.equals("instance") ? new InstanceNorm() : new LayerNorm();
    }

    @ParameterizedTest(name = "{0} norm on {1}")
    @CsvSource({"instance, MXNet", "instance, PyTorch", "layer, MXNet", "layer, PyTorch"})
    void gammaScalesAndBetaShiftsEachChannel(String which, String engine) {
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            PerSampleNorm block = norm(which);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2, 3, 3));
            Parameter gamma = block.getParameters().get("gamma");
            Parameter beta = block.getParameters().get("beta");
            assertEquals(Parameter.Type.GAMMA, gamma.getType());
            assertEquals(Parameter.Type.BETA, beta.getType());
            assertEquals(new Shape(2), gamma.getArray().getShape());
            assertArrayEquals(new float[] {1, 1}, gamma.getArray().toFloatArray(), "gamma starts at 1");
            assertArrayEquals(new float[] {0, 0}, beta.getArray().toFloatArray(), "beta starts at 0");
            NDArray x = m.randomNormal(new Shape(2, 2, 3, 3));
            float[] plain = run(block, m, x);
            gamma.getArray().set(new float[] {2, -1});
            beta.getArray().set(new float[] {0.5f, 3});
            float[] affine = run(block, m, x);
            for (int i = 0; i < plain.length; i++) {
                int channel = (i / 9) % 2;
                float expected = channel == 0 ? 2 * plain[i] + 0.5f : -plain[i] + 3;
                assertEquals(expected, affine[i], 1e-5f, "element " + i);
            }
        }
    }

    private static float[] run(PerSampleNorm block, NDManager m, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }
}
