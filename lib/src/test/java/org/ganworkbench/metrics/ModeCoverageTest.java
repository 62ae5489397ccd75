package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;

class ModeCoverageTest {

    private static final Toy2d RING = Toy2d.ring8();

    private static float[] at(int mode) {
        double[] c = RING.modeCentres()[mode];
        return new float[] {(float) c[0], (float) c[1]};
    }

    @Test
    void samplesAtThreeCentresCoverThreeModes() {
        float[][] samples = {at(0), at(0), at(3), at(5), at(5), at(5)};
        ModeCoverage.Report r = ModeCoverage.of(RING, samples);
        assertEquals(3, r.modesCovered());
        assertEquals(8, r.totalModes());
        assertEquals(1.0, r.highQualityFraction());
        assertArrayEquals(new int[] {2, 0, 0, 1, 0, 3, 0, 0}, r.highQualityCounts());
        assertEquals(6, r.sampleCount());
        assertFalse(r.allModesCovered());
    }

    @Test
    void pointsFarFromEveryModeAreNotHighQuality() {
        float[][] samples = {{0f, 0f}, {10f, 10f}, {1f, 0f}, {2f + 0.061f, 0f}, {Float.NaN, 0f}};
        ModeCoverage.Report r = ModeCoverage.of(RING, samples);
        assertEquals(0, r.modesCovered());
        assertEquals(0.0, r.highQualityFraction());
        assertTrue(Double.isNaN(r.klToUniform()), "KL is undefined without high-quality points");
    }

    @Test
    void threeSigmaIsTheBoundary() {
        float[][] inside = {{2f + 0.059f, 0f}};
        assertEquals(1, ModeCoverage.of(RING, inside).modesCovered());
        ModeCoverage strict = new ModeCoverage(RING.modeCentres(), RING.sigma(), 2.0, 1);
        assertEquals(0, strict.evaluate(inside).modesCovered());
    }

    @Test
    void minimumPerModeIsConfigurable() {
        float[][] samples = {at(0), at(0), at(1)};
        ModeCoverage two = new ModeCoverage(RING.modeCentres(), RING.sigma(), 3.0, 2);
        ModeCoverage.Report r = two.evaluate(samples);
        assertEquals(1, r.modesCovered());
        assertEquals(1.0, r.highQualityFraction());
    }

    @Test
    void klOfUniformIsZeroAndOfCollapseIsLogK() {
        float[][] uniform = new float[16][];
        for (int i = 0; i < 16; i++) {
            uniform[i] = at(i % 8);
        }
        assertEquals(0.0, ModeCoverage.of(RING, uniform).klToUniform(), 1e-12);

        float[][] collapsed = new float[100][];
        for (int i = 0; i < 100; i++) {
            collapsed[i] = at(4);
        }
        ModeCoverage.Report r = ModeCoverage.of(RING, collapsed);
        assertEquals(Math.log(8), r.klToUniform(), 1e-12);
        assertEquals(1, r.modesCovered());

        assertEquals(Math.log(2), ModeCoverage.klToUniform(new int[] {5, 5, 0, 0}), 1e-12);
        assertTrue(Double.isNaN(ModeCoverage.klToUniform(new int[] {0, 0})));
    }

    @Test
    void realSamplesCoverEveryModeAndNdArrayInputWorks() {
        for (Toy2d toy : new Toy2d[] {Toy2d.ring8(), Toy2d.grid25()}) {
            float[][] samples = toy.samples(new Random(1), 5000);
            ModeCoverage.Report r = ModeCoverage.of(toy, samples);
            assertEquals(toy.modeCount(), r.modesCovered(), r.toString());
            assertTrue(r.highQualityFraction() > 0.98, r.toString()); // 3 sigma in 2-D holds 98.9%
            assertTrue(r.klToUniform() < 0.01, r.toString());
            try (NDManager manager = Engines.newManager(null)) {
                ModeCoverage.Report fromArray = ModeCoverage.of(toy, toy.sample(manager, new Random(1), 5000));
                assertEquals(r, fromArray);
                assertThrows(IllegalArgumentException.class,
                        () -> ModeCoverage.of(toy, manager.zeros(new Shape(4, 3))));
            }
        }
    }

    @Test
    void reportIsImmutable() {
        ModeCoverage.Report r = ModeCoverage.of(RING, new float[][] {at(0)});
        r.highQualityCounts()[0] = 42;
        assertEquals(1, r.highQualityCounts()[0]);
    }
}
