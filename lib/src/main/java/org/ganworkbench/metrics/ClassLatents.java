package org.ganworkbench.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.models.Gan;

import java.util.Arrays;
import java.util.Random;

/**
 * Latents whose image the {@link DomainClassifier} assigns to a chosen class: draw candidates from
 * the prior, generate their images, keep the one the classifier is surest belongs to the class. A
 * notebook uses it to pick the ends of an interpolation ("a sneaker into a sandal") without hand-picking
 * seeds, and the search is reproducible from its seed. Nothing here conditions G: an unconditional G
 * that never draws the class returns its best attempt, and {@link Found#probability()} says how sure
 * the classifier is.
 */
public final class ClassLatents {

    private ClassLatents() {}

    /**
     * A latent and the classifier's verdict on its image.
     *
     * @param latent the latent, {@code dim} values
     * @param probability the classifier's probability of the wanted class for its image
     * @param candidates how many latents were tried
     */
    public record Found(float[] latent, double probability, int candidates) {

        /** Copies the latent so the record stays unchanged. */
        public Found {
            latent = latent.clone();
        }

        @Override
        public float[] latent() {
            return latent.clone();
        }
    }

    /**
     * The latent, among {@code candidates} drawn from G's prior with {@code seed}, whose image the
     * classifier gives the highest probability of class {@code cls}.
     *
     * @param gan the generator (raw weights as they are; wrap in an averaged-weights scope for EMA)
     * @param classifier the domain classifier whose input shape G's images have
     * @param cls the class index
     * @param candidates latents to try, at least 1
     * @param seed seed of the draw
     * @return the best latent and its probability
     */
    public static Found find(Gan gan, DomainClassifier classifier, int cls, int candidates, long seed) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
        }
        int dim = gan.latent().dim();
        float[] z = gan.latent().draw(new Random(seed), candidates);
        float[] pixels;
        try (NDManager m = gan.manager().newSubManager()) {
            NDArray images = gan.generate(m.create(z, new Shape(candidates, dim)), false);
            pixels = images.toType(DataType.FLOAT32, false).toFloatArray();
        }
        double[][] p = classifier.features(pixels, candidates).probabilities();
        if (cls < 0 || cls >= p[0].length) {
            throw new IllegalArgumentException("class must be in [0, " + p[0].length + "), got " + cls);
        }
        int best = 0;
        for (int i = 1; i < candidates; i++) {
            if (p[i][cls] > p[best][cls]) {
                best = i;
            }
        }
        return new Found(Arrays.copyOfRange(z, best * dim, (best + 1) * dim), p[best][cls], candidates);
    }
}
