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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ganworkbench.engine.Ops;

import java.util.function.UnaryOperator;

/**
 * The self-attention block of SAGAN (Zhang, Goodfellow, Metaxas and Odena 2019, §3): every position
 * of a feature map looks at every other position, so a generator can make distant parts of an image
 * agree and a discriminator can check that they do. For input x of shape (N, C, H, W) with P = H·W
 * positions:
 *
 * <pre>
 *   f = W_f x  (C/8 channels, the queries)    g = W_g x  (C/8, the keys)    h = W_h x  (C/2, the values)
 *   s[j, i] = f(x_j) · g(x_i)                 β[j, i] = softmax over i of s[j, i]   (each row sums to 1)
 *   o_j = W_v ( Σ_i β[j, i] h(x_i) )          (back to C channels)
 *   y = x + γ · o                              (γ a learned scalar, starting at 0)
 * </pre>
 *
 * W_f, W_g, W_h, W_v are 1×1 convolutions without bias. With γ = 0 the block is the identity, so a
 * network starts as its convolutional self and learns how much to use attention (the paper: "the
 * network first relies on the cues in the local neighborhood"). The paper's C̄ = C/8 for queries and
 * keys; the values use C/2 channels and an output convolution back to C, as in the authors' code
 * and BigGAN. SAGAN applies spectral norm to these convolutions too: pass a {@code wrap} such as
 * {@code SpectralNorm::new}. Unlike the authors' code, keys and values are not max-pooled to P/4
 * positions: at the 16×16 and 32×32 maps used here the full P×P attention is cheap.
 *
 * <p>{@link #attention} gives β itself, (N, P, P): row j is where query position j looks.
 */
public final class SelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Block query;
    private final Block key;
    private final Block value;
    private final Block out;
    private final Parameter gamma;

    /** Self-attention over a map of {@code channels} (≥ 8) channels, plain 1×1 convolutions. */
    public SelfAttention(int channels) {
        this(channels, UnaryOperator.identity());
    }

    /**
     * @param channels C of the input, at least 8 (queries and keys get C/8)
     * @param wrap applied to each 1×1 convolution (e.g. {@code SpectralNorm::new})
     */
    public SelfAttention(int channels, UnaryOperator<Block> wrap) {
        super(VERSION);
        if (channels < 8) {
            throw new IllegalArgumentException("self-attention needs at least 8 channels (queries and keys get C/8), got "
                    + channels);
        }
        this.channels = channels;
        this.query = addChildBlock("query", wrap.apply(conv(channels / 8)));
        this.key = addChildBlock("key", wrap.apply(conv(channels / 8)));
        this.value = addChildBlock("value", wrap.apply(conv(Math.max(1, channels / 2))));
        this.out = addChildBlock("out", wrap.apply(conv(channels)));
        // type OTHER: the lib's initializers leave it at 0 (GAMMA would start at 1)
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(ai.djl.training.initializer.Initializer.ZEROS).build());
    }

    private static Block conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).optBias(false).build();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        check(in);
        query.initialize(manager, dataType, in);
        key.initialize(manager, dataType, in);
        value.initialize(manager, dataType, in);
        out.initialize(manager, dataType, new Shape(in.get(0), Math.max(1, channels / 2), in.get(2), in.get(3)));
    }

    private void check(Shape in) {
        if (in.dimension() != 4 || in.get(1) != channels) {
            throw new IllegalArgumentException("SelfAttention(" + channels + ") needs (N, " + channels + ", H, W) input, got "
                    + in);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        check(s);
        NDArray beta = attention(store, x, training);
        long n = s.get(0);
        long p = s.get(2) * s.get(3);
        NDArray h = Forward.of(value, store, x, training);
        NDArray v = h.reshape(n, h.getShape().get(1), p);
        // o[n, c, j] = sum_i v[n, c, i] beta[n, j, i]
        NDArray mixed = v.matMul(beta.transpose(0, 2, 1)).reshape(n, h.getShape().get(1), s.get(2), s.get(3));
        NDArray o = Forward.of(out, store, mixed, training);
        NDArray g = Ops.intoPass(store.getValue(gamma, x.getDevice(), training).reshape(1, 1, 1, 1), x);   // never the weight itself
        return new NDList(x.add(o.mul(g)));
    }

    /**
     * β, (N, P, P): {@code β[n, j, i]} is the weight query position j gives to position i (positions
     * row-major, j = row · W + column); each row sums to 1.
     */
    public NDArray attention(ParameterStore store, NDArray x, boolean training) {
        Shape s = x.getShape();
        check(s);
        long n = s.get(0);
        long p = s.get(2) * s.get(3);
        NDArray f = Forward.of(query, store, x, training).reshape(n, channels / 8, p);
        NDArray k = Forward.of(key, store, x, training).reshape(n, channels / 8, p);
        return f.transpose(0, 2, 1).matMul(k).softmax(2);   // matMul: DJL's PyTorch engine has no batchDot
    }

    /** The current γ. */
    public float gamma() {
        return gamma.getArray().getFloat(0);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "SelfAttention(" + channels + " channels, queries/keys " + channels / 8 + ", values " + channels / 2 + ")";
    }
}
