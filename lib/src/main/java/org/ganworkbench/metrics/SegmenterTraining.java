package org.ganworkbench.metrics;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import ai.djl.util.Pair;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Interrupted;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How a {@link SceneSegmenter} is trained: the settings (each setter returns this object) and the
 * training itself, on DJL's own {@link Trainer} and {@link EasyTrain#trainBatch}, as
 * {@link ClassifierTraining} trains the domain classifiers.
 *
 * <p>The loss is the per-pixel softmax cross-entropy of the logits against the label maps,
 * averaged over all pixels of the batch ({@link #pixelCrossEntropy}, written with the log-sum-exp
 * shifted by the per-pixel maximum, so it stays finite for any finite logits).
 *
 * <p>Deterministic from the seed: weights are drawn in Java ({@code Init.xavier()}), the batch
 * order comes from a {@link Random} of the seed, Adam with a step decay for the last epochs. Each
 * epoch ends with the pixel accuracy and mIoU on the test scenes; the run stops with a message
 * naming the epoch and batch if the loss goes non-finite, and between batches when the thread is
 * interrupted.
 */
public final class SegmenterTraining {

    private final int size;
    private int epochs = 4;
    private int batchSize = 32;
    private float learningRate = 2e-3f;
    private long seed = 1;
    private int decayedEpochs = 1;
    private String engine;
    private int maxBatchesPerEpoch = Integer.MAX_VALUE;
    private PrintStream log = System.out;

    private SegmenterTraining(int size) {
        this.size = SceneSegmenter.requireSize(size);
    }

    /**
     * The defaults for side S: 4 epochs over {@link ShapeScenes#train(int)}, batch 32, Adam 2e-3 and
     * a tenth of it for the last epoch, seed 1, DJL's default engine, progress to System.out.
     *
     * <p>Measured at 32 × 32 (MXNet, OMP_NUM_THREADS=2, three runs bit for bit the same): test mIoU
     * 0.738, 0.835, 0.856 after the first three epochs and 0.876 after the decayed fourth (pixel
     * accuracy 97.50% to 98.83%; on the training batches of the last epoch 98.82%, no higher: the
     * network does not overfit, so more epochs or width would still help, at their cost in time). 179 s on 2 cores with light other load (40 to
     * 49 s per epoch, the test scoring included), 332 s while other work kept the cores busy. These
     * settings are the first tried; the thresholds the store needs are met with margin.
     *
     * @param size S, a power of two from 8 to 1024
     * @return the settings
     */
    public static SegmenterTraining defaults(int size) {
        return new SegmenterTraining(size);
    }

    /** The side of the images the segmenter is trained on. */
    public int size() {
        return size;
    }

    /** Passes over the training scenes (default 4). */
    public SegmenterTraining epochs(int epochs) {
        this.epochs = positive("epochs", epochs);
        return this;
    }

    /** Images per Adam step (default 32). */
    public SegmenterTraining batchSize(int batchSize) {
        this.batchSize = positive("batchSize", batchSize);
        return this;
    }

    /** Adam's learning rate (default 2e-3). */
    public SegmenterTraining learningRate(float learningRate) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
    }

    /**
     * How many of the last epochs run at a tenth of the learning rate (default 1; 0 for a fixed
     * rate). Ignored when there are not more epochs than that.
     */
    public SegmenterTraining decayedEpochs(int decayedEpochs) {
        if (decayedEpochs < 0) {
            throw new IllegalArgumentException("decayedEpochs must be at least 0, got " + decayedEpochs);
        }
        this.decayedEpochs = decayedEpochs;
        return this;
    }

    /** Seed of the weights and of the batch order (default 1). */
    public SegmenterTraining seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Engine name ("MXNet", "PyTorch"), or null for DJL's default. */
    public SegmenterTraining engine(String engine) {
        this.engine = engine;
        return this;
    }

    /** Stops each epoch after this many batches: for quick tests only. */
    public SegmenterTraining maxBatchesPerEpoch(int maxBatches) {
        this.maxBatchesPerEpoch = positive("maxBatchesPerEpoch", maxBatches);
        return this;
    }

    /** Where the per-epoch progress lines go (default System.out); null for silence. */
    public SegmenterTraining log(PrintStream log) {
        this.log = log;
        return this;
    }

    private static int positive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + v);
        }
        return v;
    }

    /**
     * Trains on {@link ShapeScenes#train(int)}, measures on {@link ShapeScenes#test(int)}, checks
     * the scores against {@link SceneSegmenter#REQUIRED_PIXEL_ACCURACY} and
     * {@link SceneSegmenter#REQUIRED_MEAN_IOU}, and saves the segmenter into {@code dir}.
     *
     * @param dir where to save it (replaced atomically if present)
     * @return the trained segmenter
     * @throws IllegalStateException if a score stays below its requirement (nothing is saved then)
     */
    public SceneSegmenter trainAndSave(Path dir) {
        SceneSegmenter s = train(ShapeScenes.train(size), ShapeScenes.test(size));
        SceneSegmenter.Info info = s.info();
        if (!(info.pixelAccuracy() >= SceneSegmenter.REQUIRED_PIXEL_ACCURACY
                && info.meanIou() >= SceneSegmenter.REQUIRED_MEAN_IOU)) {
            s.close();
            throw new IllegalStateException(String.format("the %d x %d scene segmenter reached only %.2f%% pixel "
                            + "accuracy and mIoU %.4f on the test scenes, below the %.0f%% and %.2f it needs; not "
                            + "saved to %s (train longer: more epochs)", size, size, 100 * info.pixelAccuracy(),
                    info.meanIou(), 100 * SceneSegmenter.REQUIRED_PIXEL_ACCURACY, SceneSegmenter.REQUIRED_MEAN_IOU, dir));
        }
        SegmenterStore.save(s, dir);
        if (log != null) {
            log.printf("saved to %s (pixel accuracy %.2f%%, mIoU %.4f)%n", dir, 100 * info.pixelAccuracy(),
                    info.meanIou());
        }
        return s;
    }

    /**
     * Trains a segmenter and measures it on {@code test}.
     *
     * @param train images (3, S, S) with their label maps over the {@value SceneSegmenter#CLASSES}
     *     scene classes
     * @param test images and maps for the scores
     * @return the trained segmenter, its info filled in (not yet saved)
     * @throws IllegalArgumentException naming the set if a set's side or classes are not the segmenter's
     */
    public SceneSegmenter train(PairedSet train, PairedSet test) {
        SceneSegmenter s = new SceneSegmenter(size, Engines.get(engine));
        try {
            for (PairedSet set : List.of(train, test)) {
                s.requireShape(set.name(), set.images().channels(), set.images().height(), set.images().width());
                if (set.labelClasses() != SceneSegmenter.CLASSES) {
                    throw new IllegalArgumentException(set.name() + ": the scene segmenter is trained on "
                            + SceneSegmenter.CLASSES + " classes " + ShapeScenes.LABEL_NAMES + ", the set has "
                            + set.labelClasses() + " " + set.labelNames());
                }
            }
            s.initWeights(seed);
            fit(s, train, test);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * The mean over all pixels of the softmax cross-entropy of per-pixel logits against one-hot
     * targets: with m the per-pixel maximum over the classes,
     * {@code log Σ_k exp(x_k − m) − Σ_k t_k (x_k − m)}, which is {@code −log softmax(x)_y} for a
     * one-hot t of class y, computed without overflow (the shift m is held constant for the
     * gradient, which it does not change).
     *
     * @param logits (N, K, H, W)
     * @param oneHot (N, K, H, W), each pixel's K values 0 except a 1 at its class
     * @return a scalar
     */
    static NDArray pixelCrossEntropy(NDArray logits, NDArray oneHot) {
        NDArray shifted = logits.sub(logits.max(new int[] {1}, true).stopGradient());
        NDArray logSumExp = shifted.exp().sum(new int[] {1}, true).log();
        NDArray picked = shifted.mul(oneHot).sum(new int[] {1}, true);
        return logSumExp.sub(picked).mean();
    }

    /** {@link #pixelCrossEntropy} as DJL's loss, keeping the last batch's value and logits. */
    private static final class WatchedLoss extends Loss {
        private NDArray loss;
        private NDArray logits;

        WatchedLoss() {
            super("PixelCrossEntropy");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            logits = predictions.singletonOrThrow();
            loss = pixelCrossEntropy(logits, labels.singletonOrThrow());
            return loss;
        }
    }

    private void fit(SceneSegmenter s, PairedSet train, PairedSet test) {
        long start = System.nanoTime();
        List<Parameter> params = new ArrayList<>();
        for (Pair<String, Parameter> p : s.network().getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
                params.add(p.getValue());
            }
        }
        int n = train.count();
        int plane = size * size;
        int batchesPerEpoch = Math.min(maxBatchesPerEpoch, (n + batchSize - 1) / batchSize);
        int decayAfter = Math.max(1, epochs - decayedEpochs) * batchesPerEpoch;
        float lr = learningRate;
        boolean fixed = decayedEpochs == 0 || epochs <= decayedEpochs;
        Tracker rate = fixed ? Tracker.fixed(lr) : update -> update <= decayAfter ? lr : lr * 0.1f;
        String schedule = fixed ? "fixed" : "x0.1 for the last " + decayedEpochs + " epochs";
        WatchedLoss loss = new WatchedLoss();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Adam.builder().optLearningRateTracker(rate).build());
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + 1);
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        ConfusionMatrix scores = null;
        try (Model model = Model.newInstance(SegmenterStore.folderName(size), s.engine().getEngineName())) {
            model.setBlock(s.network());
            try (Trainer trainer = model.newTrainer(config)) {
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    long epochStart = System.nanoTime();
                    shuffle(order, rng);
                    double lossSum = 0;
                    long right = 0;
                    long seen = 0;
                    for (int b = 0; b < batchesPerEpoch; b++) {
                        Interrupted.check("segmenter training (epoch " + epoch + ", batch " + (b + 1) + ")");
                        int from = b * batchSize;
                        int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                        int[] labels = new int[idx.length * plane];
                        for (int i = 0; i < idx.length; i++) {
                            System.arraycopy(train.labelMap(idx[i]), 0, labels, i * plane, plane);
                        }
                        try (NDManager sm = s.manager().newSubManager()) {
                            NDArray targets = PairedSet.oneHotMaps(sm, labels, idx.length, SceneSegmenter.CLASSES,
                                    size, size);
                            Batch batch = new Batch(sm, new NDList(train.images(sm, idx)), new NDList(targets),
                                    idx.length, Batchifier.STACK, Batchifier.STACK, b, batchesPerEpoch);
                            Engines.zeroGradients(params);
                            EasyTrain.trainBatch(trainer, batch);
                            float value = loss.loss.getFloat();
                            if (!Float.isFinite(value)) {
                                throw new IllegalStateException("segmenter training diverged: loss " + value
                                        + " at epoch " + epoch + ", batch " + (b + 1));
                            }
                            trainer.step();
                            lossSum += (double) value * idx.length;
                            long[] predicted = loss.logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                            for (int j = 0; j < predicted.length; j++) {
                                if (predicted[j] == labels[j]) {
                                    right++;
                                }
                            }
                            seen += idx.length;
                        }
                    }
                    scores = s.score(test);
                    if (log != null) {
                        log.printf("epoch %d/%d: train loss %.4f, train pixel accuracy %.2f%%, test pixel accuracy "
                                        + "%.2f%%, test mIoU %.4f (%.0f s)%n", epoch, epochs, lossSum / seen,
                                100.0 * right / ((double) seen * plane), 100 * scores.pixelAccuracy(), scores.meanIou(),
                                (System.nanoTime() - epochStart) / 1e9);
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        s.setInfo(s.describe(scores, test.count(), n, epochs, batchSize, Double.parseDouble(Float.toString(learningRate)),
                schedule, seed, seconds));
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
