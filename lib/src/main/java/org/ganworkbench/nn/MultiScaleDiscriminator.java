package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * pix2pixHD's multi-scale discriminator (Wang et al. 2018, "High-Resolution Image Synthesis and
 * Semantic Manipulation with Conditional GANs"): {@code scales} {@link PatchDiscriminator}s of the
 * same architecture but their own weights, each judging the (image, map) pair at its own resolution.
 *
 * <pre>
 *   pair_1 = (images, maps);   pair_{k+1} = (pool(images_k), pool(maps_k))
 *   pool = 3×3 average, stride 2, pad 1, padded zeros not counted:
 *          pool(x)[i, j] = Σ_{window ∩ image} x / |window ∩ image|    (PyTorch's count_include_pad=False)
 *   D_k(pair_k) = [logits_k (N, 1, g/2^(k−1), g/2^(k−1)), features_k ...]      g = S / 2^layers
 *   scores = concat over k of flatten(nearest-upsample(logits_k, 2^(k−1)))     (N, scales · g · g)
 *   outputs: [scores, features of D_1 ..., features of D_2 ..., ...]
 * </pre>
 *
 * <b>The scores array.</b> Every scale's logits are repeated by nearest neighbour to the finest grid
 * g × g before they are flattened, so every scale has the same number, g², of entries, and each logit
 * of scale k appears 4^(k−1) times. The mean of any elementwise loss f over the scores is therefore
 * exactly the average over the scales of each scale's own mean, (1/scales) Σ_k mean(f(logits_k)),
 * which is pix2pixHD's GAN loss (a sum of per-scale means, here divided by scales) — so the ordinary
 * losses that take a mean over a (N, K) score array work unchanged. (The gradient of one coarse logit
 * collects its 4^(k−1) copies' gradients, again the per-scale mean's.)
 *
 * <p>The features (every intermediate layer of every scale, {@link #featureCount()} of them, scale 1
 * first) are what the feature-matching loss compares. Images need a side S divisible by
 * 2^(layers + scales − 1), so that the coarsest scale has a patch grid of at least 1×1 ({@link #grids}).
 */
public final class MultiScaleDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int scales;
    private final int layers;
    private final List<PatchDiscriminator> discriminators = new ArrayList<>();

    /**
     * @param scales 1 .. 3 (pix2pixHD: 2 or 3)
     * @param imageChannels C
     * @param mapChannels M
     * @param width each scale's first-layer channels
     * @param layers each scale's stride-2 layers (pix2pixHD: 3)
     * @param norm each scale's norm (pix2pixHD: INSTANCE)
     * @param wrap applied to every convolution
     */
    public MultiScaleDiscriminator(int scales, int imageChannels, int mapChannels, int width, int layers, NormKind norm,
                                   UnaryOperator<Block> wrap) {
        super(VERSION);
        if (scales < 1 || scales > 3) {
            throw new IllegalArgumentException("multi-scale discriminator scales must be from 1 to 3, got " + scales
                    + " (pix2pixHD uses 2 or 3)");
        }
        this.scales = scales;
        this.layers = layers;
        for (int k = 1; k <= scales; k++) {
            discriminators.add(addChildBlock("scale" + k,
                    new PatchDiscriminator(imageChannels, mapChannels, width, layers, norm, wrap)));
        }
    }

    /** The number of feature tensors after the scores: scales · (layers + 1). */
    public int featureCount() {
        return scales * discriminators.get(0).featureCount();
    }

    /** Scales. */
    public int scales() {
        return scales;
    }

    /** Scale k's discriminator, k = 1 .. scales. */
    public PatchDiscriminator scale(int k) {
        return discriminators.get(k - 1);
    }

    /**
     * Each scale's patch grid side, finest first, for images of side S: S / 2^layers, S / 2^(layers+1), ...
     *
     * @throws IllegalArgumentException when S is not a positive multiple of 2^(layers + scales − 1), so that
     *     some pooled image or the coarsest grid would not be a whole number of pixels (or would be below 1×1)
     */
    public long[] grids(long s) {
        long factor = 1L << (layers + scales - 1);
        if (s < factor || s % factor != 0) {
            throw new IllegalArgumentException("a multi-scale discriminator with " + scales + " scales and " + layers
                    + " stride-2 layers needs images whose side is a multiple of 2^(layers + scales - 1) = " + factor
                    + ", so that the coarsest scale (pooled " + (scales - 1) + " time(s)) keeps a patch grid of at least"
                    + " 1x1; got side " + s + " (coarsest grid " + s + "/" + factor + "): use fewer scales or layers");
        }
        long[] g = new long[scales];
        for (int k = 0; k < scales; k++) {
            g[k] = s >> (layers + k);
        }
        return g;
    }

    /**
     * pix2pixHD's downscaling between scales: 3×3 average pooling, stride 2, pad 1, whose every output
     * is the mean of the input pixels its window covers <em>inside</em> the image (padding not counted).
     * (N, C, H, W) → (N, C, ⌈H/2⌉, ⌈W/2⌉).
     *
     * <p>Computed as pool(x) / pool(ones) with the padded zeros counted in both, i.e. (window sum / 9)
     * / (pixels inside / 9): DJL 0.35.1's PyTorch engine ignores {@code countIncludePad = false} and
     * divides by 9 at the borders too (measured: a corner came out 4/9 of its mean), MXNet honours it;
     * the ratio is exact on both.
     */
    public static NDArray pool(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("pool needs (N, C, H, W), got " + s);
        }
        NDArray ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType(), x.getDevice());
        return padCounted(x).div(padCounted(ones));
    }

    private static NDArray padCounted(NDArray x) {
        return Pool.avgPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false, true);
    }

    private void checkInputShapes(Shape[] in) {
        if (in.length != 2 || in[0].dimension() != 4) {
            throw new IllegalArgumentException("a multi-scale discriminator takes [images (N, C, S, S), maps (N, M, S, S)],"
                    + " got " + Arrays.toString(in));
        }
        grids(in[0].get(2));
    }

    private static Shape pooled(Shape s, int times) {
        return new Shape(s.get(0), s.get(1), s.get(2) >> times, s.get(3) >> times);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        for (int k = 0; k < scales; k++) {
            discriminators.get(k).initialize(manager, dataType, pooled(inputShapes[0], k), pooled(inputShapes[1], k));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray x = inputs.get(0);
        NDArray m = inputs.get(1);
        long n = x.getShape().get(0);
        NDList scores = new NDList(scales);
        NDList features = new NDList(featureCount());
        for (int k = 0; k < scales; k++) {
            if (k > 0) {
                x = pool(x);
                m = pool(m);
            }
            NDList out = discriminators.get(k).forward(store, new NDList(x, m), training);
            scores.add(Upsample.nearest(out.get(0), 1 << k).reshape(n, -1));
            features.addAll(out.subNDList(1));
        }
        NDList result = new NDList(scales == 1 ? scores.get(0) : NDArrays.concat(scores, 1));
        result.addAll(features);
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        long g = grids(inputShapes[0].get(2))[0];
        List<Shape> out = new ArrayList<>();
        out.add(new Shape(n, scales * g * g));
        for (int k = 0; k < scales; k++) {
            Shape[] d = discriminators.get(k).getOutputShapes(new Shape[] {pooled(inputShapes[0], k),
                    pooled(inputShapes[1], k)});
            out.addAll(Arrays.asList(d).subList(1, d.length));
        }
        return out.toArray(new Shape[0]);
    }

    @Override
    public String toString() {
        return "MultiScaleDiscriminator(" + scales + " scales of " + discriminators.get(0) + ")";
    }
}
