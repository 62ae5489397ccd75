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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The PatchGAN discriminator of pix2pix (Isola et al. 2017) on (image, semantic map) pairs: a fully
 * convolutional network whose every output is the real/fake logit of one patch of the pair.
 *
 * <pre>
 *   x = concat(images (N, C, S, S), maps (N, M, S, S))        on channels: C + M
 *   h_1 = LReLU₀.₂(conv4×4/2(x))                              width channels at S/2 (no norm on the input layer)
 *   h_j = LReLU₀.₂(norm(conv4×4/2(h_{j−1})))                   j = 2 .. layers: width · min(2^(j−1), 8) at S/2^j
 *   h_{layers+1} = LReLU₀.₂(norm(conv3×3/1(h_layers)))         width · min(2^layers, 8) at g = S/2^layers
 *   logits = conv3×3/1(h_{layers+1})                          (N, 1, g, g)
 *   conv4×4/2 = 4×4 stride 2 pad 1;  conv3×3/1 = 3×3 stride 1 pad 1
 *   outputs: [logits (N, 1, g, g), h_1, ..., h_{layers+1}]
 * </pre>
 *
 * The features h_1 .. h_{layers+1} (every intermediate layer after its activation) are what
 * pix2pixHD's feature-matching loss compares between real and generated pairs ({@link #featureCount()}
 * of them). norm is the affine {@link NormKind#affine() norm} (pix2pix: batch norm; pix2pixHD:
 * instance norm); a convolution followed by a norm has no bias, every other one has. Every
 * convolution goes through {@code wrap} (e.g. spectral norm, as SPADE's discriminator).
 *
 * <p><b>Difference from pix2pix.</b> pix2pix's last two convolutions are 4×4 stride 1 pad 1, which
 * shrink the grid by one each (for 256×256 and layers = 3: 32 → 31 → 30) and need an image side of at
 * least 3 · 2^layers; here they are 3×3 stride 1 pad 1, which keep it, so a 32×32 image still has a
 * 4×4 grid at layers = 3. The receptive field of one logit ({@link #receptiveField()}) is then
 * 7 · 2^layers − 2 pixels on a side instead of pix2pix's 9 · 2^layers − 2: 54×54 at layers = 3 instead
 * of the paper's 70×70 (26 at layers = 2, 110 at layers = 4). {@code PatchDiscriminatorTest} measures
 * it: the gradient of one logit reaches exactly 26 × 26 input pixels at layers = 2.
 */
public final class PatchDiscriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int imageChannels;
    private final int mapChannels;
    private final int width;
    private final int layers;
    private final NormKind norm;
    private final List<Block> convs = new ArrayList<>();   // layers strided, then the 3×3 one, then the output
    private final List<Block> norms = new ArrayList<>();   // per conv before the output: its norm, or null

    /**
     * @param imageChannels C
     * @param mapChannels M
     * @param width channels of the first layer (doubling per layer up to 8 · width)
     * @param layers stride-2 layers, ≥ 1 (pix2pix: 3); images need a side divisible by 2^layers
     * @param norm the norm after every convolution but the first and the output
     * @param wrap applied to every convolution
     */
    public PatchDiscriminator(int imageChannels, int mapChannels, int width, int layers, NormKind norm,
                              UnaryOperator<Block> wrap) {
        super(VERSION);
        if (imageChannels < 1 || mapChannels < 1 || width < 1) {
            throw new IllegalArgumentException("patch discriminator needs image channels >= 1, map channels >= 1,"
                    + " width >= 1; got " + imageChannels + ", " + mapChannels + ", " + width);
        }
        if (layers < 1 || layers > 20) {
            throw new IllegalArgumentException("patch discriminator layers (stride-2 convolutions) must be from 1 to 20,"
                    + " got " + layers + " (pix2pix uses 3)");
        }
        this.imageChannels = imageChannels;
        this.mapChannels = mapChannels;
        this.width = width;
        this.layers = layers;
        this.norm = norm;
        for (int j = 1; j <= layers + 1; j++) {
            boolean normed = j > 1 && norm != NormKind.NONE;
            boolean strided = j <= layers;
            convs.add(addChildBlock("conv" + j, wrap.apply(Conv2d.builder()
                    .setKernelShape(strided ? new Shape(4, 4) : new Shape(3, 3))
                    .optStride(strided ? new Shape(2, 2) : new Shape(1, 1))
                    .optPadding(new Shape(1, 1)).setFilters(channels(j)).optBias(!normed).build())));
            norms.add(normed ? addChildBlock("norm" + j, norm.affine()) : null);
        }
        convs.add(addChildBlock("logits", wrap.apply(Conv2d.builder().setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1)).setFilters(1).build())));
    }

    /** Channels of h_j, j = 1 .. layers + 1; h_0 = the pair, C + M. */
    private int channels(int j) {
        return j == 0 ? imageChannels + mapChannels : width << Math.min(j - 1, 3);
    }

    /** Side of h_j for input side S. */
    private long side(long s, int j) {
        return s >> Math.min(j, layers);
    }

    /** The number of feature tensors after the logits: layers + 1. */
    public int featureCount() {
        return layers + 1;
    }

    /** Stride-2 layers. */
    public int layers() {
        return layers;
    }

    /**
     * The side of one logit's receptive field in input pixels, computed from the layers' kernels and
     * strides (r ← (r − 1) · stride + kernel from the output back to the input): 7 · 2^layers − 2.
     */
    public int receptiveField() {
        int r = 1;
        for (int j = layers + 2; j >= 1; j--) {
            boolean strided = j <= layers;
            r = (r - 1) * (strided ? 2 : 1) + (strided ? 4 : 3);
        }
        return r;
    }

    /**
     * The patch grid's side g = S / 2^layers for images of side S.
     *
     * @throws IllegalArgumentException when S is not a positive multiple of 2^layers
     */
    public long grid(long s) {
        long factor = 1L << layers;
        if (s < factor || s % factor != 0) {
            throw new IllegalArgumentException("a patch discriminator with " + layers + " stride-2 layers needs images"
                    + " whose side is a multiple of 2^" + layers + " = " + factor + ", got " + s
                    + ": use fewer layers or a side divisible by " + factor);
        }
        return s / factor;
    }

    private void checkInputShapes(Shape[] in) {
        if (in.length != 2) {
            throw new IllegalArgumentException("a patch discriminator takes [images (N, " + imageChannels + ", S, S), maps (N, "
                    + mapChannels + ", S, S)], got " + in.length + " input(s)");
        }
        Shape x = in[0];
        Shape m = in[1];
        if (x.dimension() != 4 || m.dimension() != 4 || x.get(1) != imageChannels || m.get(1) != mapChannels
                || x.get(0) != m.get(0) || x.get(2) != m.get(2) || x.get(3) != m.get(3) || x.get(2) != x.get(3)) {
            throw new IllegalArgumentException("a patch discriminator needs images (N, " + imageChannels + ", S, S) and maps"
                    + " (N, " + mapChannels + ", S, S) of the same N and S, got " + Arrays.toString(in));
        }
        grid(x.get(2));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputShapes(inputShapes);
        long n = inputShapes[0].get(0);
        long s = inputShapes[0].get(2);
        for (int j = 1; j <= layers + 2; j++) {
            convs.get(j - 1).initialize(manager, dataType, new Shape(n, channels(j - 1), side(s, j - 1), side(s, j - 1)));
            if (j <= layers + 1 && norms.get(j - 1) != null) {
                norms.get(j - 1).initialize(manager, dataType, new Shape(n, channels(j), side(s, j), side(s, j)));
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        checkInputShapes(inputs.getShapes());
        NDArray h = inputs.get(0).concat(inputs.get(1), 1);
        NDList features = new NDList(layers + 1);
        for (int j = 1; j <= layers + 1; j++) {
            h = Forward.of(convs.get(j - 1), store, h, training);
            if (norms.get(j - 1) != null) {
                h = Forward.of(norms.get(j - 1), store, h, training);
            }
            h = Activation.leakyRelu(h, 0.2f);
            features.add(h);
        }
        NDList out = new NDList(Forward.of(convs.get(layers + 1), store, h, training));
        out.addAll(features);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        long s = inputShapes[0].get(2);
        long g = grid(s);
        Shape[] out = new Shape[layers + 2];
        out[0] = new Shape(n, 1, g, g);
        for (int j = 1; j <= layers + 1; j++) {
            out[j] = new Shape(n, channels(j), side(s, j), side(s, j));
        }
        return out;
    }

    @Override
    public String toString() {
        return "PatchDiscriminator(" + layers + " layers, width " + width + ", " + norm.key() + ", receptive field "
                + receptiveField() + ")";
    }
}
