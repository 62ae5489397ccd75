package org.ganworkbench.models;

/**
 * How a translation GAN's generator objective is put together (pix2pix, pix2pixHD, SPADE): the
 * weights of its three terms, which the training loop adds up for G,
 *
 * <pre>
 *   L_G = adversarial · L_GAN(D(map, G(map)))                  the loss's own generator objective
 *       + l1 · mean |y − G(map)|                                pix2pix's L1 term (the paper's λ = 100)
 *       + featureMatching · mean over D's layers and scales of
 *             mean |D_i(map, y) − D_i(map, G(map))|             pix2pixHD's feature matching (λ_FM = 10)
 * </pre>
 *
 * where y is the real image paired with the map. D's objective is the loss's alone.
 *
 * @param adversarial the weight of the GAN loss's generator term; 0 trains G on the other terms
 *     alone (pix2pix's "L1 only" row; D is still trained, but G ignores it)
 * @param l1 the weight of the L1 reconstruction term
 * @param featureMatching the weight of the feature-matching term
 */
public record TranslationWeights(double adversarial, double l1, double featureMatching) {

    /** No extra term and the GAN loss at weight 1: what every GAN that is not a translation GAN trains. */
    public static final TranslationWeights NONE = new TranslationWeights(1, 0, 0);

    public TranslationWeights {
        check("adversarial", adversarial);
        check("l1", l1);
        check("feature_matching", featureMatching);
        if (adversarial == 0 && l1 == 0 && featureMatching == 0) {
            throw new IllegalArgumentException("the generator needs at least one term: adversarial_weight, l1_weight "
                    + "and feature_matching_weight are all 0");
        }
    }

    private static void check(String name, double w) {
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException(name + "_weight must be a finite number >= 0, got " + w);
        }
    }

    /** Whether G's objective has a term besides the GAN loss. */
    public boolean extraTerms() {
        return l1 > 0 || featureMatching > 0;
    }
}
