package org.ganworkbench.metrics;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.FashionMnist;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A data set a {@link DomainClassifier} is trained on, whose feature space the feature metrics are
 * named for ({@code fid_fmnist_2k}, {@code fid_shapes_2k}): the name in metric names, the input
 * image shape, the classes, the auxiliary factors regressed beside them, the network's convolution
 * widths and its {@link #architecture()} string, the test accuracy the metrics require, the cache
 * folder, and where its labelled training and test images come from.
 *
 * <ul>
 *   <li>{@link #FMNIST}: Fashion-MNIST (1, 28, 28), 10 classes, its 60,000 training and 10,000 test
 *       images, at least 90% test accuracy (a classifier that cannot tell a shirt from a coat cannot
 *       judge generated ones either), no factors;
 *   <li>{@link #SHAPES}: {@link Shapes} at 32 × 32 (3, 32, 32), the 5 shape kinds, 20,000 training
 *       scenes of {@link Shapes#TRAIN_SEED} and 10,000 test scenes of {@link Shapes#TEST_SEED}. The
 *       network also regresses the scene's centre x and y, radius and hue (as cos and sin, hue being
 *       circular) from its feature layer, so that layer, what FID, KID and precision/recall compare,
 *       encodes where a shape is, how big and what colour, not only its kind. The shapes are clean
 *       (drawn without noise, at least 4.8 pixels in radius at 32 × 32), so it must reach 97%
 *       (measured: 99.92% with seed 1 on MXNet, also on the 64 × 64 test scenes averaged down; a
 *       first version with two convolution blocks, like Fashion-MNIST's, stood at 72% after 3 of 6
 *       epochs: the third block, down to 4 × 4, gives the invariance to position and rotation).
 * </ul>
 */
public enum ClassifierDomain {

    /** Fashion-MNIST: today's classifier, unchanged (its saved weights load as before). */
    FMNIST(MetricRegistry.FMNIST, "Fashion-MNIST", new Shape(1, 28, 28), FashionMnist.CLASS_NAMES, List.of(), new int[] {32, 64},
            "fmnist-cnn-v1: conv3x3x32-bn-relu-maxpool2, conv3x3x64-bn-relu-maxpool2, linear128-relu (features), "
                    + "linear10 (logits)",
            0.90, () -> new Split(FashionMnist.train(), null), () -> new Split(FashionMnist.test(), null)),

    /** The Shapes set at 32 × 32: shape kind, and centre, radius and hue as auxiliary regressions. */
    SHAPES("shapes", "Shapes", new Shape(3, 32, 32), Shapes.CLASS_NAMES,
            List.of("centre_x", "centre_y", "radius", "hue_cos", "hue_sin"), new int[] {32, 64, 128},
            "shapes-cnn-v1: conv3x3x32-bn-relu-maxpool2, conv3x3x64-bn-relu-maxpool2, conv3x3x128-bn-relu-maxpool2, "
                    + "linear128-relu (features), "
                    + "linear10 (5 logits; 5 factors: centre x, centre y, radius, hue cos, hue sin)",
            0.97, () -> shapes(Shapes.TRAIN_COUNT, Shapes.TRAIN_SEED), () -> shapes(Shapes.TEST_COUNT, Shapes.TEST_SEED));

    /** Half the span of a shape's centre along an axis: it lies in 0.5 ± this (fractions of the side). */
    private static final double CENTRE_SPAN = 0.5 - Shapes.MIN_RADIUS - Shapes.MARGIN;
    private static final double RADIUS_MID = (Shapes.MIN_RADIUS + Shapes.MAX_RADIUS) / 2;
    private static final double RADIUS_SPAN = (Shapes.MAX_RADIUS - Shapes.MIN_RADIUS) / 2;

    /**
     * Labelled images of a domain: the images with their class labels, and per image the factor
     * targets as the network regresses them (each scaled into about [-1, 1]), or null for a domain
     * without factors.
     *
     * @param images the images at the domain's {@link #imageShape()}, labelled
     * @param factors one row of {@link #factors()}{@code .size()} targets per image, or null
     */
    public record Split(ImageSet images, double[][] factors) {

        /** Checks that there is a factor row per image when there are factors. */
        public Split {
            if (factors != null && factors.length != images.count()) {
                throw new IllegalArgumentException(images.name() + ": " + factors.length + " factor rows for "
                        + images.count() + " images");
            }
        }

        /** The first n images and their factors. */
        public Split head(int n) {
            return new Split(images.head(n), factors == null ? null : Arrays.copyOf(factors, Math.min(n, factors.length)));
        }
    }

    private final String id;
    private final String title;
    private final Shape imageShape;
    private final List<String> classNames;
    private final List<String> factors;
    private final int[] convFilters;
    private final String architecture;
    private final double requiredAccuracy;
    private final Supplier<Split> train;
    private final Supplier<Split> test;

    ClassifierDomain(String id, String title, Shape imageShape, List<String> classNames, List<String> factors,
                     int[] convFilters, String architecture, double requiredAccuracy, Supplier<Split> train,
                     Supplier<Split> test) {
        this.id = id;
        this.title = title;
        this.imageShape = imageShape;
        this.classNames = List.copyOf(classNames);
        this.factors = List.copyOf(factors);
        this.convFilters = convFilters;
        this.architecture = architecture;
        this.requiredAccuracy = requiredAccuracy;
        this.train = train;
        this.test = test;
    }

    /**
     * The domain of a name as metric names and the command line write it.
     *
     * @param name {@code fmnist} or {@code shapes} (any case)
     * @return the domain
     * @throws IllegalArgumentException naming the valid names if there is no such domain
     */
    public static ClassifierDomain named(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ClassifierDomain d : values()) {
            if (d.id.equals(wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown classifier domain '" + name + "'; domains: " + String.join(", ", ids()));
    }

    /** The names of the domains: {@code fmnist, shapes}. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ClassifierDomain::id).toList();
    }

    /** The name in metric names and on the command line: {@code fmnist}, {@code shapes}. */
    public String id() {
        return id;
    }

    /** The data set's name for people: {@code Fashion-MNIST}, {@code Shapes}. */
    public String title() {
        return title;
    }

    /** Shape (C, H, W) of one input image. */
    public Shape imageShape() {
        return imageShape;
    }

    /** Values per input image, C·H·W. */
    public int pixels() {
        return Math.toIntExact(imageShape.size());
    }

    /** Class names indexed by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes (the softmax's width). */
    public int classes() {
        return classNames.size();
    }

    /** The factors regressed beside the classes, in the head's order after the logits; empty for none. */
    public List<String> factors() {
        return factors;
    }

    /** Output channels of the convolution blocks, in order. */
    int[] convFilters() {
        return convFilters.clone();
    }

    /** What the network is; stored with the weights and checked on load. */
    public String architecture() {
        return architecture;
    }

    /** Test accuracy below which the metrics refuse a classifier of this domain. */
    public double requiredAccuracy() {
        return requiredAccuracy;
    }

    /** The folder name under {@code data/cache/}: {@code fmnist-classifier}, {@code shapes-classifier}. */
    public String cacheFolder() {
        return id + "-classifier";
    }

    /** The labelled training images (and factor targets). */
    public Split train() {
        return train.get();
    }

    /** The labelled test images (and factor targets) the accuracy is measured on. */
    public Split test() {
        return test.get();
    }

    /**
     * The largest number of real reference images {@link #reference} gives: Fashion-MNIST's 10,000
     * test images; 16,384 Shapes scenes (any number could be drawn; this bounds the memory, 0.8 GB
     * at 64 × 64).
     *
     * @return the largest n
     */
    public int maxReference() {
        return this == FMNIST ? 10_000 : 16_384;
    }

    /**
     * The real held-out images the metrics compare a generator with, at the side a run makes
     * them: for Fashion-MNIST n test images chosen with {@link Evaluator#REFERENCE_SEED} (padded
     * with the background -1 to 32 × 32 for a side of 32); for Shapes the first n scenes of
     * {@link Shapes#TEST_SEED} rendered at that side (a fresh draw, never the training scenes).
     *
     * @param n images, in [1, {@link #maxReference()}]
     * @param side the run's image side: 28 or 32 for Fashion-MNIST, a power of two for Shapes
     * @return the images
     */
    public ImageSet reference(int n, int side) {
        if (n < 1 || n > maxReference()) {
            throw new IllegalArgumentException(title + " reference: n must be in [1, " + maxReference() + "], got " + n);
        }
        if (this == SHAPES) {
            return Shapes.generate(n, side, Shapes.TEST_SEED);
        }
        ImageSet test = FashionMnist.test().subset(n, Evaluator.REFERENCE_SEED);
        return side == test.height() ? test : test.padded(side, -1f);
    }

    /**
     * Images of this domain at the side a run makes them, as the classifier takes them:
     * Fashion-MNIST padded to 32 × 32 is cropped back to its centre 28 × 28 (where the padding is
     * cut off again); Shapes at 64 × 64 is averaged over 2 × 2 blocks to 32 × 32, which is what
     * rendering the scene at 32 × 32 gives up to the rasterizer's rounding (the coverage of a
     * pixel is the mean coverage of its four quarter pixels). Images already of the input shape
     * are returned as they are.
     *
     * @param images images of this domain
     * @return the images at {@link #imageShape()}
     * @throws IllegalArgumentException if the channels differ or the side cannot be brought to the input's
     */
    public ImageSet toInput(ImageSet images) {
        int c = Math.toIntExact(imageShape.get(0));
        int side = Math.toIntExact(imageShape.get(1));
        if (images.channels() == c && images.height() == side && images.width() == side) {
            return images;
        }
        if (images.channels() == c && images.height() == images.width()) {
            if (this == FMNIST && images.height() > side) {
                return images.cropped(side);
            }
            if (this == SHAPES && images.height() > side && images.height() % side == 0) {
                return images.downsampled(side);
            }
        }
        throw new IllegalArgumentException(images.name() + ": the " + title + " classifier takes images " + imageShape
                + (this == FMNIST ? " or (1, 32, 32) padded ones" : " or larger squares whose side is a multiple of "
                + side) + ", got (" + images.channels() + ", " + images.height() + ", " + images.width() + ")");
    }

    /**
     * The regression errors of predicted factors, in the scene's units: mean absolute error of the
     * centre x and y and the radius as fractions of the image side, and of the hue (the angle of the
     * predicted (cos, sin)) in degrees around the colour wheel.
     *
     * @param predicted one row of network outputs per image (the factor part of the head)
     * @param targets the true targets as {@link #train()} and {@link #test()} give them
     * @return error by name ({@code centre_x}, {@code centre_y}, {@code radius}, {@code hue_degrees});
     *     empty for a domain without factors
     */
    public Map<String, Double> factorErrors(double[][] predicted, double[][] targets) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (factors.isEmpty()) {
            return out;
        }
        double x = 0;
        double y = 0;
        double r = 0;
        double hue = 0;
        for (int i = 0; i < predicted.length; i++) {
            double[] p = predicted[i];
            double[] t = targets[i];
            x += Math.abs(p[0] - t[0]) * CENTRE_SPAN;
            y += Math.abs(p[1] - t[1]) * CENTRE_SPAN;
            r += Math.abs(p[2] - t[2]) * RADIUS_SPAN;
            double d = Math.abs(Math.atan2(p[4], p[3]) - Math.atan2(t[4], t[3]));
            hue += Math.toDegrees(Math.min(d, 2 * Math.PI - d));
        }
        int n = predicted.length;
        out.put("centre_x", x / n);
        out.put("centre_y", y / n);
        out.put("radius", r / n);
        out.put("hue_degrees", hue / n);
        return out;
    }

    /**
     * The Shapes scenes of a seed at 32 × 32 with their factor targets: centre x and y as
     * {@code (v - 0.5) / span}, the radius as {@code (r - mid) / half-range} (each in [-1, 1]), and
     * the hue's angle as cos and sin.
     */
    static Split shapes(int n, long seed) {
        ImageSet images = Shapes.generate(n, Math.toIntExact(SHAPES.imageShape.get(1)), seed);
        List<Shapes.Scene> scenes = Shapes.scenes(n, seed);
        double[][] targets = new double[n][];
        for (int i = 0; i < n; i++) {
            Shapes.Scene s = scenes.get(i);
            double angle = 2 * Math.PI * s.hue();
            targets[i] = new double[] {(s.centreX() - 0.5) / CENTRE_SPAN, (s.centreY() - 0.5) / CENTRE_SPAN,
                (s.radius() - RADIUS_MID) / RADIUS_SPAN, Math.cos(angle), Math.sin(angle)};
        }
        return new Split(images, targets);
    }
}
