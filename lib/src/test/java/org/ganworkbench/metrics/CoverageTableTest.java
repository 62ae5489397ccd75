package org.ganworkbench.metrics;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CoverageTableTest {

    private static ModeCoverage.Report report(int covered, double hq, double kl) {
        return new ModeCoverage.Report(covered, 8, hq, kl, new int[8], 100, 2);
    }

    @Test
    void summarizesMeanAndStdPerRunOverSeeds() {
        CoverageTable t = new CoverageTable("t")
                .add("a", 1, report(8, 0.5, 0.1))
                .add("a", 2, report(6, 0.3, 0.3))
                .add("b", 1, report(1, 0.0, Double.NaN));
        assertEquals(3, t.table().rowCount());
        Table s = t.summary();
        assertEquals(2, s.rowCount());
        assertEquals(7.0, s.doubleColumn("modes_mean").getDouble(0), 1e-12);
        assertEquals(Math.sqrt(2), s.doubleColumn("modes_std").getDouble(0), 1e-12);
        assertEquals(40.0, s.doubleColumn("high_quality_pct_mean").getDouble(0), 1e-9);
        assertEquals(0.2, s.doubleColumn("kl_mean").getDouble(0), 1e-12);
        assertEquals(0, s.intColumn("kl_runs").getInt(1));
        assertEquals(0.0, s.doubleColumn("modes_std").getDouble(1), 1e-12);
    }
}
