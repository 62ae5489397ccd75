package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import org.ganworkbench.engine.Ops;

/**
 * The equalized learning rate of progressive GANs (Karras et al. 2018, §4.1), shared by
 * {@link EqualizedConv2d} and {@link EqualizedLinear}.
 *
 * <p>He's initializer starts a layer with fan-in n at weights of std c = gain / sqrt(n) (gain √2
 * before a (leaky) ReLU, 1 before a linear output). Adam normalizes every update by the gradient's
 * own scale, so a weight moves by about the learning rate per step whatever its magnitude: layers
 * with small weights (large fan-in) learn relatively faster than those with large ones. Equalized
 * learning rate stores w ~ N(0, 1) instead and multiplies it by c at run time (ŵ = c·w), so every
 * weight has the same dynamic range and the same relative learning speed. The layers work either
 * way:
 *
 * <ul>
 *   <li>equalized: stored weights from N(0, 1), scaled by c in every forward pass;
 *   <li>not equalized: stored weights from N(0, c²) (plain He initialization), used as they are.
 * </ul>
 *
 * In both modes the effective initial weights have std c; only the parametrization (and thus how
 * Adam's steps act) differs. Biases start at 0 and are never scaled.
 *
 * <p>The stored std a layer wants is declared on its weight {@code Parameter} as an
 * {@link InitialStd} initializer; the workbench's seeded Java initialization ({@code Init.he()})
 * draws N(0, std²) from it, so the same seed gives the same weights on every engine.
 */
public final class EqualizedLr {

    /** He's gain before a (leaky) ReLU: √2 (the official code uses √2 for LeakyReLU(0.2) too). */
    public static final double RELU_GAIN = Math.sqrt(2);

    private EqualizedLr() {}

    /** He's constant: gain / sqrt(fanIn). */
    public static double heStd(double gain, long fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("fan-in must be >= 1, got " + fanIn);
        }
        return gain / Math.sqrt(fanIn);
    }

    /** Fan-in of a weight stored as (out, in, k...) or (out, in): everything but the first axis. */
    public static long fanIn(Shape weightShape) {
        return weightShape.size() / weightShape.get(0);
    }

    /**
     * The initializer of a weight stored as (out, in, k...) or (out, in): N(0, 1) when equalized
     * (He's constant is applied at run time), N(0, heStd²) otherwise.
     */
    static InitialStd initialStd(Shape weightShape, double gain, boolean equalized) {
        return new InitialStd(equalized ? 1 : heStd(gain, fanIn(weightShape)));
    }

    /**
     * The factor a layer's stored weights are multiplied by at run time: He's constant when
     * equalized, else 1.
     *
     * @param weightShape the stored weight's shape, null before the layer is initialized
     * @param layer the layer's name, for the message
     * @throws IllegalStateException if the layer is not initialized yet
     */
    static double runtimeScale(Shape weightShape, double gain, boolean equalized, String layer) {
        if (weightShape == null) {
            throw new IllegalStateException(layer + " is not initialized yet");
        }
        return equalized ? heStd(gain, fanIn(weightShape)) : 1;
    }

    /** The weight a pass over {@code input} uses: w·c (freed with the pass) when equalized, w otherwise. */
    static NDArray effective(NDArray stored, double gain, boolean equalized, NDArray input) {
        if (!equalized) {
            return stored;
        }
        return Ops.intoPass(stored.mul((float) heStd(gain, fanIn(stored.getShape()))), input);
    }

    /**
     * The initial distribution N(0, std²) a layer declares for its stored weight. Seeded Java
     * initialization reads {@link #std()}; DJL's own initialization (e.g. of a scratch block a
     * checkpoint is read into) draws from the engine's generator.
     *
     * @param std the stored weight's std: 1 when equalized, He's constant otherwise
     */
    public record InitialStd(double std) implements Initializer {

        public InitialStd {
            if (!(std > 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("initial std must be > 0, got " + std);
            }
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            return manager.randomNormal(0f, (float) std, shape, dataType);
        }
    }
}
