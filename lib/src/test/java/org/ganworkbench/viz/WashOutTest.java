package org.ganworkbench.viz;

import org.ganworkbench.engine.Engines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GauGAN paper's argument as the notebook shows it: conv + instance norm forgets a uniform map's class, SPADE does not. */
class WashOutTest {

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void aUniformMapsClassIsWashedOutByInstanceNormAndKeptBySpade(String engine) {
        Table t = WashOut.compare(engine, List.of("background", "circle", "square", "ring"), 8, 4, 3);
        assertEquals(4, t.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            // the output is constant over the pixels (0 up to rounding: a variance of ~0 is divided by sqrt(eps))
            assertTrue(t.doubleColumn("conv_in_spread").get(r) < 1e-3, t.print());
            assertTrue(t.doubleColumn("conv_in_vs_class0").get(r) < 1e-3, t.print());
            if (r > 0) {
                assertTrue(t.doubleColumn("spade_vs_class0").get(r) > 0.05, t.print());
            }
        }
        assertEquals(0, t.doubleColumn("spade_vs_class0").get(0), 0);
    }
}
