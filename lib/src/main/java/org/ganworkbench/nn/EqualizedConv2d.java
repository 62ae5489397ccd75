package org.ganworkbench.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A k×k convolution, stride 1, "same" padding (k odd), with a bias, whose weights follow
 * {@link EqualizedLr}: stored N(0, 1) and scaled at run time by He's constant gain / sqrt(in·k²)
 * when equalized; stored He-initialized and used as they are otherwise. Weights are (out, in, k, k)
 * as DJL's {@code Conv2d} stores them, so the layer computes the same on MXNet and PyTorch.
 */
public final class EqualizedConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final int kernel;
    private final double gain;
    private final boolean equalized;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param filters output channels
     * @param kernel odd kernel size (1 or 3 in the progressive GAN)
     * @param gain He's gain: {@link EqualizedLr#RELU_GAIN} before a (leaky) ReLU, 1 before a linear output
     * @param equalized scale at run time (equalized learning rate) or store He-initialized weights
     */
    public EqualizedConv2d(int filters, int kernel, double gain, boolean equalized) {
        super(VERSION);
        if (filters < 1 || kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("EqualizedConv2d needs filters >= 1 and an odd kernel; got " + filters
                    + " filters, kernel " + kernel);
        }
        if (!(gain > 0)) {
            throw new IllegalArgumentException("EqualizedConv2d gain must be > 0, got " + gain);
        }
        this.filters = filters;
        this.kernel = kernel;
        this.gain = gain;
        this.equalized = equalized;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("EqualizedConv2d expects (N, C, H, W) input, got " + in);
        }
        Shape w = new Shape(filters, in.get(1), kernel, kernel);
        weight.setShape(w);
        weight.setInitializer(EqualizedLr.initialStd(w, gain, equalized));
        bias.setShape(new Shape(filters));
    }

    /** The factor the stored weights are multiplied by at run time: He's constant when equalized, else 1. */
    public double runtimeScale() {
        return EqualizedLr.runtimeScale(weight.getShape(), gain, equalized, "EqualizedConv2d");
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = EqualizedLr.effective(store.getValue(weight, device, training), gain, equalized, x);
        NDArray b = store.getValue(bias, device, training);
        int pad = kernel / 2;
        return Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, in.get(2), in.get(3))};
    }

    @Override
    public String toString() {
        return "EqualizedConv2d(" + filters + ", " + kernel + "x" + kernel + ", gain " + (float) gain
                + (equalized ? ", equalized" : ", He init") + ")";
    }
}
