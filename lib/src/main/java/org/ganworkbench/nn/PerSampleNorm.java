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
 * What instance norm and layer norm share: each sample is normalized by statistics of its own
 * (over the axes a subclass names), with a learned per-channel scale γ (starts at 1) and shift β
 * (starts at 0), and ε added to the biased variance. No running statistics: training and inference
 * compute the same, and a sample's output never depends on the rest of its batch.
 */
abstract class PerSampleNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    PerSampleNorm(float epsilon, String what) {
        super(VERSION);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException(what + ": epsilon must be > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /** Refuses an input shape the norm cannot use, with a message that says why. */
    abstract void checkShape(Shape in);

    /** The axes of an input of this many dimensions that each sample's statistics run over. */
    abstract int[] axes(int dimension);

    /** ε. */
    float epsilon() {
        return epsilon;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        checkShape(in);
        gamma.setShape(new Shape(in.get(1)));
        beta.setShape(new Shape(in.get(1)));
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
            throw new IllegalArgumentException(getClass().getSimpleName() + " was built for " + g.getShape().get(0)
                    + " channels but got input " + shape);
        }
        NDArray normalized = standardize(x, axes(shape.dimension()), epsilon);
        Shape perChannel = InstanceNorm.perChannelShape(shape);
        return new NDList(normalized.mul(Ops.intoPass(g.reshape(perChannel), x)).add(Ops.intoPass(b.reshape(perChannel), x)));
    }

    /**
     * The parameter-free part, (x − μ) / sqrt(σ² + ε) with μ and the biased σ² taken over {@code axes}
     * (kept as size 1); {@link SpadeNorm} uses it without the scale and shift.
     */
    static NDArray standardize(NDArray x, int[] axes, float epsilon) {
        NDArray mean = InstanceNorm.mean(x, axes);
        NDArray centred = x.sub(mean);
        NDArray variance = InstanceNorm.mean(centred.square(), axes);
        return centred.div(variance.add(epsilon).sqrt());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
