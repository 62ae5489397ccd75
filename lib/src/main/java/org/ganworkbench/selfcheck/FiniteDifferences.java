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
import java.util.function.ToDoubleFunction;

/**
 * Checks an operation's backward pass against its own forward pass: for a scalar
 * L = Σ f(inputs)·r (r fixed and random) and a random direction v over all inputs, the directional
 * derivative ⟨∇L, v⟩ from the engine's autograd must match the central difference
 * (L(x + h·v) − L(x − h·v)) / 2h. L is summed in double precision in Java, so the difference is
 * limited by f's float32 rounding and, for a nonlinear f, by its curvature (O(h²)): the
 * self-check's operations agree to 1e-5 (linear ones) to 1e-3 (the norms) at h = 1e-2. A backward
 * pass that is wrong in earnest is off by far more: the faulty oneDNN convolutions this check was
 * written for were off by 0.04–1.
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
            double worst = alongRandomDirections(rng, original, grads, STEP, moved -> valueAt(op, inputs, arrays, moved, r));
            setAll(arrays, original);
            return worst;
        }
    }

    /**
     * The largest relative error, over {@link #DIRECTIONS} random directions v, between the
     * directional derivative ⟨gradient, v⟩ and the central difference
     * (f(point + h·v) − f(point − h·v)) / 2h.
     *
     * @param point the arrays the function is differentiated in, at the point of the gradient
     * @param gradient autograd's gradient at the point, one array per point array
     * @param value f at a moved point (the caller puts the values where the function reads them)
     */
    static double alongRandomDirections(Random rng, List<float[]> point, float[][] gradient, float step,
            ToDoubleFunction<List<float[]>> value) {
        double worst = 0;
        for (int d = 0; d < DIRECTIONS; d++) {
            List<float[]> v = new ArrayList<>();
            double analytic = 0;
            for (int i = 0; i < point.size(); i++) {
                float[] vi = gaussian(rng, point.get(i).length);
                for (int j = 0; j < vi.length; j++) {
                    analytic += (double) gradient[i][j] * vi[j];
                }
                v.add(vi);
            }
            double plus = value.applyAsDouble(moved(point, v, step));
            double minus = value.applyAsDouble(moved(point, v, -step));
            double numeric = (plus - minus) / (2.0 * step);
            worst = Math.max(worst, relativeError(analytic, numeric));
        }
        return worst;
    }

    private static List<float[]> moved(List<float[]> point, List<float[]> v, float h) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < point.size(); i++) {
            float[] o = point.get(i);
            float[] m = new float[o.length];
            for (int j = 0; j < o.length; j++) {
                m[j] = o[j] + h * v.get(i)[j];
            }
            out.add(m);
        }
        return out;
    }

    /** |a − b| relative to the larger magnitude; NaN when either is not finite. */
    static double relativeError(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return Double.NaN;
        }
        double scale = Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-6);
        return Math.abs(a - b) / scale;
    }

    /** Σ f(inputs)·r with the arrays set to these values. */
    private static double valueAt(Operation op, NDList inputs, List<NDArray> arrays, List<float[]> values, float[] r) {
        setAll(arrays, values);
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

    /** Sets each array to its values. */
    static void setAll(List<NDArray> arrays, List<float[]> values) {
        for (int i = 0; i < arrays.size(); i++) {
            arrays.get(i).set(values.get(i));
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
