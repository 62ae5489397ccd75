package org.ganworkbench.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;
import org.ganworkbench.nn.EqualizedLr;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Weight initialization done in Java from a seeded {@link Random}, so the same seed gives the same
 * starting weights on every engine (DJL's initializers draw from the engine's own generator).
 *
 * <p>Weights get the scheme's values; biases and batch-norm shifts start at 0, batch-norm scales at
 * 1, running statistics at their identity values. Weights are drawn in parameter order from the one
 * {@link Random}, whatever their scheme.
 */
public sealed interface Init {

    /** Glorot/Xavier uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)). */
    record XavierUniform(double gain) implements Init {}

    /** N(0, std^2), e.g. std 0.02 for DCGAN. */
    record Normal(double std) implements Init {}

    /**
     * He et al. (2015): N(0, (gain / sqrt(fan_in))²), fan_in = the weight's size over its first axis
     * (in·k·k for a convolution stored (out, in, k, k), in for a dense layer (out, in)). A weight whose
     * layer declares its own initial std ({@link EqualizedLr.InitialStd}, as the equalized-learning-rate
     * layers do: N(0, 1) when they scale at run time, their own gain otherwise) is drawn with that std.
     */
    record He(double gain) implements Init {}

    /** He's initialization with gain √2 (for (leaky) ReLU networks); layers that declare their std get it. */
    static Init he() {
        return new He(EqualizedLr.RELU_GAIN);
    }

    /** Xavier uniform with gain 1. */
    static Init xavier() {
        return new XavierUniform(1.0);
    }

    /** N(0, std^2). */
    static Init normal(double std) {
        return new Normal(std);
    }

    /** Initializes every parameter of a block's parameter list. */
    default void apply(ParameterList parameters, Random rng) {
        for (Pair<String, Parameter> pair : parameters) {
            Parameter p = pair.getValue();
            NDArray array = p.getArray();
            Shape shape = array.getShape();
            int size = Math.toIntExact(shape.size());
            float[] values = new float[size];
            switch (p.getType()) {
                case WEIGHT -> fillWeight(values, shape, p, rng);
                case GAMMA, RUNNING_VAR -> Arrays.fill(values, 1f);
                default -> {
                    // bias, beta, running mean and anything else: zeros (the array is already 0)
                }
            }
            array.set(FloatBuffer.wrap(values));
        }
    }

    private void fillWeight(float[] values, Shape shape, Parameter p, Random rng) {
        if (this instanceof He he) {
            double std = p.getInitializer() instanceof EqualizedLr.InitialStd declared ? declared.std()
                    : EqualizedLr.heStd(he.gain(), EqualizedLr.fanIn(shape));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (rng.nextGaussian() * std);
            }
        } else if (this instanceof Normal n) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (rng.nextGaussian() * n.std());
            }
        } else if (this instanceof XavierUniform x) {
            long receptive = shape.dimension() > 2 ? shape.slice(2).size() : 1;
            long fanOut = shape.get(0) * receptive;
            long fanIn = (shape.dimension() > 1 ? shape.get(1) : 1) * receptive;
            double a = x.gain() * Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((rng.nextDouble() * 2 - 1) * a);
            }
        }
    }
}
