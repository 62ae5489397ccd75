package org.ganworkbench.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pixel-space metrics ({@link ImageMetric}) by name. A name reads {@code <kind>_<count>}: the
 * kind and the number of generated images, with {@code k} for thousands ({@code msssim_10k},
 * {@code swd_8192}). Unlike the {@link Metrics} names there is no feature-space tag: these metrics
 * read pixels, so they mean the same on every data set.
 */
public final class ImageMetrics {

    private static final Map<String, IntFunction<ImageMetric>> KINDS = new LinkedHashMap<>();

    static {
        // one line per kind: KINDS.put("<kind>", <Class>::new);
        KINDS.put("msssim", MsSsim::new);
        KINDS.put("swd", SlicedWasserstein::new);
    }

    private static final Pattern NAME = Pattern.compile("([a-z0-9]+)_([0-9]+)(k?)");

    private ImageMetrics() {}

    /** The kinds of pixel metric. */
    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /**
     * The metric of a name, with its default protocol settings.
     *
     * @param name {@code <kind>_<count>}, e.g. {@code msssim_10k}
     * @return the metric
     * @throws IllegalArgumentException if the name does not parse or the kind is unknown
     */
    public static ImageMetric byName(String name) {
        Matcher m = NAME.matcher(name == null ? "" : name.trim());
        if (!m.matches() || !KINDS.containsKey(m.group(1))) {
            throw new IllegalArgumentException("unknown image metric '" + name + "'; names read <kind>_<count>, kinds "
                    + kinds());
        }
        long count = Long.parseLong(m.group(2)) * (m.group(3).isEmpty() ? 1 : 1000);
        if (count < 2 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image metric '" + name + "': image count must be in [2, "
                    + Integer.MAX_VALUE + "], got " + count);
        }
        return KINDS.get(m.group(1)).apply((int) count);
    }

    /**
     * The name of a kind at an image count.
     *
     * @param kind e.g. {@code swd}
     * @param count generated images
     * @return e.g. {@code swd_8192}, {@code msssim_10k}
     */
    public static String nameOf(String kind, int count) {
        return kind + "_" + Metrics.countTag(count);
    }
}
