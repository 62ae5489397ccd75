package org.ganworkbench.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One registry, one name format: every kind is found by the name it gives itself. */
class MetricRegistryTest {

    @Test
    void everyKindIsFoundByTheNameItGivesItself() {
        assertEquals(List.of("fid", "kid", "c2st", "is", "classes", "pr", "dc", "confidence", "cacc", "ifid", "ipr",
                "msssim", "swd"), MetricRegistry.kinds());
        assertEquals(List.of("cacc", "ifid", "ipr"), MetricRegistry.conditionalKinds());
        assertTrue(MetricRegistry.isConditional("ifid_shapes_2048"));
        for (String kind : MetricRegistry.featureKinds()) {
            Metric m = MetricRegistry.feature(MetricRegistry.nameOf(kind, 2500).toString());
            assertEquals(kind + "_fmnist_2500", m.name());
            assertEquals(2500, m.sampleCount());
        }
        for (String kind : MetricRegistry.pixelKinds()) {
            ImageMetric m = MetricRegistry.pixels(MetricRegistry.nameOf(kind, 2048).toString());
            assertEquals(kind + "_2048", m.name());
        }
        assertEquals(new MetricName("fid", "fmnist", 10_000), MetricName.parse("fid_fmnist_10k"));
        assertEquals("swd_8192", MetricName.parse("swd_8192").toString());
        assertEquals("msssim_10k", MetricName.parse("msssim_10000").toString(), "one way of writing each count");
    }

    @Test
    void namesOfTheWrongFormOrSpaceSayWhatTheRightOneIs() {
        var e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.pixels("swd_fmnist_2048"));
        assertTrue(e.getMessage().contains("swd is named swd_2048"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("fid_2048"));
        assertTrue(e.getMessage().contains("fid is named fid_fmnist_2048"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("swd_2048"));
        assertTrue(e.getMessage().contains("reads pixels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("lpips_fmnist_10k"));
        assertTrue(e.getMessage().contains("unknown metric kind 'lpips'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricName.parse("fid-10k"));
        assertTrue(e.getMessage().contains("<kind>_<domain>_<count>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricName.parse("fid_fmnist_1"));
    }
}
