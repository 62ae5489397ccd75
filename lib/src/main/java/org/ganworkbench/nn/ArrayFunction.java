package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block without parameters that maps one array to one array: a function and the shape it gives.
 * The lib's resampling, normalization and noise layers ({@link Upsample}, {@link Downsample},
 * {@link PixelShuffle}, {@link PixelNorm}, {@link MinibatchStdDev}, {@link NoiseDropout}) say only
 * these two things; DJL's {@code LambdaBlock} would find the output shape by running the function
 * on zeros.
 */
public abstract class ArrayFunction extends AbstractBlock {

    /** The block's output for one input array; {@code training} is DJL's flag. */
    protected abstract NDArray apply(NDArray x, boolean training);

    /** The shape {@link #apply} gives for an input of shape {@code input}. */
    protected abstract Shape outputShape(Shape input);

    @Override
    protected final NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), training));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(inputShapes[0])};
    }
}
