package org.ganworkbench.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * Images paired pixel for pixel with semantic label maps, what an image-to-image GAN (pix2pix,
 * pix2pixHD, SPADE) translates: image {@code i} is an {@link ImageSet} image (C, H, W) in [-1, 1],
 * and its map gives every pixel one of K classes ({@link #labelNames()}, class ids 0 .. K−1) and
 * marks the pixels on a region boundary (the edge map).
 *
 * <p>The generator's input, the <em>condition map</em> of an image, has shape {@link #mapShape()} =
 * (K + 1, H, W), float32: plane {@code k < K} is 1 where the pixel's class is {@code k} and 0
 * elsewhere (one-hot, so the K planes sum to 1 at every pixel), and plane K is 1 on the boundary
 * pixels and 0 elsewhere. Boundaries are given by the maker of the set (ShapeScenes gives the
 * boundaries between shape <em>instances</em>, as pix2pixHD does, so two touching shapes of one
 * kind stay apart) or, when not given, computed from the labels: a pixel is on a boundary when one
 * of its 4 neighbours inside the image has another label.
 *
 * <p>Sampling: {@link #sample} and {@link #samplePaired} make exactly the same draws from the
 * {@link Random} (one {@code nextInt(count)} per image, as {@link ImageSet#sample} does), so the
 * same seed gives the same images with or without their maps. The images carry no class labels for
 * a conditional GAN: {@link #classes()} is 0.
 *
 * <p>Memory: besides the images (4 bytes per pixel and channel), one byte per pixel for the label
 * (hence at most {@value #MAX_LABEL_CLASSES} classes, as in the 8-bit label PNGs such sets come in)
 * and one for the edge. The condition maps are built per batch, (K + 1) floats per pixel, never
 * for the whole set. Instances are immutable.
 */
public final class PairedSet implements GanData {

    /** The most label classes a set can have: labels are stored one byte per pixel. */
    public static final int MAX_LABEL_CLASSES = 256;

    private final String name;
    private final ImageSet images;
    private final int count;
    private final int height;
    private final int width;
    private final int plane;
    /** Class id of every pixel, image after image, row-major; read as {@code b & 0xFF}. */
    private final byte[] labels;
    private final boolean[] edges;
    private final List<String> labelNames;

    /**
     * Pairs images with label maps. The labels are copied (stored one byte per pixel), the edges
     * too, so the caller may reuse its arrays.
     *
     * @param name a short name for logs and provenance, e.g. {@code shape-scenes64/train}
     * @param images the images, N x (C, H, W)
     * @param labels N * H * W class ids in [0, K), image after image, each map row-major (pixel
     *     (x, y) of image i at {@code (i * H + y) * W + x})
     * @param edges N * H * W boundary flags in the same order, or {@code null} to compute them from
     *     the labels (true where a 4-neighbour inside the image has another label)
     * @param labelNames the names of the K classes, K from 1 to {@value #MAX_LABEL_CLASSES}
     * @throws IllegalArgumentException naming the set: lengths that do not match N * H * W, no or
     *     too many class names, a null name, or the first label outside [0, K) with its index,
     *     image and pixel
     */
    public PairedSet(String name, ImageSet images, int[] labels, boolean[] edges, List<String> labelNames) {
        this(name, images, compact(name, images, labels, labelNames), edges == null ? null : edges.clone(),
                labelNames);
    }

    /**
     * Pairs images with label maps stored one byte per pixel, keeping {@code labels} and
     * {@code edges} (no copy): the caller must not modify them afterwards. Lengths and ranges are
     * checked as in the public constructor.
     */
    PairedSet(String name, ImageSet images, byte[] labels, boolean[] edges, List<String> labelNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.images = Objects.requireNonNull(images, name + ": images");
        Objects.requireNonNull(labels, name + ": labels");
        this.labelNames = checkNames(name, labelNames);
        this.count = images.count();
        this.height = images.height();
        this.width = images.width();
        this.plane = height * width;
        long expected = (long) count * plane;
        if (labels.length != expected) {
            throw new IllegalArgumentException(lengthProblem(name, "label", labels.length, count, height, width));
        }
        int classes = this.labelNames.size();
        for (int j = 0; j < labels.length; j++) {
            int label = labels[j] & 0xFF;
            if (label >= classes) {
                throw new IllegalArgumentException(labelProblem(name, j, label, classes, width, plane));
            }
        }
        this.labels = labels;
        if (edges == null) {
            edges = new boolean[labels.length];
            for (int i = 0; i < count; i++) {
                int at = i * plane;
                boundaries(p -> labels[at + p], height, width, edges, at);
            }
        } else if (edges.length != expected) {
            throw new IllegalArgumentException(lengthProblem(name, "edge", edges.length, count, height, width));
        }
        this.edges = edges;
    }

    /** The int labels as bytes, checking the length and range before anything is stored. */
    private static byte[] compact(String name, ImageSet images, int[] labels, List<String> labelNames) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(images, name + ": images");
        Objects.requireNonNull(labels, name + ": labels");
        int classes = checkNames(name, labelNames).size();
        long expected = (long) images.count() * images.height() * images.width();
        if (labels.length != expected) {
            throw new IllegalArgumentException(lengthProblem(name, "label", labels.length, images.count(),
                    images.height(), images.width()));
        }
        byte[] out = new byte[labels.length];
        for (int j = 0; j < labels.length; j++) {
            int label = labels[j];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(labelProblem(name, j, label, classes, images.width(),
                        images.height() * images.width()));
            }
            out[j] = (byte) label;
        }
        return out;
    }

    private static List<String> checkNames(String name, List<String> labelNames) {
        Objects.requireNonNull(labelNames, name + ": labelNames");
        if (labelNames.isEmpty() || labelNames.size() > MAX_LABEL_CLASSES) {
            throw new IllegalArgumentException(name + ": needs 1 to " + MAX_LABEL_CLASSES + " label names (one per "
                    + "class id, labels being stored one byte per pixel), got " + labelNames.size());
        }
        for (int k = 0; k < labelNames.size(); k++) {
            if (labelNames.get(k) == null) {
                throw new IllegalArgumentException(name + ": the name of label class " + k + " is null");
            }
        }
        return List.copyOf(labelNames);
    }

    private static String lengthProblem(String name, String what, int length, int count, int height, int width) {
        return name + ": " + length + " " + what + " values for " + count + " images of " + height + " x " + width
                + " (" + (long) count * height * width + " expected, one per pixel, image after image, row-major)";
    }

    private static String labelProblem(String name, int index, int label, int classes, int width, int plane) {
        int p = index % plane;
        return name + ": label " + index + " (image " + index / plane + ", pixel (" + p % width + ", " + p / width
                + ")) is " + label + ", outside [0, " + classes + "): there are " + classes + " label names";
    }

    /**
     * Marks the boundary pixels of one map: {@code out[at + y * width + x]} becomes true when a
     * 4-neighbour inside the map has another id than pixel (x, y), false otherwise.
     *
     * @param id the id of pixel {@code p = y * width + x}
     */
    static void boundaries(IntUnaryOperator id, int height, int width, boolean[] out, int at) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                int v = id.applyAsInt(p);
                out[at + p] = x > 0 && id.applyAsInt(p - 1) != v
                        || x < width - 1 && id.applyAsInt(p + 1) != v
                        || y > 0 && id.applyAsInt(p - width) != v
                        || y < height - 1 && id.applyAsInt(p + width) != v;
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
     * @return (C, H, W), the images'
     */
    @Override
    public Shape sampleShape() {
        return images.sampleShape();
    }

    /**
     * Shape of one condition map: K one-hot label planes, then the edge plane.
     *
     * @return (K + 1, H, W)
     */
    @Override
    public Shape mapShape() {
        return new Shape(labelNames.size() + 1, height, width);
    }

    /**
     * The images without their maps, e.g. for the metrics of generated images against real ones.
     *
     * @return the image set (shared, immutable)
     */
    public ImageSet images() {
        return images;
    }

    /**
     * Number of pairs.
     *
     * @return N
     */
    public int count() {
        return count;
    }

    /**
     * Number of label classes.
     *
     * @return K, the size of {@link #labelNames()}
     */
    public int labelClasses() {
        return labelNames.size();
    }

    /**
     * The label classes' names, indexed by class id.
     *
     * @return an unmodifiable list of K names
     */
    public List<String> labelNames() {
        return labelNames;
    }

    /**
     * The label map of image {@code index}, a copy.
     *
     * @param index in [0, count())
     * @return H * W class ids, row-major (pixel (x, y) at {@code y * W + x})
     */
    public int[] labelMap(int index) {
        int at = offset(index);
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = labels[at + p] & 0xFF;
        }
        return out;
    }

    /**
     * The edge map of image {@code index}, a copy.
     *
     * @param index in [0, count())
     * @return H * W flags, row-major, true on region boundaries
     */
    public boolean[] edgeMap(int index) {
        int at = offset(index);
        return Arrays.copyOfRange(edges, at, at + plane);
    }

    /**
     * Draws {@code batchSize} images uniformly at random with replacement, exactly as
     * {@link ImageSet#sample} does (one {@code rng.nextInt(count)} per image) and as
     * {@link #samplePaired} does.
     *
     * @return (batchSize, C, H, W) float32
     */
    @Override
    public NDArray sample(NDManager manager, Random rng, int batchSize) {
        return images.batch(manager, images.drawIndices(rng, batchSize));
    }

    /**
     * As {@link #sample}, the same draws, with each image's condition map.
     *
     * @return images (batchSize, C, H, W) and maps (batchSize, K + 1, H, W), both float32, and the
     *     drawn indices
     */
    @Override
    public PairedBatch samplePaired(NDManager manager, Random rng, int batchSize) {
        int[] indices = images.drawIndices(rng, batchSize);
        return new PairedBatch(images.batch(manager, indices), maps(manager, indices), indices);
    }

    /**
     * The images at {@code indices}, in that order (repeats allowed).
     *
     * @param manager where the array is created
     * @param indices at least one index, each in [0, count())
     * @return (n, C, H, W) float32
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public NDArray images(NDManager manager, int[] indices) {
        return images.batch(manager, indices);
    }

    /**
     * The condition maps of the images at {@code indices}, in that order (repeats allowed): per image
     * K one-hot label planes and the edge plane, as {@link #mapShape()} says.
     *
     * @param manager where the array is created
     * @param indices at least one index, each in [0, count())
     * @return (n, K + 1, H, W) float32 of 0s and 1s
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public NDArray maps(NDManager manager, int[] indices) {
        Objects.requireNonNull(manager, "manager");
        if (indices.length == 0) {
            throw new IllegalArgumentException(name + ": maps of no images asked for; give at least one index");
        }
        int classes = labelNames.size();
        int perMap = (classes + 1) * plane;
        float[] out = new float[Math.multiplyExact(indices.length, perMap)];
        for (int b = 0; b < indices.length; b++) {
            int at = offset(indices[b]);
            int base = b * perMap;
            int edgePlane = base + classes * plane;
            for (int p = 0; p < plane; p++) {
                out[base + (labels[at + p] & 0xFF) * plane + p] = 1f;
                if (edges[at + p]) {
                    out[edgePlane + p] = 1f;
                }
            }
        }
        return manager.create(out, new Shape(indices.length, classes + 1, height, width));
    }

    /**
     * Label maps as one-hot planes: {@code labels} holds {@code n} maps of {@code height x width}
     * class ids, map after map, each row-major; the result's plane {@code k} of map {@code i} is 1
     * where map {@code i} has class {@code k} and 0 elsewhere, e.g. for a segmentation network's
     * target or a SPADE block's input built from labels that are not in a set.
     *
     * @param manager where the array is created
     * @param labels {@code n * height * width} class ids in [0, classes)
     * @param n number of maps, at least 1
     * @param classes K, at least 1
     * @param height H, at least 1
     * @param width W, at least 1
     * @return (n, classes, height, width) float32
     * @throws IllegalArgumentException if a count is below 1, the length is not
     *     {@code n * height * width}, or a label is out of range (naming the first, with its map and
     *     pixel)
     */
    public static NDArray oneHotMaps(NDManager manager, int[] labels, int n, int classes, int height, int width) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(labels, "labels");
        if (n < 1 || classes < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("one-hot maps: n, classes, height and width must be at least 1, got "
                    + n + ", " + classes + ", " + height + ", " + width);
        }
        int mapPlane = Math.multiplyExact(height, width);
        if (labels.length != (long) n * mapPlane) {
            throw new IllegalArgumentException("one-hot maps: " + labels.length + " labels for " + n + " maps of "
                    + height + " x " + width + " (" + (long) n * mapPlane + " expected)");
        }
        float[] out = new float[Math.multiplyExact(labels.length, classes)];
        for (int j = 0; j < labels.length; j++) {
            int label = labels[j];
            if (label < 0 || label >= classes) {
                int p = j % mapPlane;
                throw new IllegalArgumentException("one-hot maps: label " + j + " (map " + j / mapPlane + ", pixel ("
                        + p % width + ", " + p / width + ")) is " + label + ", outside [0, " + classes + ")");
            }
            int i = j / mapPlane;
            out[(i * classes + label) * mapPlane + j % mapPlane] = 1f;
        }
        return manager.create(out, new Shape(n, classes, height, width));
    }

    /**
     * The first {@code n} pairs (all of them if there are fewer), copied into a new set.
     *
     * @param n number of pairs, at least 1
     * @return a new set named {@code name[:n]}, its images named as {@link ImageSet#head} names them
     */
    public PairedSet head(int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + ": head needs n of at least 1, got " + n);
        }
        int[] indices = new int[Math.min(n, count)];
        Arrays.setAll(indices, i -> i);
        String suffix = "[:" + indices.length + "]";
        return select(suffix, indices);
    }

    /**
     * {@code n} distinct pairs chosen as {@link ImageSet#subset(int, long)} chooses images (so
     * {@code subset(n, seed).images()} holds the images of {@code images().subset(n, seed)}), kept in
     * their original order and copied into a new set. All pairs if there are {@code n} or fewer.
     *
     * @param n number of pairs, at least 1
     * @param seed seed of the selection
     * @return a new set named {@code name[n@seed]}
     */
    public PairedSet subset(int n, long seed) {
        int[] chosen = images.subsetIndices(n, seed);
        return select("[" + chosen.length + "@" + seed + "]", chosen);
    }

    private PairedSet select(String suffix, int[] indices) {
        byte[] outLabels = new byte[Math.multiplyExact(indices.length, plane)];
        boolean[] outEdges = new boolean[outLabels.length];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(labels, offset(indices[b]), outLabels, b * plane, plane);
            System.arraycopy(edges, offset(indices[b]), outEdges, b * plane, plane);
        }
        return new PairedSet(name + suffix, images.select(images.name() + suffix, indices), outLabels, outEdges,
                labelNames);
    }

    private int offset(int index) {
        Objects.checkIndex(index, count);
        return index * plane;
    }

    @Override
    public String toString() {
        return "PairedSet[" + name + ", " + count + " x (" + images.channels() + ", " + height + ", " + width
                + ") with label maps of " + labelNames.size() + " classes]";
    }
}
