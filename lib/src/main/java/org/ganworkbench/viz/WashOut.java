package org.ganworkbench.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Init;
import org.ganworkbench.nn.InstanceNorm;
import org.ganworkbench.nn.NormKind;
import org.ganworkbench.nn.SpadeNorm;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Random;

/**
 * The GauGAN paper's argument for SPADE, computed: feed a label map that is one class everywhere
 * through a 3×3 convolution (unpadded: zero padding would make the border differ from the interior,
 * a boundary effect the argument sets aside) and instance norm, the way a pix2pix generator first sees its input,
 * and the output is the same whatever the class, because a convolution of a constant map is
 * constant per channel and instance norm subtracts exactly that constant (what is left is the
 * norm's shift β). SPADE lets the map in after the normalization instead, as the scale and shift of
 * an activation that comes from elsewhere (here a fixed random activation, as from G's latent), so
 * the class survives.
 *
 * <p>One row per class: how far that class's output lies from the background class's output, the
 * largest absolute difference over channels and pixels, for conv + instance norm and for SPADE, and
 * the spread of conv + instance norm's output over the pixels (0: a constant map). Weights are drawn
 * from N(0, 0.5²) with a Java seed, so the table is the same on both engines up to rounding.
 */
public final class WashOut {

    private WashOut() {}

    /**
     * The table for uniform maps of each of {@code classNames.size()} classes, {@code size}×{@code size}.
     *
     * @param engine the engine, null for the default
     * @param classNames one name per class, class 0 first
     * @param size the maps' side
     * @param channels the convolution's and SPADE's channels
     * @param seed the weights' and the activation's seed
     * @return columns class, conv_in_vs_class0, conv_in_spread, spade_vs_class0
     */
    public static Table compare(String engine, List<String> classNames, int size, int channels, long seed) {
        int k = classNames.size();
        if (k < 2 || size < 3 || channels < 1) {
            throw new IllegalArgumentException("the wash-out table needs >= 2 classes, size >= 3 and channels >= 1; got "
                    + k + ", " + size + ", " + channels);
        }
        StringColumn cls = StringColumn.create("class");
        DoubleColumn inDiff = DoubleColumn.create("conv_in_vs_class0");
        DoubleColumn inSpread = DoubleColumn.create("conv_in_spread");
        DoubleColumn spadeDiff = DoubleColumn.create("spade_vs_class0");
        try (NDManager m = Engines.get(engine).newBaseManager()) {
            Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(channels).build();   // no padding
            Block norm = new InstanceNorm();
            SpadeNorm spade = new SpadeNorm(channels, k, 16, NormKind.INSTANCE);
            Shape map = new Shape(1, k, size, size);
            Shape act = new Shape(1, channels, size - 2, size - 2);   // the unpadded convolution's output
            conv.initialize(m, DataType.FLOAT32, map);
            norm.initialize(m, DataType.FLOAT32, act);
            Shape spadeAct = new Shape(1, channels, size, size);   // SPADE's activation, at the map's side
            spade.initialize(m, DataType.FLOAT32, spadeAct, map);
            Random rng = new Random(seed);
            Init.normal(0.5).apply(conv.getParameters(), rng);
            Init.normal(0.5).apply(spade.getParameters(), rng);
            float[] noise = new float[Math.toIntExact(spadeAct.size())];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextGaussian();
            }
            NDArray x = m.create(noise, spadeAct);
            ParameterStore store = new ParameterStore(m, false);
            float[][] in = new float[k][];
            float[][] sp = new float[k][];
            for (int c = 0; c < k; c++) {
                float[] onehot = new float[Math.toIntExact(map.size())];
                java.util.Arrays.fill(onehot, c * size * size, (c + 1) * size * size, 1f);
                NDArray y = m.create(onehot, map);
                NDArray h = conv.forward(store, new NDList(y), false).singletonOrThrow();
                in[c] = norm.forward(store, new NDList(h), false).singletonOrThrow().toFloatArray();
                sp[c] = spade.forward(store, new NDList(x, y), false).singletonOrThrow().toFloatArray();
            }
            for (int c = 0; c < k; c++) {
                cls.append(classNames.get(c));
                inDiff.append(maxAbsDiff(in[c], in[0]));
                inSpread.append(spread(in[c]));
                spadeDiff.append(maxAbsDiff(sp[c], sp[0]));
            }
        }
        return Table.create("a uniform label map through conv + instance norm, and through SPADE", cls, inDiff, inSpread,
                spadeDiff);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** The largest minus the smallest value. */
    private static double spread(float[] a) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }
}
