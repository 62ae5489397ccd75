package org.ganworkbench;

import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.NativeHolders;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.MlpGan;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Lab.end() closes what a notebook left open, and only that. */
class LabTest {

    @Test
    void endClosesWhatIsStillOpenNewestFirstAndNothingTwice() {
        NativeHolders.closeAll();   // whatever an earlier test in this JVM left open
        var arch = MlpGan.forPoints().build();
        Gan kept = Gan.create(arch, Engines.get(Engines.MXNET), 1);
        Gan later = Gan.create(arch, Engines.get(Engines.MXNET), 2);
        try (Gan scoped = Gan.create(arch, Engines.get(Engines.MXNET), 3)) {
            assertEquals(3, NativeHolders.open().size());
        }
        assertEquals(List.of("mlp-gan on MXNet", "mlp-gan on MXNet"), NativeHolders.open(),
                "a GAN closed by try-with-resources is no longer held");
        assertEquals(4, kept.sampleToArray(new Random(1), 2).length, "usable before the end");

        String printed = printed(Lab::end);
        assertEquals("closed 2 holders of native memory: mlp-gan on MXNet, mlp-gan on MXNet", printed.strip());
        assertEquals(List.of(), NativeHolders.open());
        assertThrows(IllegalStateException.class, () -> kept.sampleToArray(new Random(1), 2), "its manager is closed");
        later.close();   // closing again is harmless
        assertEquals("nothing was left open", printed(Lab::end).strip());
    }

    private static String printed(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
