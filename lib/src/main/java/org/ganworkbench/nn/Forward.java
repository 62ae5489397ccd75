package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** The one-array forward call the composite blocks of this package make of their child blocks. */
final class Forward {

    private Forward() {}

    /** {@code block}'s single output for the single input {@code x}. */
    static NDArray of(Block block, ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }
}
