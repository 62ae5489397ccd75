package org.ganworkbench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU this process runs on, as far as numerics depend on it: vendor, model, family and the
 * vector instruction sets the engines' kernels choose from. Machines of one kind differ here
 * (Intel or AMD, AVX2 or AVX-512), and so can an engine's results: see {@link Engines#prepare}.
 * Read from {@code /proc/cpuinfo} on Linux; elsewhere only the architecture is known.
 */
public final class Machine {

    /** The ISA extensions worth naming, in the order printed. */
    private static final List<String> ISA = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "amx_bf16");

    private static volatile Machine current;

    private final String model;
    private final String vendor;
    private final String family;
    private final List<String> isa;
    private final int cores;

    private Machine(String model, String vendor, String family, List<String> isa, int cores) {
        this.model = model;
        this.vendor = vendor;
        this.family = family;
        this.isa = List.copyOf(isa);
        this.cores = cores;
    }

    /** This machine (read once per process). */
    public static Machine current() {
        Machine m = current;
        if (m == null) {
            m = read(Path.of("/proc/cpuinfo"));
            current = m;
        }
        return m;
    }

    /** Parses a {@code /proc/cpuinfo}; a missing or unreadable file gives an "unknown" machine. */
    static Machine read(Path cpuinfo) {
        String model = null;
        String vendor = null;
        String family = null;
        String cpuModel = null;
        Set<String> flags = Set.of();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    if (model != null) {
                        break;   // the first processor's block is enough
                    }
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "model name" -> model = value;
                    case "vendor_id" -> vendor = value;
                    case "cpu family" -> family = value;
                    case "model" -> cpuModel = value;
                    case "flags" -> flags = Set.of(value.split("\\s+"));
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is all we know
        }
        List<String> isa = new ArrayList<>();
        for (String f : ISA) {
            if (flags.contains(f)) {
                isa.add(f);
            }
        }
        String fam = family == null ? "?" : family + (cpuModel == null ? "" : "/" + cpuModel);
        return new Machine(model == null ? System.getProperty("os.arch") : model, vendor == null ? "?" : vendor, fam,
                isa, Runtime.getRuntime().availableProcessors());
    }

    /** The model name, e.g. "AMD EPYC" or "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz". */
    public String model() {
        return model;
    }

    /** "AuthenticAMD", "GenuineIntel" or "?". */
    public String vendor() {
        return vendor;
    }

    /** CPU family / model numbers, e.g. "26/2" (AMD Zen 5). */
    public String family() {
        return family;
    }

    /** The named ISA extensions this CPU has, e.g. [sse4_2, avx, avx2, fma, avx512f, ...]. */
    public List<String> isa() {
        return isa;
    }

    /** Whether the CPU has AVX-512 (foundation). */
    public boolean hasAvx512() {
        return isa.contains("avx512f");
    }

    /** Cores this JVM may use. */
    public int cores() {
        return cores;
    }

    /** The widest vector ISA: "AVX-512", "AVX2", "AVX" or "SSE". */
    public String widestIsa() {
        if (hasAvx512()) {
            return "AVX-512";
        }
        if (isa.contains("avx2")) {
            return "AVX2";
        }
        return isa.contains("avx") ? "AVX" : "SSE";
    }

    /** E.g. "AMD EPYC (AuthenticAMD, family 26/2, AVX-512, 2 cores)": the self-check's and provenance's line. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s, family %s, %s, %d cores)", model, vendor, family, widestIsa(), cores);
    }
}
