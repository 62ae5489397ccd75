package org.ganworkbench.metrics;

import org.ganworkbench.data.ImageSet;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sample-quality metric computed on pixels rather than on a classifier's features: MS-SSIM
 * (diversity of a generated set) and the sliced Wasserstein distance between Laplacian-pyramid
 * patches (real vs generated). Works on any image size and on 1 or 3 channels, so it serves every
 * data set, not only Fashion-MNIST. Images come as {@link ImageSet}s with pixels in [-1, 1].
 *
 * <p>As with {@link Metric}, the protocol is part of the name ({@code msssim_10k},
 * {@code swd_8192}), and metrics are found by name in {@link MetricRegistry}.
 */
public interface ImageMetric {

    /**
     * The kind, the name without its protocol.
     *
     * @return e.g. {@code swd}
     */
    String kind();

    /**
     * The name, carrying the protocol: the kind and the image count.
     *
     * @return e.g. {@code swd_8192}
     */
    default String name() {
        return MetricRegistry.nameOf(kind(), sampleCount()).toString();
    }

    /**
     * Number of generated images the protocol takes.
     *
     * @return e.g. 8192 for {@code swd_8192}
     */
    int sampleCount();

    /**
     * Computes the metric.
     *
     * @param real real images (the reference; metrics that judge the generated set alone use it for
     *     their real-data baseline, or ignore it when it is {@code null})
     * @param generated at least {@link #sampleCount()} generated images, same shape as {@code real}
     * @return the values (headline first), with the protocol fields and the time taken
     * @throws IllegalArgumentException if there are too few images or the shapes differ
     */
    MetricResult compute(ImageSet real, ImageSet generated);

    /**
     * Checks, before any image is made, that the metric can take images of this shape (so a run
     * fails at configuration time, not after training).
     *
     * @throws IllegalArgumentException naming the metric and what it needs
     */
    default void checkShape(int channels, int height, int width) {}

    /**
     * The first {@link #sampleCount()} images of a set, or an error naming the metric.
     *
     * @param images a set
     * @param which "generated" or "real", for the message
     * @return its first {@code sampleCount()} images
     */
    default ImageSet protocolImages(ImageSet images, String which) {
        if (images.count() < sampleCount()) {
            throw new IllegalArgumentException(name() + " takes " + sampleCount() + " " + which + " images, got "
                    + images.count() + "; use more, or " + MetricName.parse(name()).withCount(images.count()));
        }
        return images.count() == sampleCount() ? images : images.head(sampleCount());
    }

    /**
     * One metric on several image sets against one real set: one row per set, one column per
     * {@link MetricName#reported} value (for SWD: the average, then every level), rounded for display.
     *
     * @param real the reference images
     * @param sets the sets to score, by label, in row order
     */
    default Table compare(ImageSet real, Map<String, ImageSet> sets) {
        StringColumn label = StringColumn.create("set");
        Map<String, DoubleColumn> columns = new LinkedHashMap<>();
        for (Map.Entry<String, ImageSet> e : sets.entrySet()) {
            MetricResult r = compute(real, e.getValue());
            label.append(e.getKey());
            for (Map.Entry<String, Double> v : MetricRegistry.reported(r.metric(), r.values()).entrySet()) {
                columns.computeIfAbsent(v.getKey(), k -> {
                    DoubleColumn c = DoubleColumn.create(k);
                    c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
                    return c;
                }).append(v.getValue());
            }
        }
        Table t = Table.create(name() + " against " + real.name(), label);
        columns.values().forEach(t::addColumns);
        return t;
    }
}
