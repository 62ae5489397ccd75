package org.ganworkbench.metrics;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Interrupted;
import org.ganworkbench.models.Gan;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The one call a notebook makes to score image sets on Fashion-MNIST (or Shapes): it holds the
 * {@link DomainClassifier} and the features of n real <em>test</em> images (the reference, computed
 * once), runs every standard metric ({@link MetricRegistry#features(String, int)}: FID, KID, C2ST,
 * the Inception-Score analogue, the class histogram, precision/recall, density/coverage, the
 * classifier's confidence) on n images of each set it is given, and collects one row per set.
 * {@link #forDomain} does the same in another domain's space ({@code Evaluator.forDomain(
 * ClassifierDomain.SHAPES, 2000)}: {@code fid_shapes_2k} &amp; co).
 *
 * <pre>
 * Evaluator ev = Evaluator.fashionMnist(10_000);
 * ev.evaluate("real train (floor)", FashionMnist.train());     // first 10k: FID near 0
 * ev.evaluate("untrained G (ceiling)", untrainedGan, 1);
 * ev.evaluate("trained G", run.gan(), 1);
 * display(Tables.html(ev.table()));
 * ev.appendTo(runDir, Map.of("seed", 1, "steps", 20000));
 * </pre>
 *
 * <p>The baselines make the numbers readable: real train vs real test is the floor a perfect
 * generator would reach with these sample counts; an untrained generator is the ceiling.
 * The reference is the test split, never the training images, so a generator that memorized its
 * training set does not get a free pass (the {@link NearestNeighbours} check looks for copies).
 *
 * <p>Metrics compare n generated with n real images; the names carry n ({@code fid_fmnist_10k}).
 * Results are comparable only at equal n. Not thread-safe; close it to free the classifier.
 */
public final class Evaluator implements AutoCloseable {

    /** Seed of the reference subset of the test split (when n is below 10,000). */
    public static final long REFERENCE_SEED = 0;

    private static final int GENERATE_CHUNK = 1000;

    private final DomainClassifier classifier;
    private final boolean ownsClassifier;
    private final Features reference;
    private final String referenceName;
    private final int count;
    private final List<Metric> metrics;
    private final List<Evaluation> evaluations = new ArrayList<>();

    private Evaluator(DomainClassifier classifier, boolean ownsClassifier, Features reference, String referenceName,
                      int count, List<Metric> metrics) {
        this.classifier = classifier;
        this.ownsClassifier = ownsClassifier;
        this.reference = reference;
        this.referenceName = referenceName;
        this.count = count;
        this.metrics = List.copyOf(metrics);
    }

    /**
     * The Fashion-MNIST evaluator: the saved classifier ({@link DomainClassifier#fashionMnist()},
     * trained first if missing) and n test images as the reference.
     *
     * @param n images per set, in [2, 10000]; 10,000 is the whole test split
     * @return the evaluator (close it when done)
     */
    public static Evaluator fashionMnist(int n) {
        return forDomain(ClassifierDomain.FMNIST, n);
    }

    /**
     * A domain's evaluator: its saved classifier ({@link DomainClassifier#forDomain}, trained first
     * if missing) and n of its held-out images as the reference ({@link ClassifierDomain#reference}).
     *
     * @param domain the domain
     * @param n images per set, in [2, {@link ClassifierDomain#maxReference()}]
     * @return the evaluator (close it when done)
     */
    public static Evaluator forDomain(ClassifierDomain domain, int n) {
        return forDomain(domain, n, false);
    }

    /**
     * A domain's evaluator for conditional generators: as {@link #forDomain(ClassifierDomain, int)},
     * plus the {@linkplain MetricRegistry#conditionalKinds() conditional kinds} (conditional accuracy,
     * intra-class FID and precision/recall). Every set it scores must carry classes: a conditional
     * generator's samples do ({@link #evaluate(String, Gan, long)}), real labelled images do.
     *
     * @param domain the domain
     * @param n images per set, in [2, {@link ClassifierDomain#maxReference()}]
     * @return the evaluator (close it when done)
     */
    public static Evaluator conditional(ClassifierDomain domain, int n) {
        return forDomain(domain, n, true);
    }

