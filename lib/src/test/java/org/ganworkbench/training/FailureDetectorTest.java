package org.ganworkbench.training;

import org.ganworkbench.training.FailureChecks.Action;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureDetectorTest {

    private static final FailureChecks WARN_ALL = FailureChecks.DEFAULT.all(Action.WARN).every(10);

    @Test
    void gradientAboveCeilingFiresAtOnceThenOncePerInterval() {
        FailureDetector d = new FailureDetector(WARN_ALL, true);
        assertNull(d.generatorGradient(1, 99.9));
        TrainingEvent e = d.generatorGradient(2, 150);
        assertNotNull(e);
        assertEquals(TrainingEvent.GRADIENT, e.check());
        assertEquals("generator", e.network());
        assertEquals(150, e.value());
        assertNull(d.generatorGradient(3, 500), "rate-limited within one check interval");
        assertNotNull(d.generatorGradient(12, 500));
        assertEquals(2, d.events().size());
    }

    @Test
    void discriminatorWinsNeedsPatienceFiresOnceAndRearms() {
        FailureDetector d = new FailureDetector(WARN_ALL, true);   // patience 3
        assertNull(d.discriminatorLoss(10, 1e-4));
        assertNull(d.discriminatorLoss(20, 1e-4));
        TrainingEvent e = d.discriminatorLoss(30, 1e-4);
        assertNotNull(e);
        assertEquals(TrainingEvent.D_WINS, e.check());
        assertNull(d.discriminatorLoss(40, 1e-4), "fires once while the signal lasts");
        assertNull(d.discriminatorLoss(50, 0.7), "clears");
        assertNull(d.discriminatorLoss(60, 1e-4));
        assertNull(d.discriminatorLoss(70, 1e-4));
        assertNotNull(d.discriminatorLoss(80, 1e-4), "re-armed after clearing");
    }

    @Test
    void discriminatorFloorDoesNotApplyToCritics() {
        FailureDetector d = new FailureDetector(WARN_ALL, false);
        for (int i = 1; i <= 5; i++) {
            assertNull(d.discriminatorLoss(10 * i, -3.0));
        }
    }

    @Test
    void lowDiversityFiresAfterPatience() {
        FailureDetector d = new FailureDetector(WARN_ALL, true);
        assertNull(d.diversity(10, 0.9));
        assertNull(d.diversity(20, 0.1));
        assertNull(d.diversity(30, 0.1));
        TrainingEvent e = d.diversity(40, 0.1);
        assertNotNull(e);
        assertEquals(TrainingEvent.MODE_COLLAPSE, e.check());
        assertTrue(e.message().contains("0.10"), e.message());
    }

    @Test
    void ignoredChecksNeverFire() {
        FailureDetector d = new FailureDetector(FailureChecks.MINIMAL, true);
        assertNull(d.generatorGradient(1, 1e9));
        for (int i = 1; i <= 5; i++) {
            assertNull(d.discriminatorLoss(i, 0));
            assertNull(d.diversity(i, 0));
        }
        TrainingEvent e = d.nonFinite(7, "generator", "loss is NaN");
        assertEquals(Action.STOP, e.action());
        assertEquals(7, e.step());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new FailureChecks(Action.IGNORE, Action.WARN, 1e-3,
                Action.WARN, 100, Action.WARN, 0.25, 100, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FailureChecks.DEFAULT.every(0));
        assertTrue(e.getMessage().contains("checkEvery"), e.getMessage());
        FailureChecks warnOnNaN = FailureChecks.DEFAULT.all(Action.IGNORE).nonFinite(Action.WARN);
        assertEquals(Action.WARN, warnOnNaN.nonFinite());
        assertEquals(Action.IGNORE, warnOnNaN.gradientExplosion());
        assertThrows(IllegalArgumentException.class, () -> FailureChecks.DEFAULT.nonFinite(Action.IGNORE));
        assertEquals(Action.STOP, Action.parse(" Stop "));
        assertThrows(IllegalArgumentException.class, () -> Action.parse("panic"));
    }
}
