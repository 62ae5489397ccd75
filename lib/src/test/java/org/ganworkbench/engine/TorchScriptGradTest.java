package org.ganworkbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TorchScriptGradTest {

    /** f(x) = sum((x·w)³): d/dx = 3 (x·w)² wᵀ; the penalty sum(grad²)'s gradient for w by the chain rule. */
    @Test
    void theInputGradientAndItsSecondDerivativeMatchTheClosedFormAndLeaveTheWeightsGradientAlone() {
        try (NDManager m = Engines.newManager(Engines.PYTORCH)) {
            NDArray w = m.create(new float[] {0.5f, -1f, 2f}, new Shape(3, 1));
            w.setRequiresGradient(true);
            NDArray x = m.create(new float[] {1f, 2f, 3f, -1f, 0.5f, 1.5f}, new Shape(2, 3));
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = x.matMul(w).pow(3);
                NDArray g = TorchScriptGrad.inputGradient(y, x);
                float[] xw = x.matMul(w).toFloatArray();
                float[] wv = w.toFloatArray();
                float[] expected = new float[6];
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        expected[i * 3 + j] = 3 * xw[i] * xw[i] * wv[j];
                    }
                }
                assertArrayEquals(expected, g.toFloatArray(), 1e-4f);
                NDArray untouched = w.getGradient();
                assertArrayEquals(new float[3], untouched == null ? new float[3] : untouched.toFloatArray(), 0f,
                        "autograd.grad writes no gradient into the weights (backward(create_graph) did: 3 s² x summed)");
                gc.backward(g.pow(2).sum());
            }
            // P(w) = Σ_i Σ_j (3 s_i² w_j)², s_i = x_i·w: dP/dw_k = Σ_i [ 18 s_i⁴ w_k + 36 s_i³ x_ik Σ_j w_j² ]
            float[] xv = x.toFloatArray();
            float[] wv = w.toFloatArray();
            double norm = 0;
            for (float v : wv) {
                norm += v * v;
            }
            float[] dw = new float[3];
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int i = 0; i < 2; i++) {
                    double s = 0;
                    for (int j = 0; j < 3; j++) {
                        s += xv[i * 3 + j] * wv[j];
                    }
                    sum += 18 * Math.pow(s, 4) * wv[k] + 36 * Math.pow(s, 3) * xv[i * 3 + k] * norm;
                }
                dw[k] = (float) sum;
            }
            assertArrayEquals(dw, w.getGradient().toFloatArray(), 1e-2f);
        }
    }
}
