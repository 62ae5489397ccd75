package org.ganworkbench.selfcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks an operation's backward pass against its own forward pass: for a scalar
 * L = Σ f(inputs)·r (r fixed and random) and a random direction v over all inputs, the directional
 * derivative ⟨∇L, v⟩ from the engine's autograd must match the central difference
 * (L(x + h·v) − L(x − h·v)) / 2h. L is summed in double precision in Java, so the difference is
 * limited by f's float32 rounding (relative errors near 1e-5 at h = 1e-2 on these sizes) and, for
 * a nonlinear f, by its curvature (O(h²)). A backward pass that is wrong in earnest is off by far
 * more: the faulty oneDNN convolutions this check was written for were off by 0.7–0.9.
 *
 * <p>The inputs are arrays the operation reads; block parameters count as inputs too (perturbed in
 * place and restored). Forward passes that take the training flag run in training mode, so batch
 * statistics are part of the function checked.
 */
final class FiniteDifferences {

    /** The step along the direction. */
    static final float STEP = 1e-2f;
    /** Random directions per check. */
    static final int DIRECTIONS = 3;

    private FiniteDifferences() {}

    /**
     * The largest relative error over {@link #DIRECTIONS} directions between autograd's directional
     * derivative and the central difference.
     *
     * @param engine the engine to compute on
     * @param seed fixes the inputs, r and the directions
     * @param inputShapes shapes of the inputs drawn from N(0, 1)
     * @param setup builds what the operation needs on the manager (e.g. initializes a block) and
     *     returns the operation together with the extra arrays (parameters) it reads
     */
    static double check(Engine engine, long seed, List<Shape> inputShapes,
            Function<NDManager, Operation> setup) {
        return check(engine, seed, inputShapes, 0, setup);
    }

    /**
     * As {@link #check(Engine, long, List, Function)}, with every input value at least
     * {@code margin} from 0 (x + margin·sign(x)): for piecewise-linear operations, whose kink at 0
     * a step must not cross.
     */
    static double check(Engine engine, long seed, List<Shape> inputShapes, float margin,
            Function<NDManager, Operation> setup) {
        Random rng = new Random(seed);
        try (NDManager m = engine.newBaseManager()) {
            Operation op = setup.apply(m);
            List<NDArray> arrays = new ArrayList<>();
            NDList inputs = new NDList();
            for (Shape s : inputShapes) {
                float[] values = gaussian(rng, (int) s.size());
                for (int i = 0; i < values.length; i++) {
                    values[i] += Math.copySign(margin, values[i]);
                }
                NDArray x = m.create(values, s);
                inputs.add(x);
                arrays.add(x);
            }
            arrays.addAll(op.parameters());
            List<float[]> original = new ArrayList<>();
            for (NDArray a : arrays) {
                original.add(a.toFloatArray());
                a.setRequiresGradient(true);
            }
            float[] r;
            float[][] grads = new float[arrays.size()][];
            try (NDManager step = m.newSubManager()) {
                NDArray rArray;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray y = op.apply(inputs);
                    r = gaussian(rng, (int) y.getShape().size());
                    rArray = step.create(r, y.getShape());
                    gc.backward(y.mul(rArray).sum());
                }
                for (int i = 0; i < arrays.size(); i++) {
                    grads[i] = arrays.get(i).getGradient().toFloatArray();
                }
            }
            double worst = 0;
            for (int d = 0; d < DIRECTIONS; d++) {
                double analytic = 0;
                float[][] v = new float[arrays.size()][];
                for (int i = 0; i < arrays.size(); i++) {
                    v[i] = gaussian(rng, original.get(i).length);
                    for (int j = 0; j < v[i].length; j++) {
                        analytic += (double) grads[i][j] * v[i][j];
                    }
                }
                double plus = valueAt(op, inputs, arrays, original, v, STEP, r);
                double minus = valueAt(op, inputs, arrays, original, v, -STEP, r);
                restore(arrays, original);
                double numeric = (plus - minus) / (2.0 * STEP);
                worst = Math.max(worst, relativeError(analytic, numeric));
            }
            return worst;
        }
    }

    /** |a − b| relative to the larger magnitude; NaN when either is not finite. */
    static double relativeError(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return Double.NaN;
        }
        double scale = Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-6);
        return Math.abs(a - b) / scale;
    }

    private static double valueAt(Operation op, NDList inputs, List<NDArray> arrays, List<float[]> original,
            float[][] v, float h, float[] r) {
        for (int i = 0; i < arrays.size(); i++) {
            float[] o = original.get(i);
            float[] moved = new float[o.length];
            for (int j = 0; j < o.length; j++) {
                moved[j] = o[j] + h * v[i][j];
            }
            arrays.get(i).set(moved);
        }
        // inside a collector, without a backward pass: training-mode forward passes need one on MXNet
        // ("the mode of batchNorm in MXNet should align with the mode of GradientCollector")
        try (NDManager step = inputs.head().getManager().newSubManager();
                GradientCollector gc = inputs.head().getManager().getEngine().newGradientCollector()) {
            NDArray y = op.apply(inputs);
            y.attach(step);
            float[] out = y.toFloatArray();
            double sum = 0;
            for (int j = 0; j < out.length; j++) {
                sum += (double) out[j] * r[j];
            }
            return sum;
        }
    }

    private static void restore(List<NDArray> arrays, List<float[]> original) {
        for (int i = 0; i < arrays.size(); i++) {
            arrays.get(i).set(original.get(i));
        }
    }

    static float[] gaussian(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    /** An operation under check: a function of its inputs that may read further arrays. */
    interface Operation {
        /** The output for these inputs. */
        NDArray apply(NDList inputs);

        /** Arrays the operation reads besides its inputs (a block's parameters), perturbed too. */
        default List<NDArray> parameters() {
            return List.of();
        }

        /** An operation without parameters. */
        static Operation of(Function<NDList, NDArray> f) {
            return f::apply;
        }
    }
}
