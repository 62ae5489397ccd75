package org.ganworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganworkbench.metrics.MetricResult;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

class MsSsimFolderTest {

    @TempDir
    Path dir;

    /** Writes {@code count} PNGs, img-0.png ..., all the same colourful 32 x 32 pattern. */
    private void writeSame(int count) throws IOException {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int v = (int) (127.5 + 120 * Math.sin(0.3 * x + 0.2 * y));
                img.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (x * 8));
            }
        }
        for (int i = 0; i < count; i++) {
            ImageIO.write(img, "png", dir.resolve("img-" + i + ".png").toFile());
        }
    }

    /** Parses the arguments as gan does and scores, printing to {@code out}. */
    private MetricResult run(ByteArrayOutputStream out, String... args) {
        MsSsimFolder command = new MsSsimFolder(new PrintStream(out, true, StandardCharsets.UTF_8));
        new CommandLine(command).parseArgs(args);
        return command.score();
    }

    @Test
    void scoresAFolderOfIdenticalImagesOne() throws IOException {
        writeSame(5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetricResult r = run(out, dir.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1.0, r.value(), 1e-6);
        assertEquals("msssim_4", r.metric(), "5 images: the odd one out is left out");
        assertTrue(text.contains("5 images loaded, 0 files skipped"), text);
        assertTrue(text.contains("msssim_4: msssim=1.0000, msssim_std=0.0000  (2 pairs of 1x32x32 images"), text);
        MetricResult rgb = run(new ByteArrayOutputStream(), "--rgb", dir.toString(), "--n", "2", "--size", "64");
        assertEquals(List.of(3, 64, 64), rgb.protocol().get("image_shape"));
        assertEquals(1, rgb.protocol().get("pairs"));
    }

    @Test
    void badInputExitsTwoWithAMessageNamingTheArgument() throws IOException {
        writeSame(4);
        String folder = dir.toString();
        assertMessage("--n must be even", folder, "--n", "3");
        assertMessage("of 10 images needs 10, found 4", folder, "--n", "10");
        assertMessage("--size must be a multiple of 16", folder, "--size", "28");
        assertMessage("'--n': 'many'", folder, "--n", "many");
        assertMessage("Unknown option: '--frobnicate'", folder, "--frobnicate");
        assertMessage("'--n'", folder, "--n");
        assertMessage("Unmatched argument", folder, folder);
        assertMessage("DIR");
        assertMessage("not a folder", dir.resolve("missing").toString());
    }

    @Test
    void oneImageIsTooFew() throws IOException {
        writeSame(1);
        assertMessage("needs at least 2 images, found 1", dir.toString());
    }

    private void assertMessage(String part, String... args) {
        CliRun r = CliRun.of(MsSsimFolder::new, args);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(part), r.err());
        assertFalse(r.err().contains("\tat "), "a stack trace: " + r.err());
    }
}
