package org.ganworkbench.metrics;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.apache.commons.io.file.PathUtils;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.data.DataPaths;
import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Init;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;

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
 * <p>Training is deterministic from a seed: weights are drawn in Java ({@link Init#xavier()}), the
 * batch order comes from a {@link Random} of the seed, Adam at a fixed learning rate. The test
 * accuracy is measured on Fashion-MNIST's test split and stored with the weights; the metrics need
 * at least {@value #REQUIRED_ACCURACY} (a classifier that cannot tell a shirt from a coat cannot
 * judge generated ones either).
 *
 * <p>{@link #fashionMnist()} loads the classifier from {@code data/cache/fmnist-classifier/}, or
 * trains it there when missing. The folder holds {@value #PARAMS_FILE} (DJL parameters, which load on
 * either engine) and {@value #INFO_FILE} ({@link Info}: accuracy, seed, versions, date, a SHA-256 of
 * the parameters). It is written atomically: a finished folder or none.
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

    /** File name of the DJL parameters in the classifier folder. */
    public static final String PARAMS_FILE = "classifier.params";

    /** File name of the description in the classifier folder. */
    public static final String INFO_FILE = "classifier.json";

    private static final int PIXELS = Math.toIntExact(IMAGE_SHAPE.size());
    private static final int INFERENCE_BATCH = 500;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

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
     * @param paramsSha256 SHA-256 of {@value #PARAMS_FILE}, hex; null before saving
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

    private DomainClassifier(Engine engine) {
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
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    private static ai.djl.nn.Block pool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    // ---------------------------------------------------------------- creating, loading, saving

    /**
     * The Fashion-MNIST classifier from {@link #defaultDir()} on DJL's default engine; trained
     * (with {@link #trainer()}'s defaults: about 2 minutes on 2 idle cores, 91.85% test accuracy
     * with seed 1 on MXNet) and saved there first if it is missing. Prints what it does.
     *
     * @return the loaded classifier
     * @throws IllegalStateException if a freshly trained classifier stays below
     *     {@value #REQUIRED_ACCURACY} test accuracy (nothing is saved then)
     */
    public static DomainClassifier fashionMnist() {
        Path dir = defaultDir();
        if (isSaved(dir)) {
            return load(dir, Engines.get(null));
        }
        System.out.println("No Fashion-MNIST classifier in " + dir + "; training one now (printed per epoch, "
                + "about 2 minutes on 2 idle cores; the command org.ganworkbench.cli.TrainClassifier does the same)");
        return trainAndSave(trainer(), dir, System.out);
    }

    /**
     * Trains a classifier with {@code trainer} on Fashion-MNIST, checks its test accuracy against
     * {@value #REQUIRED_ACCURACY}, and saves it into {@code dir}.
     *
     * @param trainer the settings
     * @param dir where to save it (replaced atomically if present)
     * @param log where progress goes
     * @return the trained classifier
     * @throws IllegalStateException if the test accuracy stays below {@value #REQUIRED_ACCURACY}
     */
    public static DomainClassifier trainAndSave(Trainer trainer, Path dir, PrintStream log) {
        DomainClassifier c = trainer.log(log).train(FashionMnist.train(), FashionMnist.test());
        if (!(c.info.testAccuracy() >= REQUIRED_ACCURACY)) {
            double acc = c.info.testAccuracy();
            c.close();
            throw new IllegalStateException(String.format("the classifier reached only %.2f%% test accuracy, below the "
                    + "%.0f%% the metrics need; not saved to %s (train longer: more epochs)", 100 * acc,
                    100 * REQUIRED_ACCURACY, dir));
        }
        c.save(dir);
        log.printf("saved to %s (test accuracy %.2f%%)%n", dir, 100 * c.info.testAccuracy());
        return c;
    }

    /**
     * Where {@link #fashionMnist()} keeps the classifier.
     *
     * @return {@code <data>/cache/fmnist-classifier}, the data folder as {@link DataPaths#dataDir()}
     *     finds it
     */
    public static Path defaultDir() {
        return DataPaths.dataDir().resolve("cache").resolve("fmnist-classifier");
    }

    /**
     * Whether {@code dir} holds a saved classifier (both files).
     *
     * @param dir a classifier folder
     * @return true if {@value #PARAMS_FILE} and {@value #INFO_FILE} are there
     */
    public static boolean isSaved(Path dir) {
        return Files.isRegularFile(dir.resolve(PARAMS_FILE)) && Files.isRegularFile(dir.resolve(INFO_FILE));
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

    /**
     * Loads a saved classifier on DJL's default engine.
     *
     * @param dir the folder {@link #save(Path)} wrote
     * @return the classifier
     */
    public static DomainClassifier load(Path dir) {
        return load(dir, Engines.get(null));
    }

    /**
     * Loads a saved classifier.
     *
     * @param dir the folder {@link #save(Path)} wrote
     * @param engine where the weights go (they load on MXNet and PyTorch alike)
     * @return the classifier
     * @throws UncheckedIOException naming the file if a file is missing, unreadable, or its checksum,
     *     architecture or format is not what this code expects
     */
    public static DomainClassifier load(Path dir, Engine engine) {
        Path infoFile = dir.resolve(INFO_FILE);
        Path paramsFile = dir.resolve(PARAMS_FILE);
        Info info;
        byte[] params;
        try {
            info = GSON.fromJson(Files.readString(infoFile, StandardCharsets.UTF_8), Info.class);
            params = Files.readAllBytes(paramsFile);
        } catch (IOException | JsonParseException e) {
            throw new UncheckedIOException(new IOException(dir + ": cannot read the saved classifier ("
                    + e.getMessage() + "); delete the folder or run TrainClassifier --force", e));
        }
        if (info == null || !ARCHITECTURE.equals(info.architecture())) {
            throw new UncheckedIOException(new IOException(infoFile + ": saved architecture "
                    + (info == null ? "missing" : "'" + info.architecture() + "'") + " is not this code's '"
                    + ARCHITECTURE + "'; retrain with TrainClassifier --force"));
        }
        String sha = sha256(params);
        if (info.paramsSha256() != null && !info.paramsSha256().equals(sha)) {
            throw new UncheckedIOException(new IOException(paramsFile + ": SHA-256 " + sha + " differs from "
                    + info.paramsSha256() + " recorded in " + INFO_FILE + "; the file is damaged or from another "
                    + "training; retrain with TrainClassifier --force"));
        }
        DomainClassifier c = new DomainClassifier(engine);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            c.network.loadParameters(c.manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            c.close();
            throw new UncheckedIOException(new IOException(paramsFile + ": cannot load the parameters ("
                    + e.getMessage() + "); retrain with TrainClassifier --force", e));
        }
        c.info = info;
        return c;
    }

    /**
     * Saves the weights and {@link #info()} into {@code dir}, atomically: both files are written
     * into a temporary folder next to it, which then replaces {@code dir} by a rename, so readers
     * see the old classifier, the new one, or none, never half of one.
     *
     * @param dir the classifier folder (created, or replaced)
     * @throws UncheckedIOException naming the folder if writing fails
     */
    public void save(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
                network.saveParameters(out);
            }
            byte[] params = bytes.toByteArray();
            Info saved = info.withSha(sha256(params));
            tmp = Files.createTempDirectory(parent, target.getFileName() + ".tmp-");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep its default
            }
            Files.write(tmp.resolve(PARAMS_FILE), params);
            Files.writeString(tmp.resolve(INFO_FILE), GSON.toJson(saved) + "\n", StandardCharsets.UTF_8);
            Path old = null;
            if (Files.exists(target)) {
                old = parent.resolve(target.getFileName() + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (IOException e) {
                if (old != null) {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            if (old != null) {
                PathUtils.delete(old);
            }
            info = saved;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(target + ": cannot save the classifier: " + e.getMessage(), e));
        } finally {
            if (tmp != null) {
                try {
                    PathUtils.delete(tmp);
                } catch (IOException ignored) {
                    // best effort; the temporary folder is named *.tmp-*
                }
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- training

    /**
     * Settings for training a classifier; the defaults give 91.85% test accuracy on Fashion-MNIST
     * (MXNet, OMP_NUM_THREADS=2; the run repeats bit for bit).
     *
     * @return a trainer with the defaults (5 epochs, batch 128, Adam 1e-3 and 1e-4 for the last 2
     *     epochs, seed 1, default engine)
     */
    public static Trainer trainer() {
        return new Trainer();
    }

    /** Settings for {@link #train(ImageSet, ImageSet)}; each setter returns this trainer. */
    public static final class Trainer {
        private int epochs = 5;
        private int batchSize = 128;
        private float learningRate = 1e-3f;
        private long seed = 1;
        private int decayedEpochs = 2;
        private String engine;
        private int maxBatchesPerEpoch = Integer.MAX_VALUE;
        private PrintStream log = System.out;

        private Trainer() {}

        /** Passes over the training images (default 5). */
        public Trainer epochs(int epochs) {
            this.epochs = positive("epochs", epochs);
            return this;
        }

        /** Images per Adam step (default 128). */
        public Trainer batchSize(int batchSize) {
            this.batchSize = positive("batchSize", batchSize);
            return this;
        }

        /** Adam's learning rate (default 1e-3). */
        public Trainer learningRate(float learningRate) {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /**
         * How many of the last epochs run at a tenth of the learning rate (default 2; 0 for a fixed
         * rate). Ignored when there are not more epochs than that.
         */
        public Trainer decayedEpochs(int decayedEpochs) {
            if (decayedEpochs < 0) {
                throw new IllegalArgumentException("decayedEpochs must be at least 0, got " + decayedEpochs);
            }
            this.decayedEpochs = decayedEpochs;
            return this;
        }

        /** Seed of the weights and of the batch order (default 1). */
        public Trainer seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Engine name ("MXNet", "PyTorch"), or null for DJL's default. */
        public Trainer engine(String engine) {
            this.engine = engine;
            return this;
        }

        /** Stops each epoch after this many batches: for quick tests only. */
        public Trainer maxBatchesPerEpoch(int maxBatches) {
            this.maxBatchesPerEpoch = positive("maxBatchesPerEpoch", maxBatches);
            return this;
        }

        /** Where the per-epoch progress lines go (default System.out); null for silence. */
        public Trainer log(PrintStream log) {
            this.log = log;
            return this;
        }

        /**
         * Trains a classifier and measures its accuracy on {@code test}.
         *
         * @param train labelled images (1, 28, 28) in [-1, 1], labels 0..9
         * @param test labelled images for the accuracy
         * @return the trained classifier, its {@link #info()} filled in (not yet saved)
         */
        public DomainClassifier train(ImageSet train, ImageSet test) {
            return DomainClassifier.train(this, train, test);
        }

        private static int positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + v);
            }
            return v;
        }
    }

    private static DomainClassifier train(Trainer t, ImageSet train, ImageSet test) {
        requireShape(train.name(), train.channels(), train.height(), train.width());
        requireShape(test.name(), test.channels(), test.height(), test.width());
        requireLabels(train);
        requireLabels(test);
        DomainClassifier c = new DomainClassifier(Engines.get(t.engine));
        try {
            c.initWeights(t.seed);
            c.fit(t, train, test);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void requireLabels(ImageSet set) {
        for (int i = 0; i < set.count(); i++) {
            int label = set.label(i);
            if (label < 0 || label >= CLASSES) {
                throw new IllegalArgumentException(set.name() + ": image " + i + " has label " + label
                        + "; training needs labels 0.." + (CLASSES - 1));
            }
        }
    }

    private void initWeights(long seed) {
        Init.xavier().apply(network.getParameters(), new Random(seed));
    }

    private void fit(Trainer t, ImageSet train, ImageSet test) {
        long start = System.nanoTime();
        List<Parameter> params = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
                params.add(p.getValue());
            }
        }
        int n = train.count();
        int batchesPerEpoch = Math.min(t.maxBatchesPerEpoch, (n + t.batchSize - 1) / t.batchSize);
        // the last epochs at a tenth of the rate, the usual step decay (measured: 4 epochs at a fixed rate
        // gave 90.4% test accuracy, 5 epochs with the last 2 decayed 91.9%)
        int decayAfter = Math.max(1, t.epochs - t.decayedEpochs) * batchesPerEpoch;
        float lr = t.learningRate;
        Tracker rate = t.decayedEpochs == 0 || t.epochs <= t.decayedEpochs ? Tracker.fixed(lr)
                : update -> update <= decayAfter ? lr : lr * 0.1f;
        String schedule = t.decayedEpochs == 0 || t.epochs <= t.decayedEpochs ? "fixed"
                : "x0.1 for the last " + t.decayedEpochs + " epochs";
        Optimizer adam = Adam.builder().optLearningRateTracker(rate).build();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        Random rng = new Random(t.seed * 0x9E3779B97F4A7C15L + 1);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double accuracy = Double.NaN;
        for (int epoch = 1; epoch <= t.epochs; epoch++) {
            long epochStart = System.nanoTime();
            shuffle(order, rng);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int b = 0; b < batchesPerEpoch; b++) {
                Interrupted.check("classifier training (epoch " + epoch + ", batch " + (b + 1) + ")");
                int from = b * t.batchSize;
                int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + t.batchSize));
                try (NDManager sm = manager.newSubManager()) {
                    NDArray x = train.batch(sm, idx);
                    int[] labels = train.labels(idx);
                    float[] y = new float[labels.length];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = labels[i];
                    }
                    NDArray target = sm.create(y);
                    Engines.zeroGradients(params);
                    NDArray logits;
                    NDArray l;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        logits = network.forward(store, new NDList(x), true).singletonOrThrow();
                        l = loss.evaluate(new NDList(target), new NDList(logits));
                        gc.backward(l);
                    }
                    float value = l.getFloat();
                    if (!Float.isFinite(value)) {
                        throw new IllegalStateException("classifier training diverged: loss " + value + " at epoch "
                                + epoch + ", batch " + (b + 1));
                    }
                    for (Parameter p : params) {
                        NDArray w = p.getArray();
                        try (NDArray g = w.getGradient()) {
                            adam.update(p.getId(), w, g);
                        }
                    }
                    lossSum += value * idx.length;
                    long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                    for (int i = 0; i < predicted.length; i++) {
                        if (predicted[i] == labels[i]) {
                            correct++;
                        }
                    }
                    seen += idx.length;
                }
            }
            accuracy = accuracy(test);
            if (t.log != null) {
                t.log.printf("epoch %d/%d: train loss %.4f, train accuracy %.2f%%, test accuracy %.2f%% (%.0f s)%n",
                        epoch, t.epochs, lossSum / seen, 100.0 * correct / seen, 100 * accuracy,
                        (System.nanoTime() - epochStart) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        this.info = describe(accuracy, test.count(), n, t.epochs, t.batchSize,
                Double.parseDouble(Float.toString(t.learningRate)), schedule, t.seed, seconds);
    }

    private Info describe(double accuracy, int testImages, int trainImages, int epochs, int batchSize,
                          double learningRate, String schedule, long seed, double seconds) {
        var v = Engines.versions(engine);
        return new Info(ARCHITECTURE, accuracy, testImages, trainImages, epochs, batchSize, learningRate, schedule, seed,
                Math.round(seconds * 10) / 10.0, v.get("djl"), v.get("engine"), v.get("engine_version"),
                v.get("omp_num_threads"), OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), null);
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
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

    private static void requireShape(String what, int c, int h, int w) {
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
    }
}
