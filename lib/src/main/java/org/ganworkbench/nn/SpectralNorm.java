package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ganworkbench.engine.Ops;

import java.util.Random;

/**
 * Spectral normalization (Miyato et al. 2018) as a wrapper around a {@link Linear} or
 * {@link Conv2d} layer: the layer computes with W / σ(W), where σ(W) is the largest singular value
 * of W reshaped to (out, in·k·k). Every layer of D then has Lipschitz constant at most 1, which keeps D
 * from becoming arbitrarily sharp without clipping its weights.
 *
 * <p>σ is estimated by power iteration with a persistent left vector u, one iteration per
 * training-mode forward pass (the paper's choice: W changes little per step, so u stays close to
 * the top singular vector):
 * <pre>
 *   v = Wᵀu / ‖Wᵀu‖,   u = W v / ‖W v‖,   σ = uᵀ W v
 * </pre>
 * u and v are constants for autograd; the gradient flows through W in σ. In inference mode u is
 * not updated. u lives in Java memory, starts from a fixed-seed Gaussian (so runs are repeatable),
 * and is not in the parameter files; a training checkpoint keeps it ({@link #vector()}) so a resumed
 * run continues exactly. A layer whose first forward pass is in inference mode (a model loaded for
 * sampling) iterates u from the Gaussian to convergence first, so it divides by the true σ(W), which
 * the training-time estimate tracks: with the unconverged u, σ came out too small and a loaded G drew
 * saturated images (found in notebook 06; {@code DiscriminatorLayersTest} checks it).
 * The wrapped layer keeps its own parameters, so weight init and parameter order are unchanged.
 */
public final class SpectralNorm extends AbstractBlock {

    private static final float EPS = 1e-12f;

    private final Block layer;
    private float[] u;
    private double sigma = Double.NaN;

    /** Wraps a {@link Linear} or {@link Conv2d} layer. */
    public SpectralNorm(Block layer) {
        if (!(layer instanceof Linear) && !(layer instanceof Conv2d)) {
            throw new IllegalArgumentException("SpectralNorm wraps a Linear or Conv2d layer, got "
                    + layer.getClass().getSimpleName());
        }
        this.layer = addChildBlock("layer", layer);
    }

    /** The wrapped layer. */
    public Block layer() {
        return layer;
    }

    /** The last estimate of σ(W) (NaN before the first forward pass). */
    public double sigma() {
        return sigma;
    }

    /** The power iteration's vector u (a copy), or null before the first forward pass. */
    public float[] vector() {
        return u == null ? null : u.clone();
    }

    /**
     * Puts back a vector {@link #vector()} returned (null: start afresh at the first forward pass).
     *
     * @throws IllegalArgumentException if its length is not the layer's output count
     */
    public void restoreVector(float[] vector) {
        if (vector != null && isInitialized()) {
            long out = layer.getParameters().get("weight").getArray().getShape().get(0);
            if (vector.length != out) {
                throw new IllegalArgumentException("SpectralNorm: a vector of " + vector.length + " for a layer with "
                        + out + " outputs");
            }
        }
        this.u = vector == null ? null : vector.clone();
    }

