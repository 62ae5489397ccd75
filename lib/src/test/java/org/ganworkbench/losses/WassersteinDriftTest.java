package org.ganworkbench.losses;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.ganworkbench.engine.Engines;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WGAN-GP's optional drift term ε E[D(x)²] (progressive GANs). */
class WassersteinDriftTest {

    private static final float[] REAL = {2f, -1f, 0.5f};
    private static final float[] FAKE = {0.5f, -3f, 1.5f};

    @Test
    void driftAddsEpsilonTimesTheMeanSquaredRealScore() {
        try (NDManager m = Engines.newManager(null)) {
            double wasserstein = (0.5 - 3 + 1.5) / 3 - (2 - 1 + 0.5) / 3;
            double realSquares = (4 + 1 + 0.25) / 3;
            GanLoss plain = Losses.create("wgan-gp", Map.of("lambda", 10));
            GanLoss drift = Losses.create("wgan-gp", Map.of("lambda", 10, "drift", 0.001));
            assertEquals(wasserstein, plain.discriminatorLoss(m.create(REAL), m.create(FAKE)).getFloat(), 1e-6);
            assertEquals(wasserstein + 0.001 * realSquares,
                    drift.discriminatorLoss(m.create(REAL), m.create(FAKE)).getFloat(), 1e-6);
            // a large ε, so the term cannot hide in the tolerance; the fakes' scores do not enter it
            GanLoss big = Losses.wganGp(10, 2);
            assertEquals(wasserstein + 2 * realSquares, big.discriminatorLoss(m.create(REAL), m.create(FAKE)).getFloat(), 1e-5);
            // raising one fake score by 1 raises the loss by 1/3 only: the drift term reads real scores alone
            assertEquals(big.discriminatorLoss(m.create(REAL), m.create(FAKE)).getFloat() + 1 / 3.0,
                    big.discriminatorLoss(m.create(REAL), m.create(new float[] {1.5f, -3f, 1.5f})).getFloat(), 1e-5);
            // G's loss does not change
            assertEquals(plain.generatorLoss(m.create(FAKE)).getFloat(), drift.generatorLoss(m.create(FAKE)).getFloat(), 0);
            assertEquals(10, ((WassersteinGpLoss) drift).lambda(), 0);
            assertEquals(0.001, ((WassersteinGpLoss) drift).drift(), 0);
        }
    }

    @Test
    void defaultIsNoDriftAndSettingsOnlyNameItWhenOn() {
        WassersteinGpLoss standard = (WassersteinGpLoss) Losses.wganGp();
        assertEquals(0, standard.drift(), 0);
        assertFalse(standard.settings().containsKey("drift"), "existing runs keep their settings");
        assertEquals(Map.of("loss", "wgan-gp", "lambda", 10.0), standard.settings(), "the spec's keys");
        assertEquals(0.001, Losses.create("wgan-gp", Map.of("drift", 0.001)).settings().get("drift"));
        assertEquals("wgan-gp", Losses.wganGp(10, 0.001).name());
        assertEquals(standard.recommended(), Losses.wganGp(10, 0.001).recommended());
        assertThrows(IllegalArgumentException.class, () -> Losses.wganGp(10, -0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.create("wgan-gp", Map.of("epsilon", 0.001)));
        assertTrue(e.getMessage().contains("lambda, drift"), e.getMessage());
    }
}
