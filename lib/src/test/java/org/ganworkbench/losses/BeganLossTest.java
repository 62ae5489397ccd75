package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.nn.EnergyAutoencoder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeganLossTest {

    @Test
    void controllerMovesTowardsEquilibriumAndIsClipped() {
        // γ L(x) > L(G(z)): fakes reconstructed too well -> k grows by λ (γ L(x) − L(G(z)))
        assertEquals(0.3 + 0.001 * (0.5 * 0.2 - 0.04), BeganLoss.nextK(0.3, 0.5, 0.001, 0.2, 0.04), 1e-12);
        // γ L(x) < L(G(z)) -> k shrinks
        assertTrue(BeganLoss.nextK(0.3, 0.5, 0.001, 0.2, 0.5) < 0.3);
        // clipped to [0, 1]
        assertEquals(0.0, BeganLoss.nextK(0.0, 0.5, 0.001, 0.1, 0.9));
        assertEquals(1.0, BeganLoss.nextK(0.9995, 1.0, 0.01, 1.0, 0.0));
        assertEquals(0.0, BeganLoss.nextK(0.0004, 0.5, 0.001, 0.0, 1.0));
    }

    @Test
    void convergenceMeasure() {
        assertEquals(0.2 + Math.abs(0.7 * 0.2 - 0.3), BeganLoss.convergence(0.7, 0.2, 0.3), 1e-12);
        assertEquals(0.2 + Math.abs(0.5 * 0.2 - 0.05), BeganLoss.convergence(0.5, 0.2, 0.05), 1e-12);
        // at equilibrium (L(G(z)) = γ L(x)) it is L(x) alone
        assertEquals(0.4, BeganLoss.convergence(0.5, 0.4, 0.2), 1e-12);
    }

    @Test
    void lossesUseTheCurrentKAndEndStepUpdatesIt() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            BeganLoss loss = new BeganLoss(0.5, 0.01, 0.25);
            NDArray real = m.create(new float[] {0.2f, 0.4f});   // L(x) = 0.3
            NDArray fake = m.create(new float[] {0.1f, 0.3f});   // L(G(z)) = 0.2
            assertEquals(0.3 - 0.25 * 0.2, loss.discriminatorLoss(real, fake).getFloat(), 1e-6);
            assertEquals(0.2, loss.generatorLoss(fake).getFloat(), 1e-6);
            double[] v = loss.endStep(0.3, 0.2);
            double k = 0.25 + 0.01 * (0.5 * 0.3 - 0.2);
            assertEquals(List.of("k", "m_global", "l_real", "l_fake"), loss.stepValues());
            assertArrayEquals(new double[] {k, 0.3 + Math.abs(0.15 - 0.2), 0.3, 0.2}, v, 1e-12);
            assertEquals(k, loss.k(), 1e-12);
            assertEquals(0.3 - k * 0.2, loss.discriminatorLoss(real, fake).getFloat(), 1e-6);
            GanLoss fresh = loss.forRun();
            assertNotSame(loss, fresh);
            assertEquals(0.25, ((BeganLoss) fresh).k());
        }
    }

    @Test
    void l1EnergyIsTheMeanAbsoluteErrorPerImage() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            NDArray x = m.create(new float[] {1, -1, 0.5f, 0, 0, 0, 0, 0}, new Shape(2, 1, 2, 2));
            NDArray r = m.create(new float[] {0, -1, 0, 0, 1, -1, 1, -1}, new Shape(2, 1, 2, 2));
            assertArrayEquals(new float[] {(1 + 0 + 0.5f + 0) / 4, 1f}, EnergyAutoencoder.energy(x, r).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void ebganMarginHinge() {
        try (NDManager m = Engines.get(Engines.MXNET).newBaseManager()) {
            EbganLoss loss = new EbganLoss(0.5);
            NDArray real = m.create(new float[] {0.1f, 0.3f});
            NDArray fake = m.create(new float[] {0.2f, 0.9f});   // only the first is below the margin
            assertEquals(0.2 + (0.3 + 0) / 2, loss.discriminatorLoss(real, fake).getFloat(), 1e-6);
            assertEquals(0.55, loss.generatorLoss(fake).getFloat(), 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> new EbganLoss(0));
    }

    @Test
    void createdByNameWithParameters() {
        BeganLoss b = (BeganLoss) Losses.create("began", Map.of("gamma", 0.7, "lambda_k", 0.002));
        assertEquals(0.7, b.gamma());
        assertEquals(0.002, b.lambdaK());
        assertEquals(0.3, ((EbganLoss) Losses.create("ebgan", Map.of("margin", 0.3))).margin());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.create("began", Map.of("margin", 1)));
        assertTrue(e.getMessage().contains("gamma, lambda_k, k0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.create("began", Map.of("gamma", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> new BeganLoss(0.5, 0.001, -0.1));
    }
}
