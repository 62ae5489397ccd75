package org.ganworkbench.metrics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.NativeHolders;
import org.ganworkbench.models.Init;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * The domain feature extractor behind the Fashion-MNIST metrics: a small CNN classifier trained on
 * Fashion-MNIST's training split. FID on Inception-v3 features measures ImageNet-ness; for 28x28
 * clothing a network trained on the very domain is the honest embedding, so the metrics built on it
 * are named for it ({@code fid_fmnist_10k}, not "Inception FID").
 *
 * <p>Architecture ({@link #ARCHITECTURE}): conv 3x3 32 + batch norm + ReLU + max-pool 2, conv 3x3 64
 * + batch norm + ReLU + max-pool 2, linear 128 + ReLU (the <em>feature layer</em>, what FID, KID and
 * C2ST compare), linear 10 (the logits; their softmax gives the class probabilities).
 *
 * <p>Training ({@link ClassifierTraining}, on DJL's trainer) is deterministic from a seed. The
 * test accuracy is measured on Fashion-MNIST's test split and stored with the weights; the metrics
 * need at least {@value #REQUIRED_ACCURACY} (a classifier that cannot tell a shirt from a coat
 * cannot judge generated ones either).
 *
 * <p>{@link #fashionMnist()} loads the classifier from {@code data/cache/fmnist-classifier/}
 * ({@link ClassifierStore}), or trains it there when missing.
 *
 * <p>Inference takes images of shape (1, 28, 28) with pixels in [-1, 1] (as {@link FashionMnist}
 * gives them) and returns a {@link Features} record of plain Java arrays, batch by batch in a
 * sub-manager that is closed with the batch. Other shapes are refused with a message naming the
 * expected one. Instances are not thread-safe; close them to free the weights.
 */
public final class DomainClassifier implements AutoCloseable {

    /** What the network is; stored with the weights and checked on load. */
    public static final String ARCHITECTURE = "fmnist-cnn-v1: conv3x3x32-bn-relu-maxpool2, conv3x3x64-bn-relu-maxpool2, "
            + "linear128-relu (features), linear10 (logits)";

    /** Shape of one input image. */
    public static final Shape IMAGE_SHAPE = new Shape(1, 28, 28);

    /** Length of a feature vector (the penultimate layer). */
    public static final int FEATURE_DIM = 128;

    /** Number of classes. */
    public static final int CLASSES = 10;

    /** Test accuracy below which the metrics refuse a classifier. */
    public static final double REQUIRED_ACCURACY = 0.90;

    private static final int PIXELS = Math.toIntExact(IMAGE_SHAPE.size());
    private static final int INFERENCE_BATCH = 500;

    /**
     * What a saved classifier is and how well it does.
     *
     * @param architecture {@link #ARCHITECTURE} at training time
     * @param testAccuracy share of correctly classified test images, in [0, 1]; NaN when not measured
     * @param testImages number of test images measured
     * @param trainImages number of training images
     * @param epochs passes over the training images
     * @param batchSize images per Adam step
     * @param learningRate Adam's (initial) learning rate
     * @param schedule how the learning rate changes, e.g. {@code "x0.1 for the last 2 epochs"}
     * @param seed seed of the weights and the batch order
     * @param trainSeconds wall-clock training time (test evaluations included)
     * @param djl DJL version
     * @param engine engine name
     * @param engineVersion engine version
     * @param ompNumThreads {@code OMP_NUM_THREADS} during training ("null" when unset)
     * @param created ISO-8601 date and time of training
     * @param paramsSha256 SHA-256 of the saved parameters ({@value ClassifierStore#PARAMS_FILE}), hex;
     *     null before saving
     */
    public record Info(String architecture, double testAccuracy, int testImages, int trainImages, int epochs,
                       int batchSize, double learningRate, String schedule, long seed, double trainSeconds, String djl,
                       String engine, String engineVersion, String ompNumThreads, String created,
                       String paramsSha256) {

        Info withSha(String sha) {
            return new Info(architecture, testAccuracy, testImages, trainImages, epochs, batchSize, learningRate,
                    schedule, seed, trainSeconds, djl, engine, engineVersion, ompNumThreads, created, sha);
        }

        @Override
        public String toString() {
            return String.format("%s; test accuracy %.2f%% on %d images; %d epochs on %d images (batch %d, Adam %s, %s), "
                            + "seed %d, %.0f s on %s %s (DJL %s, OMP_NUM_THREADS=%s), %s", architecture,
                    100 * testAccuracy, testImages, epochs, trainImages, batchSize, learningRate, schedule, seed,
                    trainSeconds, engine, engineVersion, djl, ompNumThreads, created);
        }
    }

    private final Engine engine;
    private final NDManager manager;
    private final SequentialBlock network;
    private final SequentialBlock body;
    private final Linear head;
    private final ParameterStore store;
    private Info info;

    DomainClassifier(Engine engine) {
        this.engine = Engines.prepare(engine);
        this.manager = engine.newBaseManager();
        this.body = new SequentialBlock()
                .add(conv(32)).add(BatchNorm.builder().build()).add(Activation::relu).add(pool())
                .add(conv(64)).add(BatchNorm.builder().build()).add(Activation::relu).add(pool())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FEATURE_DIM).build()).add(Activation::relu);
        this.head = Linear.builder().setUnits(CLASSES).build();
        this.network = new SequentialBlock().add(body).add(head);
        network.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(IMAGE_SHAPE));
        this.store = new ParameterStore(manager, false);
        NativeHolders.opened(this, "domain classifier on " + engine.getEngineName());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    private static ai.djl.nn.Block pool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    // ---------------------------------------------------------------- creating, loading, saving

    /**
     * The Fashion-MNIST classifier from {@link ClassifierStore#defaultDir()} on DJL's default engine;
     * trained (with {@link ClassifierTraining#defaults()}: about 2 minutes on 2 idle cores, 91.85%
     * test accuracy with seed 1 on MXNet) and saved there first if it is missing. Prints what it does.
     *
     * @return the loaded classifier
     * @throws IllegalStateException if a freshly trained classifier stays below
     *     {@value #REQUIRED_ACCURACY} test accuracy (nothing is saved then)
     */
    public static DomainClassifier fashionMnist() {
        Path dir = ClassifierStore.defaultDir();
        if (ClassifierStore.isSaved(dir)) {
            return ClassifierStore.load(dir, Engines.get(null));
        }
        System.out.println("No Fashion-MNIST classifier in " + dir + "; training one now (printed per epoch, "
                + "about 2 minutes on 2 idle cores; the command gan train-classifier does the same)");
        return ClassifierTraining.defaults().trainAndSave(dir);
    }

    /**
     * A classifier with initial (untrained) weights: for tests and for checking shapes.
     *
     * @param seed seed of the weights
     * @return a classifier on DJL's default engine whose {@link #info()} has NaN accuracy
     */
    public static DomainClassifier untrained(long seed) {
        DomainClassifier c = new DomainClassifier(Engines.get(null));
        c.initWeights(seed);
        c.info = c.describe(Double.NaN, 0, 0, 0, 0, 0, "untrained", seed, 0);
        return c;
    }

    /** Xavier weights drawn in Java from the seed (engine-independent). */
    void initWeights(long seed) {
        Init.xavier().apply(network.getParameters(), new Random(seed));
    }

    /** An info record for this classifier's engine, now. */
    Info describe(double accuracy, int testImages, int trainImages, int epochs, int batchSize,
                  double learningRate, String schedule, long seed, double seconds) {
        var v = Engines.versions(engine);
        return new Info(ARCHITECTURE, accuracy, testImages, trainImages, epochs, batchSize, learningRate, schedule, seed,
                Math.round(seconds * 10) / 10.0, v.get("djl"), v.get("engine"), v.get("engine_version"),
                v.get("omp_num_threads"), OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), null);
    }

    /** The whole network (features, then logits), for the store and the training. */
    SequentialBlock network() {
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
     * Features and class probabilities of every image of a set.
     *
     * @param images images (1, 28, 28) in [-1, 1]
     * @return one row per image
     * @throws IllegalArgumentException if the images are not (1, 28, 28)
     */
    public Features features(ImageSet images) {
        requireShape(images.name(), images.channels(), images.height(), images.width());
        int n = images.count();
        double[][] features = new double[n][];
        double[][] probabilities = new double[n][];
        for (int from = 0; from < n; from += INFERENCE_BATCH) {
            Interrupted.check("classifier features of " + images.name());
            int[] idx = new int[Math.min(INFERENCE_BATCH, n - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager sm = manager.newSubManager()) {
                infer(images.batch(sm, idx), features, probabilities, from);
            }
        }
        return new Features(features, probabilities);
    }

    /**
     * Features and class probabilities of {@code count} images (1, 28, 28) stored flat, image after
     * image, as {@code Gan.sampleToArray} returns them.
     *
     * @param pixels {@code count * 784} values in [-1, 1]
     * @param count number of images, at least 1
     * @return one row per image
     * @throws IllegalArgumentException if the length is not {@code count * 784} (the message says
     *     which shape the values would fit, e.g. 3 x 32 x 32)
     */
    public Features features(float[] pixels, int count) {
        Objects.requireNonNull(pixels, "pixels");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (pixels.length != (long) count * PIXELS) {
            String perImage = pixels.length % count == 0 ? (pixels.length / count) + " values per image"
                    + guessShape(pixels.length / count) : pixels.length + " values for " + count + " images";
            throw new IllegalArgumentException("the Fashion-MNIST classifier needs images of shape (1, 28, 28) = "
                    + PIXELS + " values each, got " + perImage);
        }
        return features(pixels, count, IMAGE_SHAPE);
    }

    /**
     * Features and class probabilities of images of a stated shape stored flat.
     *
     * @param pixels {@code count * C * H * W} values in [-1, 1]
     * @param count number of images, at least 1
     * @param imageShape (C, H, W) of one image; must be (1, 28, 28)
     * @return one row per image
     * @throws IllegalArgumentException if the shape is not (1, 28, 28) or the length does not match
     */
    public Features features(float[] pixels, int count, Shape imageShape) {
        if (imageShape.dimension() != 3) {
            throw new IllegalArgumentException("image shape must be (C, H, W), got " + imageShape);
        }
        requireShape("images", (int) imageShape.get(0), (int) imageShape.get(1), (int) imageShape.get(2));
        if (pixels.length != (long) count * PIXELS) {
            throw new IllegalArgumentException(count + " images of " + imageShape + " need " + ((long) count * PIXELS)
                    + " values, got " + pixels.length);
        }
        double[][] features = new double[count][];
        double[][] probabilities = new double[count][];
        for (int from = 0; from < count; from += INFERENCE_BATCH) {
            Interrupted.check("classifier features of " + count + " images");
            int b = Math.min(INFERENCE_BATCH, count - from);
            float[] slice = Arrays.copyOfRange(pixels, from * PIXELS, (from + b) * PIXELS);
            try (NDManager sm = manager.newSubManager()) {
                infer(sm.create(slice, new Shape(b).addAll(IMAGE_SHAPE)), features, probabilities, from);
            }
        }
        return new Features(features, probabilities);
    }

    private void infer(NDArray x, double[][] features, double[][] probabilities, int offset) {
        NDArray f = body.forward(store, new NDList(x), false).singletonOrThrow();
        NDArray logits = head.forward(store, new NDList(f), false).singletonOrThrow();
        float[] fv = f.toFloatArray();
        float[] pv = logits.softmax(1).toFloatArray();
        int b = (int) x.getShape().get(0);
        for (int i = 0; i < b; i++) {
            double[] fr = new double[FEATURE_DIM];
            for (int j = 0; j < FEATURE_DIM; j++) {
                fr[j] = fv[i * FEATURE_DIM + j];
            }
            double[] pr = new double[CLASSES];
            for (int k = 0; k < CLASSES; k++) {
                pr[k] = pv[i * CLASSES + k];
            }
            features[offset + i] = fr;
            probabilities[offset + i] = pr;
        }
    }

    /**
     * Share of images whose most probable class is their label.
     *
     * @param labelled images (1, 28, 28) with labels 0..9
     * @return accuracy in [0, 1]
     */
    public double accuracy(ImageSet labelled) {
        int[] predicted = features(labelled).predictedClasses();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labelled.label(i)) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    static void requireShape(String what, int c, int h, int w) {
        if (c != 1 || h != 28 || w != 28) {
            throw new IllegalArgumentException(what + ": the Fashion-MNIST classifier needs grayscale images of shape "
                    + "(1, 28, 28), got (" + c + ", " + h + ", " + w + ")"
                    + (c == 3 ? "; convert RGB to one channel" : "")
                    + (h != 28 || w != 28 ? "; resize to 28 x 28 (e.g. ImageFolder.load(dir, 28, false))" : ""));
        }
    }

    private static String guessShape(int perImage) {
        for (int c : new int[] {1, 3}) {
            if (perImage % c == 0) {
                int side = (int) Math.round(Math.sqrt(perImage / (double) c));
                if (side * side * c == perImage) {
                    return " (" + c + " x " + side + " x " + side + "?)";
                }
            }
        }
        return "";
    }

    // ---------------------------------------------------------------- accessors

    /**
     * What this classifier is: architecture, measured test accuracy, training settings, versions.
     *
     * @return the description (accuracy NaN for an untrained classifier)
     */
    public Info info() {
        return info;
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
        return "DomainClassifier[" + info + "]";
    }

    @Override
    public void close() {
        manager.close();
        NativeHolders.closed(this);
    }
}
