package org.ganworkbench.metrics;

import org.ganworkbench.data.PairedSet;
import org.ganworkbench.data.ShapeScenes;
import org.ganworkbench.models.Gan;

import java.util.List;
import java.util.Random;

/**
 * How different a translation GAN's images of one map are from each other (the multi-modal output
 * of SPADE's latent, or pix2pix's dropout noise): the mean over maps of the mean over pairs of
 * images of that map of their mean absolute pixel difference,
 *
 * <pre>
 *   diversity = mean_g  mean_{i < j}  mean_pixels |x_gi − x_gj|        on images in [-1, 1]
 * </pre>
 *
 * 0 when a generator ignores its noise. The reference is real data's own spread: other real images
 * of the same maps ({@code ShapeScenes.recoloured}). An L1 distance, not a learned perceptual one
 * (the papers' LPIPS needs a pretrained network that does not load here).
 */
public final class MapDiversity {

    private MapDiversity() {}

    /**
     * @param images groups × perGroup images, flat, group after group
     * @param groups the number of maps, at least 1
     * @param perGroup images of each map, at least 2
     * @return the diversity
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public static double meanPairwiseL1(float[] images, int groups, int perGroup) {
        if (groups < 1 || perGroup < 2 || images.length % ((long) groups * perGroup) != 0) {
            throw new IllegalArgumentException("map diversity needs >= 1 map with >= 2 images each, and "
                    + images.length + " values must split into " + groups + " x " + perGroup + " images");
        }
        int pixels = images.length / (groups * perGroup);
        double total = 0;
        for (int g = 0; g < groups; g++) {
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < perGroup; i++) {
                int a = (g * perGroup + i) * pixels;
                for (int j = i + 1; j < perGroup; j++) {
                    int b = (g * perGroup + j) * pixels;
                    double d = 0;
                    for (int p = 0; p < pixels; p++) {
                        d += Math.abs(images[a + p] - images[b + p]);
                    }
                    sum += d / pixels;
                    pairs++;
                }
            }
            total += sum / pairs;
        }
        return total / groups;
    }

    /**
     * A translation GAN's diversity: {@code draws} images (inference mode, latents and dropout
     * masks fresh for each) of each of the first {@code maps} maps of {@code data}, latents from
     * {@code seed}, dropout masks from the engine's generator seeded with {@code seed} (so the value repeats).
     */
    public static double of(Gan gan, PairedSet data, int maps, int draws, long seed) {
        float[][] passes = TranslatedMaps.draw(gan, data, maps, draws, seed);
        int pixels = Math.toIntExact(data.sampleShape().size());
        float[] all = new float[maps * draws * pixels];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < maps; i++) {
                System.arraycopy(passes[d], i * pixels, all, (i * draws + d) * pixels, pixels);
            }
        }
        return meanPairwiseL1(all, maps, draws);
    }

    /**
     * Real data's diversity: each of {@code layouts} drawn {@code draws} times, the first as it is and
     * the others in fresh colours ({@link ShapeScenes#recoloured}, from {@code seed}), at {@code size}.
     */
    public static double real(List<ShapeScenes.Layout> layouts, int draws, long seed, int size) {
        List<ShapeScenes.Layout> all = ShapeScenes.recolourings(layouts, draws, new Random(seed));
        return meanPairwiseL1(ShapeScenes.render("recoloured", all, size).images().toArray(), layouts.size(), draws);
    }
}
