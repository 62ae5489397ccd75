package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.Tricks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every loss of the zoo on hand-computed cases. */
class LossZooTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.newManager(null);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static final float[] REAL = {2f, -1f, 0.5f};
    private static final float[] FAKE = {0.5f, -3f, 1.5f};

    private static double mean(float[] a, java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (float v : a) {
            s += f.applyAsDouble(v);
        }
        return s / a.length;
    }

    private static double sp(double x) {
        return Math.log1p(Math.exp(x));
    }

    private float d(GanLoss loss) {
        return loss.discriminatorLoss(manager.create(REAL), manager.create(FAKE)).getFloat();
    }

    private float g(GanLoss loss) {
        return loss.generatorObjective(GeneratorPass.ofScores(() -> manager.create(REAL), manager.create(FAKE))).getFloat();
    }

    @Test
    void leastSquares() {
        // D: ½ mean((r-1)²) + ½ mean(f²) = ½(1 + 4 + 0.25)/3 + ½(0.25 + 9 + 2.25)/3
        assertEquals(0.5 * 5.25 / 3 + 0.5 * 11.5 / 3, d(Losses.lsgan()), 1e-5);
        // G: ½ mean((f-1)²) = ½ (0.25 + 16 + 0.25) / 3
        assertEquals(0.5 * 16.5 / 3, g(Losses.lsgan()), 1e-5);
    }

    @Test
    void wasserstein() {
        double realMean = (2 - 1 + 0.5) / 3.0;
        double fakeMean = (0.5 - 3 + 1.5) / 3.0;
        assertEquals(fakeMean - realMean, d(Losses.wgan()), 1e-6);
        assertEquals(-fakeMean, g(Losses.wgan()), 1e-6);
        assertEquals(0.01, ((WassersteinLoss) Losses.wgan()).clip());
        assertFalse(Losses.wgan().needsSecondOrderGradients());
        assertEquals(fakeMean - realMean, d(Losses.wganGp()), 1e-6, "same critic loss, penalty added by its objective");
        assertEquals(0, ((WassersteinLoss) Losses.wganGp()).clip());
        assertEquals(10, ((WassersteinGpLoss) Losses.wganGp()).lambda());
        assertTrue(Losses.wganGp().needsSecondOrderGradients());
    }

    @Test
    void hinge() {
        // D: mean(relu(1 - r)) + mean(relu(1 + f)) = (0 + 2 + 0.5)/3 + (1.5 + 0 + 2.5)/3
        assertEquals(2.5 / 3 + 4.0 / 3, d(Losses.hinge()), 1e-6);
        assertEquals(-(0.5 - 3 + 1.5) / 3.0, g(Losses.hinge()), 1e-6);
    }

    @Test
    void hingeGivesNoGradientBeyondTheMargin() {
        NDArray real = manager.create(new float[] {2f, 0.5f});
        real.setRequiresGradient(true);
        try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
            NDArray l = Losses.hinge().discriminatorLoss(real, manager.create(new float[] {-2f, -2f}));
            gc.backward(l);
        }
        float[] grad = real.getGradient().toFloatArray();
        assertEquals(0f, grad[0], 1e-7, "a real score of 2 is beyond the margin");
        assertEquals(-0.5f, grad[1], 1e-6, "a real score of 0.5 is inside: -1/N");
    }

    @Test
    void relativisticAverage() {
        double realMean = (2 - 1 + 0.5) / 3.0;
        double fakeMean = (0.5 - 3 + 1.5) / 3.0;
        double dExpected = mean(REAL, r -> sp(-(r - fakeMean))) + mean(FAKE, f -> sp(f - realMean));
        double gExpected = mean(FAKE, f -> sp(-(f - realMean))) + mean(REAL, r -> sp(r - fakeMean));
        assertEquals(dExpected, d(Losses.relativisticAverage()), 1e-5);
        assertEquals(gExpected, g(Losses.relativisticAverage()), 1e-5);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Losses.relativisticAverage().generatorLoss(manager.create(FAKE)));
        assertTrue(e.getMessage().contains("real"), e.getMessage());
    }

    @Test
    void softTargetsAndFlippedTargets() {
        float[] yReal = {0.9f, 0.9f, 0f};   // smoothed, smoothed, flipped
        float[] yFake = {0f, 1f, 0f};       // one fake flipped to "real"
        GanLoss.Targets t = new GanLoss.Targets(manager.create(yReal), manager.create(yFake));
        double ce = 0;
        for (int i = 0; i < 3; i++) {
            ce += (sp(REAL[i]) - yReal[i] * REAL[i]) / 3;
        }
        for (int i = 0; i < 3; i++) {
            ce += (sp(FAKE[i]) - yFake[i] * FAKE[i]) / 3;
        }
        for (GanLoss loss : new GanLoss[] {Losses.minimax(), Losses.nonSaturating()}) {
            assertEquals(ce, loss.discriminatorLoss(manager.create(REAL), manager.create(FAKE), t).getFloat(), 1e-5);
        }
        // targets 1 / 0 give back the plain loss
        GanLoss.Targets plain = new GanLoss.Targets(manager.ones(new ai.djl.ndarray.types.Shape(3)),
                manager.zeros(new ai.djl.ndarray.types.Shape(3)));
        assertEquals(d(Losses.nonSaturating()),
                Losses.nonSaturating().discriminatorLoss(manager.create(REAL), manager.create(FAKE), plain).getFloat(), 1e-5);
        assertEquals(d(Losses.lsgan()),
                Losses.lsgan().discriminatorLoss(manager.create(REAL), manager.create(FAKE), plain).getFloat(), 1e-5);
        double ls = 0;
        for (int i = 0; i < 3; i++) {
            ls += 0.5 * Math.pow(REAL[i] - yReal[i], 2) / 3 + 0.5 * Math.pow(FAKE[i] - yFake[i], 2) / 3;
        }
        assertEquals(ls, Losses.lsgan().discriminatorLoss(manager.create(REAL), manager.create(FAKE), t).getFloat(), 1e-5);
        for (GanLoss loss : new GanLoss[] {Losses.wgan(), Losses.hinge(), Losses.relativisticAverage()}) {
            assertFalse(loss.acceptsTargets(), loss.name());
            assertThrows(UnsupportedOperationException.class,
                    () -> loss.discriminatorLoss(manager.create(REAL), manager.create(FAKE), t), loss.name());
        }
    }

    @Test
    void namesParametersAndRecommendations() {
        for (String name : Losses.names()) {
            GanLoss loss = Losses.byName(name);
            assertEquals(name, loss.name());
            assertEquals(name, loss.settings().get("loss"));
            assertTrue(loss.recommended().learningRateD() > 0, name);
        }
        assertEquals("wgan-clip", Losses.byName("WGAN").name());
        assertEquals("ragan", Losses.byName("relativistic_average").name());
        assertEquals(0.05, ((WassersteinLoss) Losses.create("wgan-clip", Map.of("clip", 0.05))).clip(), 1e-12);
        assertEquals(5.0, ((WassersteinGpLoss) Losses.create("wgan-gp", Map.of("lambda", 5))).lambda(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.create("hinge", Map.of("margin", 2)));
        assertTrue(e.getMessage().contains("margin") && e.getMessage().contains("hinge"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("wasserstein-ish"));
        assertTrue(e.getMessage().contains("wgan-gp"), "lists the known names: " + e.getMessage());
        assertEquals("rmsprop", Losses.wgan().recommended().optimizer());
        assertEquals(5, Losses.wganGp().recommended().discriminatorSteps());
        assertEquals(0f, Losses.wganGp().recommended().beta1());
    }

    @Test
    void configRefusesLabelTricksWithoutLabelsAndGradientPenaltyOnMxnet() {
        var ring = Toy2d.ring8();
        var arch = MlpGan.forPoints().build();
        Tricks smooth = Tricks.builder().labelSmoothing(0.9).build();
        for (GanLoss loss : new GanLoss[] {Losses.wgan(), Losses.hinge()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingConfig.builder(ring, arch).loss(loss).tricks(smooth).build());
            assertTrue(e.getMessage().contains(loss.name()), e.getMessage());
        }
        assertEquals("lsgan", TrainingConfig.builder(ring, arch).loss(Losses.lsgan()).tricks(smooth).build().loss().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(ring, arch).loss(Losses.wganGp()).engine("MXNet").build());
        assertTrue(e.getMessage().contains("PyTorch") && e.getMessage().contains("second-order"), e.getMessage());
        TrainingConfig c = TrainingConfig.builder(ring, arch).loss(Losses.wgan()).recommendedOptimizer().build();
        assertEquals("rmsprop", c.optimizer());
        assertEquals(5, c.discriminatorSteps());
        assertEquals(5e-5f, c.learningRateD());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder(ring, arch).loss(Losses.wgan())
                .recommendedOptimizer().engine("pytorch").build());
        assertTrue(e.getMessage().contains("optimizer") && e.getMessage().contains("MXNet"), e.getMessage());
    }
}
