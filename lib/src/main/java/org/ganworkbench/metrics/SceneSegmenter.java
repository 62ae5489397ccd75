package org.ganworkbench.metrics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.engine.NativeHolders;
import org.ganworkbench.models.Init;
import org.ganworkbench.nn.SegmentationUNet;
import org.ganworkbench.storage.ManifestFolder;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The judge of an image-to-image GAN's faithfulness to its label maps, as the GauGAN paper (Park et
 * al. 2019) measures it: a segmentation network trained on <em>real</em> {@link ShapeScenes}
 * images segments the <em>generated</em> ones, and the pixel accuracy and mean IoU
 * ({@link ConfusionMatrix}) of its segmentation against the label maps the generator was given say
 * how closely the maps were followed. On real test images it sets the ceiling such scores can
 * reach; on real images against the maps of <em>other</em> images, the floor.
 *
 * <p>Network ({@link #architecture(int)}): a {@link SegmentationUNet} from images (N, 3, S, S) with
 * pixels in [-1, 1] to per-pixel logits (N, {@value #CLASSES}, S, S) over
 * {@link ShapeScenes#LABEL_NAMES} (background, circle, square, triangle, ring, cross), width
 * {@value #WIDTH} and log2(S) − 2 levels (down to 4 × 4). The predicted class of a pixel is the
 * argmax of its logits (the first of equal ones).
 *
 * <p>Training ({@link SegmenterTraining}) is deterministic from a seed: per-pixel softmax
 * cross-entropy on the {@link ShapeScenes#train(int)} scenes, Adam. The pixel accuracy, per-class
 * and mean IoU on the {@link ShapeScenes#test(int)} scenes are measured and stored with the
 * weights; a freshly trained network is saved only if it reaches {@link #REQUIRED_PIXEL_ACCURACY}
 * and {@link #REQUIRED_MEAN_IOU}.
 *
 * <p>Measured at 32 × 32 (the defaults, seed 1, MXNet, OMP_NUM_THREADS=2; the training repeats bit
 * for bit): on the 2,000 real test scenes, pixel accuracy 98.83% and mIoU 0.876 (IoU background
 * 0.996, circle 0.900, square 0.855, triangle 0.807, ring 0.864, cross 0.833), the ceiling a
 * generator can reach; the same segmentations scored against the map of the <em>next</em> test
 * scene (image i against map i + 1), pixel accuracy 77.4% and mIoU 0.155 (background 0.795, the
 * shapes 0.02 to 0.04), the floor of a generator that ignores its maps. Segmentation runs at about
 * 1,400 to 1,800 images/s on MXNet and 670 on PyTorch (2 cores, other work running).
 *
 * <p>{@link #forSize} loads the segmenter from {@code data/cache/segmenter-scenes<S>/}
 * ({@link SegmenterStore}), or trains it there when missing.
 *
 * <p>Inference runs in chunks of at most {@link #chunkImages(int)} images (256 at 32 × 32), each in
 * a sub-manager closed with the chunk, so memory does not grow with the number of images; results
 * are plain Java arrays. Instances are not thread-safe; close them to free the weights.
 */
public final class SceneSegmenter implements AutoCloseable {

    /** Number of classes: {@link ShapeScenes#LABEL_CLASSES}. */
    public static final int CLASSES = ShapeScenes.LABEL_CLASSES;

    /** Channels of the network's full-resolution level (doubled at every level down). */
    public static final int WIDTH = 8;

    /**
     * Pixel accuracy on the real test scenes below which a freshly trained segmenter is not saved:
     * 3.8 points below the 98.83% measured at 32 × 32.
     */
    public static final double REQUIRED_PIXEL_ACCURACY = 0.95;

    /**
     * Mean IoU on the real test scenes below which a freshly trained segmenter is not saved: 0.076
     * below the 0.876 measured at 32 × 32, and far above the 0.155 of segmentations scored against
     * other scenes' maps.
     */
    public static final double REQUIRED_MEAN_IOU = 0.80;

    /** Image pixels (one channel) per inference chunk: 256 images at 32 × 32, 64 at 64 × 64. */
    private static final int CHUNK_PIXELS = 1 << 18;

    /**
     * What a saved segmenter is and how well it segments real test scenes.
     *
     * @param architecture {@link #architecture(int)} at training time
     * @param size S, the side of the images it takes
     * @param pixelAccuracy share of the test pixels given their true class, in [0, 1]; NaN when not measured
     * @param meanIou mean IoU over the classes on the test images ({@link ConfusionMatrix#meanIou()}); NaN
     *     when not measured
     * @param classIou IoU of every class by its name, in class order; empty when not measured
     * @param testImages number of test images measured
     * @param trainImages number of training images
     * @param epochs passes over the training images
     * @param batchSize images per Adam step
     * @param learningRate Adam's (initial) learning rate
     * @param schedule how the learning rate changes, e.g. {@code "x0.1 for the last 1 epochs"}
     * @param seed seed of the weights and the batch order
     * @param trainSeconds wall-clock training time (the per-epoch test measurements included)
     * @param djl DJL version
     * @param engine engine name
     * @param engineVersion engine version
     * @param ompNumThreads {@code OMP_NUM_THREADS} during training ("null" when unset)
     * @param created ISO-8601 date and time of training
     * @param paramsSha256 SHA-256 of the saved parameters ({@value SegmenterStore#PARAMS_FILE}), hex;
     *     null before saving
     */
    public record Info(String architecture, int size, double pixelAccuracy, double meanIou,
                       Map<String, Double> classIou, int testImages, int trainImages, int epochs, int batchSize,
                       double learningRate, String schedule, long seed, double trainSeconds, String djl,
                       String engine, String engineVersion, String ompNumThreads, String created,
                       String paramsSha256) {

        Info withSha(String sha) {
            return new Info(architecture, size, pixelAccuracy, meanIou, classIou, testImages, trainImages, epochs,
                    batchSize, learningRate, schedule, seed, trainSeconds, djl, engine, engineVersion, ompNumThreads,
                    created, sha);
        }

        @Override
        public String toString() {
            StringBuilder ious = new StringBuilder();
            if (classIou != null) {
                classIou.forEach((k, v) -> ious.append(ious.length() == 0 ? "" : ", ")
                        .append(String.format("%s %.4f", k, v)));
            }
            return String.format("%s; pixel accuracy %.2f%%, mIoU %.4f (%s) on %d test images; %d epochs on %d images "
                            + "(batch %d, Adam %s, %s), seed %d, %.0f s on %s %s (DJL %s, OMP_NUM_THREADS=%s), %s",
                    architecture, 100 * pixelAccuracy, meanIou, ious, testImages, epochs, trainImages, batchSize,
                    learningRate, schedule, seed, trainSeconds, engine, engineVersion, djl, ompNumThreads, created);
        }
    }

    private final int size;
    private final Engine engine;
    private final NDManager manager;
    private final SegmentationUNet network;
    private final ParameterStore store;
    private Info info;

    SceneSegmenter(int size, Engine engine) {
        this.size = requireSize(size);
        this.engine = Engines.prepare(Objects.requireNonNull(engine, "engine"));
        this.manager = this.engine.newBaseManager();
        this.network = new SegmentationUNet(3, CLASSES, size, WIDTH, levels(size));
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
        this.store = new ParameterStore(manager, false);
        NativeHolders.opened(this, "scene segmenter " + size + " on " + this.engine.getEngineName());
    }

    /**
     * The network's halvings for images of side S: log2(S) − 2, down to a 4 × 4 bottleneck.
     *
     * @param size S, a power of two from 8 to 1024
     * @return the number of levels
     */
    public static int levels(int size) {
        return Integer.numberOfTrailingZeros(requireSize(size)) - 2;
    }

    /**
     * What the segmenter for side S is; stored with the weights and checked on load.
     *
     * @param size S, a power of two from 8 to 1024
     * @return e.g. {@code scene-unet-v1: 3x32x32 -> 6 classes, width 8, 3 levels, ...}
     */
    public static String architecture(int size) {
        return "scene-unet-v1: 3x" + size + "x" + size + " -> " + CLASSES + " classes, width " + WIDTH + ", "
                + levels(size) + " levels (2x conv3x3-bn-relu per level, maxpool2 down, nearest x2 up + skip concat, "
                + "conv1x1 logits)";
    }

    static int requireSize(int size) {
        if (size < 8 || size > 1024 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("the scene segmenter takes square images whose side is a power of two "
                    + "from 8 to 1024 (as ShapeScenes renders them), got " + size);
        }
        return size;
    }

    // ---------------------------------------------------------------- creating, loading, saving

    /**
     * The segmenter for images of side S from {@link SegmenterStore#dir(int)} on DJL's default
     * engine; trained (with {@link SegmenterTraining#defaults(int)}) and saved there first if it is
     * missing. Prints what it does.
     *
     * @param size S, a power of two from 8 to 1024 (32 for the notebooks)
     * @return the loaded segmenter
     * @throws java.io.UncheckedIOException naming the file and the fix if a saved one is damaged or
     *     of another architecture
     * @throws IllegalStateException if a freshly trained segmenter stays below
     *     {@link #REQUIRED_PIXEL_ACCURACY} or {@link #REQUIRED_MEAN_IOU} (nothing is saved then)
     */
    public static SceneSegmenter forSize(int size) {
        requireSize(size);
        Path dir = SegmenterStore.dir(size);
        if (SegmenterStore.isSaved(dir)) {
            return SegmenterStore.load(dir, size, Engines.get(null));
        }
        Path previous = ManifestFolder.previous(dir);
        if (SegmenterStore.isSaved(previous)) {
            // a save was cut off between its two renames: the complete former copy is there
            return SegmenterStore.load(previous, size, Engines.get(null));
        }
        System.out.println("No scene segmenter for " + size + " x " + size + " in " + dir + "; training one now "
                + "(printed per epoch; about 3 minutes at 32 x 32 on 2 cores, "
                + "6 while other work shares them)");
        return SegmenterTraining.defaults(size).trainAndSave(dir);
    }

    /**
     * A segmenter with initial (untrained) weights: for tests and for checking shapes.
     *
     * @param size S, a power of two from 8 to 1024
     * @param seed seed of the weights
     * @param engine engine name, or null for DJL's default
     * @return a segmenter whose {@link #info()} has NaN scores
     */
    public static SceneSegmenter untrained(int size, long seed, String engine) {
        SceneSegmenter s = new SceneSegmenter(size, Engines.get(engine));
        s.initWeights(seed);
        s.info = s.describe(null, 0, 0, 0, 0, 0, "untrained", seed, 0);
        return s;
    }

    /** Xavier weights drawn in Java from the seed (engine-independent); batch norm at identity. */
    void initWeights(long seed) {
        Init.xavier().apply(network.getParameters(), new Random(seed));
    }

    /** An info record for this segmenter's engine, now, with the scores of {@code test} (or NaN for null). */
    Info describe(ConfusionMatrix test, int testImages, int trainImages, int epochs, int batchSize,
                  double learningRate, String schedule, long seed, double seconds) {
        var v = Engines.versions(engine);
        Map<String, Double> ious = new LinkedHashMap<>();
        if (test != null) {
            double[] iou = test.iou();
            for (int k = 0; k < CLASSES; k++) {
                ious.put(ShapeScenes.LABEL_NAMES.get(k), iou[k]);
            }
        }
        return new Info(architecture(size), size, test == null ? Double.NaN : test.pixelAccuracy(),
                test == null ? Double.NaN : test.meanIou(), ious, testImages, trainImages, epochs, batchSize,
                learningRate, schedule, seed, Math.round(seconds * 10) / 10.0, v.get("djl"), v.get("engine"),
                v.get("engine_version"), v.get("omp_num_threads"),
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), null);
    }

    /** The network, for the store and the training. */
    SegmentationUNet network() {
        return network;
    }

    /** The manager the weights live in. */
    NDManager manager() {
        return manager;
    }

    void setInfo(Info info) {
        this.info = info;
    }

    // ---------------------------------------------------------------- inference

    /**
     * Images per inference chunk for side S: 2^18 / S², at least 1 (256 at 32 × 32).
     *
     * @param size S
     * @return the chunk's image count
     */
    public static int chunkImages(int size) {
        return Math.max(1, CHUNK_PIXELS / (size * size));
    }

    /**
     * The predicted class of every pixel of every image: the argmax of its logits.
     *
     * @param images images (3, S, S) in [-1, 1], S this segmenter's side
     * @return {@code count · S · S} class ids in [0, {@value #CLASSES}), image after image, each map
     *     row-major (pixel (x, y) of image i at {@code (i · S + y) · S + x}), as
     *     {@link PairedSet#labelMap} gives them
     * @throws IllegalArgumentException naming the set and the expected shape if the images are not (3, S, S)
     */
    public int[] segment(ImageSet images) {
        return segment(images, chunkImages(size));
    }

    /** {@link #segment(ImageSet)} in chunks of {@code chunk} images. */
    int[] segment(ImageSet images, int chunk) {
        requireShape(images.name(), images.channels(), images.height(), images.width());
        return argmax(images.count(), chunk, (sm, idx) -> images.batch(sm, idx));
    }

    /**
     * {@link #segment(ImageSet)} of {@code count} images stored flat, image after image, as
     * {@code Gan.sampleToArray} returns them.
     *
     * @param pixels {@code count · 3 · S · S} values in [-1, 1] (not changed)
     * @param count number of images, at least 1
     * @return {@code count · S · S} class ids, as {@link #segment(ImageSet)}
     * @throws IllegalArgumentException if the length is not {@code count} images of (3, S, S)
     */
    public int[] segment(float[] pixels, int count) {
        Objects.requireNonNull(pixels, "pixels");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        int per = 3 * size * size;
        if (pixels.length != (long) count * per) {
            throw new IllegalArgumentException("the " + size + " x " + size + " scene segmenter needs " + count
                    + " images of (3, " + size + ", " + size + ") = " + (long) count * per + " values, got "
                    + pixels.length + (pixels.length % count == 0 ? " (" + pixels.length / count + " per image)" : ""));
        }
        return argmax(count, chunkImages(size), (sm, idx) -> sm.create(
                Arrays.copyOfRange(pixels, idx[0] * per, (idx[idx.length - 1] + 1) * per),
                new Shape(idx.length, 3, size, size)));
    }

    /**
     * The network's logits for every pixel of every image (softmax over the classes gives the class
     * probabilities).
     *
     * @param images images (3, S, S) in [-1, 1]
     * @return {@code count · K · S · S} values in the order (N, K, S, S): image i's logit of class k
     *     at pixel (x, y) at {@code ((i · K + k) · S + y) · S + x}
     * @throws IllegalArgumentException naming the set and the expected shape if the images are not (3, S, S)
     */
    public float[] logits(ImageSet images) {
        requireShape(images.name(), images.channels(), images.height(), images.width());
        int n = images.count();
        int per = CLASSES * size * size;
        float[] out = new float[Math.multiplyExact(n, per)];
        int chunk = chunkImages(size);
        for (int from = 0; from < n; from += chunk) {
            Interrupted.check("segmenter logits of " + images.name());
            int[] idx = range(from, Math.min(n, from + chunk));
            try (NDManager sm = manager.newSubManager()) {
                float[] values = forward(images.batch(sm, idx)).toFloatArray();
                System.arraycopy(values, 0, out, from * per, values.length);
            }
        }
        return out;
    }

    private NDArray forward(NDArray x) {
        return network.forward(store, new NDList(x), false).singletonOrThrow();
    }

    private int[] argmax(int n, int chunk, BiFunction<NDManager, int[], NDArray> batch) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 image, got " + chunk);
        }
        int plane = size * size;
        int[] out = new int[Math.multiplyExact(n, plane)];
        for (int from = 0; from < n; from += chunk) {
            Interrupted.check("segmentation of " + n + " images");
            int[] idx = range(from, Math.min(n, from + chunk));
            try (NDManager sm = manager.newSubManager()) {
                long[] ids = forward(batch.apply(sm, idx)).argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int j = 0; j < ids.length; j++) {
                    out[from * plane + j] = (int) ids[j];
                }
            }
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return idx;
    }

    /**
     * Segments a paired set's own images and counts them against its label maps: the ceiling of
     * {@link #score(ImageSet, PairedSet)} when {@code real} holds real test scenes.
     *
     * @param real images with their label maps, {@value #CLASSES} classes, side S
     * @return the pixel counts (pixel accuracy, IoU per class, mean IoU)
     */
    public ConfusionMatrix score(PairedSet real) {
        return score(real.images(), real);
    }

    /**
     * Segments images and counts the predicted class of every pixel against the label map of the
     * same index in {@code maps}: image i of a generator given map i of a test set, scored against
     * map i.
     *
     * @param images images (3, S, S) in [-1, 1], as many as {@code maps} holds
     * @param maps the label maps the images should follow, {@value #CLASSES} classes, side S
     * @return the pixel counts (pixel accuracy, IoU per class, mean IoU)
     * @throws IllegalArgumentException if the counts, sides or class counts do not match
     */
    public ConfusionMatrix score(ImageSet images, PairedSet maps) {
        if (maps.labelClasses() != CLASSES) {
            throw new IllegalArgumentException(maps.name() + ": the scene segmenter knows " + CLASSES + " classes "
                    + ShapeScenes.LABEL_NAMES + ", the maps have " + maps.labelClasses() + " " + maps.labelNames());
        }
        if (images.count() != maps.count()) {
            throw new IllegalArgumentException(images.name() + ": " + images.count() + " images scored against "
                    + maps.count() + " maps of " + maps.name() + "; give one image per map, in the maps' order");
        }
        requireShape(maps.name() + " (its maps)", 3, maps.images().height(), maps.images().width());
        int[] predicted = segment(images);
        int plane = size * size;
        ConfusionMatrix cm = new ConfusionMatrix(CLASSES);
        for (int i = 0; i < maps.count(); i++) {
            cm.add(maps.labelMap(i), Arrays.copyOfRange(predicted, i * plane, (i + 1) * plane));
        }
        return cm;
    }

    void requireShape(String what, int c, int h, int w) {
        if (c != 3 || h != size || w != size) {
            throw new IllegalArgumentException(what + ": the " + size + " x " + size + " scene segmenter needs RGB "
                    + "images of shape (3, " + size + ", " + size + "), got (" + c + ", " + h + ", " + w + ")"
                    + (c != 3 ? "; it takes colour images" : "")
                    + (h != w || h == size ? "" : "; use SceneSegmenter.forSize(" + h + ") for images of that side"
                    + (h > size && h % size == 0 ? ", or ImageSet.downsampled(" + size + ")" : "")));
        }
    }

    // ---------------------------------------------------------------- accessors

    /**
     * What this segmenter is: architecture, measured test scores, training settings, versions.
     *
     * @return the description (scores NaN for an untrained segmenter)
     */
    public Info info() {
        return info;
    }

    /**
     * The side of the images it takes.
     *
     * @return S
     */
    public int size() {
        return size;
    }

    /**
     * The class names, indexed by class id.
     *
     * @return {@link ShapeScenes#LABEL_NAMES}
     */
    public List<String> classNames() {
        return ShapeScenes.LABEL_NAMES;
    }

    /**
     * The engine the weights live on.
     *
     * @return the engine
     */
    public Engine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "SceneSegmenter[" + size + "x" + size + ", " + info + "]";
    }

    @Override
    public void close() {
        manager.close();
        NativeHolders.closed(this);
    }
}
