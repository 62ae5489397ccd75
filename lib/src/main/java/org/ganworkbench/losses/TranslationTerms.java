package org.ganworkbench.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.ganworkbench.models.TranslationWeights;

import java.util.function.Supplier;

/**
 * The terms a translation GAN adds to its generator's objective ({@link TranslationWeights}): the
 * L1 distance of G's image to the real image paired with the map (pix2pix, Isola et al. 2017, eq. 3)
 * and the feature-matching distance between D's features of the real pair and of the generated
 * pair, over every layer of every scale (pix2pixHD, Wang et al. 2018, eq. 4).
 *
 * <p>L1 = mean over pixels and channels of |y − G(map)|, as pix2pix's code has it. FM follows
 * pix2pixHD's code (and SPADE's, whose sum over a scale's layers is the same for a D of 4 feature
 * tensors, as ours with 3 downsampling layers): each of a scale's L feature tensors D_i contributes
 * (4 / L) · mean |D_i(map, y) − D_i(map, G(map))|, and the scales are averaged; that is 4 times the
 * mean over all feature tensors of their mean absolute difference. Against the GAN term, SPADE's
 * λ_FM = 10 then means the same here (its hinge G loss is a mean over scales, as here). pix2pixHD's
 * least-squares G loss is a <em>sum</em> over scales of mean (D − 1)², where the lsgan loss here is
 * half a mean over all patches of all scales: to weigh the GAN term against feature matching as
 * pix2pixHD does, set the model's {@code adversarial_weight} to 2 × d_scales.
 */
public final class TranslationTerms {

    private final TranslationWeights weights;

    /** The terms with these weights. */
    public TranslationTerms(TranslationWeights weights) {
        this.weights = java.util.Objects.requireNonNull(weights, "weights");
    }

    /** What one generator update's terms came to: their weighted sum and each term unweighted (NaN when off). */
    public record Values(NDArray total, double l1, double featureMatching) {}

    /**
     * The weighted extra terms of one G update.
     *
     * @param fake G's images (with the graph back to G)
     * @param real the real images paired with the same maps
     * @param fakeFeatures D's features of the generated pairs (graph back to G); asked for only when
     *     feature matching is on
     * @param realFeatures D's features of the real pairs (cut from the graph); asked for likewise
     * @return the weighted sum (null when no term is on) and the unweighted values
     */
    public Values generatorTerms(NDArray fake, NDArray real, Supplier<NDList> fakeFeatures,
                                 Supplier<NDList> realFeatures) {
        NDArray total = null;
        double l1 = Double.NaN;
        double fm = Double.NaN;
        if (weights.l1() > 0) {
            NDArray t = l1(fake, real);
            l1 = t.getFloat();
            total = t.mul((float) weights.l1());
        }
        if (weights.featureMatching() > 0) {
            NDArray t = featureMatching(fakeFeatures.get(), realFeatures.get());
            fm = t.getFloat();
            NDArray w = t.mul((float) weights.featureMatching());
            total = total == null ? w : total.add(w);
        }
        return new Values(total, l1, fm);
    }

    /** mean |fake − real| over every element. */
    public static NDArray l1(NDArray fake, NDArray real) {
        if (!fake.getShape().equals(real.getShape())) {
            throw new IllegalArgumentException("L1 term: G's images " + fake.getShape() + " and the real images "
                    + real.getShape() + " differ in shape");
        }
        return fake.sub(real).abs().mean();
    }

    /**
     * pix2pixHD's feature-matching distance: 4 × the mean over the feature tensors of each pair's
     * mean |fake_i − real_i| (the same for every scale count when every scale has as many tensors);
     * 0 exactly when every feature agrees.
     */
    public static NDArray featureMatching(NDList fake, NDList real) {
        if (fake.size() != real.size() || fake.isEmpty()) {
            throw new IllegalArgumentException("feature matching needs as many real as generated feature tensors, and "
                    + "at least one; got " + fake.size() + " and " + real.size());
        }
        NDArray sum = null;
        for (int i = 0; i < fake.size(); i++) {
            if (!fake.get(i).getShape().equals(real.get(i).getShape())) {
                throw new IllegalArgumentException("feature matching: feature " + i + " is " + fake.get(i).getShape()
                        + " for the generated pairs and " + real.get(i).getShape() + " for the real ones");
            }
            NDArray d = fake.get(i).sub(real.get(i)).abs().mean();
            sum = sum == null ? d : sum.add(d);
        }
        return sum.mul(4f / fake.size());
    }
}