    /** Every spectral norm in {@code block}, depth first in child order (the same order each time). */
    public static java.util.List<SpectralNorm> within(Block block) {
        java.util.List<SpectralNorm> found = new java.util.ArrayList<>();
        if (block instanceof SpectralNorm s) {
            found.add(s);
        }
        for (var child : block.getChildren().values()) {
            found.addAll(within(child));
        }
        return found;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        layer.initialize(manager, dataType, inputShapes);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(layer.getParameters().get("weight"), x.getDevice(), training);
        Parameter biasParameter = layer.getParameters().get("bias");
        NDArray b = biasParameter == null ? null : store.getValue(biasParameter, x.getDevice(), training);
        long out = w.getShape().get(0);
        NDManager m = x.getManager();
        NDArray wMat = Ops.intoPass(w.reshape(out, -1), x);   // and so all derived from it: freed with the pass
        NDArray wConst = wMat.stopGradient();
        if (u == null) {
            u = gaussianUnit((int) out, 0x5EC7);
            if (!training) {
                u = converged(wConst, u);   // e.g. a model loaded for sampling: its training's u is not in the files
            }
        }
        NDArray uArr = m.create(u);
        NDArray v = normalize(wConst.transpose().matMul(uArr.reshape(out, 1)).reshape(-1));
        if (training) {
            uArr = normalize(wConst.matMul(v.reshape(-1, 1)).reshape(-1));
            u = uArr.toFloatArray();
        }
        NDArray s = uArr.reshape(1, out).matMul(wMat).matMul(v.reshape(-1, 1)).reshape(1);
        sigma = s.getFloat();
        NDArray wNorm = Ops.intoPass(w.div(s), x);
        NDArray y;
        if (layer instanceof Linear) {
            y = Linear.linear(x, wNorm, b).singletonOrThrow();
        } else {
            Conv2d c = (Conv2d) layer;
            y = Conv2d.conv2d(x, wNorm, b, c.getStride(), c.getPadding(), c.getDilation(), c.getGroups())
                    .singletonOrThrow();
        }
        return new NDList(y);
    }

    /**
     * u after power iteration on {@code w} (out × in) from {@code start} until σ settles (relative
     * change below 1e-6, at most {@value #CONVERGE_STEPS} iterations): the top left singular vector.
     */
    private static float[] converged(NDArray w, float[] start) {
        NDArray u = w.getManager().create(start);
        long out = start.length;
        double sigma = 0;
        for (int it = 0; it < CONVERGE_STEPS; it++) {
            NDArray v = normalize(w.transpose().matMul(u.reshape(out, 1)).reshape(-1));
            NDArray wv = w.matMul(v.reshape(-1, 1)).reshape(-1);
            double next = wv.norm().getFloat();   // = uᵀWv for the next u
            u = normalize(wv);
            if (Math.abs(next - sigma) <= 1e-6 * next) {
                break;
            }
            sigma = next;
        }
        return u.toFloatArray();
    }

    private static final int CONVERGE_STEPS = 1000;

    private static NDArray normalize(NDArray a) {
        return a.div(a.norm().add(EPS));
    }

    private static float[] gaussianUnit(int n, long seed) {
        Random rng = new Random(seed);
        float[] a = new float[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
            s += a[i] * a[i];
        }
        float norm = (float) Math.sqrt(s);
        for (int i = 0; i < n; i++) {
            a[i] /= norm;
        }
        return a;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return layer.getOutputShapes(inputShapes);
    }

    /**
     * The largest singular value of a row-major (rows × cols) matrix, by power iteration in double
     * precision until it settles (an independent check for tests and notebooks).
     */
    public static double largestSingularValue(float[] matrix, int rows, int cols) {
        double[] v = new double[cols];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(cols));
        double sigma = 0;
        for (int it = 0; it < 2000; it++) {
            double[] wv = new double[rows];
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += matrix[r * cols + c] * v[c];
                }
                wv[r] = s;
            }
            double[] wtwv = new double[cols];
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += matrix[r * cols + c] * wv[r];
                }
                wtwv[c] = s;
            }
            double norm = 0;
            for (double d : wtwv) {
                norm += d * d;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0;
            }
            for (int c = 0; c < cols; c++) {
                v[c] = wtwv[c] / norm;
            }
            double next = Math.sqrt(norm);   // ‖WᵀW v‖ → σ² for the top singular vector
            if (Math.abs(next - sigma) < 1e-12 * Math.max(1, next)) {
                return next;
            }
            sigma = next;
        }
        return sigma;
    }

    @Override
    public String toString() {
        return "SpectralNorm(" + layer + ")";
    }
}
