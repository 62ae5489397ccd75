package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The losses' own phases: objectives over a pass, penalties, constraints, what their scores mean. */
class LossObjectivesTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engines.newManager(null);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A pass over fixed inputs whose critic is linear, D(x) = w·x: its input gradient is w for every sample. */
    private static final class LinearCriticPass implements DiscriminatorPass {
        final float[] w;
        final float[][] real;
        final float[][] fake;
        final float[] eps;
        final List<String> calls = new ArrayList<>();
        float[] gradientAskedAt;

        LinearCriticPass(float[] w, float[][] real, float[][] fake, float[] eps) {
            this.w = w;
            this.real = real;
            this.fake = fake;
            this.eps = eps;
        }

        private NDArray scores(float[][] x) {
            float[] s = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < w.length; j++) {
                    s[i] += w[j] * x[i][j];
                }
            }
            return manager.create(s);
        }

        @Override
        public NDArray realScores() {
            calls.add("real");
            return scores(real);
        }

        @Override
        public NDArray fakeScores() {
            calls.add("fake");
            return scores(fake);
        }

        @Override
        public GanLoss.Targets targets() {
            return null;
        }

        @Override
        public NDArray realInputs() {
            return manager.create(real);
        }

        @Override
        public NDArray fakeInputs() {
            return manager.create(fake);
        }

        @Override
        public NDArray uniform(int n) {
            calls.add("uniform " + n);
            return manager.create(eps);
        }

        @Override
        public NDArray inputGradient(NDArray inputs) {
            gradientAskedAt = inputs.toFloatArray();
            float[][] g = new float[real.length][];
            for (int i = 0; i < g.length; i++) {
                g[i] = w.clone();
            }
            return manager.create(g);
        }
    }

    @Test
    void wganGpAddsItsPenaltyOnInterpolatesInItsOwnObjective() {
        // ‖w‖ = 5, so every sample's penalty is (5 − 1)² = 16 and λ = 10 makes it 160
        LinearCriticPass pass = new LinearCriticPass(new float[] {3, 4},
                new float[][] {{1, 0}, {0, 1}}, new float[][] {{-1, 2}, {2, 2}}, new float[] {0.25f, 1f});
        DiscriminatorObjective o = Losses.wganGp().discriminatorObjective(pass);
        double realMean = (3 + 4) / 2.0;
        double fakeMean = (5 + 14) / 2.0;
        assertEquals(fakeMean - realMean, o.loss().getFloat(), 1e-5, "the logged loss is the critic loss alone");
        assertEquals(160, o.penalty().getFloat(), 1e-3);
        assertEquals(fakeMean - realMean + 160, o.total().getFloat(), 1e-3);
        // x̂ = ε x + (1 − ε) G(z): (0.25·1 + 0.75·−1, 0.25·0 + 0.75·2) and the real sample itself for ε = 1
        assertArrayEquals(new float[] {-0.5f, 1.5f, 0, 1}, pass.gradientAskedAt, 1e-6f);
        assertEquals(List.of("real", "fake", "uniform 2"), pass.calls, "scores first, then the run's random draws");

        LinearCriticPass unit = new LinearCriticPass(new float[] {0.6f, 0.8f},
                new float[][] {{1, 0}}, new float[][] {{0, 1}}, new float[] {0.5f});
        assertEquals(0, Losses.wganGp(10, 0).discriminatorObjective(unit).penalty().getFloat(), 1e-6,
                "a unit-norm input gradient costs nothing");
        assertNull(Losses.wgan().discriminatorObjective(unit).penalty(), "plain WGAN has no penalty");
    }

    @Test
    void aPassOverGivenScoresRefusesPenalties() {
        DiscriminatorPass scores = DiscriminatorPass.ofScores(manager.create(new float[] {1}),
                manager.create(new float[] {0}), null);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Losses.wganGp().discriminatorObjective(scores));
        assertTrue(e.getMessage().contains("GanTraining"), e.getMessage());
        assertEquals(-1, Losses.wgan().discriminatorObjective(scores).total().getFloat(), 1e-6);
    }

    @Test
    void wganClipsDsWeightsAfterEachUpdateAndOthersLeaveThemAlone() {
        Linear d = Linear.builder().setUnits(3).build();
        d.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        List<Parameter> params = d.getParameters().values();
        for (Parameter p : params) {
            NDArray w = p.getArray();
            manager.randomNormal(0, 1, w.getShape(), DataType.FLOAT32).copyTo(w);
        }
        float[] before = params.get(0).getArray().toFloatArray();
        Losses.hinge().afterDiscriminatorUpdate(params);
        assertArrayEquals(before, params.get(0).getArray().toFloatArray(), 0f);
        Losses.wganGp().afterDiscriminatorUpdate(params);
        assertArrayEquals(before, params.get(0).getArray().toFloatArray(), 0f, "WGAN-GP does not clip");
        Losses.wgan(0.05).afterDiscriminatorUpdate(params);
        boolean moved = false;
        for (Parameter p : params) {
            for (float v : p.getArray().toFloatArray()) {
                assertTrue(Math.abs(v) <= 0.05f, "weight " + v + " outside [-0.05, 0.05]");
            }
        }
        float[] after = params.get(0).getArray().toFloatArray();
        for (int i = 0; i < before.length; i++) {
            moved |= before[i] != after[i];
            assertEquals(Math.max(-0.05f, Math.min(0.05f, before[i])), after[i], 0f);
        }
        assertTrue(moved, "N(0, 1) weights must have been clipped");
    }

    @Test
    void featureMatchingIsTheSquaredGapOfFeatureMeans() {
        GeneratorPass pass = new GeneratorPass() {
            @Override
            public NDArray fakeScores() {
                throw new AssertionError("feature matching reads features only");
            }

            @Override
            public NDArray realScores() {
                throw new AssertionError("feature matching reads features only");
            }

            @Override
            public Features features() {
                return new Features(manager.create(new float[][] {{1, 2}, {3, 4}}),
                        manager.create(new float[][] {{0, 0}, {2, 2}}));
            }
        };
        // means: fake (2, 3), real (1, 1): (1 − 2)² + (1 − 3)² = 5
        assertEquals(5, FeatureMatching.generatorObjective(pass).getFloat(), 1e-6);
    }

    @Test
    void theRelativisticGeneratorAsksForRealScoresFirst() {
        // the training pass draws the real batch when real scores are first asked for; asking first keeps
        // the run's random draws in the order they always had
        List<String> order = new ArrayList<>();
        GeneratorPass pass = new GeneratorPass() {
            @Override
            public NDArray fakeScores() {
                order.add("fake");
                return manager.create(new float[] {0.5f, -1f});
            }

            @Override
            public NDArray realScores() {
                order.add("real");
                return manager.create(new float[] {1f, 2f});
            }

            @Override
            public Features features() {
                throw new AssertionError();
            }
        };
        Losses.relativisticAverage().generatorObjective(pass);
        assertEquals(List.of("real", "fake"), order);
        order.clear();
        Losses.nonSaturating().generatorObjective(pass);
        assertEquals(List.of("fake"), order, "a plain loss never asks for a real batch");
    }

    @Test
    void whatEachLossesScoresMean() {
        Map<String, ScoreKind> expected = Map.of("minimax", ScoreKind.LOGIT, "non-saturating", ScoreKind.LOGIT,
                "ragan", ScoreKind.LOGIT, "lsgan", ScoreKind.SCORE, "hinge", ScoreKind.SCORE,
                "wgan-clip", ScoreKind.CRITIC, "wgan-gp", ScoreKind.CRITIC);
        for (String name : Losses.names()) {
            assertEquals(expected.get(name), Losses.byName(name).scores(), name);
        }
        for (String name : Losses.energyNames()) {
            assertEquals(ScoreKind.ENERGY, Losses.byName(name).scores(), name);
        }
        assertTrue(ScoreKind.LOGIT.lossNearZeroMeansDWins());
        assertTrue(ScoreKind.SCORE.lossNearZeroMeansDWins());
        assertFalse(ScoreKind.CRITIC.lossNearZeroMeansDWins());
        assertFalse(ScoreKind.ENERGY.lossNearZeroMeansDWins());
        assertEquals("clip D's weights to ±0.01", Losses.wgan().regularizer());
        assertEquals("gradient penalty, λ 10.0", Losses.wganGp().regularizer());
        assertEquals("", Losses.lsgan().regularizer());
    }
}
