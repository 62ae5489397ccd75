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
 * Virtual batch normalization (Salimans et al. 2016, "Improved Techniques for Training GANs",
 * section 3.4): "each example x is normalized based on the statistics collected on a reference batch
 * of examples that are chosen once and fixed at the start of training, and on x itself. The
 * reference batch is normalized using only its own statistics." Unlike batch norm, a sample's output
 * does not depend on the other samples of its batch, and training and inference compute the same.
 *
 * <p><b>Input layout.</b> The first R rows of the input (N, C, ...) are the reference batch's
 * activations at this layer; rows R … N−1 are the samples. A network gets there by running on its
 * reference inputs and its real inputs together: wrap it in a {@link ReferenceBatch}, which prepends
 * the fixed reference inputs and strips them from the output. Every virtual batch norm layer inside
 * must be built with that same R.
 *
 * <p><b>Statistics</b>, per channel c, over the rows r &lt; R and every position p after the channel
 * axis (none for (N, C) input, H·W for (N, C, H, W)):
 *
 * <pre>
 *   μ_ref[c] = mean_{r,p} x[r,c,p]                    σ²_ref[c] = mean_{r,p} (x[r,c,p] − μ_ref[c])²
 *   μ_i[c]   = mean_p x[i,c,p]                        σ²_i[c]   = mean_p (x[i,c,p] − μ_i[c])²
 *   a = R / (R + 1),   b = 1 / (R + 1)
 *   μ[i,c]   = a·μ_ref[c] + b·μ_i[c]
 *   σ²[i,c]  = a·E_ref[x²] + b·E_i[x²] − μ[i,c]²  =  a·σ²_ref[c] + b·σ²_i[c] + a·b·(μ_ref[c] − μ_i[c])²
 * </pre>
 *
 * (the weights R/(R+1) and 1/(R+1) of the combined batch "reference + x" on the means of x and x², as
 * in TF-GAN's {@code VBN}; the last form is the same number computed without cancellation). Then
 *
 * <pre>
 *   sample rows    y[i,c,p] = γ[c] · (x[i,c,p] − μ[i,c]) / sqrt(σ²[i,c] + ε) + β[c]
 *   reference rows y[r,c,p] = γ[c] · (x[r,c,p] − μ_ref[c]) / sqrt(σ²_ref[c] + ε) + β[c]
 * </pre>
 *
 * with ε = 1e-5, learned γ ({@link Parameter.Type#GAMMA}, starts at 1) and β
 * ({@link Parameter.Type#BETA}, starts at 0). Gradients flow through the reference statistics, as in
 * the paper (the reference batch is forward-propagated with every batch).
 *
 * <p><b>Cost:</b> every forward pass carries R extra rows through the whole network (the paper uses
 * VBN in the generator only for that reason): with R = 32 and a batch of 64, G does 1.5× the work.
 */
public final class VirtualBatchNorm extends AbstractBlock {

    /** The ε added to the variance, 1e-5. */
    public static final float DEFAULT_EPSILON = 1e-5f;

    private static final byte VERSION = 1;

    private final int referenceSize;
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    /** Virtual batch norm whose input starts with {@code referenceSize} (R >= 1) reference rows; ε 1e-5. */
    public VirtualBatchNorm(int referenceSize) {
        this(referenceSize, DEFAULT_EPSILON);
    }

    /** Virtual batch norm with R reference rows and this ε (> 0). */
    public VirtualBatchNorm(int referenceSize, float epsilon) {
        super(VERSION);
        if (referenceSize < 1) {
            throw new IllegalArgumentException("VirtualBatchNorm: the reference batch needs >= 1 rows, got "
                    + referenceSize);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("VirtualBatchNorm: epsilon must be > 0, got " + epsilon);
        }
        this.referenceSize = referenceSize;
        this.epsilon = epsilon;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /** R, the number of reference rows the input starts with. */
    public int referenceSize() {
        return referenceSize;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() < 2) {
            throw new IllegalArgumentException("VirtualBatchNorm needs (N, C) or (N, C, ...) input, got " + in);
        }
        gamma.setShape(new Shape(in.get(1)));
        beta.setShape(new Shape(in.get(1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("VirtualBatchNorm needs (N, C) or (N, C, ...) input, got " + shape);
        }
        long n = shape.get(0);
        if (n < referenceSize) {
            throw new IllegalArgumentException("VirtualBatchNorm(R=" + referenceSize + ") got input " + shape + " with "
                    + n + " rows; its input must start with the " + referenceSize + " reference rows (wrap the network"
                    + " in a ReferenceBatch of the same size)");
        }
        Device device = x.getDevice();
        NDArray g = store.getValue(gamma, device, training);
        NDArray bt = store.getValue(beta, device, training);
        if (g.getShape().get(0) != shape.get(1)) {
            throw new IllegalArgumentException("VirtualBatchNorm was built for " + g.getShape().get(0)
                    + " channels but got input " + shape);
        }
        Shape perChannel = InstanceNorm.perChannelShape(shape);
        NDArray gammaB = Ops.intoPass(g.reshape(perChannel), x);
        NDArray betaB = Ops.intoPass(bt.reshape(perChannel), x);
        int[] spatial = InstanceNorm.spatialAxes(shape.dimension());
        int[] refAxes = new int[spatial.length + 1];   // 0 and the spatial axes
        System.arraycopy(spatial, 0, refAxes, 1, spatial.length);

        NDArray ref = x.get("0:" + referenceSize);
        NDArray refMean = InstanceNorm.mean(ref, refAxes);                         // (1, C, 1, ...)
        NDArray refCentred = ref.sub(refMean);
        NDArray refVar = InstanceNorm.mean(refCentred.square(), refAxes);
        NDArray refOut = refCentred.div(refVar.add(epsilon).sqrt()).mul(gammaB).add(betaB);
        if (n == referenceSize) {
            return new NDList(refOut);
        }
        NDArray samples = x.get(referenceSize + ":");
        NDArray ownMean;
        NDArray ownVar;
        if (spatial.length == 0) {
            ownMean = samples;                                              // one number per (i, c)
            ownVar = null;                                                  // its variance is 0
        } else {
            ownMean = InstanceNorm.mean(samples, spatial);                          // (M, C, 1, ...)
            ownVar = InstanceNorm.mean(samples.sub(ownMean).square(), spatial);
        }
        float a = referenceSize / (referenceSize + 1f);
        float b = 1f / (referenceSize + 1f);
        NDArray mean = refMean.mul(a).add(ownMean.mul(b));
        NDArray var = refVar.mul(a).add(refMean.sub(ownMean).square().mul(a * b));
        if (ownVar != null) {
            var = var.add(ownVar.mul(b));
        }
        NDArray out = samples.sub(mean).div(var.add(epsilon).sqrt()).mul(gammaB).add(betaB);
        return new NDList(refOut.concat(out, 0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "VirtualBatchNorm(R=" + referenceSize + ", eps=" + epsilon + ")";
    }
}
