package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.Growing;

import java.util.Random;

/**
 * The mode-collapse check's measure: G's sample diversity over the data's, as the mean distance
 * between the two halves of {@value #SAMPLES} samples, fake (from fixed latents) over real. Near 1
 * for a healthy G, near 0 for a collapsed one. For a growing architecture the real samples are
 * those of the current stage, so a G working at 4×4 is not compared with full-size detail it
 * cannot make yet.
 */
final class DiversityProbe {

    /** Samples used to measure diversity (mean distance between pairs). */
    static final int SAMPLES = 256;

    private final Gan gan;
    private final TrainingConfig config;
    private final Growing growing;
    private double dataDiversity = Double.NaN;

    DiversityProbe(Gan gan, TrainingConfig config, Growing growing) {
        this.gan = gan;
        this.config = config;
        this.growing = growing;
    }

    /**
     * The ratio, with {@code sampler} giving n flat samples of G (its weight average when kept)
     * from a random stream.
     */
    double ratio(java.util.function.BiFunction<Random, Integer, float[]> sampler) {
        if (Double.isNaN(dataDiversity) || growing != null) {
            try (NDManager sm = gan.manager().newSubManager()) {
                NDArray real = config.data().sample(sm, new Random(config.seed() + 101), SAMPLES);
                dataDiversity = meanPairDistance((growing == null ? real : growing.realBatch(gan, real)).toFloatArray());
            }
        }
        float[] fakes = sampler.apply(new Random(config.seed() + 202), SAMPLES);
        return meanPairDistance(fakes) / dataDiversity;
    }

    /** Mean distance between sample i and sample i + {@value #SAMPLES}/2, for {@value #SAMPLES} flat samples. */
    static double meanPairDistance(float[] flat) {
        int half = SAMPLES / 2;
        int per = flat.length / SAMPLES;
        double sum = 0;
        for (int i = 0; i < half; i++) {
            double d2 = 0;
            for (int j = 0; j < per; j++) {
                double d = flat[i * per + j] - flat[(i + half) * per + j];
                d2 += d * d;
            }
            sum += Math.sqrt(d2);
        }
        return sum / half;
    }
}
