package org.ganworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void theSameSeedGivesTheSamePixels() {
        ImageSet a = Shapes.generate(40, 32, 7);
        ImageSet b = Shapes.generate(40, 32, 7);
        assertArrayEquals(a.toArray(), b.toArray(), 0f);
        for (int i = 0; i < 40; i++) {
            assertEquals(a.label(i), b.label(i));
        }
        assertEquals("shapes32/seed7", a.name());
    }

    @Test
    void differentSeedsDiffer() {
        float[] a = Shapes.generate(10, 32, 7).toArray();
        float[] b = Shapes.generate(10, 32, 8).toArray();
        int plane = 3 * 32 * 32;
        for (int i = 0; i < 10; i++) {
            assertFalse(Arrays.equals(Arrays.copyOfRange(a, i * plane, (i + 1) * plane),
                    Arrays.copyOfRange(b, i * plane, (i + 1) * plane)), "image " + i);
        }
        assertFalse(Shapes.scenes(10, 7).equals(Shapes.scenes(10, 8)));
    }

    @Test
    void aShorterDrawIsAPrefixOfALongerOne() {
        assertEquals(Shapes.scenes(30, 3).subList(0, 12), Shapes.scenes(12, 3));
        float[] shorter = Shapes.generate(12, 16, 3).toArray();
        float[] longer = Shapes.generate(30, 16, 3).toArray();
        assertArrayEquals(shorter, Arrays.copyOf(longer, shorter.length), 0f);
    }

    @Test
    void imagesAreRgbInTheUnitRangeWithClassLabels() {
        ImageSet set = Shapes.generate(200, 64, 11);
        assertEquals(200, set.count());
        assertEquals(3, set.channels());
        assertEquals(64, set.height());
        assertEquals(64, set.width());
        assertEquals(List.of("circle", "square", "triangle", "ring", "cross"), set.classNames());
        assertEquals(Shapes.CLASS_NAMES, set.classNames());
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : set.toArray()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= -1f && max <= 1f, min + " .. " + max);
        assertTrue(min < -0.9f && max > 0.9f, "bright shapes on dark backgrounds span the range: " + min + " .. "
                + max);
        List<Shapes.Scene> scenes = Shapes.scenes(200, 11);
        int[] perClass = new int[Shapes.CLASS_NAMES.size()];
        for (int i = 0; i < 200; i++) {
            Shapes.Scene s = scenes.get(i);
            assertEquals(s.kind().ordinal(), set.label(i));
            assertEquals(s.kind().className(), set.classNames().get(set.label(i)));
            perClass[set.label(i)]++;
        }
        for (int c = 0; c < perClass.length; c++) {
            assertTrue(perClass[c] > 20, Shapes.CLASS_NAMES.get(c) + ": " + perClass[c] + " of 200");
        }
    }

    @Test
    void factorsAreInTheirRanges() {
        for (Shapes.Scene s : Shapes.scenes(2000, 5)) {
            assertTrue(s.radius() >= Shapes.MIN_RADIUS && s.radius() <= Shapes.MAX_RADIUS, s.toString());
            for (double c : new double[] {s.centreX(), s.centreY()}) {
                assertTrue(c - s.radius() >= Shapes.MARGIN - 1e-12 && c + s.radius() <= 1 - Shapes.MARGIN + 1e-12,
                        s.toString());
            }
            assertTrue(s.rotation() >= 0 && s.rotation() < 2 * Math.PI, s.toString());
            assertTrue(s.gradientAngle() >= 0 && s.gradientAngle() < 2 * Math.PI, s.toString());
            assertTrue(s.hue() >= 0 && s.hue() < 1 && s.saturation() >= 0.55f && s.brightness() >= 0.7f,
                    s.toString());
            // the shape is brighter than the background's brightest channel allows (0.45 of 255)
            assertTrue(maxChannel(s.rgb()) > maxChannel(s.backgroundFrom())
                    && maxChannel(s.rgb()) > maxChannel(s.backgroundTo()), s.toString());
        }
    }

    @Test
    void picturesShowTheirFactors() {
        List<Shapes.Scene> scenes = Shapes.scenes(300, 13);
        int size = 64;
        for (Shapes.Scene s : scenes) {
            BufferedImage img = Shapes.draw(s, size);
            int cx = (int) (s.centreX() * size);
            int cy = (int) (s.centreY() * size);
            int centre = img.getRGB(cx, cy) & 0xFFFFFF;
            if (s.kind() == Shapes.Kind.RING) {
                // the hole shows the background
                assertTrue(between(centre, s.backgroundFrom(), s.backgroundTo()), s + ": centre " + hex(centre));
            } else {
                // every shape covers the pixel at its centre completely: exactly its colour
                assertEquals(hex(s.rgb()), hex(centre), s.toString());
            }
            // the corners are outside the shape's circle: background, between its two colours
            for (int[] corner : new int[][] {{0, 0}, {size - 1, 0}, {0, size - 1}, {size - 1, size - 1}}) {
                int c = img.getRGB(corner[0], corner[1]) & 0xFFFFFF;
                assertTrue(between(c, s.backgroundFrom(), s.backgroundTo()), s + ": corner " + hex(c));
            }
        }
    }

    @Test
    void theGradientRunsFromItsFirstColourToItsSecond() {
        Shapes.Scene s = new Shapes.Scene(Shapes.Kind.CIRCLE, 0.5, 0.5, 0.1, 0, 0.5f, 1f, 1f, 0x000000, 0x646464, 0);
        BufferedImage img = Shapes.draw(s, 64);
        // angle 0: first colour on the left, second on the right, halfway at the centre
        assertEquals(0, img.getRGB(0, 3) & 0xFF, 2);
        assertEquals(0x64, img.getRGB(63, 3) & 0xFF, 2);
        assertEquals(0x32, img.getRGB(32, 3) & 0xFF, 3);
        assertEquals(img.getRGB(10, 3), img.getRGB(10, 60), "constant along the other axis");
    }

    @Test
    void theSameScenesAtEverySize() {
        // the 32 x 32 images are the 64 x 64 ones at half the size: 2 x 2 means agree closely
        float[] small = Shapes.generate(20, 32, 17).toArray();
        float[] large = Shapes.generate(20, 64, 17).toArray();
        double error = 0;
        for (int p = 0; p < 20 * 3; p++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int at = p * 64 * 64 + 2 * y * 64 + 2 * x;
                    float mean = (large[at] + large[at + 1] + large[at + 64] + large[at + 65]) / 4;
                    error += Math.abs(mean - small[p * 32 * 32 + y * 32 + x]);
                }
            }
        }
        error /= small.length;
        assertTrue(error < 0.02, "mean |2x2 mean of 64 - 32| = " + error);
        // and a different seed is far: the same check fails
        float[] other = Shapes.generate(20, 32, 18).toArray();
        double far = 0;
        for (int i = 0; i < small.length; i++) {
            far += Math.abs(other[i] - small[i]);
        }
        assertTrue(far / small.length > 10 * error, "other seed: " + far / small.length);
    }

    @Test
    void theStandardTrainAndTestSetsAreDisjointAndStable() {
        List<Shapes.Scene> train = Shapes.scenes(300, Shapes.TRAIN_SEED);
        List<Shapes.Scene> test = Shapes.scenes(300, Shapes.TEST_SEED);
        assertTrue(java.util.Collections.disjoint(new java.util.HashSet<>(train), new java.util.HashSet<>(test)),
                "a test scene also occurs in the training set");
        assertEquals(train.subList(0, 100), Shapes.scenes(100, Shapes.TRAIN_SEED),
                "the first scenes of a set must not depend on how many are drawn");
    }

    @Test
    void badArgumentsAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Shapes.generate(10, 48, 1));
        assertTrue(e.getMessage().contains("size") && e.getMessage().contains("48"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shapes.generate(10, 4, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Shapes.generate(0, 32, 1));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Shapes.Scene(Shapes.Kind.SQUARE, 0.1, 0.5, 0.2, 0,
                0, 1, 1, 0, 0, 0));
        assertTrue(e.getMessage().contains("inside"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shapes.render("empty", List.of(), 32));
    }

    private static int maxChannel(int rgb) {
        return Math.max((rgb >> 16) & 0xFF, Math.max((rgb >> 8) & 0xFF, rgb & 0xFF));
    }

    /** Whether every channel of {@code c} lies between those of {@code a} and {@code b}, give or take 2. */
    private static boolean between(int c, int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int v = (c >> shift) & 0xFF;
            int lo = Math.min((a >> shift) & 0xFF, (b >> shift) & 0xFF);
            int hi = Math.max((a >> shift) & 0xFF, (b >> shift) & 0xFF);
            if (v < lo - 2 || v > hi + 2) {
                return false;
            }
        }
        return true;
    }

    private static String hex(int rgb) {
        return String.format("%06x", rgb);
    }
}
