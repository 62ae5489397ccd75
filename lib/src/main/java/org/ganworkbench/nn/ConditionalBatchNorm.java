package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.ganworkbench.engine.Ops;

/**
 * Class-conditional batch norm (de Vries et al. 2017; the generator's norm in SAGAN and BigGAN):
 * batch norm without its own scale and shift, then a scale and a shift chosen by the sample's class,
 *
 * <pre>
 *   y[n,c,h,w] = (1 + Γ[y_n, c]) · BN(x)[n,c,h,w] + B[y_n, c]
 * </pre>
 *
 * with Γ and B learned (K, C) tables that start at 0, so the layer starts as plain batch norm
 * (scale 1, shift 0) for every class. Inputs: x (N, C, H, W) or (N, C), and the classes one-hot,
 * (N, K) float (a soft or mixed label interpolates the tables). Batch statistics while training,
 * running statistics in inference, as DJL's {@link BatchNorm}.
 */
public final class ConditionalBatchNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int classes;
    private final BatchNorm norm;
    private final Parameter scales;
    private final Parameter shifts;

    /** For {@code classes} (≥ 2) classes. */
    public ConditionalBatchNorm(int classes) {
        super(VERSION);
        if (classes < 2) {
            throw new IllegalArgumentException("conditional batch norm needs >= 2 classes, got " + classes);
        }
        this.classes = classes;
        this.norm = addChildBlock("norm", BatchNorm.builder().optCenter(false).optScale(false).build());
        // type OTHER: the lib's initializers leave both tables at 0
        this.scales = addParameter(Parameter.builder().setName("class_scales").setType(Parameter.Type.OTHER).optInitializer(ai.djl.training.initializer.Initializer.ZEROS).build());
        this.shifts = addParameter(Parameter.builder().setName("class_shifts").setType(Parameter.Type.OTHER).optInitializer(ai.djl.training.initializer.Initializer.ZEROS).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        check(inputShapes);
        scales.setShape(new Shape(classes, inputShapes[0].get(1)));
        shifts.setShape(new Shape(classes, inputShapes[0].get(1)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes[0]);
    }

    private void check(Shape[] in) {
        if (in.length != 2 || in[0].dimension() < 2 || in[1].dimension() != 2 || in[1].get(1) != classes
                || in[0].get(0) != in[1].get(0)) {
            throw new IllegalArgumentException("ConditionalBatchNorm(" + classes + " classes) needs [x (N, C, ...), "
                    + "one-hot classes (N, " + classes + ")], got " + java.util.Arrays.toString(in));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray y = inputs.get(1);
        check(new Shape[] {x.getShape(), y.getShape()});
        NDArray normalized = norm.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray gamma = y.matMul(Ops.intoPass(store.getValue(scales, x.getDevice(), training).reshape(classes, -1), x));
        NDArray beta = y.matMul(Ops.intoPass(store.getValue(shifts, x.getDevice(), training).reshape(classes, -1), x));
        long[] dims = new long[x.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = x.getShape().get(0);
        dims[1] = x.getShape().get(1);
        Shape broadcast = new Shape(dims);
        return new NDList(normalized.mul(gamma.add(1).reshape(broadcast)).add(beta.reshape(broadcast)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "ConditionalBatchNorm(" + classes + " classes)";
    }
}
