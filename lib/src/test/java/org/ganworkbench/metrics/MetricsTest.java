package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void standardNamesCarryTheProtocol() {
        assertEquals(List.of("fid_fmnist_10k", "kid_fmnist_10k", "c2st_fmnist_10k", "is_fmnist_10k",
                "classes_fmnist_10k"), Metrics.names());
        for (String name : Metrics.names()) {
            Metric m = Metrics.byName(name);
            assertEquals(name, m.name());
            assertEquals(10_000, m.sampleCount());
        }
    }

    @Test
    void anyCountParses() {
        assertInstanceOf(KernelDistance.class, Metrics.byName("kid_fmnist_2500"));
        assertEquals(2500, Metrics.byName("kid_fmnist_2500").sampleCount());
        assertEquals(5000, Metrics.byName("c2st_fmnist_5k").sampleCount());
        assertEquals("fid_fmnist_5k", Metrics.nameOf("fid", 5000));
        assertEquals("is_fmnist_750", Metrics.nameOf("is", 750));
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Metrics.byName("inception_fid_50k"));
        assertTrue(e.getMessage().contains("fid_fmnist_10k"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.byName("fid_cifar_10k"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.byName("fid_fmnist_1"));
    }
}
