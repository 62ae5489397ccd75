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

import java.util.ArrayList;
import java.util.List;

/**
 * A discriminator as three parts: a {@code features} block, optional minibatch layers applied to
 * the flattened features (minibatch discrimination, minibatch stddev), and a {@code head} that
 * reads one score out. Its forward pass returns [scores (N, 1), features (N, F)], the features being
 * the flattened output of the features block <em>before</em> the minibatch layers: the intermediate
 * layer feature matching (Salimans et al. 2016) compares between real and fake batches.
 */
public final class Discriminator extends AbstractBlock {

    private final Block features;
    private final List<Block> extras = new ArrayList<>();
    private final Block head;

    /** features → extras (in order) → head. */
    public Discriminator(Block features, List<Block> extras, Block head) {
        this.features = addChildBlock("features", features);
        for (int i = 0; i < extras.size(); i++) {
            this.extras.add(addChildBlock("extra" + i, extras.get(i)));
        }
        this.head = addChildBlock("head", head);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        Shape[] s = flat(features.getOutputShapes(inputShapes));
        for (Block e : extras) {
            e.initialize(manager, dataType, s);
            s = e.getOutputShapes(s);
        }
        head.initialize(manager, dataType, s);
    }

    private static Shape[] flat(Shape[] shapes) {
        Shape s = shapes[0];
        return new Shape[] {new Shape(s.get(0), s.size() / s.get(0))};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray f = features.forward(store, inputs, training).singletonOrThrow();
        NDArray flat = f.reshape(f.getShape().get(0), -1);
        NDList h = new NDList(flat);
        for (Block e : extras) {
            h = e.forward(store, h, training);
        }
        NDArray scores = head.forward(store, h, training).singletonOrThrow();
        return new NDList(scores, flat);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = flat(features.getOutputShapes(inputShapes));
        Shape featureShape = s[0];
        for (Block e : extras) {
            s = e.getOutputShapes(s);
        }
        return new Shape[] {head.getOutputShapes(s)[0], featureShape};
    }

    @Override
    public String toString() {
        return "Discriminator(features " + features + ", extras " + extras + ", head " + head + ")";
    }
}
