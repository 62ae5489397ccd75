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
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.NativeHolders;
import org.ganworkbench.models.Init;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The domain feature extractor behind the feature metrics: a small CNN classifier trained on one
 * {@link ClassifierDomain}'s training images. FID on Inception-v3 features measures ImageNet-ness;
 * for 28x28 clothing or 32x32 coloured shapes a network trained on the very domain is the honest
 * embedding, so the metrics built on it are named for it ({@code fid_fmnist_10k},
 * {@code fid_shapes_2k}, not "Inception FID").
 *
 * <p>Architecture ({@link ClassifierDomain#architecture()}): conv 3x3 32 + batch norm + ReLU +
 * max-pool 2, conv 3x3 64 + batch norm + ReLU + max-pool 2 (for Shapes a third such block of 128,
 * down to 4 x 4), linear {@value #FEATURE_DIM} + ReLU (the <em>feature layer</em>, what FID, KID and
 * C2ST compare), and one linear head on it: the class logits (their softmax gives the class
 * probabilities), followed, for a domain with factors ({@link ClassifierDomain#SHAPES}), by the
 * factor regressions. For Fashion-MNIST the head is the 10 logits alone, as it always was.
 *
 * <p>Training ({@link ClassifierTraining}, on DJL's trainer) is deterministic from a seed. The
 * test accuracy is measured on the domain's test images and stored with the weights; the metrics
 * need at least {@link ClassifierDomain#requiredAccuracy()}.
 *
 * <p>{@link #forDomain} loads the classifier from {@code data/cache/<domain>-classifier/}
 * ({@link ClassifierStore}), or trains it there when missing.
 *
 * <p>Inference takes images of the domain's shape ((1, 28, 28) for Fashion-MNIST, (3, 32, 32) for
 * Shapes) with pixels in [-1, 1] and returns a {@link Features} record of plain Java arrays, batch by
 * batch in a sub-manager that is closed with the batch. Other shapes are refused with a message
 * naming the expected one ({@link ClassifierDomain#toInput} converts a run's other sizes). Instances
 * are not thread-safe; close them to free the weights.
 */
public final class DomainClassifier implements AutoCloseable {

    /** Length of a feature vector (the penultimate layer), in every domain. */
    public static final int FEATURE_DIM = 128;

    private static final int INFERENCE_BATCH = 500;

    /**
     * What a saved classifier is and how well it does.
     *
     * @param architecture {@link ClassifierDomain#architecture()} at training time
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
     * @param factorWeight weight of the factors' mean squared error beside the cross-entropy; null
     *     for a domain without factors
     * @param factorErrors the factors' mean absolute errors on the test images
     *     ({@link ClassifierDomain#factorErrors}); null for a domain without factors
     */
    public record Info(String architecture, double testAccuracy, int testImages, int trainImages, int epochs,
                       int batchSize, double learningRate, String schedule, long seed, double trainSeconds, String djl,
                       String engine, String engineVersion, String ompNumThreads, String created,
                       String paramsSha256, Double factorWeight, Map<String, Double> factorErrors) {

        Info withSha(String sha) {
            return new Info(architecture, testAccuracy, testImages, trainImages, epochs, batchSize, learningRate,
                    schedule, seed, trainSeconds, djl, engine, engineVersion, ompNumThreads, created, sha,
                    factorWeight, factorErrors);
        }

        @Override
        public String toString() {
            StringBuilder factors = new StringBuilder();
            if (factorErrors != null && !factorErrors.isEmpty()) {
                factors.append("; factor errors (MAE)");
                factorErrors.forEach((k, v) -> factors.append(String.format(" %s %.4f", k, v)));
                factors.append(" (loss weight ").append(factorWeight).append(')');
            }
            return String.format("%s; test accuracy %.2f%% on %d images%s; %d epochs on %d images (batch %d, Adam %s, "
                            + "%s), seed %d, %.0f s on %s %s (DJL %s, OMP_NUM_THREADS=%s), %s", architecture,
                    100 * testAccuracy, testImages, factors, epochs, trainImages, batchSize, learningRate, schedule,
                    seed, trainSeconds, engine, engineVersion, djl, ompNumThreads, created);
        }
    }

    private final ClassifierDomain domain;
    private final Engine engine;
    private final NDManager manager;
    private final SequentialBlock network;
    private final SequentialBlock body;
    private final Linear head;
    private final ParameterStore store;
    private final int pixels;
    private Info info;

    DomainClassifier(ClassifierDomain domain, Engine engine) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.engine = Engines.prepare(engine);
        this.manager = engine.newBaseManager();
        this.pixels = domain.pixels();
        // the blocks in this order are what the saved parameters are read back into
        this.body = new SequentialBlock();
        for (int filters : domain.convFilters()) {
            body.add(conv(filters)).add(BatchNorm.builder().build()).add(Activation::relu).add(pool());
        }
        body.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(FEATURE_DIM).build()).add(Activation::relu);
        // one linear layer on the features: the class logits, then the factor regressions (if any)
        this.head = Linear.builder().setUnits(domain.classes() + domain.factors().size()).build();
        this.network = new SequentialBlock().add(body).add(head);
        network.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(domain.imageShape()));
        this.store = new ParameterStore(manager, false);
        NativeHolders.opened(this, domain.id() + " domain classifier on " + engine.getEngineName());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    private static ai.djl.nn.Block pool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    // ---------------------------------------------------------------- creating, loading, saving

    /**
     * The Fashion-MNIST classifier: {@code forDomain(ClassifierDomain.FMNIST)} (trained with
     * {@link ClassifierTraining#defaults()} when missing: about 2 minutes on 2 idle cores, 91.85% test
     * accuracy with seed 1 on MXNet).
     *
     * @return the loaded classifier
     */
    public static DomainClassifier fashionMnist() {
        return forDomain(ClassifierDomain.FMNIST);
    }

    /**
     * The classifier of a domain from {@link ClassifierStore#dir(ClassifierDomain)} on DJL's default
     * engine; trained (with {@link ClassifierTraining#defaults(ClassifierDomain)}) and saved there
     * first if it is missing. Prints what it does.
     *
     * @param domain the domain
     * @return the loaded classifier
     * @throws IllegalStateException if a freshly trained classifier stays below the domain's
     *     {@link ClassifierDomain#requiredAccuracy()} (nothing is saved then)
     */
    public static DomainClassifier forDomain(ClassifierDomain domain) {
        Path dir = ClassifierStore.dir(domain);
        if (ClassifierStore.isSaved(dir)) {
            return ClassifierStore.load(dir, domain, Engines.get(null));
        }
        System.out.println("No " + domain.title() + " classifier in " + dir + "; training one now (printed per epoch, "
                + (domain == ClassifierDomain.FMNIST ? "about 2 minutes" : "about 7 minutes") + " on 2 idle cores; "
                + "the command gan train-classifier --domain " + domain.id()
                + " does the same)");
        return ClassifierTraining.defaults(domain).trainAndSave(dir);
    }

    /**
     * A Fashion-MNIST classifier with initial (untrained) weights: for tests and for checking shapes.
     *
     * @param seed seed of the weights
     * @return a classifier on DJL's default engine whose {@link #info()} has NaN accuracy
     */
    public static DomainClassifier untrained(long seed) {
        return untrained(ClassifierDomain.FMNIST, seed, null);
    }

    /**
     * A classifier of a domain with initial (untrained) weights: for tests and for checking shapes.
     *
     * @param domain the domain
     * @param seed seed of the weights
     * @param engine engine name, or null for DJL's default
     * @return a classifier whose {@link #info()} has NaN accuracy
     */
    public static DomainClassifier untrained(ClassifierDomain domain, long seed, String engine) {
        DomainClassifier c = new DomainClassifier(domain, Engines.get(engine));
        c.initWeights(seed);
        c.info = c.describe(Double.NaN, 0, 0, 0, 0, 0, "untrained", seed, 0, null, null);
        return c;
    }

    /** Xavier weights drawn in Java from the seed (engine-independent). */
    void initWeights(long seed) {
        Init.xavier().apply(network.getParameters(), new Random(seed));
    }

    /** An info record for this classifier's engine, now. */
    Info describe(double accuracy, int testImages, int trainImages, int epochs, int batchSize,
                  double learningRate, String schedule, long seed, double seconds, Double factorWeight,
                  Map<String, Double> factorErrors) {
        var v = Engines.versions(engine);
        return new Info(domain.architecture(), accuracy, testImages, trainImages, epochs, batchSize, learningRate,
                schedule, seed, Math.round(seconds * 10) / 10.0, v.get("djl"), v.get("engine"), v.get("engine_version"),
                v.get("omp_num_threads"), OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), null,
                factorWeight, factorErrors);
    }

    /** The whole network (features, then the head), for the store and the training. */
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
     * Features and class probabilities of every image of a set, and the images' labels as their
     * classes when every image has one of the domain's classes (real labelled images, or samples
     * labelled with the class they were generated for).
     *
     * @param images images of the domain's shape in [-1, 1]
     * @return one row per image
     * @throws IllegalArgumentException if the images are not of the domain's shape
     */
    public Features features(ImageSet images) {
        Outputs out = outputs(images, false);
        Features f = new Features(out.features, out.probabilities);
        int[] labels = images.labels();
        boolean labelled = Arrays.stream(labels).allMatch(l -> l >= 0 && l < domain.classes());
        return labelled ? f.withClasses(labels) : f;
    }

    /**
     * The factor regressions of every image of a set, as the network outputs them (scaled as
     * {@link ClassifierDomain.Split#factors()}).
     *
     * @param images images of the domain's shape in [-1, 1]
     * @return one row of {@link ClassifierDomain#factors()} values per image
     * @throws IllegalStateException for a domain without factors
     */
    public double[][] factors(ImageSet images) {
        if (domain.factors().isEmpty()) {
            throw new IllegalStateException("the " + domain.title() + " classifier regresses no factors");
        }
        return outputs(images, true).factors;
    }

    private record Outputs(double[][] features, double[][] probabilities, double[][] factors) {}

    private Outputs outputs(ImageSet images, boolean withFactors) {
        requireShape(images.name(), images.channels(), images.height(), images.width());
        int n = images.count();
        Outputs out = new Outputs(new double[n][], new double[n][], withFactors ? new double[n][] : null);
        for (int from = 0; from < n; from += INFERENCE_BATCH) {
            Interrupted.check("classifier features of " + images.name());
            int[] idx = new int[Math.min(INFERENCE_BATCH, n - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager sm = manager.newSubManager()) {
                infer(images.batch(sm, idx), out, from);
            }
        }
        return out;
    }

    /**
     * Features and class probabilities of {@code count} images of the domain's shape stored flat,
     * image after image, as {@code Gan.sampleToArray} returns them.
     *
     * @param pixels {@code count} images' values in [-1, 1]
     * @param count number of images, at least 1
     * @return one row per image
     * @throws IllegalArgumentException if the length is not {@code count} images of the domain's shape
     *     (the message says which shape the values would fit, e.g. 3 x 32 x 32)
     */
    public Features features(float[] pixels, int count) {
        Objects.requireNonNull(pixels, "pixels");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (pixels.length != (long) count * this.pixels) {
            String perImage = pixels.length % count == 0 ? (pixels.length / count) + " values per image"
                    + guessShape(pixels.length / count) : pixels.length + " values for " + count + " images";
            throw new IllegalArgumentException("the " + domain.title() + " classifier needs images of shape "
                    + shapeText(domain.imageShape()) + " = " + this.pixels + " values each, got " + perImage);
        }
        return features(pixels, count, domain.imageShape());
    }

    /**
     * Features and class probabilities of images of a stated shape stored flat.
     *
     * @param pixels {@code count * C * H * W} values in [-1, 1]
     * @param count number of images, at least 1
     * @param imageShape (C, H, W) of one image; must be the domain's
     * @return one row per image
     * @throws IllegalArgumentException if the shape is not the domain's or the length does not match
     */
    public Features features(float[] pixels, int count, Shape imageShape) {
        if (imageShape.dimension() != 3) {
            throw new IllegalArgumentException("image shape must be (C, H, W), got " + imageShape);
        }
        requireShape("images", (int) imageShape.get(0), (int) imageShape.get(1), (int) imageShape.get(2));
        int per = this.pixels;
        if (pixels.length != (long) count * per) {
            throw new IllegalArgumentException(count + " images of " + imageShape + " need " + ((long) count * per)
                    + " values, got " + pixels.length);
        }
        Outputs out = new Outputs(new double[count][], new double[count][], null);
        for (int from = 0; from < count; from += INFERENCE_BATCH) {
            Interrupted.check("classifier features of " + count + " images");
            int b = Math.min(INFERENCE_BATCH, count - from);
            float[] slice = Arrays.copyOfRange(pixels, from * per, (from + b) * per);
            try (NDManager sm = manager.newSubManager()) {
                infer(sm.create(slice, new Shape(b).addAll(domain.imageShape())), out, from);
            }
        }
        return new Features(out.features, out.probabilities);
    }

    private void infer(NDArray x, Outputs out, int offset) {
        NDArray f = body.forward(store, new NDList(x), false).singletonOrThrow();
        NDArray outputs = head.forward(store, new NDList(f), false).singletonOrThrow();
        int classes = domain.classes();
        int factors = domain.factors().size();
        NDArray logits = factors == 0 ? outputs : outputs.get(":, 0:" + classes);
        float[] fv = f.toFloatArray();
        float[] pv = logits.softmax(1).toFloatArray();
        float[] rv = out.factors == null ? null : outputs.get(":, " + classes + ":").toFloatArray();
        int b = (int) x.getShape().get(0);
        for (int i = 0; i < b; i++) {
            double[] fr = new double[FEATURE_DIM];
            for (int j = 0; j < FEATURE_DIM; j++) {
                fr[j] = fv[i * FEATURE_DIM + j];
            }
            double[] pr = new double[classes];
            for (int k = 0; k < classes; k++) {
                pr[k] = pv[i * classes + k];
            }
            out.features[offset + i] = fr;
            out.probabilities[offset + i] = pr;
            if (rv != null) {
                double[] rr = new double[factors];
                for (int k = 0; k < factors; k++) {
                    rr[k] = rv[i * factors + k];
                }
                out.factors[offset + i] = rr;
            }
        }
    }

    /**
     * Share of images whose most probable class is their label.
     *
     * @param labelled images of the domain's shape with their class labels
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

    /**
     * The factors' regression errors on labelled images ({@link ClassifierDomain#factorErrors}).
     *
     * @param split images with their factor targets
     * @return error by name; empty for a domain without factors
     */
    public Map<String, Double> factorErrors(ClassifierDomain.Split split) {
        if (domain.factors().isEmpty() || split.factors() == null) {
            return Map.of();
        }
        return domain.factorErrors(factors(split.images()), split.factors());
    }

    void requireShape(String what, int c, int h, int w) {
        Shape want = domain.imageShape();
        int wc = (int) want.get(0);
        int side = (int) want.get(1);
        if (c != wc || h != side || w != (int) want.get(2)) {
            throw new IllegalArgumentException(what + ": the " + domain.title() + " classifier needs "
                    + (wc == 1 ? "grayscale" : "RGB") + " images of shape " + shapeText(want) + ", got (" + c + ", "
                    + h + ", " + w + ")"
                    + (c == 3 && wc == 1 ? "; convert RGB to one channel" : "")
                    + (c == 1 && wc == 3 ? "; it takes colour images" : "")
                    + (h != side || w != side ? "; resize to " + side + " x " + side + " (e.g. ImageFolder.load(dir, "
                    + side + ", " + (wc == 3) + "))" : ""));
        }
    }

    private static String shapeText(Shape s) {
        return "(" + s.get(0) + ", " + s.get(1) + ", " + s.get(2) + ")";
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
     * The domain it was trained on, whose name its metrics carry.
     *
     * @return the domain
     */
    public ClassifierDomain domain() {
        return domain;
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
        return "DomainClassifier[" + domain.id() + ", " + info + "]";
    }

    @Override
    public void close() {
        manager.close();
        NativeHolders.closed(this);
    }
}
