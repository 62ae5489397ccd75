package org.ganworkbench.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineTest {

    @Test
    void readsTheFirstProcessorOfProcCpuinfo(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, String.join("\n",
                "processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2",
                "model name\t: AMD EPYC", "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512_bf16 sha_ni",
                "", "processor\t: 1", "vendor_id\t: GenuineIntel", "model name\t: something else", ""));
        Machine m = Machine.read(cpuinfo);
        assertEquals("AMD EPYC", m.model());
        assertEquals("AuthenticAMD", m.vendor());
        assertEquals("26/2", m.family());
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_bf16"), m.isa());
        assertTrue(m.hasAvx512());
        assertEquals("AVX-512", m.widestIsa());
        assertEquals("avx2", Machine.read(write(dir, "flags : sse4_2 avx avx2")).widestIsa().toLowerCase());
    }

    @Test
    void withoutCpuinfoOnlyTheArchitectureIsKnown(@TempDir Path dir) {
        Machine m = Machine.read(dir.resolve("missing"));
        assertEquals(System.getProperty("os.arch"), m.model());
        assertFalse(m.hasAvx512());
        assertEquals("SSE", m.widestIsa());
        assertTrue(m.isa().isEmpty());
    }

    private static Path write(Path dir, String line) throws IOException {
        Path f = dir.resolve("cpuinfo2");
        Files.writeString(f, "model name : X\n" + line + "\n");
        return f;
    }
}
