package org.ganworkbench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as the operating system sees it (Linux {@code /proc/self/status}): the
 * resident set, which covers the engines' native memory that the JVM heap does not see. -1 where
 * it cannot be read (not Linux).
 */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** Resident memory now (VmRSS), in MB. */
    public static long residentMb() {
        return field("VmRSS:");
    }

    /** Peak resident memory since start or the last {@link #resetPeak()} (VmHWM), in MB. */
    public static long peakMb() {
        return field("VmHWM:");
    }

    /** Resets the peak to the current resident memory, where the kernel allows it. */
    public static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux or not allowed: the peak then covers the whole process
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
