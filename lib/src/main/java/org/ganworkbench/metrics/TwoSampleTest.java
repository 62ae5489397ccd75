package org.ganworkbench.metrics;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Classifier two-sample test (C2ST, Lopez-Paz and Oquab 2017, "Revisiting classifier two-sample
 * tests"): if a classifier cannot tell real from generated features on held-out data, the two
 * samples look alike to it ({@code c2st_fmnist_<n>}).
 *
 * <p>Protocol: take m = min(n_real, n_generated) rows of each set (all of them when the counts are
 * equal, else m drawn with the seed), label real 1 and generated 0, shuffle each class with the seed and put half
 * of each into a training split and half into a test split. Standardize every feature with the
 * training split's mean and standard deviation, train a logistic-regression classifier (Tribuo's
 * {@link LinearSGDTrainer} with the log loss, AdaGrad, {@value #DEFAULT_EPOCHS} epochs, seeded) on the
 * training split, and report its accuracy on the test split ({@code accuracy}) with the binomial
 * standard error {@code sqrt(acc (1 - acc) / n_test)} ({@code accuracy_se}) and the z-score against
 * chance, {@code (acc - 0.5) / sqrt(0.25 / n_test)} ({@code z}).
 *
 * <p>0.5: the two sets are indistinguishable to a linear classifier on these features; 1.0:
 * trivially separable. Values a little below 0.5 are chance. It is a linear probe only: a
 * generator can fool it and still be far off in ways a linear boundary in this space cannot see.
 */
public final class TwoSampleTest extends SampledMetric {

    /** SGD epochs of the logistic regression. */
    public static final int DEFAULT_EPOCHS = 10;

    /** Default seed of the split and of the SGD. */
    public static final long DEFAULT_SEED = 1;

    /** Tribuo logs every training at INFO through java.util.logging; notebooks only want warnings. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        if (TRIBUO_LOG.getLevel() == null) {
            TRIBUO_LOG.setLevel(Level.WARNING);
        }
    }

    private static final Label REAL = new Label("real");
    private static final Label FAKE = new Label("generated");

    private final int epochs;
    private final long seed;

    /**
     * The standard protocol for {@code count} generated samples.
     *
     * @param count generated samples, at least 2
     */
    public TwoSampleTest(int count) {
        this(MetricRegistry.FMNIST, count);
    }

    /**
     * The standard protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public TwoSampleTest(String domain, int count) {
        this(domain, count, DEFAULT_EPOCHS, DEFAULT_SEED);
    }

    /**
     * A protocol with explicit SGD epochs and seed.
     *
     * @param count generated samples, at least 2
     * @param epochs SGD epochs, at least 1
     * @param seed seed of the split and the SGD
     */
    public TwoSampleTest(int count, int epochs, long seed) {
        this(MetricRegistry.FMNIST, count, epochs, seed);
    }

    private TwoSampleTest(String domain, int count, int epochs, long seed) {
        super("c2st", domain, count);
        if (epochs < 1) {
            throw new IllegalArgumentException("c2st: epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        this.seed = seed;
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamples(real, generated);
        int m = Math.min(real.count(), fake.count());
        if (m < 2) {
            throw new IllegalArgumentException(name() + ": need at least 2 real and 2 generated samples");
        }
        Random rng = new Random(seed);
        int[] realIdx = shuffled(real.count(), rng);
        int[] fakeIdx = shuffled(fake.count(), rng);
        int trainPerClass = m / 2;
        int testPerClass = m - trainPerClass;
        double[][] train = new double[2 * trainPerClass][];
        boolean[] trainReal = new boolean[train.length];
        double[][] test = new double[2 * testPerClass][];
        boolean[] testReal = new boolean[test.length];
        for (int i = 0; i < trainPerClass; i++) {
            train[2 * i] = real.features()[realIdx[i]];
            trainReal[2 * i] = true;
            train[2 * i + 1] = fake.features()[fakeIdx[i]];
        }
        for (int i = 0; i < testPerClass; i++) {
            test[2 * i] = real.features()[realIdx[trainPerClass + i]];
            testReal[2 * i] = true;
            test[2 * i + 1] = fake.features()[fakeIdx[trainPerClass + i]];
        }
        Standardizer z = Standardizer.fit(train);
        String[] names = featureNames(real.dim());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(name() + " training split",
                factory), factory);
        for (int i = 0; i < train.length; i++) {
            data.add(new ArrayExample<>(trainReal[i] ? REAL : FAKE, names, z.apply(train[i])));
        }
        // log loss + AdaGrad(1.0, 0.1): Tribuo's LogisticRegressionTrainer, with our epochs and seed;
        // logging interval -1: no progress lines
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), epochs, -1, 1, seed);
        Model<Label> model = trainer.train(data);
        List<Example<Label>> testExamples = new ArrayList<>(test.length);
        for (int i = 0; i < test.length; i++) {
            testExamples.add(new ArrayExample<>(testReal[i] ? REAL : FAKE, names, z.apply(test[i])));
        }
        List<Prediction<Label>> predictions = model.predict(testExamples);
        int correct = 0;
        for (int i = 0; i < test.length; i++) {
            boolean saysReal = REAL.getLabel().equals(predictions.get(i).getOutput().getLabel());
            if (saysReal == testReal[i]) {
                correct++;
            }
        }
        int nTest = test.length;
        double acc = (double) correct / nTest;
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("accuracy", acc);
        values.put("accuracy_se", Math.sqrt(acc * (1 - acc) / nTest));
        values.put("z", (acc - 0.5) / Math.sqrt(0.25 / nTest));
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_real", real.count());
        protocol.put("n_generated", fake.count());
        protocol.put("per_class", m);
        protocol.put("n_train", train.length);
        protocol.put("n_test", nTest);
        protocol.put("classifier", "Tribuo LinearSGDTrainer(LogMulticlass, AdaGrad(1.0, 0.1), " + epochs
                + " epochs), standardized features");
        protocol.put("seed", seed);
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    private static int[] shuffled(int n, Random rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static String[] featureNames(int d) {
        String[] names = new String[d];
        for (int i = 0; i < d; i++) {
            names[i] = String.format("f%04d", i);
        }
        return names;
    }

    /** Per-feature mean and standard deviation of a training split; constant features get scale 1. */
    private record Standardizer(double[] mean, double[] scale) {

        static Standardizer fit(double[][] rows) {
            int d = rows[0].length;
            double[] mean = new double[d];
            for (double[] r : rows) {
                for (int i = 0; i < d; i++) {
                    mean[i] += r[i];
                }
            }
            for (int i = 0; i < d; i++) {
                mean[i] /= rows.length;
            }
            double[] scale = new double[d];
            for (double[] r : rows) {
                for (int i = 0; i < d; i++) {
                    scale[i] += (r[i] - mean[i]) * (r[i] - mean[i]);
                }
            }
            for (int i = 0; i < d; i++) {
                double sd = Math.sqrt(scale[i] / rows.length);
                scale[i] = sd > 1e-12 ? sd : 1.0;
            }
            return new Standardizer(mean, scale);
        }

        double[] apply(double[] row) {
            double[] out = new double[row.length];
            for (int i = 0; i < row.length; i++) {
                out[i] = (row[i] - mean[i]) / scale[i];
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return name() + " (" + epochs + " SGD epochs, seed " + seed + ")";
    }
}
