package org.ganworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Shape;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeScenesTest {

    private static final Shapes.Kind CIRCLE = Shapes.Kind.CIRCLE;
    private static final Shapes.Kind SQUARE = Shapes.Kind.SQUARE;

    /** A shape on a fixed background (black to grey, left to right). */
    private static Shapes.Scene shape(Shapes.Kind kind, double x, double y, double radius, float hue) {
        return new Shapes.Scene(kind, x, y, radius, 0, hue, 1f, 1f, 0x000000, 0x404040, 0);
    }

    /** An axis-aligned square covering [x0, x1) x [y0, y1) in fractions of the side. */
    private static Shapes.Scene square(double x0, double y0, double x1, float hue) {
        double half = (x1 - x0) / 2;
        return shape(SQUARE, x0 + half, y0 + half, half / Math.sqrt(0.5), hue);
    }

    @Test
    void labelNamesAndConstantsAgree() {
        assertEquals(List.of("background", "circle", "square", "triangle", "ring", "cross"), ShapeScenes.LABEL_NAMES);
        assertEquals(ShapeScenes.LABEL_CLASSES, ShapeScenes.LABEL_NAMES.size());
        for (Shapes.Kind k : Shapes.Kind.values()) {
            assertEquals(k.className(), ShapeScenes.LABEL_NAMES.get(1 + k.ordinal()));
        }
    }

    /**
     * The pixels labelled with a lone shape number its area in pixels, up to the discretisation.
     * Counting pixel centres inside a region S misses its area by at most the number of pixels whose
     * square meets S's boundary (a pixel inside or outside S entirely contributes no error, a cut
     * one at most 1). A boundary piece of length L that is monotone in x and in y crosses at most
     * |dx| + 1 vertical and |dy| + 1 horizontal grid lines, so it meets at most |dx| + |dy| + 3
     * <= sqrt(2) L + 3 pixel squares. The boundaries split into such pieces: a polygon's edges (3
     * for the triangle, 4 for the square, 12 for the cross), a circle's 4 arcs between its
     * extremes (8 for the ring's two circles). So |count - area| <= sqrt(2) perimeter + 3 pieces,
     * in pixels; at 512 x 512 with radii of 0.2 and 0.24 of the side (102 and 123 pixels) that is
     * under 7% of every area, tight enough to catch a wrong scale, hole or arm width. Java2D draws
     * circles as four cubic arcs within 0.03% of the radius; 0.1% of the area more covers that.
     */
    @Test
    void theLabelledAreaOfALoneShapeIsItsAnalyticArea() {
        int size = 512;
        double hole = Shapes.RING_HOLE;
        // area and perimeter of each kind at radius 1, and the monotone pieces of its boundary
        Map<Shapes.Kind, double[]> unit = new EnumMap<>(Shapes.Kind.class);
        unit.put(Shapes.Kind.CIRCLE, new double[] {Math.PI, 2 * Math.PI, 4});
        unit.put(Shapes.Kind.SQUARE, new double[] {2, 4 * Math.sqrt(2), 4});
        unit.put(Shapes.Kind.TRIANGLE, new double[] {3 * Math.sqrt(3) / 4, 3 * Math.sqrt(3), 3});
        unit.put(Shapes.Kind.RING, new double[] {Math.PI * (1 - hole * hole), 2 * Math.PI * (1 + hole), 8});
        // the cross: two bars 1.9 x 0.6 sharing a 0.6 x 0.6 square; 4 arms of an end 0.6 and two sides 0.65
        unit.put(Shapes.Kind.CROSS, new double[] {2 * 1.9 * 0.6 - 0.6 * 0.6, 4 * (0.6 + 2 * 0.65), 12});
        for (Shapes.Kind kind : Shapes.Kind.values()) {
            for (Shapes.Scene s : List.of(
                    new Shapes.Scene(kind, 0.5, 0.5, 0.24, 0.3, 0.5f, 1f, 1f, 0, 0x202020, 0),
                    new Shapes.Scene(kind, 0.45, 0.55, 0.2, 2.0, 0.5f, 1f, 1f, 0, 0x202020, 0))) {
                double r = s.radius() * size;
                double[] u = unit.get(kind);
                double area = u[0] * r * r;
                double bound = Math.sqrt(2) * u[1] * r + 3 * u[2] + 0.001 * area;
                int label = 1 + kind.ordinal();
                int count = 0;
                for (int l : ShapeScenes.labelMap(new ShapeScenes.Layout(List.of(s)), size)) {
                    if (l == label) {
                        count++;
                    } else {
                        assertEquals(0, l, s.toString());
                    }
                }
                assertEquals(area, count, bound, s + ": " + count + " pixels labelled, area " + area + " +- " + bound);
                assertTrue(bound < 0.07 * area, s + ": the bound " + bound + " is too loose to test anything");
            }
        }
    }

    @Test
    void theCrossOutlineIsItsPolygonPlacedAndScaled() {
        // shoelace over the outline's vertices: 1.92 r^2, the area the test above expects
        Shapes.Scene cross = new Shapes.Scene(Shapes.Kind.CROSS, 0.5, 0.5, 0.25, 0.7, 0, 1, 1, 0, 0, 0);
        Shape outline = Shapes.outline(cross, 64);
        double[] c = new double[6];
        List<double[]> points = new ArrayList<>();
        for (PathIterator it = outline.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            assertTrue(type == PathIterator.SEG_MOVETO || type == PathIterator.SEG_LINETO
                    || type == PathIterator.SEG_CLOSE, "a polygon has straight edges only");
            if (type != PathIterator.SEG_CLOSE) {
                points.add(new double[] {c[0], c[1]});
            }
        }
        assertEquals(12, points.size());
        double twice = 0;
        for (int i = 0; i < points.size(); i++) {
            double[] a = points.get(i);
            double[] b = points.get((i + 1) % points.size());
            twice += a[0] * b[1] - b[0] * a[1];
        }
        double r = 0.25 * 64;
        assertEquals(1.92 * r * r, Math.abs(twice) / 2, 1e-9);
        Rectangle2D box = outline.getBounds2D();
        assertEquals(32, box.getCenterX(), 1e-9, "centred at (0.5, 0.5) of the side");
        assertEquals(32, box.getCenterY(), 1e-9);
        assertTrue(box.getWidth() < 2 * r, "inside its circle");
    }

    /**
     * A pixel well inside the outline is exactly the shape's colour, one well outside exactly the
     * background, and the pixels in between are blends. "Well" means with a pixel of margin: the
     * rasterizer flattens curves into chords and samples coverage on a sub-pixel grid, so a pixel
     * the outline only grazes may be one level off.
     */
    @Test
    void outlineIsWhatDrawFills() {
        int size = 64;
        int inside = 0;
        int blended = 0;
        for (Shapes.Scene s : Shapes.scenes(30, 4)) {
            BufferedImage img = Shapes.draw(s, size);
            int[] background = backgroundOf(s, size);
            Shape outline = Shapes.outline(s, size);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = img.getRGB(x, y) & 0xFFFFFF;
                    Rectangle2D block = new Rectangle2D.Double(x - 1, y - 1, 3, 3);
                    if (outline.contains(block)) {
                        assertEquals(s.rgb(), rgb, s + " at " + x + ", " + y);
                        inside++;
                    } else if (!outline.intersects(block)) {
                        assertEquals(background[y * size + x], rgb, s + " at " + x + ", " + y);
                    } else if (rgb != s.rgb() && rgb != background[y * size + x]) {
                        blended++;
                    }
                }
            }
        }
        assertTrue(inside > 5_000 && blended > 1_000, inside + " pixels inside, " + blended + " blended");
        var e = assertThrows(IllegalArgumentException.class, () -> Shapes.outline(Shapes.scenes(1, 1).get(0), 0));
        assertTrue(e.getMessage().contains("positive size, got 0"), e.getMessage());
    }

    /**
     * The picture and the label map agree: a pixel showing a shape's exact colour is labelled
     * with it; a pixel whose 3 x 3 neighbourhood no outline touches shows the exact background and
     * is labelled 0; one whose neighbourhood lies inside a shape and meets no later shape shows that
     * shape's exact colour and is labelled with it. (The antialiased fill only changes pixels whose
     * square the outline meets; the neighbourhood leaves a pixel of margin.)
     */
    @Test
    void picturesAndLabelMapsComeFromOneGeometry() {
        int size = 64;
        int loneChecked = 0;
        int inside = 0;
        int outside = 0;
        for (ShapeScenes.Layout layout : ShapeScenes.layouts(100, 5)) {
            List<Shapes.Scene> shapes = layout.shapes();
            // the colour without the alpha byte, which the antialiased fill sets in a TYPE_INT_RGB buffer
            int[] rgb = java.util.Arrays.stream(((DataBufferInt) ShapeScenes.draw(layout, size).getRaster()
                    .getDataBuffer()).getData()).map(v -> v & 0xFFFFFF).toArray();
            int[] labels = ShapeScenes.labelMap(layout, size);
            int[] background = backgroundOf(shapes.get(0), size);
            List<Shape> outlines = shapes.stream().map(s -> Shapes.outline(s, size)).toList();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = y * size + x;
                    String where = layout + " at (" + x + ", " + y + ")";
                    if (shapes.size() == 1 && rgb[p] == shapes.get(0).rgb()) {
                        assertEquals(1 + shapes.get(0).kind().ordinal(), labels[p], where);
                        loneChecked++;
                    }
                    Rectangle2D block = new Rectangle2D.Double(x - 1, y - 1, 3, 3);
                    int top = -1;
                    boolean touched = false;
                    for (int i = 0; i < outlines.size(); i++) {
                        if (outlines.get(i).contains(block)) {
                            top = i;
                            touched = false;
                        } else if (outlines.get(i).intersects(block)) {
                            touched = true;
                        }
                    }
                    if (top < 0 && !touched) {
                        assertEquals(0, labels[p], where);
                        assertEquals(background[p], rgb[p], where);
                        outside++;
                    } else if (top >= 0 && !touched) {
                        assertEquals(1 + shapes.get(top).kind().ordinal(), labels[p], where);
                        assertEquals(shapes.get(top).rgb(), rgb[p], where);
                        inside++;
                    }
                }
            }
        }
        assertTrue(loneChecked > 5_000 && inside > 12_000 && outside > 150_000,
                loneChecked + " lone-shape pixels, " + inside + " inside, " + outside + " outside");
    }

    @Test
    void mapsSamplePixelCentresNotCorners() {
        // a square over [4.4, 8.4) x [4.4, 8.4) pixels holds the centres of pixels 4 to 7 (4.5 to 7.5),
        // where sampling the corners would give pixels 5 to 8
        int size = 16;
        ShapeScenes.Layout layout = new ShapeScenes.Layout(List.of(square(4.4 / 16, 4.4 / 16, 8.4 / 16, 0.2f)));
        int[] instances = ShapeScenes.instanceMap(layout, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean in = x >= 4 && x <= 7 && y >= 4 && y <= 7;
                assertEquals(in ? 1 : 0, instances[y * size + x], "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void theTopmostShapeWinsWhereShapesOverlap() {
        Shapes.Scene circle = shape(CIRCLE, 0.4, 0.4, 0.2, 0.0f);
        Shapes.Scene square = shape(SQUARE, 0.6, 0.6, 0.2, 0.6f);
        int size = 64;
        // (32, 32) lies in both; (22, 22) in the circle only; (44, 44) in the square only
        ShapeScenes.Layout squareOnTop = new ShapeScenes.Layout(List.of(circle, square));
        int[] labels = ShapeScenes.labelMap(squareOnTop, size);
        int[] instances = ShapeScenes.instanceMap(squareOnTop, size);
        BufferedImage img = ShapeScenes.draw(squareOnTop, size);
        assertEquals(2, labels[32 * size + 32], "square over circle");
        assertEquals(2, instances[32 * size + 32]);
        assertEquals(square.rgb(), img.getRGB(32, 32) & 0xFFFFFF);
        assertEquals(1, labels[22 * size + 22]);
        assertEquals(1, instances[22 * size + 22]);
        assertEquals(circle.rgb(), img.getRGB(22, 22) & 0xFFFFFF);
        assertEquals(2, labels[44 * size + 44]);

        ShapeScenes.Layout circleOnTop = new ShapeScenes.Layout(List.of(square, circle));
        labels = ShapeScenes.labelMap(circleOnTop, size);
        instances = ShapeScenes.instanceMap(circleOnTop, size);
        img = ShapeScenes.draw(circleOnTop, size);
        assertEquals(1, labels[32 * size + 32], "circle over square");
        assertEquals(2, instances[32 * size + 32], "the circle is shape 1 now");
        assertEquals(circle.rgb(), img.getRGB(32, 32) & 0xFFFFFF);
        assertEquals(2, labels[44 * size + 44]);
        assertEquals(1, instances[44 * size + 44]);
        assertEquals(0, labels[5 * size + 60]);
        assertEquals(0, instances[5 * size + 60]);
    }

    /**
     * Two squares of one kind side by side on a 16 x 16 grid, [4, 8) x [4, 8) and [8, 12) x [4, 8)
     * in pixels: the label map sees one region, the instance map two, and the edge map of the
     * instances marks the shared border on both sides.
     */
    @Test
    void instanceAndEdgeMapsOfTwoTouchingSquares() {
        int size = 16;
        ShapeScenes.Layout layout = new ShapeScenes.Layout(List.of(square(4 / 16.0, 4 / 16.0, 8 / 16.0, 0.1f),
                square(8 / 16.0, 4 / 16.0, 12 / 16.0, 0.3f)));
        int[] instances = ShapeScenes.instanceMap(layout, size);
        int[] labels = ShapeScenes.labelMap(layout, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int expected = y < 4 || y >= 8 || x < 4 || x >= 12 ? 0 : x < 8 ? 1 : 2;
                assertEquals(expected, instances[y * size + x], "instance at (" + x + ", " + y + ")");
                assertEquals(expected == 0 ? 0 : 2, labels[y * size + x], "label at (" + x + ", " + y + ")");
            }
        }
        boolean[] edges = ShapeScenes.edgeMap(instances, size);
        // row 5 crosses both squares: the outer borders, the shared border on both sides, and the
        // background pixels next to the squares
        boolean[] row5 = {false, false, false, true, true, false, false, true, true, false, false, true, true,
                false, false, false};
        for (int x = 0; x < size; x++) {
            assertEquals(row5[x], edges[5 * size + x], "edge at (" + x + ", 5)");
        }
        // row 3, just above: marked over the squares only; (3, 3) and (12, 3) touch them diagonally
        for (int x = 0; x < size; x++) {
            assertEquals(x >= 4 && x < 12, edges[3 * size + x], "edge at (" + x + ", 3)");
        }
        // the union's 20 border pixels, the 24 background pixels along its sides, and the shared
        // border's 4 pixels not on the union's border (rows 5 and 6 of x = 7 and 8)
        assertEquals(48, count(edges));
        assertSymmetric(instances, edges, size);
        // the label map's boundaries miss the shared border (rows 5 and 6 of x = 7 and 8)
        boolean[] labelEdges = ShapeScenes.edgeMap(labels, size);
        assertEquals(44, count(labelEdges));
        assertFalse(labelEdges[5 * size + 7] || labelEdges[5 * size + 8]);
        assertTrue(labelEdges[4 * size + 7], "the top border is still there");
        var e = assertThrows(IllegalArgumentException.class, () -> ShapeScenes.edgeMap(new int[10], 4));
        assertTrue(e.getMessage().contains("10 ids for a map of side 4"), e.getMessage());
    }

    @Test
    void edgesAreSymmetricAcrossEveryBoundaryOfDrawnLayouts() {
        for (ShapeScenes.Layout layout : ShapeScenes.layouts(40, 8)) {
            int[] instances = ShapeScenes.instanceMap(layout, 32);
            assertSymmetric(instances, ShapeScenes.edgeMap(instances, 32), 32);
        }
    }

    /** Every pair of 4-neighbours with different ids is marked on both sides, and nothing else is. */
    private static void assertSymmetric(int[] ids, boolean[] edges, int size) {
        boolean[] expected = new boolean[ids.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = y * size + x;
                if (x + 1 < size && ids[p] != ids[p + 1]) {
                    expected[p] = true;
                    expected[p + 1] = true;
                }
                if (y + 1 < size && ids[p] != ids[p + size]) {
                    expected[p] = true;
                    expected[p + size] = true;
                }
            }
        }
        assertArrayEquals(expected, edges);
    }

    @Test
    void layoutsAreDeterministicAndAShorterDrawIsAPrefix() {
        List<ShapeScenes.Layout> a = ShapeScenes.layouts(400, 3);
        assertEquals(a, ShapeScenes.layouts(400, 3));
        assertEquals(a.subList(0, 37), ShapeScenes.layouts(37, 3));
        assertNotEquals(a.subList(0, 10), ShapeScenes.layouts(10, 4));
        int[] perCount = new int[ShapeScenes.MAX_SHAPES + 1];
        int[] perKind = new int[Shapes.Kind.values().length];
        for (ShapeScenes.Layout l : a) {
            perCount[l.shapes().size()]++;
            for (Shapes.Scene s : l.shapes()) {
                perKind[s.kind().ordinal()]++;
                assertTrue(s.radius() >= ShapeScenes.MIN_RADIUS && s.radius() <= ShapeScenes.MAX_RADIUS, s.toString());
                assertTrue(s.centreX() - s.radius() >= Shapes.MARGIN - 1e-12
                        && s.centreY() + s.radius() <= 1 - Shapes.MARGIN + 1e-12, s.toString());
                assertTrue(s.sameBackground(l.shapes().get(0)));
            }
        }
        for (int k = 1; k <= ShapeScenes.MAX_SHAPES; k++) {
            assertTrue(perCount[k] > 100, k + " shapes: " + perCount[k] + " of 400 layouts");
        }
        for (int count : perKind) {
            assertTrue(count > 120, "about 800 shapes over 5 kinds: " + java.util.Arrays.toString(perKind));
        }
        // the standard sets are drawn apart, and their first layouts do not depend on the count
        assertTrue(java.util.Collections.disjoint(new HashSet<>(ShapeScenes.layouts(300, ShapeScenes.TRAIN_SEED)),
                new HashSet<>(ShapeScenes.layouts(300, ShapeScenes.TEST_SEED))));
        assertThrows(UnsupportedOperationException.class, () -> a.get(0).shapes().add(a.get(1).shapes().get(0)));
        var e = assertThrows(IllegalArgumentException.class, () -> ShapeScenes.layouts(0, 1));
        assertTrue(e.getMessage().contains("at least 1 layout, got 0"), e.getMessage());
    }

    @Test
    void aLayoutRefusesNoShapesTooManyAndTwoBackgrounds() {
        Shapes.Scene a = shape(CIRCLE, 0.3, 0.3, 0.2, 0.1f);
        var e = assertThrows(IllegalArgumentException.class, () -> new ShapeScenes.Layout(List.of()));
        assertTrue(e.getMessage().contains("needs 1 to 3 shapes, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ShapeScenes.Layout(List.of(a, a, a, a)));
        assertTrue(e.getMessage().contains("got 4"), e.getMessage());
        Shapes.Scene other = new Shapes.Scene(SQUARE, 0.6, 0.6, 0.2, 0, 0.5f, 1f, 1f, 0x000000, 0x404040, 1.0);
        e = assertThrows(IllegalArgumentException.class, () -> new ShapeScenes.Layout(List.of(a, a, other)));
        assertTrue(e.getMessage().startsWith("layout: shape 2 has the background (from 000000 to 404040 at 1.0 rad) "
                + "but shape 0 has (from 000000 to 404040 at 0.0 rad)"), e.getMessage());
        assertTrue(e.getMessage().contains("same backgroundFrom, backgroundTo and gradientAngle"), e.getMessage());
        List<Shapes.Scene> withNull = new ArrayList<>(List.of(a));
        withNull.add(null);
        e = assertThrows(IllegalArgumentException.class, () -> new ShapeScenes.Layout(withNull));
        assertTrue(e.getMessage().contains("shape 1 is null"), e.getMessage());
        List<Shapes.Scene> mutable = new ArrayList<>(List.of(a));
        ShapeScenes.Layout kept = new ShapeScenes.Layout(mutable);
        mutable.add(a);
        assertEquals(1, kept.shapes().size(), "the layout holds a copy");
    }

    @Test
    void renderPairsEachPictureWithItsMaps() {
        List<ShapeScenes.Layout> layouts = ShapeScenes.layouts(25, 9);
        PairedSet set = ShapeScenes.render("scenes", layouts, 32);
        assertEquals("scenes", set.name());
        assertEquals(25, set.count());
        assertEquals(new ai.djl.ndarray.types.Shape(3, 32, 32), set.sampleShape());
        assertEquals(new ai.djl.ndarray.types.Shape(7, 32, 32), set.mapShape());
        assertEquals(ShapeScenes.LABEL_NAMES, set.labelNames());
        assertEquals(0, set.classes(), "not class-labelled for a conditional GAN");
        assertEquals(0, set.images().classes());
        float[] expected = new float[3 * 32 * 32];
        for (int i = 0; i < 25; i++) {
            ShapeScenes.Layout l = layouts.get(i);
            assertArrayEquals(ShapeScenes.labelMap(l, 32), set.labelMap(i), "labels of " + i);
            assertArrayEquals(ShapeScenes.edgeMap(ShapeScenes.instanceMap(l, 32), 32), set.edgeMap(i), "edges of " + i);
            Shapes.toPlanes(ShapeScenes.draw(l, 32), expected, 0);
            assertArrayEquals(expected, set.images().image(i), 0f, "pixels of " + i);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> ShapeScenes.render("none", List.of(), 32));
        assertTrue(e.getMessage().contains("none: no layouts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ShapeScenes.render("odd", layouts, 48));
        assertTrue(e.getMessage().contains("got 48"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShapeScenes.labelMap(layouts.get(0), 4));
    }

    @Test
    void theStandardSetsAreNamedAndSeeded() {
        PairedSet train = ShapeScenes.train(8);
        PairedSet test = ShapeScenes.test(8);
        assertEquals("shape-scenes8/train", train.name());
        assertEquals("shape-scenes8/test", test.name());
        assertEquals(ShapeScenes.TRAIN_COUNT, train.count());
        assertEquals(ShapeScenes.TEST_COUNT, test.count());
        PairedSet first = ShapeScenes.render("x", ShapeScenes.layouts(3, ShapeScenes.TRAIN_SEED), 8);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first.images().image(i), train.images().image(i), 0f);
            assertArrayEquals(first.labelMap(i), train.labelMap(i));
        }
        assertArrayEquals(ShapeScenes.labelMap(ShapeScenes.layouts(1, ShapeScenes.TEST_SEED).get(0), 8), test.labelMap(0));
    }

    private static int[] backgroundOf(Shapes.Scene s, int size) {
        int[] rgb = new int[size * size];
        Shapes.background(s.backgroundFrom(), s.backgroundTo(), s.gradientAngle(), size, rgb);
        return rgb;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    @Test
    void aRecolouredLayoutKeepsItsMapsAndChangesItsColours() {
        ShapeScenes.Layout layout = ShapeScenes.layouts(5, 21).get(4);
        ShapeScenes.Layout other = ShapeScenes.recoloured(layout, new java.util.Random(1));
        assertArrayEquals(ShapeScenes.labelMap(layout, 32), ShapeScenes.labelMap(other, 32));
        assertArrayEquals(ShapeScenes.instanceMap(layout, 32), ShapeScenes.instanceMap(other, 32));
        assertEquals(other, ShapeScenes.recoloured(layout, new java.util.Random(1)));
        int[] a = ShapeScenes.draw(layout, 32).getRGB(0, 0, 32, 32, null, 0, 32);
        int[] b = ShapeScenes.draw(other, 32).getRGB(0, 0, 32, 32, null, 0, 32);
        int differ = 0;
        for (int p = 0; p < a.length; p++) {
            differ += a[p] != b[p] ? 1 : 0;
        }
        assertTrue(differ > a.length / 2, differ + " of " + a.length + " pixels differ");
    }
}
