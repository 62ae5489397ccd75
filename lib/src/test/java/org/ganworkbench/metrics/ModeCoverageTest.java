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

    @Test
    void aModeNeedsATenthOfItsFairShare() {
        ModeCoverage ring = ModeCoverage.forData(Toy2d.ring8());
        ModeCoverage grid = ModeCoverage.forData(Toy2d.grid25());
        assertEquals(32, ring.minPerMode(2500));   // ceil(2500 / 8 / 10) = ceil(31.25)
        assertEquals(10, grid.minPerMode(2500));   // 2500 / 25 / 10 exactly, not 11 from rounding
        assertEquals(1, ring.minPerMode(6));
        // 31 points on mode 0 and 32 on mode 1 of 2,500: only mode 1 counts; both have "any"
        float[][] samples = new float[2500][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i < 31 ? at(0) : i < 63 ? at(1) : new float[] {0f, 0f};
        }
        ModeCoverage.Report r = ring.evaluate(samples);
        assertEquals(1, r.modesCovered());
        assertEquals(2, r.modesWithAnyHighQuality());
        assertEquals(32, r.minPerMode());
    }

    @Test
    void uniformNoiseAndAnEvenRingCoverNothingButGrazeMany() {
        // the two diffuse generators the one-sample rule mistakes for learned ones
        Random rng = new Random(5);
        float[][] noise = new float[2500][];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = new float[] {(float) (10 * rng.nextDouble() - 5), (float) (10 * rng.nextDouble() - 5)};
        }
        ModeCoverage.Report grid = ModeCoverage.of(Toy2d.grid25(), noise);
        assertEquals(0, grid.modesCovered(), grid.toString());
        assertTrue(grid.modesWithAnyHighQuality() >= 15, grid.toString());   // about 21 expected: 25 (1 - e^-1.77)
        float[][] ring = new float[2500][];
        for (int i = 0; i < ring.length; i++) {
            double a = 2 * Math.PI * i / ring.length;
            ring[i] = new float[] {(float) (2 * Math.cos(a)), (float) (2 * Math.sin(a))};
        }
        ModeCoverage.Report even = ModeCoverage.of(RING, ring);
        assertEquals(0, even.modesCovered(), even.toString());
        assertEquals(8, even.modesWithAnyHighQuality(), even.toString());
    }

    @Test
    void theReferencesSeparateRealDataFromNoise() {
        for (Toy2d toy : new Toy2d[] {Toy2d.ring8(), Toy2d.grid25()}) {
            var real = PointMetrics.realReference(toy, 2500, 2);
            var noise = PointMetrics.noiseReference(toy, 2500, 2);
            for (var r : real) {
                assertEquals(toy.modeCount(), r.get("modes_covered"), r.toString());
                assertTrue(r.get("precision_xy_2500") > 0.9 && r.get("recall_xy_2500") > 0.9, r.toString());
                assertTrue(r.get("coverage_xy_2500") > 0.9, r.toString());
            }
            for (var r : noise) {
                assertEquals(0.0, r.get("modes_covered"), r.toString());
                assertTrue(r.get("precision_xy_2500") < 0.1 && r.get("density_xy_2500") < 0.1, r.toString());
                assertTrue(r.get("coverage_xy_2500") < 0.2, r.toString());
            }
        }
        assertArrayEquals(new double[] {-3, 3}, PointMetrics.noiseBox(Toy2d.ring8()));
        assertArrayEquals(new double[] {-5, 5}, PointMetrics.noiseBox(Toy2d.grid25()));
    }
}
