package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;

/**
 * Spatially-adaptive normalization, SPADE (Park et al. 2019, "Semantic Image Synthesis with
 * Spatially-Adaptive Normalization"): a parameter-free normalization whose scale and shift are
 * computed, per pixel, from the semantic map.
 *
 * <pre>
 *   m = nearest-resize(maps, H × W)          maps (N, M, S, S); S a multiple of H, or H a multiple of S
 *   a = ReLU(conv3×3(m))                     hidden channels           ("mlp_shared")
 *   γ = conv3×3(a),  β = conv3×3(a)          channels each, (N, C, H, W)
 *   y = norm(x) · (1 + γ) + β                x (N, C, H, W); norm without scale and shift
 *   conv3×3 = 3×3 stride 1 pad 1, with bias
 * </pre>
 *
 * The 1 + γ is the official code's: at γ = β = 0 the block is the plain parameter-free norm. norm:
 * {@link NormKind#BATCH} is batch norm with statistics of the batch while training and running
 * statistics at inference (DJL's {@link BatchNorm} without center and scale, ε 1e-5; the paper's
 * choice, synchronized batch norm, is batch norm on one device); {@link NormKind#INSTANCE} normalizes
 * each sample's every channel over its H × W positions, (x − μ) / sqrt(σ² + ε) with the biased σ² and
 * ε 1e-5, the same at training and inference; {@link NormKind#NONE} leaves x as it is (an ablation:
 * the modulation alone).
 *
 * <p>Why the map goes in here and not only at the input: a plain norm layer washes it out. For a
 * uniform map (one class everywhere) conv → instance norm gives the same output whatever the class,
 * since the convolution of a uniform map is uniform and normalizes to 0; SPADE's γ and β keep the
 * class. ({@code SpadeTest} checks both.)
 *
 * <p>Resizing by nearest neighbour, as PyTorch's {@code interpolate(mode='nearest')}: downscaling by
 * f = S / H keeps pixel (f·i, f·j); upscaling by f = H / S repeats every pixel f × f times. The
 * three convolutions are not wrapped (as in the official code, where spectral norm goes on the
 * residual block's convolutions); {@link #gammaConv()} and {@link #betaConv()} give access to the
 * last two.
 */
public final class SpadeNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    /** ε of the instance norm, 1e-5 (batch norm uses DJL's default, also 1e-5). */
    public static final float EPSILON = 1e-5f;

    private final int channels;
    private final int mapChannels;
    private final int hidden;
    private final NormKind norm;
    private final Block batchNorm;   // BATCH only
    private final Block shared;
    private final Block gamma;
    private final Block beta;

    /**
     * @param channels C, the channels of x (and of γ, β)
     * @param mapChannels M, the semantic map's channels
     * @param hidden channels of the shared hidden layer (the paper: 128)
     * @param norm the parameter-free norm
     */
    public SpadeNorm(int channels, int mapChannels, int hidden, NormKind norm) {
        super(VERSION);
        if (channels < 1 || mapChannels < 1 || hidden < 1) {
            throw new IllegalArgumentException("SPADE needs channels >= 1, map channels >= 1 and hidden >= 1; got "
                    + channels + ", " + mapChannels + ", " + hidden);
        }
        this.channels = channels;
        this.mapChannels = mapChannels;
        this.hidden = hidden;
        this.norm = norm;
        this.batchNorm = norm == NormKind.BATCH
                ? addChildBlock("norm", BatchNorm.builder().optCenter(false).optScale(false).build())
                : null;
        this.shared = addChildBlock("shared", conv(hidden));
        this.gamma = addChildBlock("gamma", conv(channels));
        this.beta = addChildBlock("beta", conv(channels));
    }

    private static Block conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    /** The convolution that computes γ from the hidden layer. */
    public Block gammaConv() {
        return gamma;
    }

    /** The convolution that computes β from the hidden layer. */
    public Block betaConv() {
        return beta;
    }

    /** The parameter-free norm. */
    public NormKind norm() {
        return norm;
    }

    /**
     * maps (N, M, S, S') resized by nearest neighbour to H × W, each axis separately: S a multiple of
     * H (keeps every (S/H)-th pixel, starting with the first) or H a multiple of S (repeats every pixel
     * H/S times); likewise S' and W.
     *
     * @throws IllegalArgumentException when neither side divides the other
     */
    public static NDArray nearest(NDArray maps, long height, long width) {
        Shape s = maps.getShape();
        if (s.dimension() != 4 || !fits(s.get(2), height) || !fits(s.get(3), width)) {
            throw new IllegalArgumentException("SPADE resizes the semantic map by nearest neighbour by a whole factor: need"
                    + " (N, M, S, S') with S and H (and S' and W) multiples of one another; got map " + s + " for "
                    + height + "x" + width + " features");
        }
        NDArray m = maps;
        long n = s.get(0);
        long c = s.get(1);
        if (s.get(2) > height) {
            m = m.reshape(n, c, height, s.get(2) / height, s.get(3)).get(":, :, :, 0, :");
        } else if (s.get(2) < height) {
            m = m.repeat(2, height / s.get(2));
        }
        if (s.get(3) > width) {
            m = m.reshape(n, c, height, width, s.get(3) / width).get(":, :, :, :, 0");
        } else if (s.get(3) < width) {
            m = m.repeat(3, width / s.get(3));
        }
        return m;
    }

    private static boolean fits(long s, long h) {
        return s > 0 && h > 0 && (s % h == 0 || h % s == 0);
    }

    private void checkInputShapes(Shape[] in) {
        if (in.length != 2 || in[0].dimension() != 4 || in[1].dimension() != 4 || in[0].get(1) != channels
                || in[1].get(1) != mapChannels || in[0].get(0) != in[1].get(0)) {
            throw new IllegalArgumentException("SPADE(" + channels + " channels, " + mapChannels + " map channels) takes"
                    + " [x (N, " + channels + ", H, W), maps (N, " + mapChannels + ", S, S)], got " + Arrays.toString(in));
        }
        if (!fits(in[1].get(2), in[0].get(2)) || !fits(in[1].get(3), in[0].get(3))) {
            throw new IllegalArgumentException("SPADE: the map's side must be a multiple of the features' side or the"
                    + " other way round (nearest-neighbour resizing by a whole factor); got x " + in[0] + ", maps " + in[1]);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        Shape x = inputShapes[0];
        if (batchNorm != null) {
            batchNorm.initialize(manager, dataType, x);
        }
        shared.initialize(manager, dataType, new Shape(x.get(0), mapChannels, x.get(2), x.get(3)));
        Shape a = new Shape(x.get(0), hidden, x.get(2), x.get(3));
        gamma.initialize(manager, dataType, a);
        beta.initialize(manager, dataType, a);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray x = inputs.get(0);
        Shape s = x.getShape();
        NDArray m = nearest(inputs.get(1), s.get(2), s.get(3));
        NDArray a = Activation.relu(Forward.of(shared, store, m, training));
        NDArray g = Forward.of(gamma, store, a, training);
        NDArray b = Forward.of(beta, store, a, training);
        return new NDList(normalize(store, x, training).mul(g.add(1)).add(b));
    }

    private NDArray normalize(ParameterStore store, NDArray x, boolean training) {
        return switch (norm) {
            case BATCH -> Forward.of(batchNorm, store, x, training);
            case INSTANCE -> PerSampleNorm.standardize(x, InstanceNorm.spatialAxes(4), EPSILON);
            case NONE -> x;
        };
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "SpadeNorm(" + channels + " channels, " + norm.key() + ", hidden " + hidden + ")";
    }
}
