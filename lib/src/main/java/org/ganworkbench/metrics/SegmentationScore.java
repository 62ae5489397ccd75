package org.ganworkbench.metrics;

import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.PairedSet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How faithfully a translation GAN follows its label maps, the GauGAN paper's measure: a
 * {@link SceneSegmenter} trained on real scenes segments G's images of {@code n} test maps, and its
 * segmentation is compared with the maps G was given ({@link ConfusionMatrix}). Name
 * {@code seg_scenes_<n>}; values {@code miou} (the headline) and {@code pixel_accuracy}, then the
 * IoU of every class ({@code iou_<class>}). The segmenter's own scores on real test images, the
 * ceiling, are in the protocol.
 */
public final class SegmentationScore {

    /** The kind, as names start. */
    public static final String KIND = "seg";

    /** The domain part of the name: the Shapes scenes' segmenter. */
    public static final String DOMAIN = "scenes";

    private final int count;

    /** Over {@code count} (≥ 2) images of as many maps. */
    public SegmentationScore(int count) {
        if (count < 2) {
            throw new IllegalArgumentException(KIND + ": count must be at least 2, got " + count);
        }
        this.count = count;
    }

    /** {@code seg_scenes_<count>}. */
    public String name() {
        return new MetricName(KIND, DOMAIN, count).toString();
    }

    /**
     * Scores G's images of the first {@code count} maps of {@code maps}.
     *
     * @param segmenter the judge, at the images' side
     * @param generated G's image of map i at index i, at least {@code count}
     * @param maps the maps the images were made from
     * @return miou, pixel_accuracy and the classes' IoU, with the protocol
     */
    public MetricResult compute(SceneSegmenter segmenter, ImageSet generated, PairedSet maps) {
        if (generated.count() < count || maps.count() < count) {
            throw new IllegalArgumentException(name() + " takes " + count + " images of as many maps, got "
                    + generated.count() + " images and " + maps.count() + " maps");
        }
        long start = System.nanoTime();
        ConfusionMatrix cm = segmenter.score(generated.count() == count ? generated : generated.head(count),
                maps.count() == count ? maps : maps.head(count));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("miou", cm.meanIou());
        values.put("pixel_accuracy", cm.pixelAccuracy());
        double[] iou = cm.iou();
        for (int k = 0; k < iou.length; k++) {
            values.put("iou_" + maps.labelNames().get(k), iou[k]);
        }
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("maps", maps.name());
        protocol.put("count", count);
        protocol.put("segmenter", segmenter.info().architecture());
        protocol.put("segmenter_real_miou", segmenter.info().meanIou());
        protocol.put("segmenter_real_pixel_accuracy", segmenter.info().pixelAccuracy());
        return new MetricResult(name(), values, protocol, Map.of(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * What a run's results report of a result: {@code miou_scenes_<n>} and {@code pixacc_scenes_<n>}
     * (the per-class IoUs stay in metrics.jsonl).
     */
    public static Map<String, Double> reported(MetricResult r) {
        return reported(r.metric(), r.values());
    }

    private static double value(String metric, Map<String, Double> values, String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(metric + " has no value '" + name + "'; it has " + values.keySet());
        }
        return v;
    }

    /** {@link #reported(MetricResult)} of a result's name and values (as {@code metrics.jsonl} keeps them). */
    static Map<String, Double> reported(String metric, Map<String, Double> values) {
        MetricName n = MetricName.parse(metric);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(new MetricName("miou", n.domain(), n.count()).toString(), value(metric, values, "miou"));
        out.put(new MetricName("pixacc", n.domain(), n.count()).toString(), value(metric, values, "pixel_accuracy"));
        return out;
    }
}
