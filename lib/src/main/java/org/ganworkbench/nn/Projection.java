package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ganworkbench.engine.Ops;

/**
 * The class term of the projection discriminator (Miyato and Koyama 2018, "cGANs with projection
 * discriminator"): D's logit for image x and class y is ψ(φ(x)) + ⟨V y, φ(x)⟩, where φ(x) is D's
 * feature vector, ψ its ordinary output layer and V an embedding of the classes. This block computes
 * the second term,
 *
 * <pre>
 *   out[n] = Σ_f φ[n, f] · (y V)[n, f]          (N, 1)
 * </pre>
 *
 * from inputs [φ (N, F), classes one-hot (N, K)], with V a learned (K, F) table (initialized as a
 * weight). The derivation: if the log density ratio log q(y|x)/p(y|x) is a log-linear model in φ(x),
 * it contributes exactly this inner product; concatenating y to D's input instead leaves D free to
 * ignore it.
 */
public final class Projection extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int classes;
    private final Parameter embedding;

    /** For {@code classes} (≥ 2) classes. */
    public Projection(int classes) {
        super(VERSION);
        if (classes < 2) {
            throw new IllegalArgumentException("a projection needs >= 2 classes, got " + classes);
        }
        this.classes = classes;
        this.embedding = addParameter(Parameter.builder().setName("class_embedding").setType(Parameter.Type.WEIGHT).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (inputShapes.length != 2 || inputShapes[0].dimension() != 2 || inputShapes[1].dimension() != 2
                || inputShapes[1].get(1) != classes || inputShapes[0].get(0) != inputShapes[1].get(0)) {
            throw new IllegalArgumentException("Projection(" + classes + " classes) needs [features (N, F), one-hot classes "
                    + "(N, " + classes + ")], got " + java.util.Arrays.toString(inputShapes));
        }
        embedding.setShape(new Shape(classes, inputShapes[0].get(1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray y = inputs.get(1);
        NDArray v = Ops.intoPass(store.getValue(embedding, features.getDevice(), training).reshape(classes, -1), features);
        return new NDList(features.mul(y.matMul(v)).sum(new int[] {1}, true));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    public String toString() {
        return "Projection(" + classes + " classes)";
    }
}
