package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Runs a network on a fixed reference batch together with every input, for
 * {@link VirtualBatchNorm}: the R reference rows are prepended to the input batch, the body runs on
 * the R + N rows (each virtual batch norm layer inside reads its first R rows as the reference
 * batch's activations), and the first R rows of every output are dropped, so the block maps
 * (N, ...) to the body's (N, ...) like the body alone would.
 *
 * <p>The reference inputs are a constant Java array fixed at construction (e.g. R latent vectors drawn
 * from a seeded {@code Random}: Salimans et al. 2016 choose the reference batch "once and fixed at
 * the start of training"). They are neither a parameter nor saved with the weights: a network rebuilt
 * from the same blueprint has the same reference batch. No gradient flows into them.
 *
 * <p>Cost: R extra rows through the body on every forward pass (and backward pass).
 */
public final class ReferenceBatch extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block body;
    private final float[] reference;
    private final Shape rowShape;
    private final int size;

    /**
     * Wraps {@code body}.
     *
     * @param body the network; every {@link VirtualBatchNorm} in it must use R = {@code reference.length /
     *     rowShape.size()}
     * @param reference the R reference inputs, flat and row-major (copied)
     * @param rowShape the shape of one input row, without the batch axis, e.g. (latentDim)
     */
    public ReferenceBatch(Block body, float[] reference, Shape rowShape) {
        super(VERSION);
        long row = rowShape.size();
        if (row < 1 || reference.length == 0 || reference.length % row != 0) {
            throw new IllegalArgumentException("ReferenceBatch: " + reference.length + " reference numbers are not a"
                    + " whole, non-zero number of rows of shape " + rowShape);
        }
        this.body = addChildBlock("body", body);
        this.reference = reference.clone();
        this.rowShape = rowShape;
        this.size = Math.toIntExact(reference.length / row);
    }

    /** R, the number of reference rows. */
    public int size() {
        return size;
    }

    /** The wrapped network. */
    public Block body() {
        return body;
    }

    /** A copy of the reference inputs, flat (R × row). */
    public float[] reference() {
        return reference.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        if (shape.dimension() < 1 || !shape.slice(1).equals(rowShape)) {
            throw new IllegalArgumentException("ReferenceBatch expects input (N, " + rowShape + "...) rows of shape "
                    + rowShape + "; got " + shape);
        }
        NDManager manager = x.getManager();
        NDArray ref = manager.create(reference, new Shape(size).addAll(rowShape)).toDevice(x.getDevice(), false)
                .toType(x.getDataType(), false);
        NDList out = body.forward(store, new NDList(ref.concat(x, 0)), training, params);
        NDList stripped = new NDList(out.size());
        for (NDArray o : out) {
            stripped.add(o.get(size + ":"));
        }
        return stripped;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, withReference(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = body.getOutputShapes(withReference(inputShapes));
        Shape[] stripped = new Shape[out.length];
        for (int i = 0; i < out.length; i++) {
            stripped[i] = new Shape(inputShapes[0].get(0)).addAll(out[i].slice(1));   // keeps an unknown -1
        }
        return stripped;
    }

    private Shape[] withReference(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0) < 0 ? in.get(0) : in.get(0) + size;
        return new Shape[] {new Shape(n).addAll(in.slice(1))};
    }

    @Override
    public String toString() {
        return "ReferenceBatch(R=" + size + ", " + body + ")";
    }
}