    private static Evaluator forDomain(ClassifierDomain domain, int n, boolean conditional) {
        if (n < 2 || n > domain.maxReference()) {
            throw new IllegalArgumentException("n must be in [2, " + domain.maxReference() + "] (" + domain.title()
                    + "'s reference images), got " + n);
        }
        DomainClassifier classifier = DomainClassifier.forDomain(domain);
        try {
            requireAccurate(classifier);
            Evaluator e = of(classifier, true, domain.reference(n, Math.toIntExact(domain.imageShape().get(1))), n);
            if (!conditional) {
                return e;
            }
            List<Metric> all = new ArrayList<>(e.metrics);
            MetricRegistry.conditionalKinds().forEach(k -> all.add(MetricRegistry.feature(k, domain.id(), n)));
            return new Evaluator(classifier, true, e.reference, e.referenceName, n, all);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /**
     * Checks that a classifier reaches its domain's {@link ClassifierDomain#requiredAccuracy()}.
     *
     * @param classifier a loaded classifier
     * @throws IllegalStateException naming its folder and the command that retrains it if not
     */
    public static void requireAccurate(DomainClassifier classifier) {
        ClassifierDomain domain = classifier.domain();
        double accuracy = classifier.info().testAccuracy();
        if (!(accuracy >= domain.requiredAccuracy())) {
            throw new IllegalStateException(String.format("the saved %s classifier in %s has %.2f%% test accuracy, "
                    + "below the %.0f%% the metrics need; %s", domain.title(), ClassifierStore.dir(domain),
                    100 * accuracy, 100 * domain.requiredAccuracy(), ClassifierStore.retrain(domain)));
        }
    }

    /**
     * An evaluator over any classifier and reference set (for tests and other reference sets).
     *
     * @param classifier the feature extractor; stays open when the evaluator closes
     * @param reference real images of the classifier's input shape; the first n are used
     * @param n images per set, at least 2 and at most the reference size
     * @return the evaluator, its metrics named for the classifier's domain
     */
    public static Evaluator of(DomainClassifier classifier, ImageSet reference, int n) {
        return of(classifier, false, reference, n);
    }

    private static Evaluator of(DomainClassifier classifier, boolean owns, ImageSet reference, int n) {
        if (reference.count() < n) {
            throw new IllegalArgumentException("the reference " + reference.name() + " has " + reference.count()
                    + " images, fewer than n = " + n);
        }
        ImageSet ref = reference.count() == n ? reference : reference.head(n);
        return new Evaluator(classifier, owns, classifier.features(ref), ref.name(), n,
                MetricRegistry.features(classifier.domain().id(), n));
    }

    /**
     * An evaluator on features alone (no classifier: {@code evaluate} takes {@link Features}).
     *
     * @param reference features of the real reference set, at least n rows (all are used)
     * @param referenceName a name for the protocol
     * @param metrics the metrics to run
     * @return the evaluator
     */
    public static Evaluator ofFeatures(Features reference, String referenceName, List<Metric> metrics) {
        int n = metrics.stream().mapToInt(Metric::sampleCount).max().orElseThrow(
                () -> new IllegalArgumentException("need at least one metric"));
        return new Evaluator(null, false, reference, referenceName, n, metrics);
    }

    // ---------------------------------------------------------------- evaluating

    /**
     * Scores a set of images; the first n are used.
     *
     * @param label the row's name, e.g. {@code "real train"}
     * @param images at least n images of the classifier's input shape
     * @return the row (also kept for {@link #table()})
     */
    public Evaluation evaluate(String label, ImageSet images) {
        requireEnough(label, images.count());
        long start = System.nanoTime();
        Features f = classifier().features(images.count() == count ? images : images.head(count));
        return add(label, f, start);
    }

    /**
     * Scores images stored flat (as {@code Gan.sampleToArray} returns them); the first n are used.
     *
     * @param label the row's name
     * @param images {@code total} images of the classifier's input shape ((1, 28, 28): 784 values
     *     each) in [-1, 1], one after another
     * @param total number of images in the array, at least n
     * @return the row
     */
    public Evaluation evaluate(String label, float[] images, int total) {
        requireEnough(label, total);
        long start = System.nanoTime();
        int pixels = classifier().domain().pixels();
        if (images.length != (long) total * pixels) {
            classifier().features(images, total);   // throws, saying which shape the values would fit
        }
        float[] used = total == count ? images : Arrays.copyOf(images, count * pixels);
        return add(label, classifier().features(used, count), start);
    }

    /**
     * Draws n samples from a generator (inference mode, latents from {@code new Random(seed)}, in
     * chunks of {@value #GENERATE_CHUNK} to bound memory) and scores them.
     *
     * @param label the row's name
     * @param gan a generator of images of the classifier's domain: of its input shape, or of a
     *     shape {@link ClassifierDomain#toInput} converts (Fashion-MNIST padded to 32 × 32, Shapes at
     *     64 × 64; then clamped into [-1, 1] and converted)
     * @param seed seed of the latents
     * @return the row
     */
    public Evaluation evaluate(String label, Gan gan, long seed) {
        ClassifierDomain domain = classifier().domain();
        Shape shape = gan.architecture().sampleShape();
        boolean converted = !shape.equals(domain.imageShape());
        if (converted) {
            try {
                domain.toInput(ImageSet.ofSamples(label, shape, new float[Math.toIntExact(shape.size())]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": the generator makes samples of shape " + shape + "; "
                        + e.getMessage(), e);
            }
        }
        long start = System.nanoTime();
        Random rng = new Random(seed);
        int pixels = Math.toIntExact(shape.size());
        float[] all = new float[count * pixels];
        for (int from = 0; from < count; from += GENERATE_CHUNK) {
            Interrupted.check(label + ": generating " + count + " images");
            int n = Math.min(GENERATE_CHUNK, count - from);
            float[] chunk = gan.sampleToArray(rng, n);
            System.arraycopy(chunk, 0, all, from * pixels, chunk.length);
        }
        Features f = converted ? classifier().features(domain.toInput(ImageSet.ofSamples(label, shape, all)))
                : classifier().features(all, count);
        if (gan.architecture().classes() > 0) {
            f = f.withClasses(gan.sampleClasses(count, GENERATE_CHUNK));
        }
        return add(label, f, start);
    }

    /** The label of the real-data reference row ({@link #referenceRows} and the run evaluators' references). */
    public static final String REAL_REFERENCE = "reference: real training images";

    /** The label of the uniform-noise reference row. */
    public static final String NOISE_REFERENCE = "reference: uniform noise images";

    /**
     * Uniform noise in [-1, 1], what a noise reference set is made of.
     *
     * @param values how many values (images × pixels)
     * @param seed the draw's seed
     * @return {@code 2 u − 1} for u from {@code new Random(seed).nextFloat()}, in order
     */
    public static float[] uniformNoise(int values, long seed) {
        Random rng = new Random(seed);
        float[] uniform = new float[values];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = 2 * rng.nextFloat() - 1;
        }
        return uniform;
    }

    /**
     * Reference rows for a results table (as {@code Results.intervals} takes them), scored exactly
     * like a generator's samples: {@code draws} sets of n real <em>training</em> images (what a
     * generator that copied the data scores; chosen with seeds 1, 2, ...) and {@code draws} sets of
     * n images of uniform noise in [-1, 1] (what a generator that learned nothing scores; seeds 1,
     * 2, ...). Each set is also a row of {@link #table()}.
     *
     * @param draws sets of each kind, at least 1
     * @return {@code "reference: real training images"} and {@code "reference: uniform noise images"},
     *     each to its draws' {@linkplain Evaluation#reported() reported values}
     * @throws IllegalStateException for an evaluator without a classifier ({@link #ofFeatures})
     */
    public Map<String, List<Map<String, Double>>> referenceRows(int draws) {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, got " + draws);
        }
        ClassifierDomain domain = classifier().domain();
        ImageSet train = domain.train().images();
        List<Map<String, Double>> real = new ArrayList<>();
        List<Map<String, Double>> noise = new ArrayList<>();
        int pixels = domain.pixels();
        for (int d = 1; d <= draws; d++) {
            real.add(evaluate("real training images, draw " + d, train.subset(count, d)).reported());
            Features uniform = classifier().features(uniformNoise(count * pixels, d), count);
            if (metrics.stream().anyMatch(m -> MetricRegistry.isConditional(m.name()))) {   // asked for the classes in turn
                uniform = uniform.withClasses(GanData.classesInTurn(count, domain.classes()));
            }
            noise.add(evaluate("uniform noise images, draw " + d, uniform).reported());
        }
        Map<String, List<Map<String, Double>>> rows = new LinkedHashMap<>();
        rows.put(REAL_REFERENCE, real);
        rows.put(NOISE_REFERENCE, noise);
        return rows;
    }

    /**
     * Scores a set given by its features (at least n rows; the metrics take the first n).
     *
     * @param label the row's name
     * @param generated features (and probabilities, for the class-based metrics)
     * @return the row
     */
    public Evaluation evaluate(String label, Features generated) {
        requireEnough(label, generated.count());
        return add(label, generated, System.nanoTime());
    }

    private void requireEnough(String label, int total) {
        Objects.requireNonNull(label, "label");
        if (total < count) {
            throw new IllegalArgumentException(label + ": " + total + " images, but this evaluator's protocol takes "
                    + count + " per set; give more, or use an evaluator for " + total);
        }
    }

    private Evaluation add(String label, Features generated, long startNanos) {
        List<MetricResult> results = new ArrayList<>();
        for (Metric m : metrics) {
            Interrupted.check(label + ": " + m.name());
            MetricResult r = m.compute(reference, generated);
            Map<String, Object> protocol = new LinkedHashMap<>(r.protocol());
            protocol.put("reference", referenceName);
            if (classifier != null) {
                DomainClassifier.Info info = classifier.info();
                protocol.put("features", "DomainClassifier penultimate layer (" + DomainClassifier.FEATURE_DIM + ", "
                        + classifier.domain().id() + ")");
                protocol.put("classifier_test_accuracy", info.testAccuracy());
                protocol.put("classifier_sha256", info.paramsSha256());
            }
            results.add(new MetricResult(r.metric(), r.values(), protocol, r.details(), r.seconds()));
        }
        Evaluation e = new Evaluation(label, Math.min(count, generated.count()), results,
                (System.nanoTime() - startNanos) / 1e9);
        evaluations.add(e);
        return e;
    }

    private DomainClassifier classifier() {
        if (classifier == null) {
            throw new IllegalStateException("this evaluator has no classifier (built with ofFeatures); "
                    + "evaluate Features instead");
        }
        return classifier;
    }

    // ---------------------------------------------------------------- results

    /** The feature space's data set for people: the classifier's, else the first metric's domain. */
    private String domainTitle() {
        if (classifier != null) {
            return classifier.domain().title();
        }
        String domain = MetricName.parse(metrics.get(0).name()).domain();
        try {
            return ClassifierDomain.named(domain).title();
        } catch (IllegalArgumentException notAClassifierSpace) {
            return domain == null ? "Pixel" : domain;
        }
    }

    /**
     * One row per evaluated set, one column per number: {@code fid}, {@code kid} and
     * {@code kid_std}, {@code c2st_acc} and {@code c2st_se}, {@code is} and {@code is_std},
     * {@code class_entropy}, {@code kl_to_uniform}, {@code classes_covered}, {@code precision},
     * {@code recall}, {@code density}, {@code coverage}, {@code confidence}, {@code confident}, and
     * the seconds taken.
     * Columns of metrics the evaluator does not run are left out.
     *
     * @return a new table named after the protocol
     */
    public Table table() {
        Table t = Table.create(String.format("%s metrics: %s generated vs %s test images, features of the "
                        + "domain classifier%s", domainTitle(), MetricName.countTag(count),
                MetricName.countTag(reference.count()),
                classifier == null ? "" : String.format(" (test accuracy %.1f%%)", 100 * classifier.info().testAccuracy())),
                StringColumn.create("set"), IntColumn.create("n"));
        List<String[]> columns = new ArrayList<>();   // {column, kind, value name, digits}
        for (Metric m : metrics) {
            switch (MetricName.kindOf(m.name())) {
                case "fid" -> columns.add(new String[] {"fid", "fid", "fid", "2"});
                case "kid" -> {
                    columns.add(new String[] {"kid", "kid", "kid", "4"});
                    columns.add(new String[] {"kid_std", "kid", "kid_std", "4"});
                }
                case "c2st" -> {
                    columns.add(new String[] {"c2st_acc", "c2st", "accuracy", "3"});
                    columns.add(new String[] {"c2st_se", "c2st", "accuracy_se", "3"});
                }
                case "is" -> {
                    columns.add(new String[] {"is", "is", "is", "2"});
                    columns.add(new String[] {"is_std", "is", "is_std", "2"});
                }
                case "classes" -> {
                    columns.add(new String[] {"class_entropy", "classes", "entropy", "3"});
                    columns.add(new String[] {"kl_to_uniform", "classes", "kl_to_uniform", "3"});
                    columns.add(new String[] {"classes_covered", "classes", "classes_covered", "0"});
                }
                case PrecisionRecall.KIND -> {
                    columns.add(new String[] {"precision", PrecisionRecall.KIND, "precision", "3"});
                    columns.add(new String[] {"recall", PrecisionRecall.KIND, "recall", "3"});
                }
                case DensityCoverage.KIND -> {
                    columns.add(new String[] {"density", DensityCoverage.KIND, "density", "3"});
                    columns.add(new String[] {"coverage", DensityCoverage.KIND, "coverage", "3"});
                }
                case ClassifierConfidence.KIND -> {
                    columns.add(new String[] {"confidence", ClassifierConfidence.KIND, "confidence", "3"});
                    columns.add(new String[] {"confident", ClassifierConfidence.KIND, "confident", "3"});
                }
                default -> { }
            }
        }
        for (String[] c : columns) {
            DoubleColumn col = DoubleColumn.create(c[0]);
            col.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(Integer.parseInt(c[3])));
            t.addColumns(col);
        }
        DoubleColumn seconds = DoubleColumn.create("seconds");
        seconds.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        t.addColumns(seconds);
        for (Evaluation e : evaluations) {
            t.stringColumn("set").append(e.set());
            t.intColumn("n").append(e.count());
            for (String[] c : columns) {
                t.doubleColumn(c[0]).append(e.result(c[1]).value(c[2]));
            }
            seconds.append(e.seconds());
        }
        return t;
    }

