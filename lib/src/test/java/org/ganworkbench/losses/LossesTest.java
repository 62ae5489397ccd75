package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ganworkbench.engine.Engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossesTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.newManager(null);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    private static final float[] REAL = {2f, -1f, 0.25f};
    private static final float[] FAKE = {0.5f, -3f, 1.5f};

    @Test
    void discriminatorLossMatchesHandComputedCrossEntropy() {
        // -mean(log sigmoid(r)) - mean(log(1 - sigmoid(f)))
        double expected = 0;
        for (float r : REAL) {
            expected += -Math.log(1 / (1 + Math.exp(-r))) / REAL.length;
        }
        for (float f : FAKE) {
            expected += -Math.log(1 - 1 / (1 + Math.exp(-f))) / FAKE.length;
        }
        for (GanLoss loss : new GanLoss[] {Losses.minimax(), Losses.nonSaturating()}) {
            float got = loss.discriminatorLoss(manager.create(REAL), manager.create(FAKE)).getFloat();
            assertEquals(expected, got, 1e-5, loss.name());
        }
    }

    @Test
    void minimaxGeneratorLossIsLogOneMinusD() {
        double expected = 0;
        for (float f : FAKE) {
            expected += Math.log(1 - 1 / (1 + Math.exp(-f))) / FAKE.length;
        }
        assertEquals(expected, Losses.minimax().generatorLoss(manager.create(FAKE)).getFloat(), 1e-5);
    }

    @Test
    void nonSaturatingGeneratorLossIsMinusLogD() {
        double expected = 0;
        for (float f : FAKE) {
            expected += softplus(-f) / FAKE.length;
        }
        assertEquals(expected, Losses.nonSaturating().generatorLoss(manager.create(FAKE)).getFloat(), 1e-5);
    }

    @Test
    void lossesStayFiniteForExtremeLogits() {
        NDArray extreme = manager.create(new float[] {-200f, 200f});
        for (GanLoss loss : new GanLoss[] {Losses.minimax(), Losses.nonSaturating()}) {
            assertTrue(Float.isFinite(loss.discriminatorLoss(extreme, extreme).getFloat()), loss.name());
            assertTrue(Float.isFinite(loss.generatorLoss(extreme).getFloat()), loss.name());
        }
        // softplus(200) = 200 exactly in float; mean of softplus(-(-200)) and softplus(-200) = 100
        assertEquals(100f, Losses.nonSaturating().generatorLoss(extreme).getFloat(), 1e-3);
    }

    @Test
    void saturatingLossVanishesWhenDiscriminatorRejectsFakes() {
        // D confidently says "fake": logit -8. The minimax G gradient is ~sigmoid(-8) = 3e-4,
        // the non-saturating one is ~1 - sigmoid(-8) ~ 1: the reason for the -log D trick.
        double gMinimax = gradientAt(Losses.minimax(), -8f);
        double gNs = gradientAt(Losses.nonSaturating(), -8f);
        assertEquals(-1 / (1 + Math.exp(8)), gMinimax, 1e-6);
        assertEquals(-(1 - 1 / (1 + Math.exp(8))), gNs, 1e-5);
        assertTrue(Math.abs(gNs) > 1000 * Math.abs(gMinimax));
    }

    @Test
    void gradientsAreSmoothAtLogitZero() {
        // at D(G(z)) = 1/2 both generator losses have |gradient| exactly 1/2
        assertEquals(-0.5, gradientAt(Losses.minimax(), 0f), 1e-6);
        assertEquals(-0.5, gradientAt(Losses.nonSaturating(), 0f), 1e-6);
    }

    private static double gradientAt(GanLoss loss, float logit) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(new float[] {logit});
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(loss.generatorLoss(x));
            }
            return x.getGradient().getFloat(0);
        }
    }

    @Test
    void lossesByName() {
        assertEquals("minimax", Losses.byName("minimax").name());
        assertEquals("non-saturating", Losses.byName("Non-Saturating").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("hinge2"));
        assertTrue(e.getMessage().contains("hinge2"));
    }
}
