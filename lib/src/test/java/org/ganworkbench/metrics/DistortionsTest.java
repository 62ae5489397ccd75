package org.ganworkbench.metrics;

import org.ganworkbench.data.ImageSet;
import org.ganworkbench.data.Shapes;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistortionsTest {

    private static double finestBandEnergy(ImageSet s) {
        LaplacianPyramid p = LaplacianPyramid.of(s.toArray(), s.count(), s.channels(), s.height(), s.width());
        double e = 0;
        for (float v : p.level(0)) {
            e += v * v;
        }
        return e;
    }

    @Test
    void blurRemovesAndNoiseAddsFineDetail() {
        ImageSet images = Shapes.generate(8, 32, 3);
        double base = finestBandEnergy(images);
        assertTrue(finestBandEnergy(Distortions.blur(images)) < 0.5 * base, "blur keeps the finest band");
        assertTrue(finestBandEnergy(Distortions.noise(images, 0.1, 1)) > 1.5 * base, "noise adds no fine detail");
        float[] same = Distortions.noise(images, 0, 1).toArray();
        float[] orig = images.toArray();
        for (int i = 0; i < orig.length; i++) {
            assertEquals(orig[i], same[i], 0f);
        }
    }

    @Test
    void colourMapsEachChannelOnItsOwnAndClamps() {
        ImageSet images = Shapes.generate(4, 16, 3);
        float[] in = images.toArray();
        float[] out = Distortions.colour(images, new float[] {1, 0.5f, 2}, new float[] {0.3f, 0, -0.1f}).toArray();
        int plane = 16 * 16;
        int clamped = 0;
        for (int i = 0; i < in.length; i++) {
            int c = (i / plane) % 3;
            float expected = switch (c) {
                case 0 -> in[i] + 0.3f;
                case 1 -> 0.5f * in[i];
                default -> 2 * in[i] - 0.1f;
            };
            if (Math.abs(expected) > 1) {
                clamped++;
            }
            assertEquals(Math.max(-1f, Math.min(1f, expected)), out[i], 1e-6f, "pixel " + i + " channel " + c);
        }
        assertTrue(clamped > 0, "the test should reach the clamp");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Distortions.colour(images, new float[] {1}, new float[] {0}));
        assertTrue(e.getMessage().contains("per channel (3)"), e.getMessage());
    }

    @Test
    void reportedNamesHeadlineLevelsAndBaselineButNotSpreads() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("swd", 3.0);
        v.put("swd_32", 2.0);
        v.put("swd_16", 4.0);
        assertEquals(List.of("swd_2048", "swd_2048_32", "swd_2048_16"),
                List.copyOf(MetricName.reported("swd_2048", v).keySet()));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("msssim", 0.2);
        m.put("msssim_std", 0.1);
        m.put("msssim_real", 0.15);
        m.put("msssim_real_std", 0.05);
        assertEquals(Map.of("msssim_2k", 0.2, "msssim_2k_real", 0.15), MetricName.reported("msssim_2k", m));
    }

    @Test
    void compareTableHasOneRowPerSet() {
        ImageSet real = Shapes.generate(64, 32, 2);
        Map<String, ImageSet> sets = new LinkedHashMap<>();
        sets.put("draw", Shapes.generate(64, 32, 1));
        sets.put("noise", Distortions.noise(Shapes.generate(64, 32, 1), 0.2, 4));
        var t = MetricRegistry.pixels("swd_64").compare(real, sets);
        assertEquals(2, t.rowCount());
        assertEquals(List.of("set", "swd_64", "swd_64_32", "swd_64_16"), t.columnNames());
        assertTrue(t.doubleColumn("swd_64_32").get(1) > t.doubleColumn("swd_64_32").get(0), "noise scores lower than a real draw");
    }
}