    /**
     * Appends every evaluation so far to {@code runDir/metrics.jsonl}, one line per set and metric
     * (see {@link MetricsLog}). Calling it twice writes the lines twice; to log one set, use
     * {@link Evaluation#appendTo(Path, Map)}.
     *
     * @param runDir the run's folder (created if missing)
     * @param provenance the caller's provenance (seed, steps, engine, ...), copied into every line
     * @return the file written
     */
    public Path appendTo(Path runDir, Map<String, ?> provenance) {
        List<MetricsLog.Entry> entries = new ArrayList<>();
        for (Evaluation e : evaluations) {
            for (MetricResult r : e.results()) {
                entries.add(new MetricsLog.Entry(e.set(), r));
            }
        }
        return MetricsLog.appendEntries(runDir, entries, provenance);
    }

    /**
     * The rows so far.
     *
     * @return an unmodifiable copy
     */
    public List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    /**
     * The metrics run on each set.
     *
     * @return unmodifiable list
     */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Images per set.
     *
     * @return n
     */
    public int count() {
        return count;
    }

    /**
     * Features of the real reference images.
     *
     * @return the reference
     */
    public Features reference() {
        return reference;
    }

    @Override
    public void close() {
        if (ownsClassifier) {
            classifier.close();
        }
    }

    @Override
    public String toString() {
        return "Evaluator[" + metrics.stream().map(Metric::name).toList() + " vs " + referenceName + ", "
                + evaluations.size() + " sets evaluated]";
    }
}
