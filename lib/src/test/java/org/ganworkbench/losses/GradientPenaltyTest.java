package org.ganworkbench.losses;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WGAN-GP's penalty: interpolates, the penalty's value, and its second-order gradient (PyTorch). */
class GradientPenaltyTest {

    private static final float[] W = {0.6f, -1.2f, 0.3f};
    private static final float[] X = {0.5f, 1f, -1f, 2f, 0f, 0.25f};   // two samples of 3

    @Test
    void interpolatesPerSample() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            NDArray real = m.create(new float[] {1, 1, 1, 1}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray fake = m.create(new float[] {3, 3, -1, -1}, new ai.djl.ndarray.types.Shape(2, 2));
            float[] got = GradientPenalty.interpolate(real, fake, m.create(new float[] {0.25f, 1f})).toFloatArray();
            assertArrayEquals(new float[] {2.5f, 2.5f, 1f, 1f}, got, 1e-6f);
            assertThrows(IllegalArgumentException.class,
                    () -> GradientPenalty.interpolate(real, fake, m.create(new float[] {0.5f})));
            // gradients of norm 3 and 0 -> ((3-1)² + (0-1)²) / 2
            NDArray g = m.create(new float[] {3, 0, 0, 0}, new ai.djl.ndarray.types.Shape(2, 2));
            assertEquals(2.5, GradientPenalty.compute(g).getFloat(), 1e-5);
        }
    }

    @Test
    void linearCriticHasGradientWAndPenaltyGradientMatchesTheFormula() {
        Engine engine = Engines.get(Engines.PYTORCH);
        try (NDManager m = engine.newBaseManager()) {
            NDArray w = m.create(W);
            w.setRequiresGradient(true);
            NDArray x = m.create(X, new ai.djl.ndarray.types.Shape(2, 3));
            x.setRequiresGradient(true);
            NDArray penalty;
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray scores = x.matMul(w.reshape(3, 1)).reshape(2);
                NDArray g = Engines.inputGradient(scores, x);
                assertArrayEquals(new float[] {W[0], W[1], W[2], W[0], W[1], W[2]}, g.toFloatArray(), 1e-6f);
                w.getGradient().subi(w.getGradient());   // the first backward left d(sum scores)/dw there
                penalty = GradientPenalty.compute(g);
                gc.backward(penalty);
            }
            double norm = Math.sqrt(W[0] * W[0] + W[1] * W[1] + W[2] * W[2]);
            assertEquals((norm - 1) * (norm - 1), penalty.getFloat(), 1e-5);
            float[] dw = w.getGradient().toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(2 * (norm - 1) * W[i] / norm, dw[i], 1e-5, "d penalty / d w" + i);
            }
        }
    }

    @Test
    void nonlinearCriticMatchesFiniteDifferences() {
        Engine engine = Engines.get(Engines.PYTORCH);
        double analytic;
        try (NDManager m = engine.newBaseManager()) {
            NDArray w = m.create(W);
            w.setRequiresGradient(true);
            NDArray x = m.create(X, new ai.djl.ndarray.types.Shape(2, 3));
            x.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray scores = x.matMul(w.reshape(3, 1)).tanh().reshape(2);
                NDArray g = Engines.inputGradient(scores, x);
                w.getGradient().subi(w.getGradient());
                gc.backward(GradientPenalty.compute(g));
            }
            analytic = w.getGradient().toFloatArray()[1];
        }
        double h = 1e-3;
        double numeric = (penaltyOfTanhCritic(W[1] + h) - penaltyOfTanhCritic(W[1] - h)) / (2 * h);
        assertEquals(numeric, analytic, 1e-3, "d penalty / d w1");
    }

    /** The penalty of D(x) = tanh(x·w) written out in Java, with w1 replaced. */
    private static double penaltyOfTanhCritic(double w1) {
        double[] w = {W[0], w1, W[2]};
        double sum = 0;
        for (int n = 0; n < 2; n++) {
            double dot = 0;
            for (int i = 0; i < 3; i++) {
                dot += X[3 * n + i] * w[i];
            }
            double s = 1 - Math.tanh(dot) * Math.tanh(dot);   // d tanh / d dot
            double norm = Math.abs(s) * Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
            sum += (norm - 1) * (norm - 1);
        }
        return sum / 2;
    }

    @Test
    void mxnetRefusesWithAMessageThatSaysWhatToUse() {
        Engine engine = Engines.get(Engines.MXNET);
        try (NDManager m = engine.newBaseManager()) {
            NDArray x = m.create(X, new ai.djl.ndarray.types.Shape(2, 3));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Engines.inputGradient(x.sum(new int[] {1}), x));
            assertTrue(e.getMessage().contains("PyTorch") && e.getMessage().contains("hinge"), e.getMessage());
        }
    }
}
