package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A small U-Net (Ronneberger et al. 2015) for semantic segmentation: images (N, C, S, S) to
 * per-pixel class <em>logits</em> (N, K, S, S), linear, with no activation at the end (a softmax
 * over axis 1 gives the class probabilities, an argmax the segmentation).
 *
 * <pre>
 *   level i = 0 .. L has c_i = width · 2^i channels at side S / 2^i
 *   block(c)   = (conv 3×3 pad 1, no bias → batch norm → ReLU) twice, to c channels
 *   encoder:   e_0 = block(c_0)(x);  e_i = block(c_i)(maxpool₂(e_{i−1})),  i = 1 .. L
 *   decoder:   d_L = e_L;  d_i = block(c_i)(concat(e_i, nearest×2(d_{i+1})))   i = L−1 .. 0
 *   logits   = conv 1×1 with bias (d_0), to K channels
 * </pre>
 *
 * The bottleneck e_L is at side S / 2^L; with L = log2(S) − 2 it is 4 × 4 for every S. A bottleneck
 * pixel sees 9 · 2^L − 4 input pixels across (68 for L = 3), more than the image, so every pixel's
 * class can depend on the whole shape it belongs to, not only on its colour.
 *
 * <p>Why not {@link UNetGenerator} with its tanh dropped: pix2pix's encoder starts with a 4×4
 * stride-2 convolution, so nothing is computed at full resolution until the last transposed
 * convolution; a segmentation needs sharp class boundaries at full resolution, which the
 * full-resolution level e_0 with its skip connection gives. Its inputs are also [z, maps], and
 * its noise dropout stays on at inference, where a segmentation must be deterministic. Upsampling
 * is nearest-neighbour followed by convolutions ({@link Upsample#nearest}), which both engines run
 * natively (DJL's transposed convolution does not run on PyTorch, see {@link ConvTranspose2d}).
 *
 * <p>Cost for S = 32, width 8, L = 3 (the scene segmenter's): 10.6 M multiply-adds per image.
 */
public final class SegmentationUNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int classes;
    private final int size;
    private final int width;
    private final int levels;
    private final List<Block> encoder = new ArrayList<>();   // index i: level i's block
    private final List<Block> decoder = new ArrayList<>();   // index i: level i's block, i < levels
    private final Block head;

    /**
     * @param inChannels C, the images' channels
     * @param classes K, the number of classes (output channels), at least 2
     * @param size S, the side of images and logits
     * @param width c_0, the channels of the full-resolution level (doubled at every level down)
     * @param levels L, the number of halvings, 1 ≤ L with S divisible by 2^L
     * @throws IllegalArgumentException naming the bad value and the allowed ones
     */
    public SegmentationUNet(int inChannels, int classes, int size, int width, int levels) {
        super(VERSION);
        if (inChannels < 1 || classes < 2 || width < 1) {
            throw new IllegalArgumentException("segmentation U-Net needs input channels >= 1, classes >= 2, width >= 1;"
                    + " got " + inChannels + ", " + classes + ", " + width);
        }
        if (levels < 1 || levels > 20 || size < 2 || size % (1 << levels) != 0) {
            int most = size > 1 ? Integer.numberOfTrailingZeros(size) : 0;
            throw new IllegalArgumentException("segmentation U-Net: levels must be at least 1 with size divisible by "
                    + "2^levels (each level halves the side); got " + levels + " levels for size " + size
                    + (most >= 1 ? ": use 1 to " + most + " levels" : ": use an even size"));
        }
        if ((long) width << levels > 1 << 16) {
            throw new IllegalArgumentException("segmentation U-Net: width " + width + " doubled over " + levels
                    + " levels gives more than 65536 channels; use fewer levels or a smaller width");
        }
        this.inChannels = inChannels;
        this.classes = classes;
        this.size = size;
        this.width = width;
        this.levels = levels;
        for (int i = 0; i <= levels; i++) {
            encoder.add(addChildBlock("enc" + i, block(channels(i))));
        }
        for (int i = 0; i < levels; i++) {
            decoder.add(addChildBlock("dec" + i, block(channels(i))));
        }
        this.head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(classes).build());
    }

    private static SequentialBlock block(int channels) {
        SequentialBlock b = new SequentialBlock();
        for (int k = 0; k < 2; k++) {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(channels)
                    .optBias(false).build()).add(BatchNorm.builder().build()).add(Activation::relu);
        }
        return b;
    }

    /** c_i, the channels of level i (0 .. L). */
    public int channels(int level) {
        return width << level;
    }

    /** Multiply-adds of one image's forward pass: the convolutions' (batch norm and the rest are not counted). */
    public long multiplyAdds() {
        long total = 0;
        for (int i = 0; i <= levels; i++) {
            long pixels = (long) (size >> i) * (size >> i);
            long c = channels(i);
            long in = i == 0 ? inChannels : channels(i - 1);
            total += pixels * 9 * (in * c + c * c);
            if (i < levels) {
                total += pixels * 9 * ((c + channels(i + 1)) * c + c * c);
            }
        }
        return total + (long) size * size * channels(0) * classes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = checkInput(inputShapes[0]).get(0);
        for (int i = 0; i <= levels; i++) {
            long side = size >> i;
            long in = i == 0 ? inChannels : channels(i - 1);
            encoder.get(i).initialize(manager, dataType, new Shape(n, in, side, side));
            if (i < levels) {
                decoder.get(i).initialize(manager, dataType, new Shape(n, channels(i) + channels(i + 1), side, side));
            }
        }
        head.initialize(manager, dataType, new Shape(n, channels(0), size, size));
    }

    private Shape checkInput(Shape x) {
        if (x.dimension() != 4 || x.get(1) != inChannels || x.get(2) != size || x.get(3) != size) {
            throw new IllegalArgumentException("segmentation U-Net needs images (N, " + inChannels + ", " + size + ", "
                    + size + "), got " + x);
        }
        return x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x.getShape());
        List<NDArray> skips = new ArrayList<>(levels);
        NDArray h = x;
        for (int i = 0; i < levels; i++) {
            h = Forward.of(encoder.get(i), store, h, training);
            skips.add(h);
            h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        }
        h = Forward.of(encoder.get(levels), store, h, training);
        for (int i = levels - 1; i >= 0; i--) {
            h = Forward.of(decoder.get(i), store, skips.get(i).concat(Upsample.nearest(h, 2), 1), training);
        }
        return new NDList(Forward.of(head, store, h, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes, size, size)};
    }

    @Override
    public String toString() {
        return "SegmentationUNet(" + inChannels + " -> " + classes + " classes, " + size + "x" + size + ", width "
                + width + ", " + levels + " levels)";
    }
}
