package org.ganworkbench.data;

import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Scenes of several coloured shapes with their semantic label maps: paired data for image-to-image
 * translation (pix2pix, SPADE), where the generator gets the map and paints the picture. A
 * {@link Layout} is one to {@value #MAX_SHAPES} {@link Shapes.Scene}s on one background, painted in
 * order, so a later shape covers an earlier one where they overlap. Nothing is downloaded; the same
 * seed gives the same layouts at every size, and the same pixels on the same JDK.
 *
 * <p>Every map comes from the same geometry as the picture, {@link Shapes#outline(Shapes.Scene, int)}:
 * the picture fills the outlines with antialiasing, the maps ask whether each outline contains the
 * pixel's centre (x + 0.5, y + 0.5), by {@link Shape#contains(double, double)} (Java2D's
 * insideness rule). The label map ({@link #labelMap}) gives each pixel 0 (background) or 1 + the
 * {@link Shapes.Kind} ordinal of the topmost shape containing its centre ({@link #LABEL_NAMES}), the
 * instance map ({@link #instanceMap}) 0 or 1 + the index of that shape in the layout, and the edge
 * map ({@link #edgeMap}) marks the pixels next to another instance, pix2pixHD's instance boundary
 * map, which keeps two touching shapes of one kind apart. Along an outline the picture blends the
 * two sides' colours while the label takes one side; away from the outlines a pixel shows exactly
 * its shape's colour, or exactly the background.
 *
 * <p>How a layout is drawn from the seed's {@link Random}, in this order: the number of shapes
 * (uniform from 1 to {@value #MAX_SHAPES}); the background's two colours and direction, once per
 * layout, by Shapes' rule (each colour hue uniform, saturation 0 to 0.6, brightness 0.1 to 0.45;
 * then the direction uniform in [0, 2 pi)); then per shape, as {@link Shapes#scenes} draws one: the
 * kind (uniform over the five), the radius of its circle ({@value #MIN_RADIUS} to
 * {@value #MAX_RADIUS} of the side), the centre (keeping that circle {@value Shapes#MARGIN} of the
 * side inside the image), the rotation and the colour (hue uniform, saturation 0.55 to 1,
 * brightness 0.7 to 1). Shapes may overlap; a layout may hold one kind several times. The first
 * {@code k} layouts of {@code n} are the {@code k} layouts of the same seed.
 *
 * <p>Cost, measured on 2 cores: the standard training set, {@value #TRAIN_COUNT} layouts, renders
 * in about 1.5 s at 32 x 32 and 3 s at 64 x 64 (2.5 s and 10 s while other work kept the cores
 * busy), and takes 287 MB of heap at 32 x 32 (per image 12 KB of pixels, 1 KB of labels, 1 KB of
 * edges) and four times that, 1.15 GB, at 64 x 64.
 */
public final class ShapeScenes {

    /** The most shapes in a layout. */
    public static final int MAX_SHAPES = 3;

    /** Smallest radius of the circle around a shape, as a fraction of the side. */
    public static final double MIN_RADIUS = 0.12;

    /** Largest radius of the circle around a shape, as a fraction of the side. */
    public static final double MAX_RADIUS = 0.25;

    /** Number of label classes: the background and the five kinds. */
    public static final int LABEL_CLASSES = 6;

    /**
     * Label names indexed by label: background (0), then circle, square, triangle, ring, cross
     * (label 1 + {@link Shapes.Kind#ordinal()}).
     */
    public static final List<String> LABEL_NAMES;

    static {
        List<String> names = new ArrayList<>();
        names.add("background");
        names.addAll(Shapes.CLASS_NAMES);
        LABEL_NAMES = List.copyOf(names);
    }

    /** Layouts in {@link #train(int)}. */
    public static final int TRAIN_COUNT = 20_000;

    /** Layouts in {@link #test(int)}. */
    public static final int TEST_COUNT = 2_000;

    /** Seed of {@link #train(int)}. */
    public static final long TRAIN_SEED = 11;

    /** Seed of {@link #test(int)}. */
    public static final long TEST_SEED = 12;

    /**
     * The shapes of one picture on one background.
     *
     * @param shapes 1 to {@value ShapeScenes#MAX_SHAPES} scenes in painting order (a later one over an earlier
     *     one), all with the same {@code backgroundFrom}, {@code backgroundTo} and
     *     {@code gradientAngle}, the layout's background; copied into an unmodifiable list
     */
    public record Layout(List<Shapes.Scene> shapes) {

        /**
         * Checks the shapes.
         *
         * @throws IllegalArgumentException if there are none, more than {@value ShapeScenes#MAX_SHAPES}, a null
         *     one, or two with different backgrounds (naming the shape and both backgrounds)
         */
        public Layout {
            Objects.requireNonNull(shapes, "layout: shapes");
            if (shapes.isEmpty() || shapes.size() > MAX_SHAPES) {
                throw new IllegalArgumentException("layout: needs 1 to " + MAX_SHAPES + " shapes, got " + shapes.size());
            }
            for (int i = 0; i < shapes.size(); i++) {
                if (shapes.get(i) == null) {
                    throw new IllegalArgumentException("layout: shape " + i + " is null");
                }
            }
            Shapes.Scene first = shapes.get(0);
            for (int i = 1; i < shapes.size(); i++) {
                Shapes.Scene s = shapes.get(i);
                if (!s.sameBackground(first)) {
                    throw new IllegalArgumentException("layout: shape " + i + " has the background " + background(s)
                            + " but shape 0 has " + background(first) + "; the shapes of a layout lie on one "
                            + "background, so give every scene the same backgroundFrom, backgroundTo and gradientAngle");
                }
            }
            shapes = List.copyOf(shapes);
        }

        private static String background(Shapes.Scene s) {
            return String.format(java.util.Locale.ROOT, "(from %06x to %06x at %s rad)", s.backgroundFrom(),
                    s.backgroundTo(), s.gradientAngle());
        }
    }

    private ShapeScenes() {}

    /**
     * The standard training set.
     *
     * @param size side of the images, a power of two from 8 to 1024 (32 or 64 for the notebooks)
     * @return {@value #TRAIN_COUNT} pairs, seed {@value #TRAIN_SEED}, named {@code shape-scenes<size>/train}
     */
    public static PairedSet train(int size) {
        return render("shape-scenes" + size + "/train", layouts(TRAIN_COUNT, TRAIN_SEED), size);
    }

    /**
     * The standard test set, drawn independently of {@link #train(int)}.
     *
     * @param size side of the images, a power of two from 8 to 1024
     * @return {@value #TEST_COUNT} pairs, seed {@value #TEST_SEED}, named {@code shape-scenes<size>/test}
     */
    public static PairedSet test(int size) {
        return render("shape-scenes" + size + "/test", layouts(TEST_COUNT, TEST_SEED), size);
    }

    /**
     * The layouts of a seed, drawn from {@code new Random(seed)} in the order the class comment gives.
     *
     * @param n number of layouts, at least 1
     * @param seed seed of the draws
     * @return {@code n} layouts, unmodifiable; the first {@code k} are {@code layouts(k, seed)}
     */
    public static List<Layout> layouts(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("shape scenes: need at least 1 layout, got " + n);
        }
        Random rng = new Random(seed);
        List<Layout> layouts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int shapes = 1 + rng.nextInt(MAX_SHAPES);
            int from = Shapes.backgroundColour(rng);
            int to = Shapes.backgroundColour(rng);
            double angle = 2 * Math.PI * rng.nextDouble();
            List<Shapes.Scene> scenes = new ArrayList<>(shapes);
            for (int s = 0; s < shapes; s++) {
                scenes.add(Shapes.drawShape(rng, MIN_RADIUS, MAX_RADIUS, from, to, angle));
            }
            layouts.add(new Layout(scenes));
        }
        return List.copyOf(layouts);
    }

    /**
     * The same layout in fresh colours: every shape keeps its kind, centre, radius and rotation (so
     * the label, instance and edge maps are the same), and the background colours, the gradient's
     * direction and every shape's colour are drawn anew from {@code rng} by the rules of
     * {@link #layouts} (background first, then the shapes in order). A map fixes geometry only, so
     * these are other real images of the same map: the spread a translation GAN's outputs of one
     * map should have.
     *
     * @param layout the geometry
     * @param rng the colours' draws
     * @return a layout with {@code layout}'s geometry
     */
    public static Layout recoloured(Layout layout, Random rng) {
        int from = Shapes.backgroundColour(rng);
        int to = Shapes.backgroundColour(rng);
        double angle = 2 * Math.PI * rng.nextDouble();
        List<Shapes.Scene> scenes = new ArrayList<>(layout.shapes().size());
        for (Shapes.Scene s : layout.shapes()) {
            float[] hsb = Shapes.shapeColour(rng);
            scenes.add(new Shapes.Scene(s.kind(), s.centreX(), s.centreY(), s.radius(), s.rotation(), hsb[0], hsb[1],
                    hsb[2], from, to, angle));
        }
        return new Layout(scenes);
    }

    /**
     * Each layout {@code draws} times in a row: first as it is, then {@link #recoloured} (colours from
     * {@code rng}, layout after layout): other real images of each map, ready for {@link #render}.
     *
     * @param layouts the maps' geometry
     * @param draws images per layout, at least 1
     * @param rng the colours' draws
     * @return layouts.size() × draws layouts, layout after layout
     */
    public static List<Layout> recolourings(List<Layout> layouts, int draws, Random rng) {
        if (draws < 1) {
            throw new IllegalArgumentException("recolourings: draws must be at least 1, got " + draws);
        }
        List<Layout> all = new ArrayList<>(layouts.size() * draws);
        for (Layout l : layouts) {
            all.add(l);
            for (int d = 1; d < draws; d++) {
                all.add(recoloured(l, rng));
            }
        }
        return all;
    }

    /**
     * Renders layouts with their maps into a paired set, in parallel over images.
     *
     * @param name the set's name (also its image set's)
     * @param layouts at least one layout
     * @param size side of the images, a power of two from 8 to 1024
     * @return images (3, size, size) in [-1, 1], unlabelled, paired with their {@link #labelMap}s
     *     ({@link #LABEL_NAMES}) and the {@link #edgeMap}s of their {@link #instanceMap}s
     * @throws IllegalArgumentException if there are no layouts or {@code size} is not allowed
     */
    public static PairedSet render(String name, List<Layout> layouts, int size) {
        Shapes.requireSize(size);
        Objects.requireNonNull(name, "name");
        if (layouts.isEmpty()) {
            throw new IllegalArgumentException(name + ": no layouts to render");
        }
        int plane = size * size;
        float[] pixels = new float[Math.multiplyExact(layouts.size(), 3 * plane)];
        byte[] labels = new byte[Math.multiplyExact(layouts.size(), plane)];
        boolean[] edges = new boolean[labels.length];
        IntStream.range(0, layouts.size()).parallel().forEach(i -> {
            Layout layout = layouts.get(i);
            Shapes.toPlanes(draw(layout, size), pixels, i * 3 * plane);
            int[] instances = instanceMap(layout, size);
            int[] kinds = instanceLabels(layout);
            int at = i * plane;
            for (int p = 0; p < plane; p++) {
                labels[at + p] = (byte) kinds[instances[p]];
            }
            PairedSet.boundaries(p -> instances[p], size, size, edges, at);
        });
        ImageSet images = new ImageSet(name, 3, size, size, pixels, null, null);
        return new PairedSet(name, images, labels, edges, LABEL_NAMES);
    }

    /**
     * Draws one layout: its background (as {@link Shapes#draw} draws a scene's), then every shape's
     * {@link Shapes#outline} in order, filled with its colour, antialiased, with Shapes' rendering
     * settings.
     *
     * @param layout the shapes
     * @param size side of the picture, a power of two from 8 to 1024
     * @return an RGB picture of {@code size x size} pixels
     */
    public static BufferedImage draw(Layout layout, int size) {
        Shapes.requireSize(size);
        BufferedImage img = Shapes.canvas(layout.shapes().get(0), size);
        Shapes.fill(img, layout.shapes(), size);
        return img;
    }

    /**
     * The semantic label map: pixel (x, y) is 1 + the kind's ordinal of the topmost (last) shape
     * whose {@link Shapes#outline} contains the pixel's centre (x + 0.5, y + 0.5), or 0 when none
     * does.
     *
     * @param layout the shapes
     * @param size side of the map, a power of two from 8 to 1024
     * @return {@code size * size} labels in [0, {@value #LABEL_CLASSES}), row-major (pixel (x, y) at
     *     {@code y * size + x})
     */
    public static int[] labelMap(Layout layout, int size) {
        int[] map = instanceMap(layout, size);
        int[] kinds = instanceLabels(layout);
        for (int p = 0; p < map.length; p++) {
            map[p] = kinds[map[p]];
        }
        return map;
    }

    /**
     * The instance map: pixel (x, y) is {@code i + 1} for the topmost shape {@code i} (its index in
     * the layout) whose {@link Shapes#outline} contains the pixel's centre, or 0 when none does.
     *
     * @param layout the shapes
     * @param size side of the map, a power of two from 8 to 1024
     * @return {@code size * size} instance ids in [0, shapes], row-major
     */
    public static int[] instanceMap(Layout layout, int size) {
        Objects.requireNonNull(layout, "layout");
        Shapes.requireSize(size);
        int[] map = new int[size * size];
        List<Shapes.Scene> shapes = layout.shapes();
        for (int i = 0; i < shapes.size(); i++) {
            Shape outline = Shapes.outline(shapes.get(i), size);
            Rectangle2D box = outline.getBounds2D();
            // the pixels whose centres (x + 0.5, y + 0.5) lie in the bounding box
            int x0 = Math.max(0, (int) Math.ceil(box.getMinX() - 0.5));
            int x1 = Math.min(size - 1, (int) Math.floor(box.getMaxX() - 0.5));
            int y0 = Math.max(0, (int) Math.ceil(box.getMinY() - 0.5));
            int y1 = Math.min(size - 1, (int) Math.floor(box.getMaxY() - 0.5));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    if (outline.contains(x + 0.5, y + 0.5)) {
                        map[y * size + x] = i + 1;
                    }
                }
            }
        }
        return map;
    }

    /**
     * The instance boundary map of an instance (or label) map: true where a 4-neighbour inside the
     * image has another id. Symmetric: a boundary between two regions is marked on both sides.
     *
     * @param instances {@code size * size} ids, row-major, e.g. from {@link #instanceMap}
     * @param size side of the map, at least 1
     * @return {@code size * size} flags, row-major
     * @throws IllegalArgumentException if the length is not {@code size * size}
     */
    public static boolean[] edgeMap(int[] instances, int size) {
        Objects.requireNonNull(instances, "instances");
        if (size < 1 || instances.length != (long) size * size) {
            throw new IllegalArgumentException("edge map: " + instances.length + " ids for a map of side " + size
                    + " (size * size = " + (long) size * size + " expected)");
        }
        boolean[] edges = new boolean[instances.length];
        PairedSet.boundaries(p -> instances[p], size, size, edges, 0);
        return edges;
    }

    /** Label of each instance id: 0 for 0, 1 + kind for shape i at id i + 1. */
    private static int[] instanceLabels(Layout layout) {
        List<Shapes.Scene> shapes = layout.shapes();
        int[] kinds = new int[shapes.size() + 1];
        for (int i = 0; i < shapes.size(); i++) {
            kinds[i + 1] = 1 + shapes.get(i).kind().ordinal();
        }
        return kinds;
    }
}
