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

    /** An 8-bit grayscale PNG whose pixel (x, y) is {@code ids[y][x]}. */
    private static void writeLabels(Path file, int[][] ids) throws Exception {
        BufferedImage img = new BufferedImage(ids[0].length, ids.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < ids.length; y++) {
            for (int x = 0; x < ids[0].length; x++) {
                img.getRaster().setSample(x, y, 0, ids[y][x]);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** An indexed PNG with a palette of 4 colours unlike their indices, pixel (x, y) the index {@code ids[y][x]}. */
    private static void writeIndexed(Path file, int[][] ids) throws Exception {
        byte[] r = {(byte) 200, 10, 0, (byte) 255};
        byte[] g = {(byte) 200, (byte) 150, 0, 40};
        byte[] b = {(byte) 200, 30, (byte) 255, 90};
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(8, 4, r, g, b);
        BufferedImage img = new BufferedImage(ids[0].length, ids.length, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < ids.length; y++) {
            for (int x = 0; x < ids[0].length; x++) {
                img.getRaster().setSample(x, y, 0, ids[y][x]);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** A w x h map of ids: row 0 all {@code top}, below it {@code left} in the left half and {@code right} in the right. */
    private static int[][] halves(int w, int h, int top, int left, int right) {
        int[][] ids = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ids[y][x] = y == 0 ? top : x < w / 2 ? left : right;
            }
        }
        return ids;
    }

    @Test
    void loadPairsMatchesMapsAndImagesByNameAndCropsBothAlike(@TempDir Path dir) throws Exception {
        // a: an 8 x 4 gray map (row 0 class 1, then class 0 left and class 2 right) with an 8 x 4 PNG
        // (red left, white right). At size 4 the scale is 1 and the crop keeps columns 2 to 5.
        writeLabels(dir.resolve("labels/a.png"), halves(8, 4, 1, 0, 2));
        write(dir.resolve("images/a.png"), 8, 4, Color.RED, Color.WHITE);
        // b: an indexed map (palette indices are the ids, whatever their colours) with a JPEG
        writeIndexed(dir.resolve("labels/b.png"), halves(4, 4, 2, 1, 0));
        write(dir.resolve("images/b.jpg"), 4, 4, Color.BLACK, Color.BLACK);
        Files.writeString(dir.resolve("labels.txt"), "sky\n road \ncar\n\n");
        Files.writeString(dir.resolve("images/notes.txt"), "ignored");

        PairedSet pairs = ImageFolder.loadPairs(dir, 4, true);
        assertEquals("pairs:" + dir.getFileName() + "@4rgb", pairs.name());
        assertEquals(2, pairs.count());
        assertEquals(java.util.List.of("sky", "road", "car"), pairs.labelNames());
        assertEquals(new ai.djl.ndarray.types.Shape(4, 4, 4), pairs.mapShape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {
            1, 1, 1, 1,
            0, 0, 2, 2,
            0, 0, 2, 2,
            0, 0, 2, 2,
        }, pairs.labelMap(0));
        boolean t = true;
        boolean f = false;
        org.junit.jupiter.api.Assertions.assertArrayEquals(new boolean[] {
            t, t, t, t,
            t, t, t, t,
            f, t, t, f,
            f, t, t, f,
        }, pairs.edgeMap(0), "edges computed from the labels");
        float[] a = pairs.images().image(0);
        assertEquals(1f, a[0], 0.02f, "red at the left");
        assertEquals(-1f, a[16 + 1], 0.02f, "no green in column 1");
        assertEquals(1f, a[16 + 2], 0.02f, "white from column 2");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {
            2, 2, 2, 2,
            1, 1, 0, 0,
            1, 1, 0, 0,
            1, 1, 0, 0,
        }, pairs.labelMap(1), "palette indices, not colours");
        for (float v : pairs.images().image(1)) {
            assertEquals(-1f, v, 0.05f, "the black JPEG pairs with b.png");
        }
        assertEquals(0, pairs.images().classes());

        PairedSet gray = ImageFolder.loadPairs(dir, 4, false);
        assertEquals(new ai.djl.ndarray.types.Shape(1, 4, 4), gray.sampleShape());
        assertEquals("pairs:" + dir.getFileName() + "@4gray", gray.name());
    }

    @Test
    void loadPairsResizesLabelMapsByNearestNeighbourOnly(@TempDir Path dir) throws Exception {
        // a 13 x 13 checkerboard of ids 0 and 3: any interpolation would make 1s and 2s
        int[][] checker = new int[13][13];
        for (int y = 0; y < 13; y++) {
            for (int x = 0; x < 13; x++) {
                checker[y][x] = (x + y) % 2 == 0 ? 0 : 3;
            }
        }
        writeLabels(dir.resolve("labels/c.png"), checker);
        write(dir.resolve("images/c.png"), 13, 13, Color.GREEN, Color.BLUE);
        writeLabels(dir.resolve("labels/d.png"), new int[7][5]);
        write(dir.resolve("images/d.png"), 5, 7, Color.GREEN, Color.BLUE);
        PairedSet pairs = ImageFolder.loadPairs(dir, 4, true);
        // without labels.txt: K = largest id + 1, named by number
        assertEquals(java.util.List.of("class 0", "class 1", "class 2", "class 3"), pairs.labelNames());
        int[] c = pairs.labelMap(0);
        // output column (or row) i takes the source pixel under its centre: floor((i + 0.5) * 13 / 4) = 1, 4, 8, 11
        int[] source = {1, 4, 8, 11};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(checker[source[y]][source[x]], c[y * 4 + x], "(" + x + ", " + y + ")");
            }
        }
        assertTrue(java.util.Arrays.stream(c).allMatch(v -> v == 0 || v == 3), java.util.Arrays.toString(c));
        assertTrue(java.util.Arrays.stream(c).anyMatch(v -> v == 3) && java.util.Arrays.stream(c).anyMatch(v -> v == 0));
        // a 5 x 7 map of zeros: the crop keeps every label 0
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[16], pairs.labelMap(1));

        Path zeros = dir.resolve("zeros");
        writeLabels(zeros.resolve("labels/z.png"), new int[4][4]);
        write(zeros.resolve("images/z.png"), 4, 4, Color.GREEN, Color.BLUE);
        assertEquals(java.util.List.of("class 0", "class 1"), ImageFolder.loadPairs(zeros, 4, true).labelNames(),
                "at least two classes");
    }

    @Test
    void loadPairsNamesEveryUnmatchedFile(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"a", "b", "c"}) {
            writeLabels(dir.resolve("labels/" + name + ".png"), new int[4][4]);
        }
        write(dir.resolve("images/a.jpg"), 4, 4, Color.RED, Color.RED);
        write(dir.resolve("images/d.png"), 4, 4, Color.RED, Color.RED);
        DataException e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertEquals(dir, e.path());
        assertTrue(e.getMessage().contains("2 label maps in labels/ have no image in images/: b.png, c.png;"),
                e.getMessage());
        assertTrue(e.getMessage().contains("1 image in images/ has no label map in labels/: d.png."), e.getMessage());
        assertTrue(e.getMessage().contains("labels/a.png with images/a.jpg"), e.getMessage());
        for (int i = 0; i < 12; i++) {
            writeLabels(dir.resolve("labels/extra" + (char) ('a' + i) + ".png"), new int[4][4]);
        }
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertTrue(e.getMessage().contains("14 label maps in labels/ have no image in images/: b.png, c.png, "
                + "extraa.png, extrab.png, extrac.png, extrad.png, extrae.png, extraf.png, extrag.png, extrah.png "
                + "and 4 more;"), e.getMessage());
    }

    @Test
    void loadPairsRefusesAPairOfTwoSizes(@TempDir Path dir) throws Exception {
        writeLabels(dir.resolve("labels/a.png"), new int[4][8]);
        write(dir.resolve("images/a.png"), 16, 8, Color.RED, Color.RED);
        DataException e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertEquals(dir.resolve("labels/a.png"), e.path());
        assertTrue(e.getMessage().contains("a.png: is 8 x 4 pixels but its image " + dir.resolve("images/a.png")
                + " is 16 x 8; a label map must be aligned with its image pixel for pixel"), e.getMessage());
    }

    @Test
    void loadPairsRefusesIdsBeyondTheNamedClasses(@TempDir Path dir) throws Exception {
        int[][] ids = new int[4][4];
        ids[1][3] = 7;
        writeLabels(dir.resolve("labels/a.png"), ids);
        write(dir.resolve("images/a.png"), 4, 4, Color.RED, Color.RED);
        Files.writeString(dir.resolve("labels.txt"), "sky\nroad\ncar\n");
        DataException e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertTrue(e.getMessage().contains("labels/a.png: pixel (3, 1) has class id 7, but labels.txt names only 3 "
                + "classes (ids 0 to 2)"), e.getMessage());
        Files.writeString(dir.resolve("labels.txt"), "sky\n\nroad\n");
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertTrue(e.getMessage().contains("labels.txt: line 2 is blank"), e.getMessage());
        Files.writeString(dir.resolve("labels.txt"), "sky\nroad\nsky\n");
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertTrue(e.getMessage().contains("line 3 repeats the name 'sky' of line 1"), e.getMessage());
    }

    @Test
    void loadPairsNeedsBothFoldersAndTrueLabelMaps(@TempDir Path dir) throws Exception {
        write(dir.resolve("images/a.png"), 4, 4, Color.RED, Color.RED);
        DataException e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertEquals(dir.resolve("labels"), e.path());
        assertTrue(e.getMessage().contains("labels: missing; put the label maps here"), e.getMessage());
        Path other = dir.resolve("other");
        writeLabels(other.resolve("labels/a.png"), new int[4][4]);
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(other, 4, true));
        assertTrue(e.getMessage().contains("images: missing; put the images here"), e.getMessage());
        assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir.resolve("nowhere"), 4, true));

        // an RGB picture is not a label map, nor is a JPEG
        write(dir.resolve("labels/a.png"), 4, 4, Color.RED, Color.RED);
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertTrue(e.getMessage().contains("must be an 8-bit grayscale or indexed PNG whose pixel values are class ids, "
                + "but this one has 3 channels of 8 bits"), e.getMessage());
        Files.delete(dir.resolve("labels/a.png"));
        write(dir.resolve("labels/a.jpg"), 4, 4, Color.BLACK, Color.BLACK);
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertTrue(e.getMessage().contains("a.jpg: a label map must be a PNG"), e.getMessage());
        Files.delete(dir.resolve("labels/a.jpg"));
        writeLabels(dir.resolve("labels/a.png"), new int[4][4]);
        write(dir.resolve("images/a.jpg"), 4, 4, Color.RED, Color.RED);
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertTrue(e.getMessage().contains("two images for the name 'a': a.jpg and a.png"), e.getMessage());
        Files.delete(dir.resolve("images/a.jpg"));
        Files.writeString(dir.resolve("images/a.png"), "not an image");
        e = assertThrows(DataException.class, () -> ImageFolder.loadPairs(dir, 4, true));
        assertEquals(dir.resolve("images/a.png"), e.path());
        assertTrue(e.getMessage().contains("every pair must be readable"), e.getMessage());
    }
}
