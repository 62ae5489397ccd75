package org.ganworkbench.experiments;

import org.ganworkbench.models.GrowthSchedule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageTimingTest {

    private static final StageTiming.Phase S4 = new StageTiming.Phase(4, false);
    private static final StageTiming.Phase F8 = new StageTiming.Phase(8, true);
    private static final StageTiming.Phase S8 = new StageTiming.Phase(8, false);

    @Test
    void secondsWalkTheScheduleAtEachPhasesSpeed() {
        // 8x8 images: 4x4 stable for 32 images, 8x8 fade-in for 32, then 8x8 stable; 16 images per step
        StageTiming t = new StageTiming(new GrowthSchedule(2, 32, 32, true), 16, Map.of(S4, 160.0, F8, 80.0, S8, 40.0));
        assertEquals(0, t.seconds(0));
        assertEquals(0.1, t.seconds(16), 1e-12);                      // one step at 4x4
        assertEquals(0.2 + 0.4, t.seconds(64), 1e-12);                // two steps at 4x4, two fading
        assertEquals(0.2 + 0.4 + 3 * 0.4, t.seconds(112), 1e-12);     // and three stable 8x8 steps
        assertEquals(0.1, t.seconds(1), 1e-12, "a step begun counts whole");
        var table = t.table("t", 112);
        assertEquals(List.of("4x4 stable", "8x8 fade-in", "8x8 stable"), table.stringColumn("phase").asList());
        assertEquals(List.of(32.0, 32.0, 48.0), table.doubleColumn("images").asList());
        assertEquals(List.of(0.2, 0.4, 1.2), table.doubleColumn("seconds").asList());
        // without growing: one phase, one speed
        StageTiming flat = new StageTiming(new GrowthSchedule(2, 32, 32, false), 16, Map.of(S8, 40.0));
        assertEquals(112 / 40.0, flat.seconds(112), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> flat.imagesPerSecond(S4));
        assertTrue(e.getMessage().contains("4x4 stable") && e.getMessage().contains("8x8 stable"), e.getMessage());
    }

    @Test
    void measuresEveryPhaseOfARealSchedule() {
        RunSpec spec = RunSpec.fromJson(ProgressiveRunTest.SPEC);   // 32x32: 4 levels, 8 images per step
        StageTiming t = StageTiming.measure(spec, 4);
        assertEquals(List.of("4x4 stable", "8x8 fade-in", "8x8 stable", "16x16 fade-in", "16x16 stable",
                "32x32 fade-in", "32x32 stable"), t.phases().stream().map(StageTiming.Phase::label).toList());
        for (StageTiming.Phase p : t.phases()) {
            assertTrue(t.imagesPerSecond(p) > 0 && Double.isFinite(t.imagesPerSecond(p)), p.label());
        }
        // the spec's own schedule (16 images per phase = 2 steps) is walked, not the compressed one
        assertEquals(t.phaseAt(0), new StageTiming.Phase(4, false));
        assertEquals(t.phaseAt(16), new StageTiming.Phase(8, true));
        assertEquals(t.phaseAt(200), new StageTiming.Phase(32, false));
        double a = t.seconds(64);
        assertTrue(a > 0 && t.seconds(128) > a);
        StageTiming flat = StageTiming.measure(spec.with("model.growing", false), 4);
        assertEquals(List.of(new StageTiming.Phase(32, false)), flat.phases());
        assertThrows(IllegalArgumentException.class, () -> StageTiming.measure(spec, 3));
    }
}
