package org.ganworkbench.metrics;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
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
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Interrupted;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The settings and the epoch loop shared by the supervised networks the metrics train for
 * themselves: {@link ClassifierTraining} (the domain classifiers behind FID, precision/recall and the
 * mode counts) and {@link SegmenterTraining} (the scene segmenter behind the translation scores).
 * Each setter returns the training itself, typed as the subclass.
 *
 * <p>The loop runs on DJL's own {@link Trainer} and {@link EasyTrain#trainBatch}: Adam with a step
 * decay (the last {@link #decayedEpochs} epochs at a tenth of the rate), batches in an order drawn
 * from a {@link Random} of the seed, each batch's arrays in a sub-manager closed with its step,
 * gradients zeroed before each step (PyTorch accumulates them, MXNet overwrites). With weights drawn
 * in Java from the same seed, a training repeats bit for bit on one engine. It stops with a message
 * naming the epoch and batch if the loss goes non-finite, and between batches when the thread is
 * interrupted.
 *
 * @param <T> the subclass, which the setters return
 */
public abstract class SupervisedTraining<T extends SupervisedTraining<T>> {

    private int epochs;
    private int batchSize;
    private float learningRate;
    private int decayedEpochs;
    private long seed = 1;
    private String engine;
    private int maxBatchesPerEpoch = Integer.MAX_VALUE;
    private PrintStream log = System.out;

    SupervisedTraining(int epochs, int batchSize, float learningRate, int decayedEpochs) {
        epochs(epochs);
        batchSize(batchSize);
        learningRate(learningRate);
        decayedEpochs(decayedEpochs);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Passes over the training set (the default depends on the network: see its {@code defaults}). */
    public T epochs(int epochs) {
        this.epochs = positive("epochs", epochs);
        return self();
    }

    /** Examples per Adam step. */
    public T batchSize(int batchSize) {
        this.batchSize = positive("batchSize", batchSize);
        return self();
    }

    /** Adam's learning rate, positive and finite. */
    public T learningRate(float learningRate) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
        return self();
    }

    /**
     * How many of the last epochs run at a tenth of the learning rate (0 for a fixed rate). Ignored
     * when there are not more epochs than that.
     */
    public T decayedEpochs(int decayedEpochs) {
        if (decayedEpochs < 0) {
            throw new IllegalArgumentException("decayedEpochs must be at least 0, got " + decayedEpochs);
        }
        this.decayedEpochs = decayedEpochs;
        return self();
    }

    /** Seed of the weights and of the batch order (default 1). */
    public T seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Engine name ("MXNet", "PyTorch"), or null for DJL's default. */
    public T engine(String engine) {
        this.engine = engine;
        return self();
    }

    /** Stops each epoch after this many batches: for quick tests only. */
    public T maxBatchesPerEpoch(int maxBatches) {
        this.maxBatchesPerEpoch = positive("maxBatchesPerEpoch", maxBatches);
        return self();
    }

    /** Where the per-epoch progress lines go (default System.out); null for silence. */
    public T log(PrintStream log) {
        this.log = log;
        return self();
    }

    /** Passes over the training set. */
    public int epochs() {
        return epochs;
    }

    /** Examples per Adam step. */
    public int batchSize() {
        return batchSize;
    }

    /** Adam's learning rate. */
    public float learningRate() {
        return learningRate;
    }

    /** The learning rate as the decimal it was written as (1e-3f is 0.001, not 0.0010000000474974513). */
    double learningRateDecimal() {
        return Double.parseDouble(Float.toString(learningRate));
    }

    /** How many of the last epochs run at a tenth of the rate. */
    public int decayedEpochs() {
        return decayedEpochs;
    }

    /** Seed of the weights and of the batch order. */
    public long seed() {
        return seed;
    }

    /** The engine's name, or null for DJL's default. */
    public String engine() {
        return engine;
    }

    /** Where the progress lines go, or null. */
    PrintStream log() {
        return log;
    }

    private static int positive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + v);
        }
        return v;
    }

    /**
     * One batch, made in the step's sub-manager: the network's inputs, the loss's labels, and the true
     * class of each prediction the logits make (their argmax over axis 1, flattened in order: one per
     * image for a classifier, one per pixel for a segmenter).
     */
    record StepBatch(NDList inputs, NDList labels, int[] truth) {
    }

    /** Makes the batch of the given example indices in the given manager. */
    interface Batches {
        StepBatch make(NDManager manager, int[] indices);
    }

    /**
     * What a loss keeps of the last batch, for the progress line and the divergence check: the loss
     * (a scalar) and the logits (classes along axis 1). The loss calls {@link #keep} in its evaluate.
     */
    static final class LastBatch {
        private NDArray loss;
        private NDArray logits;

        /** Keeps the batch's loss and logits; returns the loss. */
        NDArray keep(NDArray loss, NDArray logits) {
            this.loss = loss;
            this.logits = logits;
            return loss;
        }
    }

    /** What {@link #fit} reports: the learning-rate schedule in words and the wall time. */
    record Fitted(String schedule, double seconds) {
    }

    /**
     * Trains {@code network} in place.
     *
     * @param what the network in words ("classifier", "segmenter"), for the messages
     * @param modelName the name DJL's model gets (it only lends the trainer the block)
     * @param network the block, its weights initialized
     * @param manager the manager the step's sub-managers come from
     * @param engineName the engine the network lives on
     * @param loss the loss
     * @param last what the loss keeps of each batch
     * @param examples how many training examples there are (indices 0..examples-1)
     * @param batches makes a batch from indices
     * @param accuracyName the training accuracy's name in the progress line ("accuracy", "pixel accuracy")
     * @param epochEnd called after each epoch with its number (1-based): measures the network and
     *     returns those figures in words for the progress line
     * @return the schedule and the seconds taken
     */
    Fitted fit(String what, String modelName, Block network, NDManager manager, String engineName, Loss loss,
            LastBatch last, int examples, Batches batches, String accuracyName, IntFunction<String> epochEnd) {
        long start = System.nanoTime();
        List<Parameter> params = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
                params.add(p.getValue());
            }
        }
        int batchesPerEpoch = Math.min(maxBatchesPerEpoch, (examples + batchSize - 1) / batchSize);
        int decayAfter = Math.max(1, epochs - decayedEpochs) * batchesPerEpoch;
        float lr = learningRate;
        boolean fixed = decayedEpochs == 0 || epochs <= decayedEpochs;
        Tracker rate = fixed ? Tracker.fixed(lr) : update -> update <= decayAfter ? lr : lr * 0.1f;
        String schedule = fixed ? "fixed" : "x0.1 for the last " + decayedEpochs + " epochs";
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Adam.builder().optLearningRateTracker(rate).build());
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + 1);
        int[] order = new int[examples];
        Arrays.setAll(order, i -> i);
        // the weights stay where the network's owner made them; the model only lends DJL's trainer a block
        try (Model model = Model.newInstance(modelName, engineName)) {
            model.setBlock(network);
            try (Trainer trainer = model.newTrainer(config)) {
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    long epochStart = System.nanoTime();
                    shuffle(order, rng);
                    double lossSum = 0;
                    long right = 0;
                    long predictions = 0;
                    long seen = 0;
                    for (int b = 0; b < batchesPerEpoch; b++) {
                        Interrupted.check(what + " training (epoch " + epoch + ", batch " + (b + 1) + ")");
                        int from = b * batchSize;
                        int[] idx = Arrays.copyOfRange(order, from, Math.min(examples, from + batchSize));
                        try (NDManager sm = manager.newSubManager()) {
                            StepBatch step = batches.make(sm, idx);
                            Batch batch = new Batch(sm, step.inputs(), step.labels(), idx.length, Batchifier.STACK,
                                    Batchifier.STACK, b, batchesPerEpoch);
                            Engines.zeroGradients(params);
                            EasyTrain.trainBatch(trainer, batch);
                            float value = last.loss.getFloat();
                            if (!Float.isFinite(value)) {
                                throw new IllegalStateException(what + " training diverged: loss " + value
                                        + " at epoch " + epoch + ", batch " + (b + 1));
                            }
                            trainer.step();
                            lossSum += (double) value * idx.length;
                            long[] predicted = last.logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                            int[] truth = step.truth();
                            for (int j = 0; j < predicted.length; j++) {
                                if (predicted[j] == truth[j]) {
                                    right++;
                                }
                            }
                            predictions += predicted.length;
                            seen += idx.length;
                        }
                    }
                    String measured = epochEnd.apply(epoch);
                    if (log != null) {
                        log.printf("epoch %d/%d: train loss %.4f, train %s %.2f%%, %s (%.0f s)%n", epoch, epochs,
                                lossSum / seen, accuracyName, 100.0 * right / predictions, measured,
                                (System.nanoTime() - epochStart) / 1e9);
                    }
                }
            }
        }
        return new Fitted(schedule, (System.nanoTime() - start) / 1e9);
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
