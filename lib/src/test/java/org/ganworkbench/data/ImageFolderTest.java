package org.ganworkbench.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {

    private static void write(Path file, int w, int h, Color left, Color right) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(right);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.toString().endsWith(".png") ? "png" : "jpg", file.toFile());
    }

    @Test
    void loadsResizesCropsAndReportsBadFilesByPath(@TempDir Path dir) throws Exception {
        // 100×50 wide image: red left half, white right half. Scaled to height 8 (16×8), the
        // center 8×8 crop shows 4 red columns then 4 white ones.
        write(dir.resolve("a.png"), 100, 50, Color.RED, Color.WHITE);
        write(dir.resolve("sub/b.jpg"), 40, 40, Color.BLACK, Color.BLACK);
        Files.writeString(dir.resolve("broken.png"), "not an image");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        ImageFolder.Result r = ImageFolder.load(dir, 8, true);
        assertEquals(2, r.images().count());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).contains("broken.png"), r.skipped().get(0));
        float[] a = r.images().image(0); // a.png sorts first
        int plane = 64;
        assertEquals(1f, a[0], 0.02f);            // red channel, left column
        assertEquals(-1f, a[plane], 0.02f);       // green channel, left column
        assertEquals(1f, a[plane + 7], 0.02f);    // green channel, right column: white
        float[] b = r.images().image(1);
        for (float v : b) {
            assertEquals(-1f, v, 0.05f);
        }

        ImageFolder.Result gray = ImageFolder.load(dir, 8, false);
        assertEquals(1, gray.images().channels());
        assertEquals(0.299f * 2 - 1, gray.images().image(0)[0], 0.02f);
    }

    @Test
    void classFoldersLabelTheImagesAndLooseOrSingleClassFoldersAreRefused(@TempDir Path dir) throws Exception {
        write(dir.resolve("sneaker/1.png"), 8, 8, Color.WHITE, Color.WHITE);
        write(dir.resolve("boot/deep/2.png"), 8, 8, Color.BLACK, Color.BLACK);
        write(dir.resolve("boot/3.png"), 8, 8, Color.BLACK, Color.BLACK);
        Files.writeString(dir.resolve("sneaker/broken.png"), "not an image");
        ImageFolder.Result r = ImageFolder.loadByClass(dir, 8, false);
        assertEquals(java.util.List.of("boot", "sneaker"), r.images().classNames());
        assertEquals(2, r.images().classes());
        assertEquals(3, r.images().count());
        // sorted paths: boot/3.png, boot/deep/2.png, sneaker/1.png; the broken file is skipped, not labelled
        assertEquals(java.util.List.of(0, 0, 1), java.util.Arrays.stream(r.images().labels()).boxed().toList());
        assertEquals(1f, r.images().image(2)[0], 0.02f, "the white sneaker is the labelled third image");
        write(dir.resolve("loose.png"), 8, 8, Color.RED, Color.RED);
        var e = assertThrows(DataException.class, () -> ImageFolder.loadByClass(dir, 8, false));
        assertTrue(e.getMessage().contains("outside a class folder (first: loose.png)"), e.getMessage());
        Path one = dir.resolve("only");
        write(one.resolve("shirts/a.png"), 8, 8, Color.RED, Color.RED);
        e = assertThrows(DataException.class, () -> ImageFolder.loadByClass(one, 8, false));
        assertTrue(e.getMessage().contains("at least two class folders, found only 'shirts'"), e.getMessage());
    }

    /** A PNG that is only a header (signature, IHDR of w x h, 8-bit RGBA, IEND): what a decoder reads first. */
    private static byte[] pngHeaderOnly(int w, int h) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void everySkippedFileIsListedWithItsReasonHugeImagesFromTheirHeaderAndTransparencyIsSaid(@TempDir Path dir)
            throws Exception {
        write(dir.resolve("a.png"), 16, 16, Color.RED, Color.WHITE);
        BufferedImage glass = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);   // all transparent white
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                glass.setRGB(x, y, 0x00FFFFFF);
            }
        }
        ImageIO.write(glass, "png", dir.resolve("b-glass.png").toFile());
        Files.writeString(dir.resolve("c-broken.png"), "not an image");
        Files.write(dir.resolve("d-huge.png"), pngHeaderOnly(20_000, 20_000));
        Files.write(dir.resolve("e-empty.jpg"), new byte[0]);

        ImageFolder.Result r = ImageFolder.load(dir, 8, true);
        assertEquals(2, r.images().count());
        assertEquals(1, r.transparent());
        assertEquals(3, r.skipped().size(), r.skipped().toString());
        String summary = r.summary();
        assertTrue(summary.startsWith("2 images loaded, 3 files skipped; 1 image has transparent pixels, laid over black"),
                summary);
        for (String name : new String[] {"c-broken.png", "d-huge.png", "e-empty.jpg"}) {
            assertTrue(summary.contains("\n  skipped " + dir.resolve(name) + ": "), name + " not listed: " + summary);
        }
        assertTrue(summary.contains("d-huge.png: 20000 x 20000 pixels, above the limit"), summary);
        for (String k : r.skipped()) {
            assertTrue(!k.endsWith(": ") && !k.endsWith(": null"), "every reason says something: " + k);
        }
        float[] glassPixels = r.images().image(1);
        assertEquals(-1f, glassPixels[0], 0.01f, "transparent white is laid over black");
    }

    @Test
    void emptyOrMissingFolderIsAClearError(@TempDir Path dir) throws Exception {
        DataException e = assertThrows(DataException.class, () -> ImageFolder.load(dir, 8, true));
        assertTrue(e.getMessage().contains("no .png"), e.getMessage());
        Files.writeString(dir.resolve("x.jpg"), "garbage");
        e = assertThrows(DataException.class, () -> ImageFolder.load(dir, 8, true));
        assertTrue(e.getMessage().contains("x.jpg"), e.getMessage());
        assertThrows(DataException.class, () -> ImageFolder.load(dir.resolve("missing"), 8, true));
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(dir, 2, true));
    }
}
