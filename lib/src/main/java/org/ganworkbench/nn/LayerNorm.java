package org.ganworkbench.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ganworkbench.engine.Ops;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016) of feature maps as WGAN-GP's critic uses it
 * (Gulrajani et al. 2017, {@code tflib/ops/layernorm.py} with {@code norm_axes = [1, 2, 3]}): every
 * sample is normalized over all of its channels and positions together,
 *
 * <pre>
 *   μ[n]  = mean over (c, h, w) of x[n,c,h,w]
 *   σ²[n] = mean over (c, h, w) of (x[n,c,h,w] − μ[n])²            (biased)
 *   y[n,c,h,w] = γ[c] · (x[n,c,h,w] − μ[n]) / sqrt(σ²[n] + ε) + β[c]
 * </pre>
 *
 * with ε = 1e-5 and a learned per-channel scale γ (starts at 1) and shift β (starts at 0), as in
 * that code (PyTorch's {@code LayerNorm} would learn one γ per element instead). A sample's output
 * never depends on the rest of its batch, which is why the gradient penalty's critic uses it in
 * place of batch norm: the penalty is a per-sample quantity. No running statistics: training and
 * inference compute the same thing.
 *
 * <p>Input (N, C, ...) with at least one axis after N; (N, F) feature vectors are normalized over F.
 */
public final class LayerNorm extends AbstractBlock {

    /** The ε added to the variance, 1e-5 (as in the WGAN-GP code). */
    public static final float DEFAULT_EPSILON = 1e-5f;

    private static final byte VERSION = 1;

    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    /** Layer norm with ε = 1e-5. */
    public LayerNorm() {
        this(DEFAULT_EPSILON);
    }

    /** Layer norm with this ε (> 0). */
    public LayerNorm(float epsilon) {
        super(VERSION);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("LayerNorm: epsilon must be > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        checkShape(in);
        gamma.setShape(new Shape(in.get(1)));
        beta.setShape(new Shape(in.get(1)));
    }

    private static void checkShape(Shape in) {
        if (in.dimension() < 2 || in.size() / in.get(0) < 2) {
            throw new IllegalArgumentException("LayerNorm normalizes each sample over its features and needs (N, C, ...) "
                    + "input with more than one number per sample; got " + in);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        checkShape(shape);
        Device device = x.getDevice();
        NDArray g = store.getValue(gamma, device, training);
        NDArray b = store.getValue(beta, device, training);
        if (g.getShape().get(0) != shape.get(1)) {
            throw new IllegalArgumentException("LayerNorm was built for " + g.getShape().get(0)
                    + " channels but got input " + shape);
        }
        int[] axes = new int[shape.dimension() - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        NDArray mean = InstanceNorm.mean(x, axes);
        NDArray centred = x.sub(mean);
        NDArray variance = InstanceNorm.mean(centred.square(), axes);
        NDArray normalized = centred.div(variance.add(epsilon).sqrt());
        Shape perChannel = InstanceNorm.perChannelShape(shape);
        return new NDList(normalized.mul(Ops.intoPass(g.reshape(perChannel), x)).add(Ops.intoPass(b.reshape(perChannel), x)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "LayerNorm(eps=" + epsilon + ")";
    }
}
