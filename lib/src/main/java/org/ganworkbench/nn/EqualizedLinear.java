package org.ganworkbench.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A dense layer whose weights follow {@link EqualizedLr}: stored N(0, 1) and scaled at run time by
 * He's constant gain / sqrt(in) when equalized; stored He-initialized and used as they are
 * otherwise. Input (N, F), or (N, C, H, W) flattened to (N, C·H·W); weights (units, in) as DJL's
 * {@code Linear} stores them.
 */
public final class EqualizedLinear extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int units;
    private final double gain;
    private final boolean equalized;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param units outputs
     * @param gain He's gain: {@link EqualizedLr#RELU_GAIN} before a (leaky) ReLU, 1 before a linear output
     * @param equalized scale at run time (equalized learning rate) or store He-initialized weights
     * @param withBias whether to add a learned bias (per unit)
     */
    public EqualizedLinear(int units, double gain, boolean equalized, boolean withBias) {
        super(VERSION);
        if (units < 1) {
            throw new IllegalArgumentException("EqualizedLinear needs units >= 1, got " + units);
        }
        if (!(gain > 0)) {
            throw new IllegalArgumentException("EqualizedLinear gain must be > 0, got " + gain);
        }
        this.units = units;
        this.gain = gain;
        this.equalized = equalized;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = withBias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
                : null;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long features = in.size() / in.get(0);
        Shape w = new Shape(units, features);
        weight.setShape(w);
        weight.setInitializer(EqualizedLr.initialStd(w, gain, equalized));
        if (bias != null) {
            bias.setShape(new Shape(units));
        }
    }

    /** The factor the stored weights are multiplied by at run time: He's constant when equalized, else 1. */
    public double runtimeScale() {
        return EqualizedLr.runtimeScale(weight.getShape(), gain, equalized, "EqualizedLinear");
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 2) {
            x = x.reshape(x.getShape().get(0), -1);
        }
        Device device = x.getDevice();
        NDArray w = EqualizedLr.effective(store.getValue(weight, device, training), gain, equalized, x);
        return bias == null ? Linear.linear(x, w) : Linear.linear(x, w, store.getValue(bias, device, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), units)};
    }

    @Override
    public String toString() {
        return "EqualizedLinear(" + units + ", gain " + (float) gain + (equalized ? ", equalized" : ", He init")
                + (bias == null ? ", no bias" : "") + ")";
    }
}
