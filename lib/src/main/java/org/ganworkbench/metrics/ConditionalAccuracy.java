package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Does a conditional generator draw the class it is asked for: the share of generated images whose
 * {@link DomainClassifier} prediction (argmax) is the class the image was generated for
 * ({@code cacc_<domain>_<n>}, e.g. {@code cacc_fmnist_2k}). The generated images must carry their
 * requested class ({@link Features#classes()}); {@code Gan.sample} asks for the classes 0, 1, ...,
 * K−1 in turn, so every class is asked for equally often.
 *
 * <ul>
 *   <li>{@code cacc}: the share, from about 1/K (the classes are ignored) to 1;
 *   <li>{@code cacc_real}: the same of the labelled real reference set, i.e. the classifier's
 *       accuracy there: the value a generator that draws exactly its class's real images reaches
 *       (when the real features carry classes).
 * </ul>
 *
 * <p>It judges each image against its label alone: a generator that draws one perfect sandal for
 * every "sandal" scores 1. Read it next to intra-class FID and precision/recall ({@link IntraClass}).
 * The per-class shares are in the result's details ({@code per_class}).
 */
public final class ConditionalAccuracy extends SampledMetric {

    /** Kind of the metric in names. */
    public static final String KIND = "cacc";

    /**
     * The protocol in a domain classifier's feature space.
     *
     * @param domain the feature space in the name ({@link ClassifierDomain#id()}: {@code fmnist}, {@code shapes})
     * @param count generated samples, at least 2
     */
    public ConditionalAccuracy(String domain, int count) {
        super(KIND, domain, count);
    }

    @Override
    public MetricResult compute(Features real, Features generated) {
        long start = System.nanoTime();
        Features fake = protocolSamplesWithProbabilities(generated);
        IntraClass.requireClasses(name(), "generated", fake, "the class each image was generated for; "
                + "score a conditional generator's samples (unconditional ones: use classes_<domain>_<n>)");
        int k = fake.probabilities()[0].length;
        int[] asked = new int[k];
        int[] hit = new int[k];
        double share = agreement(fake, asked, hit);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(KIND, share);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("n_generated", fake.count());
        protocol.put("classes", k);
        if (real != null && real.hasProbabilities() && real.hasClasses()) {
            values.put(KIND + "_real", agreement(real, new int[k], new int[k]));
            protocol.put("n_real", real.count());
        }
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            if (asked[c] > 0) {
                perClass.put(Integer.toString(c), (double) hit[c] / asked[c]);
            }
        }
        return new MetricResult(name(), values, protocol, Map.of("per_class", perClass),
                (System.nanoTime() - start) / 1e9);
    }

    /** The share of rows predicted as their class; counts per class into asked and hit. */
    private double agreement(Features f, int[] asked, int[] hit) {
        int[] predicted = f.predictedClasses();
        int[] classes = f.classes();
        int agree = 0;
        for (int i = 0; i < predicted.length; i++) {
            int c = classes[i];
            if (c >= asked.length) {
                throw new IllegalArgumentException(name() + ": image " + i + " is of class " + c + ", but the classifier "
                        + "knows " + asked.length + " classes; the generator's classes must be the classifier's");
            }
            asked[c]++;
            if (predicted[i] == c) {
                hit[c]++;
                agree++;
            }
        }
        return (double) agree / predicted.length;
    }
}
