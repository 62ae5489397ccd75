package org.ganworkbench.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every engine the lib computes on passes through {@link Engines#prepare} (on PyTorch it switches
 * off libtorch's oneDNN convolutions, which are wrong on some CPUs). Code outside this package that
 * took an engine or a manager from DJL directly would skip it whenever it ran first in a process.
 */
class EngineAccessTest {

    private static final Pattern DIRECT = Pattern.compile(
            "Engine\\.getEngine\\(|Engine\\.getInstance\\(|NDManager\\.newBaseManager\\(");

    @Test
    void noCodeOutsideTheEnginePackageTakesAnEngineFromDjlDirectly() throws IOException {
        Path main = Path.of("src/main/java/org/ganworkbench");
        assertTrue(Files.isDirectory(main), "run from lib/: " + main.toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.startsWith(main.resolve("engine"))) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (DIRECT.matcher(lines.get(i)).find()) {
                        offenders.add(main.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "use Engines.get(name) / Engines.newManager(name) instead: " + offenders);
    }

    @Test
    void theCheckWouldSeeADirectCall() {
        assertTrue(DIRECT.matcher("try (NDManager m = NDManager.newBaseManager()) {").find());
        assertTrue(DIRECT.matcher("Engine e = Engine.getEngine(\"PyTorch\");").find());
        assertFalse(DIRECT.matcher("Engine e = Engines.get(\"PyTorch\");").find());
    }
}
