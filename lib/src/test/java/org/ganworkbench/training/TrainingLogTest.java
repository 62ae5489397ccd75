package org.ganworkbench.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLogTest {

    @Test
    void csvRoundTripKeepsExtraColumnsAndNaN(@TempDir Path dir) {
        TrainingLog log = new TrainingLog("t", List.of("k", "m_global"));
        log.append(10, 0.5, 0.7, 0.6, 0.4, 1.5, Double.NaN, 100, new double[] {0.01, 0.3});
        log.append(20, 0.4, 0.8, 0.6, 0.4, 1.2, 2.5, 110, new double[] {0.02, Double.NaN});
        Path file = dir.resolve("log.csv");
        log.writeCsv(file);
        TrainingLog back = TrainingLog.readCsv(file);
        assertEquals(List.of("k", "m_global"), back.extraColumns());
        assertArrayEquals(new double[] {10, 20}, back.column(TrainingLog.STEP));
        assertArrayEquals(new double[] {0.01, 0.02}, back.column("k"), 1e-12);
        assertTrue(Double.isNaN(back.column("m_global")[1]));
        assertTrue(Double.isNaN(back.column(TrainingLog.GRAD_NORM_G)[0]));
        assertEquals(2.5, back.column(TrainingLog.GRAD_NORM_G)[1], 1e-12);
    }

    @Test
    void extraValuesMustMatchTheColumnsAndReadingNamesTheFile(@TempDir Path dir) throws Exception {
        TrainingLog log = new TrainingLog("t", List.of("k"));
        assertThrows(IllegalArgumentException.class, () -> log.append(1, 0, 0, 0, 0, 0, 0, 0, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new TrainingLog("t", List.of(TrainingLog.D_LOSS)));
        Path other = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TrainingLog.readCsv(other));
        assertTrue(e.getMessage().contains("other.csv"), e.getMessage());
    }

    @Test
    void plateauDecayHalvesOnlyWhenTheMeasureStalls() {
        LrDecay.Plateau falling = new LrDecay.Plateau(new LrDecay(2, 0.5, 0.01, 0.25));
        double scale = 1;
        for (int i = 0; i < 10; i++) {
            scale = falling.observe(10 - i);   // window means keep falling by far more than 1%
        }
        assertEquals(1, scale);
        LrDecay.Plateau flat = new LrDecay.Plateau(new LrDecay(2, 0.5, 0.01, 0.25));
        double[] scales = new double[8];
        for (int i = 0; i < 8; i++) {
            scales[i] = flat.observe(3.0);
        }
        // first window sets the best; each later window stalls: 0.5, 0.25, then the floor 0.25
        assertArrayEquals(new double[] {1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25}, scales);
        assertThrows(IllegalArgumentException.class, () -> new LrDecay(0, 0.5, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new LrDecay(5, 1.0, 0, 0.5));
    }
}
