package org.ganworkbench.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.RmsProp;
import ai.djl.training.tracker.Tracker;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our Adam and RMSProp take DJL's steps to the bit, our SGD takes w − lr·g exactly, and a restored
 * copy of each goes on exactly as the original.
 */
class SaveableOptimizersTest {

    private static final Shape[] SHAPES = {new Shape(4, 3), new Shape(3), new Shape(2, 3, 2, 2)};

    /** A rate that changes mid-run, as learning-rate decay does. */
    private static final class Rate implements Tracker {
        float value = 1e-3f;

        @Override
        public float getNewValue(int numUpdate) {
            return value;
        }
    }

    private static List<NDArray> weights(NDManager m, long seed) {
        Random rng = new Random(seed);
        List<NDArray> out = new ArrayList<>();
        for (Shape s : SHAPES) {
            float[] v = new float[Math.toIntExact(s.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextGaussian();
            }
            out.add(m.create(v, s));
        }
        return out;
    }

    private static void step(Optimizer opt, List<NDArray> weights, Random grads, NDManager m) {
        for (int p = 0; p < weights.size(); p++) {
            NDArray w = weights.get(p);
            float[] g = new float[Math.toIntExact(w.getShape().size())];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (grads.nextGaussian() * (p + 1));   // scales differ per parameter
            }
            try (NDArray grad = m.create(g, w.getShape())) {
                opt.update("p" + p, w, grad);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void adamTakesDjlsStepsToTheBitAndResumesExactly(String engineName) {
        Rate rateA = new Rate();
        Rate rateB = new Rate();
        compare(engineName, rateA, rateB,
                Adam.builder().optLearningRateTracker(rateA).optBeta1(0.5f).optBeta2(0.999f).build(),
                () -> new SaveableAdam(rateB, 0.5f, 0.999f));
    }

    @org.junit.jupiter.api.Test
    void rmsPropTakesDjlsStepsToTheBitAndResumesExactly() {   // MXNet: DJL's PyTorch engine has no RMSProp kernel
        Rate rateA = new Rate();
        Rate rateB = new Rate();
        compare(Engines.MXNET, rateA, rateB, RmsProp.builder().optLearningRateTracker(rateA).optRho(0.99f)
                .optMomentum(0f).optCentered(false).optEpsilon(1e-8f).build(), () -> new SaveableRmsProp(rateB, 0.99f, 1e-8f));
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void sgdTakesTheClosedFormStepAndResumesExactly(String engineName) {
        Rate rateA = new Rate();
        Rate rateB = new Rate();
        compare(engineName, rateA, rateB, new ClosedFormSgd(rateA), () -> new SaveableSgd(rateB));
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void sgdMovesAWeightByExactlyTheRateTimesItsGradient(String engineName) {
        try (NDManager m = Engines.get(engineName).newBaseManager()) {
            float[] w = {0.5f, -1.25f, 3f, 1e-3f};
            float[] g = {1e-4f, -2f, 0f, 0.3f};
            float lr = 0.05f;
            NDArray weight = m.create(w);
            Rate rate = new Rate();
            rate.value = lr;
            SaveableSgd sgd = new SaveableSgd(rate);
            try (NDArray grad = m.create(g)) {
                sgd.update("w", weight, grad);
            }
            float[] expected = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                expected[i] = w[i] - lr * g[i];
            }
            assertArrayEquals(expected, weight.toFloatArray(), 0f, engineName);
            assertEquals(1, sgd.state().steps());
            assertEquals(1, sgd.state().slots().get("w").updates());
            assertEquals(0, sgd.state().slots().get("w").values().length, "SGD keeps no arrays");
            sgd.close();
        }
    }

    /** The reference: w − lr·g in Java floats (the product rounded, then the difference). */
    private static final class ClosedFormSgd extends Optimizer {
        private final Rate rate;

        ClosedFormSgd(Rate rate) {
            super(Adam.builder());   // only for DJL's defaults; nothing of Adam is used
            this.rate = rate;
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            float lr = rate.getNewValue(0);
            float[] w = weight.toFloatArray();
            float[] g = grad.toFloatArray();
            for (int i = 0; i < w.length; i++) {
                w[i] = w[i] - lr * g[i];
            }
            weight.set(w);
        }
    }

    private static void compare(String engineName, Rate rateA, Rate rateB, Optimizer djl,
                                java.util.function.Supplier<SaveableOptimizer> make) {
        Engine engine = Engines.get(engineName);
        try (NDManager m = engine.newBaseManager()) {
            SaveableOptimizer ours = make.get();
            List<NDArray> a = weights(m, 1);
            List<NDArray> b = weights(m, 1);
            Random gradsA = new Random(7);
            Random gradsB = new Random(7);
            for (int s = 0; s < 25; s++) {
                if (s == 10) {
                    rateA.value = rateB.value = 2.5e-4f;
                }
                step(djl, a, gradsA, m);
                step(ours, b, gradsB, m);
                for (int p = 0; p < a.size(); p++) {
                    assertArrayEquals(a.get(p).toFloatArray(), b.get(p).toFloatArray(), engineName + " step " + s + " p" + p);
                }
            }
            SaveableOptimizer.State saved = ours.state();
            assertEquals(25, saved.steps());
            SaveableOptimizer restored = make.get();
            restored.restore(saved, m);
            List<NDArray> c = new ArrayList<>();
            for (NDArray w : b) {
                c.add(w.duplicate());
            }
            Random gradsC = new Random(99);
            gradsB = new Random(99);
            for (int s = 0; s < 10; s++) {
                step(ours, b, gradsB, m);
                step(restored, c, gradsC, m);
            }
            for (int p = 0; p < b.size(); p++) {
                assertArrayEquals(b.get(p).toFloatArray(), c.get(p).toFloatArray(), engineName + " resumed p" + p);
            }
            ours.close();
            restored.close();
        }
    }
}
