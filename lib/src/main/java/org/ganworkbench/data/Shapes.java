package org.ganworkbench.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Coloured shapes: a procedurally generated RGB data set whose every factor is known. Each image is
 * one shape (circle, square, triangle, ring or cross) of a random colour, size, position and
 * rotation on a background that runs linearly between two random dark colours in a random
 * direction. Nothing is downloaded; the same seed gives the same pixels (on the same JDK, whose
 * Java2D rasterizer draws them).
 *
 * <p>The images come as an {@link ImageSet} of shape (3, size, size), pixels in [-1, 1], labelled
 * with the shape's {@link Kind} ({@link #CLASS_NAMES}); the other factors of image {@code i} are
 * {@code scenes(n, seed).get(i)}, a {@link Scene}. The factors are fractions of the image side and
 * angles, independent of the size, so a seed gives the same scenes at 32 x 32 as at 64 x 64, and
 * the first {@code k} scenes of {@code n} are the {@code k} scenes of the same seed.
 *
 * <p>How a scene is drawn from the seed's {@link Random}, in this order: the kind (uniform over the
 * five), the radius of the circle around the shape ({@value #MIN_RADIUS} to {@value #MAX_RADIUS}
 * of the side), the centre (uniform among the positions that keep that circle {@value #MARGIN} of
 * the side inside the image), the rotation (uniform in [0, 2 pi)), the colour (hue uniform,
 * saturation 0.55 to 1, brightness 0.7 to 1), the two background colours (hue uniform, saturation 0
 * to 0.6, brightness 0.1 to 0.45, so the shape stands out) and the gradient's direction (uniform in
 * [0, 2 pi)). The background is computed per pixel: along the gradient's direction it goes from
 * its first colour at one side of the image to its second at the opposite side, through their mean
 * at the centre. The shape is filled over it with antialiasing (Java2D's coverage rasterizer).
 * Rotation is recorded as drawn, also where a shape's symmetry makes it invisible (all of it for
 * circles and rings, multiples of 90 degrees for squares and crosses, of 120 degrees for
 * triangles).
 *
 * <p>{@link #outline(Scene, int)} is a scene's shape in pixel coordinates, exactly what
 * {@link #draw(Scene, int)} fills; {@link ShapeScenes} paints several shapes per picture and pairs
 * each picture with its label map computed from those outlines.
 *
 * <p>Generation runs in parallel over images; {@link #train()}, 20,000 images of 64 x 64, takes
 * about 1 GB of heap.
 */
public final class Shapes {

    /** The shapes, labelled by their ordinal. */
    public enum Kind {
        /** A disc filling the circle. */
        CIRCLE,
        /** A square inscribed in the circle. */
        SQUARE,
        /** An equilateral triangle inscribed in the circle, a corner up at rotation 0. */
        TRIANGLE,
        /** The circle with a hole of {@value Shapes#RING_HOLE} of its radius. */
        RING,
        /** A plus sign: two bars of 0.6 times the radius, each 1.9 radii long, within the circle. */
        CROSS;

        /**
         * The class name.
         *
         * @return e.g. {@code circle}
         */
        public String className() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Class names indexed by label: circle, square, triangle, ring, cross. */
    public static final List<String> CLASS_NAMES = Arrays.stream(Kind.values()).map(Kind::className).toList();

    /** Side of the images of {@link #train()} and {@link #test()}. */
    public static final int DEFAULT_SIZE = 64;

    /** Images in {@link #train()}. */
    public static final int TRAIN_COUNT = 20_000;

    /** Images in {@link #test()}. */
    public static final int TEST_COUNT = 10_000;

    /** Seed of {@link #train()}. */
    public static final long TRAIN_SEED = 1;

    /** Seed of {@link #test()}. */
    public static final long TEST_SEED = 2;

    /** Smallest radius of the circle around a shape, as a fraction of the side. */
    public static final double MIN_RADIUS = 0.15;

    /** Largest radius of the circle around a shape, as a fraction of the side. */
    public static final double MAX_RADIUS = 0.32;

    /** Least gap between that circle and the image border, as a fraction of the side. */
    public static final double MARGIN = 0.02;

    /** Radius of a ring's hole as a fraction of the ring's radius. */
    public static final double RING_HOLE = 0.55;

    private static final int MIN_SIZE = 8;
    private static final int MAX_SIZE = 1024;

    /**
     * The factors of one image.
     *
     * @param kind the shape, the image's label
     * @param centreX centre of the shape, from the left, as a fraction of the side
     * @param centreY centre of the shape, from the top, as a fraction of the side
     * @param radius radius of the circle the shape is inscribed in, as a fraction of the side
     * @param rotation clockwise rotation on the screen, in radians, in [0, 2 pi)
     * @param hue hue of the shape's colour, in [0, 1)
     * @param saturation saturation of the shape's colour, in [0, 1]
     * @param brightness brightness (HSB value) of the shape's colour, in [0, 1]
     * @param backgroundFrom the background's first colour, {@code 0xRRGGBB}
     * @param backgroundTo the background's second colour, {@code 0xRRGGBB}
     * @param gradientAngle direction in which the background goes from the first colour to the
     *     second, in radians clockwise from pointing right, in [0, 2 pi)
     */
    public record Scene(Kind kind, double centreX, double centreY, double radius, double rotation, float hue,
                        float saturation, float brightness, int backgroundFrom, int backgroundTo,
                        double gradientAngle) {

        /**
         * Checks the factors.
         *
         * @throws IllegalArgumentException if the shape's circle does not lie inside the image or a
         *     colour component is out of range
         */
        public Scene {
            Objects.requireNonNull(kind, "kind");
            if (!(radius > 0) || !(centreX - radius >= 0 && centreX + radius <= 1 && centreY - radius >= 0
                    && centreY + radius <= 1)) {
                throw new IllegalArgumentException("scene: the circle of radius " + radius + " around (" + centreX
                        + ", " + centreY + ") must lie inside the unit square");
            }
            if (!(saturation >= 0 && saturation <= 1 && brightness >= 0 && brightness <= 1)) {
                throw new IllegalArgumentException("scene: saturation and brightness must be in [0, 1], got "
                        + saturation + " and " + brightness);
            }
        }

        /**
         * The shape's colour.
         *
         * @return {@code 0xRRGGBB}
         */
        public int rgb() {
            return Color.HSBtoRGB(hue, saturation, brightness) & 0xFFFFFF;
        }

        /** The same shape on another background. */
        Scene onBackground(int from, int to, double angle) {
            return new Scene(kind, centreX, centreY, radius, rotation, hue, saturation, brightness, from, to, angle);
        }

        /** Whether this scene's background fields equal {@code other}'s. */
        boolean sameBackground(Scene other) {
            return backgroundFrom == other.backgroundFrom && backgroundTo == other.backgroundTo
                    && Double.compare(gradientAngle, other.gradientAngle) == 0;
        }
    }

    private Shapes() {}

    /**
     * The standard training set.
     *
     * @return {@value #TRAIN_COUNT} images of 64 x 64, seed {@value #TRAIN_SEED}, named
     *     {@code shapes64/train}
     */
    public static ImageSet train() {
        return render("shapes" + DEFAULT_SIZE + "/train", scenes(TRAIN_COUNT, TRAIN_SEED), DEFAULT_SIZE);
    }

    /**
     * The standard test set, drawn independently of {@link #train()}.
     *
     * @return {@value #TEST_COUNT} images of 64 x 64, seed {@value #TEST_SEED}, named
     *     {@code shapes64/test}
     */
    public static ImageSet test() {
        return render("shapes" + DEFAULT_SIZE + "/test", scenes(TEST_COUNT, TEST_SEED), DEFAULT_SIZE);
    }

    /**
     * {@code n} images of the scenes of a seed.
     *
     * @param n number of images, at least 1
     * @param size side of the images, a power of two from 8 to 1024
     * @param seed seed of the scenes
     * @return the images, named {@code shapes<size>/seed<seed>}, labelled with their shape's kind
     * @throws IllegalArgumentException if {@code n} or {@code size} is not allowed
     */
    public static ImageSet generate(int n, int size, long seed) {
        return render("shapes" + size + "/seed" + seed, scenes(n, seed), size);
    }

    /**
     * The factors of the images of a seed: {@code scenes(n, seed).get(i)} is image {@code i} of
     * {@code generate(n, size, seed)} at every size.
     *
     * @param n number of scenes, at least 1
     * @param seed seed of the draws
     * @return {@code n} scenes, unmodifiable
     */
    public static List<Scene> scenes(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("shapes: need at least 1 image, got " + n);
        }
        Random rng = new Random(seed);
        List<Scene> scenes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Scene shape = drawShape(rng, MIN_RADIUS, MAX_RADIUS, 0, 0, 0);
            int from = backgroundColour(rng);
            int to = backgroundColour(rng);
            double angle = 2 * Math.PI * rng.nextDouble();
            scenes.add(shape.onBackground(from, to, angle));
        }
        return List.copyOf(scenes);
    }

    /**
     * Draws one shape's factors from {@code rng}, in this order: the kind (uniform over the five), the
     * radius (uniform in [minRadius, maxRadius)), the centre (x then y, uniform among the positions
     * that keep the shape's circle {@value #MARGIN} of the side inside the image), the rotation
     * (uniform in [0, 2 pi)), the colour (hue uniform, saturation 0.55 to 1, brightness 0.7 to 1).
     * The background is given, not drawn. {@link #scenes} and {@link ShapeScenes#layouts} share it.
     */
    static Scene drawShape(Random rng, double minRadius, double maxRadius, int from, int to, double angle) {
        Kind[] kinds = Kind.values();
        Kind kind = kinds[rng.nextInt(kinds.length)];
        double radius = minRadius + (maxRadius - minRadius) * rng.nextDouble();
        double span = 1 - 2 * (radius + MARGIN);
        double x = radius + MARGIN + span * rng.nextDouble();
        double y = radius + MARGIN + span * rng.nextDouble();
        double rotation = 2 * Math.PI * rng.nextDouble();
        float[] hsb = shapeColour(rng);
        return new Scene(kind, x, y, radius, rotation, hsb[0], hsb[1], hsb[2], from, to, angle);
    }

    /** A shape's colour drawn from {@code rng}: hue uniform, then saturation 0.55 to 1, then brightness 0.7 to 1. */
    static float[] shapeColour(Random rng) {
        float hue = rng.nextFloat();
        float saturation = 0.55f + 0.45f * rng.nextFloat();
        float brightness = 0.7f + 0.3f * rng.nextFloat();
        return new float[] {hue, saturation, brightness};
    }

    /**
     * Renders scenes into an image set, in parallel over images.
     *
     * @param name the set's name
     * @param scenes at least one scene
     * @param size side of the images, a power of two from 8 to 1024
     * @return the images (3, size, size) with pixels in [-1, 1], labelled with their kind
     * @throws IllegalArgumentException if there are no scenes or {@code size} is not allowed
     */
    public static ImageSet render(String name, List<Scene> scenes, int size) {
        requireSize(size);
        if (scenes.isEmpty()) {
            throw new IllegalArgumentException(name + ": no scenes to render");
        }
        int plane = size * size;
        int perImage = 3 * plane;
        float[] pixels = new float[Math.multiplyExact(scenes.size(), perImage)];
        int[] labels = new int[scenes.size()];
        IntStream.range(0, scenes.size()).parallel().forEach(i -> {
            Scene scene = scenes.get(i);
            labels[i] = scene.kind().ordinal();
            toPlanes(draw(scene, size), pixels, i * perImage);
        });
        return new ImageSet(name, 3, size, size, pixels, labels, CLASS_NAMES);
    }

    /**
     * Writes a picture drawn here ({@code TYPE_INT_RGB}, square) into {@code pixels} from
     * {@code at} as three planes (R, G, B), each channel {@code v / 127.5 - 1}, so 0 becomes -1 and
     * 255 becomes 1.
     */
    static void toPlanes(BufferedImage picture, float[] pixels, int at) {
        int[] rgb = ((DataBufferInt) picture.getRaster().getDataBuffer()).getData();
        int plane = rgb.length;
        for (int p = 0; p < plane; p++) {
            int v = rgb[p];
            pixels[at + p] = ((v >> 16) & 0xFF) / 127.5f - 1f;
            pixels[at + plane + p] = ((v >> 8) & 0xFF) / 127.5f - 1f;
            pixels[at + 2 * plane + p] = (v & 0xFF) / 127.5f - 1f;
        }
    }

    /**
     * Draws one scene, e.g. to look at it, or to change one factor and see what it does: the
     * background, then {@link #outline(Scene, int)} filled with the shape's colour, antialiased.
     *
     * @param scene the factors
     * @param size side of the picture, a power of two from 8 to 1024
     * @return an RGB picture of {@code size x size} pixels
     */
    public static BufferedImage draw(Scene scene, int size) {
        requireSize(size);
        BufferedImage img = canvas(scene, size);
        fill(img, List.of(scene), size);
        return img;
    }

    /**
     * The scene's shape in pixel coordinates (x to the right, y down, the image spanning [0, size]
     * on both axes): the shape inscribed in the unit circle, scaled by {@code radius * size}, rotated
     * clockwise on the screen by {@code rotation} and moved to ({@code centreX * size},
     * {@code centreY * size}). It is exactly what {@link #draw(Scene, int)} fills, so label maps
     * computed from it ({@code outline.contains(x + 0.5, y + 0.5)}, as {@link ShapeScenes#labelMap}
     * does) come from the same geometry as the pixels. Circles and rings are the four cubic Bezier
     * arcs Java2D approximates a circle with (within 0.03% of the radius).
     *
     * @param scene the factors
     * @param size side of the image, at least 1 (any size: this is only geometry)
     * @return a new shape, owned by the caller
     */
    public static Shape outline(Scene scene, int size) {
        Objects.requireNonNull(scene, "scene");
        if (size < 1) {
            throw new IllegalArgumentException("shapes: outline needs a positive size, got " + size);
        }
        AffineTransform place = new AffineTransform();
        place.translate(scene.centreX() * size, scene.centreY() * size);
        place.rotate(scene.rotation());
        place.scale(scene.radius() * size, scene.radius() * size);
        return place.createTransformedShape(unitShape(scene.kind()));
    }

    /** A {@code TYPE_INT_RGB} picture of {@code size x size} holding the scene's background only. */
    static BufferedImage canvas(Scene scene, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        background(scene.backgroundFrom(), scene.backgroundTo(), scene.gradientAngle(), size,
                ((DataBufferInt) img.getRaster().getDataBuffer()).getData());
        return img;
    }

    /**
     * Fills the scenes' outlines over {@code img}, in order (a later shape over an earlier one), each
     * with its colour, antialiased with Java2D's coverage rasterizer at the highest quality.
     */
    static void fill(BufferedImage img, List<Scene> scenes, int size) {
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            for (Scene scene : scenes) {
                g.setColor(new Color(scene.rgb()));
                g.fill(outline(scene, size));
            }
        } finally {
            g.dispose();
        }
    }

    /**
     * Paints the linear gradient into {@code rgb}: at a pixel's centre {@code p} (in fractions of the
     * side), {@code t = 0.5 + (p - centre) . (cos angle, sin angle)}, clamped to [0, 1], and each
     * channel is {@code from + t (to - from)}, rounded. Along the direction the gradient spans the
     * image's side; the corners beyond its ends keep the end colours.
     */
    static void background(int from, int to, double angle, int size, int[] rgb) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double r = (from >> 16) & 0xFF;
        double g = (from >> 8) & 0xFF;
        double b = from & 0xFF;
        double dr = ((to >> 16) & 0xFF) - r;
        double dg = ((to >> 8) & 0xFF) - g;
        double db = (to & 0xFF) - b;
        double[] across = new double[size];
        for (int x = 0; x < size; x++) {
            across[x] = 0.5 + ((x + 0.5) / size - 0.5) * cos;
        }
        for (int y = 0; y < size; y++) {
            double down = ((y + 0.5) / size - 0.5) * sin;
            for (int x = 0; x < size; x++) {
                double t = Math.min(1, Math.max(0, across[x] + down));
                // all terms are non-negative, so adding 0.5 and truncating rounds
                rgb[y * size + x] = (int) (r + t * dr + 0.5) << 16 | (int) (g + t * dg + 0.5) << 8
                        | (int) (b + t * db + 0.5);
            }
        }
    }

    /** The shape inscribed in the unit circle around the origin, unrotated. */
    private static Shape unitShape(Kind kind) {
        return switch (kind) {
            case CIRCLE -> new Ellipse2D.Double(-1, -1, 2, 2);
            case SQUARE -> {
                double s = Math.sqrt(0.5);
                yield new Rectangle2D.Double(-s, -s, 2 * s, 2 * s);
            }
            case TRIANGLE -> {
                double[] xy = new double[6];
                for (int corner = 0; corner < 3; corner++) {
                    double a = -Math.PI / 2 + corner * 2 * Math.PI / 3;
                    xy[2 * corner] = Math.cos(a);
                    xy[2 * corner + 1] = Math.sin(a);
                }
                yield polygon(xy);
            }
            case RING -> {
                Path2D.Double ring = new Path2D.Double(Path2D.WIND_EVEN_ODD);
                ring.append(new Ellipse2D.Double(-1, -1, 2, 2), false);
                ring.append(new Ellipse2D.Double(-RING_HOLE, -RING_HOLE, 2 * RING_HOLE, 2 * RING_HOLE), false);
                yield ring;
            }
            // half-length 0.95 and half-width 0.3: the bar ends' corners lie just inside the circle
            case CROSS -> polygon(new double[] {
                -0.3, -0.95, 0.3, -0.95, 0.3, -0.3, 0.95, -0.3, 0.95, 0.3, 0.3, 0.3,
                0.3, 0.95, -0.3, 0.95, -0.3, 0.3, -0.95, 0.3, -0.95, -0.3, -0.3, -0.3});
        };
    }

    /** The closed polygon through the points {x0, y0, x1, y1, ...}. */
    private static Path2D polygon(double[] xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }

    /** A dark, muted colour: hue uniform, saturation 0 to 0.6, brightness 0.1 to 0.45. */
    static int backgroundColour(Random rng) {
        float hue = rng.nextFloat();
        float saturation = 0.6f * rng.nextFloat();
        float brightness = 0.1f + 0.35f * rng.nextFloat();
        return Color.HSBtoRGB(hue, saturation, brightness) & 0xFFFFFF;
    }

    static void requireSize(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("shapes: size must be a power of two from " + MIN_SIZE + " to "
                    + MAX_SIZE + ", got " + size);
        }
    }
}
