package org.ganworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class SwdFoldersTest {

    @TempDir
    Path dir;

    private Path folder(String name, int count, int shift) throws IOException {
        Path f = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    int v = (x * 13 + y * 7 + i * 31 + shift) & 0xff;
                    img.setRGB(x, y, (v << 16) | ((255 - v) << 8) | ((v * 3) & 0xff));
                }
            }
            ImageIO.write(img, "png", f.resolve("img-" + i + ".png").toFile());
        }
        return f;
    }

    private String run(String... args) {
        CliRun r = CliRun.of(SwdFolders::new, args);
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    @Test
    void printsALinePerLevelAndTheMean() throws IOException {
        String a = folder("a", 6, 0).toString();
        String b = folder("b", 5, 90).toString();
        String text = run("--rgb", a, b, "--size", "16", "--seed", "3");
        assertTrue(text.contains("swd_5, 16 x 16 RGB, seed 3"), text);
        assertTrue(text.contains("swd_16 "), text);
        assertTrue(text.contains("(mean of the levels)"), text);
    }

    @Test
    void badInputExitsTwoWithAMessageNamingTheArgument() throws IOException {
        String a = folder("a", 3, 0).toString();
        assertMessage("Missing required parameter: 'DIR_B'", a, "--rgb");
        assertMessage("--size must be a power of two", a, a, "--size", "24");
        assertMessage("--n must be in [2, 3]", a, a, "--n", "4", "--size", "16");
        assertMessage("'--seed': 'x'", a, a, "--seed", "x");
        assertMessage("Unknown option: '--frobnicate'", a, a, "--frobnicate");
        assertMessage("is not a folder", a, dir.resolve("missing").toString());
        String one = folder("one", 1, 0).toString();
        assertMessage(one + ": SWD needs at least 2 images in each folder, found 1", a, one, "--size", "16");
    }

    private void assertMessage(String part, String... args) {
        CliRun r = CliRun.of(SwdFolders::new, args);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(part), r.err());
        assertFalse(r.err().contains("\tat "), "a stack trace: " + r.err());
    }
}
