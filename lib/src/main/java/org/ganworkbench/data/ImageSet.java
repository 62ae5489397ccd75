package org.ganworkbench.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.RandomSampler;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.util.Progress;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * An in-memory image data set: {@code n} images of shape (C, H, W) with float pixels in [-1, 1],
 * an int label per image ({@code -1} when unlabeled) and optional class names.
 *
 * <p>It is both
 *
 * <ul>
 *   <li>a {@link GanData}: {@link #sample(NDManager, Random, int)} draws {@code batchSize} indices
 *       uniformly (with replacement) from the given {@link Random} and builds a single NDArray of
 *       shape (batchSize, C, H, W) from one float copy, and
 *   <li>a DJL {@link RandomAccessDataset}: {@link #get(NDManager, long)} returns a {@link Record}
 *       whose data is the image (C, H, W) and whose label is a float scalar (shape ()), as DJL's own
 *       MNIST data sets do, so {@code getData(manager)} yields batches of images (B, C, H, W) and
 *       labels (B). The sampling used by {@code getData(manager)} is set by
 *       {@link #withSampling(int, boolean)}; the default is {@value #DEFAULT_BATCH_SIZE} per batch,
 *       shuffled by DJL's own random source, last partial batch kept.
 * </ul>
 *
 * <p>The number of images is {@link #size()} (a {@code long}, DJL's signature). Images are stored
 * in one float array, so Fashion-MNIST's 60,000 training images take about 190 MB of heap.
 *
 * <p>Instances are immutable once built; views such as {@link #head(int)} and
 * {@link #withSampling(int, boolean)} copy or share the pixel array but never write to it.
 */
public final class ImageSet extends RandomAccessDataset implements GanData {

    /** Batch size of the default DJL sampler used by {@code getData(manager)}. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private final String name;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final int pixelsPerImage;
    private final float[] pixels;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * Builds an image set over {@code pixels}, which it keeps (no copy): the caller must not modify
     * the array afterwards.
     *
     * @param name a short name for logs and provenance, e.g. {@code fashion-mnist/train}
     * @param channels C, at least 1
     * @param height H, at least 1
     * @param width W, at least 1
     * @param pixels {@code n * C * H * W} values in [-1, 1], image after image, each in (C, H, W)
     *     order; {@code n} must be at least 1
     * @param labels one label per image, each {@code -1} (unlabeled) or a class index (below
     *     {@code classNames.size()} when class names are given); {@code null} for an unlabeled set
     * @param classNames class names indexed by label, or an empty list / {@code null} for none
     * @throws IllegalArgumentException if the sizes disagree, a pixel is outside [-1, 1] or not
     *     finite, or a label is out of range
     */
    public ImageSet(String name, int channels, int height, int width, float[] pixels, int[] labels,
                    List<String> classNames) {
        this(name, channels, height, width, pixels, labels, classNames,
                new BatchSampler(new RandomSampler(), DEFAULT_BATCH_SIZE, false), true);
    }

    private ImageSet(String name, int channels, int height, int width, float[] pixels, int[] labels,
                     List<String> classNames, Sampler sampler, boolean validate) {
        super(new Sampling().setSampling(sampler));
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got (" + channels + ", "
                    + height + ", " + width + ")");
        }
        long perImage = (long) channels * height * width;
        if (perImage > Integer.MAX_VALUE || pixels.length % perImage != 0 || pixels.length == 0) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel values are not a positive "
                    + "multiple of C*H*W = " + perImage);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixelsPerImage = (int) perImage;
        this.count = (int) (pixels.length / perImage);
        this.pixels = pixels;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (labels == null) {
            labels = new int[count];
            Arrays.fill(labels, -1);
        } else if (labels.length != count) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + count + " images");
        }
        this.labels = labels;
        if (validate) {
            validate();
        }
    }

    private void validate() {
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (!(v >= -1f && v <= 1f)) { // also rejects NaN
                throw new IllegalArgumentException(name + ": pixel " + (i % pixelsPerImage) + " of image "
                        + (i / pixelsPerImage) + " is " + v + ", outside [-1, 1]");
            }
        }
        int classes = classNames.size();
        for (int i = 0; i < count; i++) {
            int label = labels[i];
            if (label < -1 || (classes > 0 && label >= classes)) {
                throw new IllegalArgumentException(name + ": label of image " + i + " is " + label
                        + (classes > 0 ? ", outside [-1, " + (classes - 1) + "]" : ", below -1"));
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return name;
    }

    /**
     * Shape of one image.
     *
     * @return (C, H, W)
     */
    @Override
    public Shape sampleShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Draws {@code batchSize} images uniformly at random, with replacement, using only {@code rng}
     * (one {@code nextInt(size)} per image), so the same seed gives the same batch on every engine.
     *
     * @param manager where the batch is created
     * @param rng the run's random source
     * @param batchSize number of images, at least 1
     * @return a float32 array of shape (batchSize, C, H, W)
     */
    @Override
    public NDArray sample(NDManager manager, Random rng, int batchSize) {
        return batch(manager, drawIndices(rng, batchSize));
    }

    /**
     * The draws of {@link #sample}, {@link #sampleLabeled} and {@link PairedSet}'s samplers: one
     * {@code rng.nextInt(count)} per image, in batch order.
     */
    int[] drawIndices(Random rng, int batchSize) {
        Objects.requireNonNull(rng, "rng");
        requirePositive("batchSize", batchSize);
        int[] indices = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            indices[b] = rng.nextInt(count);
        }
        return indices;
    }

    /**
     * The number of classes when every image is labeled and the set names its classes; 0 otherwise
     * (then {@link #sampleLabeled} refuses).
     */
    @Override
    public int classes() {
        if (classNames.isEmpty()) {
            return 0;
        }
        for (int label : labels) {
            if (label < 0) {
                return 0;
            }
        }
        return classNames.size();
    }

    /**
     * As {@link #sample}, the same draws from {@code rng} (one {@code nextInt(size)} per image), with
     * the images' labels.
     */
    @Override
    public LabeledBatch sampleLabeled(NDManager manager, Random rng, int batchSize) {
        if (classes() == 0) {
            return GanData.super.sampleLabeled(manager, rng, batchSize);
        }
        int[] indices = drawIndices(rng, batchSize);
        return new LabeledBatch(batch(manager, indices), labels(indices));
    }

    /**
     * Builds one NDArray from the images at {@code indices}, in that order (repeats allowed).
     *
     * @param manager where the batch is created
     * @param indices image indices, each in [0, size()), at least one
     * @return a float32 array of shape (indices.length, C, H, W)
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public NDArray batch(NDManager manager, int[] indices) {
        Objects.requireNonNull(manager, "manager");
        requirePositive("indices.length", indices.length);
        float[] out = new float[Math.multiplyExact(indices.length, pixelsPerImage)];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(pixels, offset(indices[b]), out, b * pixelsPerImage, pixelsPerImage);
        }
        return manager.create(out, new Shape(indices.length, channels, height, width));
    }

    /**
     * The labels of the images at {@code indices}, e.g. to go with {@link #batch(NDManager, int[])}.
     *
     * @param indices image indices, each in [0, size())
     * @return one label per index, {@code -1} for unlabeled images
     */
    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            out[b] = label(indices[b]);
        }
        return out;
    }

    /**
     * The DJL record for image {@code index}: data is the image (C, H, W), label is a float scalar
     * ({@code -1} when unlabeled).
     *
     * @param manager where the arrays are created
     * @param index the image index, in [0, size())
     * @return the record
     */
    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        NDArray image = manager.create(image(i), sampleShape());
        NDArray label = manager.create((float) label(i));
        return new Record(new NDList(image), new NDList(label));
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return count;
    }

    /** Does nothing: the images are already in memory. */
    @Override
    public void prepare(Progress progress) {
        // in memory already
    }

    /**
     * A view of this set that DJL's {@code getData(manager)} iterates with the given sampling. It
     * shares the pixel array.
     *
     * @param batchSize images per batch, at least 1
     * @param shuffle whether batches are shuffled (by DJL's own random source, which
     *     {@code ai.djl.engine.Engine#setRandomSeed} seeds) or in index order
     * @return a new view; this set is unchanged
     */
    public ImageSet withSampling(int batchSize, boolean shuffle) {
        requirePositive("batchSize", batchSize);
        Sampler.SubSampler order = shuffle
                ? new RandomSampler()
                : new SequenceSampler();
        return withSampler(new BatchSampler(order, batchSize, false));
    }

    /**
     * A view of this set that DJL's {@code getData(manager)} iterates with {@code sampler}. It shares
     * the pixel array.
     *
     * @param sampler a DJL sampler, e.g. a {@link BatchSampler}
     * @return a new view; this set is unchanged
     */
    public ImageSet withSampler(Sampler sampler) {
        return new ImageSet(name, channels, height, width, pixels, labels, classNames,
                Objects.requireNonNull(sampler, "sampler"), false);
    }

    /**
     * The first {@code n} images (all of them if there are fewer), copied into a new set.
     *
     * @param n number of images, at least 1
     * @return a new set named {@code name[:n]}
     */
    public ImageSet head(int n) {
        requirePositive("n", n);
        int[] indices = new int[Math.min(n, count)];
        Arrays.setAll(indices, i -> i);
        return select(name + "[:" + indices.length + "]", indices);
    }

    /**
     * {@code n} distinct images chosen uniformly at random with {@code new Random(seed)}, kept in
     * their original order and copied into a new set. All images if there are {@code n} or fewer.
     *
     * @param n number of images, at least 1
     * @param seed seed of the selection
     * @return a new set named {@code name[n@seed]}
     */
    public ImageSet subset(int n, long seed) {
        int[] chosen = subsetIndices(n, seed);
        return select(name + "[" + chosen.length + "@" + seed + "]", chosen);
    }

    /** The indices {@link #subset(int, long)} keeps, ascending. */
    int[] subsetIndices(int n, long seed) {
        requirePositive("n", n);
        if (n >= count) {
            return allIndices();
        }
        // Partial Fisher-Yates: the first n entries become a uniform random n-subset.
        int[] order = allIndices();
        Random rng = new Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(count - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, n);
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * Every image padded to {@code size} × {@code size}, centred, with {@code value} around it (e.g.
     * Fashion-MNIST's 28 × 28 to 32 × 32 with its background −1, for networks that halve sizes
     * down to 8 or 4). Labels and class names are kept.
     *
     * @param size the new side, at least the current height and width; size − side must be even
     * @param value the padding value, in [-1, 1]
     * @return a new set named {@code name+pad<size>}
     */
    public ImageSet padded(int size, float value) {
        int top = margin("padded", size - height);
        int left = margin("padded", size - width);
        if (!(value >= -1 && value <= 1)) {
            throw new IllegalArgumentException(name + ": padding value must be in [-1, 1], got " + value);
        }
        int per = channels * size * size;
        float[] out = new float[Math.multiplyExact(count, per)];
        Arrays.fill(out, value);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(pixels, offset(i) + (c * height + y) * width,
                            out, i * per + (c * size + y + top) * size + left, width);
                }
            }
        }
        return new ImageSet(name + "+pad" + size, channels, size, size, out, labels, classNames, sampler, false);
    }

    /**
     * The centred {@code size} × {@code size} crop of every image (the inverse of {@link #padded}).
     *
     * @param size the new side, at most the current height and width; side − size must be even
     * @return a new set named {@code name+crop<size>}
     */
    public ImageSet cropped(int size) {
        int top = margin("cropped", height - size);
        int left = margin("cropped", width - size);
        requirePositive("size", size);
        int per = channels * size * size;
        float[] out = new float[Math.multiplyExact(count, per)];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    System.arraycopy(pixels, offset(i) + (c * height + y + top) * width + left,
                            out, i * per + (c * size + y) * size, size);
                }
            }
        }
        return new ImageSet(name + "+crop" + size, channels, size, size, out, labels, classNames, sampler, false);
    }

    /**
     * Every image shrunk to {@code size} × {@code size} by averaging blocks of f × f pixels, f the
     * ratio of the sides (e.g. Shapes rendered at 64 × 64 to 32 × 32 for a classifier trained at
     * 32 × 32). Labels and class names are kept.
     *
     * @param size the new side; the height and width must be the same multiple of it
     * @return a new set named {@code name+down<size>}
     */
    public ImageSet downsampled(int size) {
        requirePositive("size", size);
        if (height != width || height % size != 0) {
            throw new IllegalArgumentException(name + ": downsampling to " + size + " x " + size + " needs square "
                    + "images whose side is a multiple of it, got " + height + " x " + width);
        }
        int f = height / size;
        int per = channels * size * size;
        float[] out = new float[Math.multiplyExact(count, per)];
        float scale = 1f / (f * f);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                int in = offset(i) + c * height * width;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        float sum = 0;
                        for (int dy = 0; dy < f; dy++) {
                            int row = in + (y * f + dy) * width + x * f;
                            for (int dx = 0; dx < f; dx++) {
                                sum += pixels[row + dx];
                            }
                        }
                        // a mean of values in [-1, 1] stays there, up to rounding
                        out[i * per + (c * size + y) * size + x] = Math.max(-1f, Math.min(1f, sum * scale));
                    }
                }
            }
        }
        return new ImageSet(name + "+down" + size, channels, size, size, out, labels, classNames, sampler, false);
    }

    private int margin(String op, int difference) {
        if (difference < 0 || difference % 2 != 0) {
            throw new IllegalArgumentException(name + ": " + op + " to that size needs an even, non-negative "
                    + "difference from the images' " + height + " x " + width + ", got " + difference);
        }
        return difference / 2;
    }

    /**
     * Generated samples as an image set: values clamped into [-1, 1] (a generator without a tanh
     * output, like BEGAN's, can overshoot a little), unlabelled.
     *
     * @param name a name for logs
     * @param shape (C, H, W)
     * @param samples n·C·H·W values, image after image; clamped in place
     * @return the set (it keeps {@code samples})
     */
    public static ImageSet ofSamples(String name, ai.djl.ndarray.types.Shape shape, float[] samples) {
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException(name + ": samples need an image shape (C, H, W), got " + shape);
        }
        for (int i = 0; i < samples.length; i++) {
            float v = samples[i];
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException(name + ": value " + i + " of the samples is NaN");
            }
            samples[i] = Math.max(-1f, Math.min(1f, v));
        }
        return new ImageSet(name, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2), samples, null, null);
    }

    /**
     * The same images with other labels, e.g. generated samples with the class each was generated
     * for (the pixels are shared, not copied).
     *
     * @param newLabels one label per image, each {@code -1} or a class index below {@code classNames.size()}
     * @param classNames class names indexed by label
     * @return a new set named like this one
     * @throws IllegalArgumentException if the label count differs from the image count or a label is out of range
     */
    public ImageSet withLabels(int[] newLabels, List<String> classNames) {
        return new ImageSet(name, channels, height, width, pixels, newLabels.clone(), classNames, sampler, true);
    }

    /**
     * Every image's label, in order (a copy).
     *
     * @return one label per image, {@code -1} where unlabeled
     */
    public int[] labels() {
        return labels.clone();
    }

    /** The images at {@code indices} (in that order), with their labels, copied into a new set. */
    ImageSet select(String newName, int[] indices) {
        float[] out = new float[Math.multiplyExact(indices.length, pixelsPerImage)];
        int[] outLabels = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(pixels, offset(indices[b]), out, b * pixelsPerImage, pixelsPerImage);
            outLabels[b] = labels[indices[b]];
        }
        return new ImageSet(newName, channels, height, width, out, outLabels, classNames, sampler, false);
    }

    private int[] allIndices() {
        int[] all = new int[count];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /**
     * Number of images as an {@code int}; the same as {@link #size()} for a set built here.
     *
     * @return number of images
     */
    public int count() {
        return count;
    }

    /**
     * Channels per image.
     *
     * @return C
     */
    public int channels() {
        return channels;
    }

    /**
     * Image height.
     *
     * @return H
     */
    public int height() {
        return height;
    }

    /**
     * Image width.
     *
     * @return W
     */
    public int width() {
        return width;
    }

    /**
     * The label of image {@code index}.
     *
     * @param index in [0, size())
     * @return the class index, or {@code -1} if unlabeled
     */
    public int label(int index) {
        Objects.checkIndex(index, count);
        return labels[index];
    }

    /** All images as one flat array (count, C, H, W), a copy; for metrics on plain arrays. */
    public float[] toArray() {
        float[] out = new float[Math.multiplyExact(count, pixelsPerImage)];
        for (int i = 0; i < count; i++) {
            System.arraycopy(pixels, offset(i), out, i * pixelsPerImage, pixelsPerImage);
        }
        return out;
    }

    /**
     * A copy of image {@code index}.
     *
     * @param index in [0, size())
     * @return C*H*W floats in [-1, 1], in (C, H, W) order
     */
    public float[] image(int index) {
        int from = offset(index);
        return Arrays.copyOfRange(pixels, from, from + pixelsPerImage);
    }

    /**
     * Class names indexed by label.
     *
     * @return an unmodifiable list, empty when the set has none
     */
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String toString() {
        return "ImageSet[" + name + ", " + count + " x (" + channels + ", " + height + ", " + width + ")"
                + (classNames.isEmpty() ? "" : ", " + classNames.size() + " classes") + "]";
    }

    private int offset(int index) {
        Objects.checkIndex(index, count);
        return index * pixelsPerImage;
    }

    private static void requirePositive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + n);
        }
    }

    /** The DJL builder, used only to hand a sampler to {@link RandomAccessDataset}'s constructor. */
    private static final class Sampling extends RandomAccessDataset.BaseBuilder<Sampling> {
        @Override
        protected Sampling self() {
            return this;
        }
    }
}
