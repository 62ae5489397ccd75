package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature metrics' names in the registry: the protocol in the name, any count, helpful errors. */
class MetricsTest {

    @Test
    void standardNamesCarryTheProtocol() {
        List<String> names = MetricRegistry.featureKinds().stream().map(k -> MetricRegistry.nameOf(k, 10_000).toString())
                .toList();
        assertEquals(List.of("fid_fmnist_10k", "kid_fmnist_10k", "c2st_fmnist_10k", "is_fmnist_10k",
                "classes_fmnist_10k", "pr_fmnist_10k", "dc_fmnist_10k", "confidence_fmnist_10k", "cacc_fmnist_10k",
                "ifid_fmnist_10k", "ipr_fmnist_10k"), names);
        assertEquals(names.subList(0, 8), MetricRegistry.features(10_000).stream().map(Metric::name).toList(),
                "an evaluator of every kind leaves out the conditional ones");
        for (String name : names) {
            Metric m = MetricRegistry.feature(name);
            assertEquals(name, m.name());
            assertEquals(10_000, m.sampleCount());
        }
    }

    @Test
    void anyCountParses() {
        assertInstanceOf(KernelDistance.class, MetricRegistry.feature("kid_fmnist_2500"));
        assertEquals(2500, MetricRegistry.feature("kid_fmnist_2500").sampleCount());
        assertEquals(5000, MetricRegistry.feature("c2st_fmnist_5k").sampleCount());
        assertEquals("fid_fmnist_5k", MetricRegistry.nameOf("fid", 5000).toString());
        assertEquals("is_fmnist_750", MetricRegistry.nameOf("is", 750).toString());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("inception_fid_50k"));
        assertTrue(e.getMessage().contains("fid_fmnist_10k"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("fid_cifar_10k"));
        assertThrows(IllegalArgumentException.class, () -> MetricRegistry.feature("fid_fmnist_1"));
    }
}
