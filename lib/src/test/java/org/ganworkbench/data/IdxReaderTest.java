package org.ganworkbench.data;

import static org.ganworkbench.data.IdxFiles.gzip;
import static org.ganworkbench.data.IdxFiles.images;
import static org.ganworkbench.data.IdxFiles.labels;
import static org.ganworkbench.data.IdxFiles.rampPixels;
import static org.ganworkbench.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static void assertMentions(DataException e, Path file, String... fragments) {
        String message = e.getMessage();
        assertTrue(message.contains(file.getFileName().toString()), () -> "no file name in: " + message);
        assertEquals(file, e.path());
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "'" + fragment + "' missing from: " + message);
        }
    }

    @Test
    void readsPlainImagesWithDimsAndValues() {
        Path file = write(dir.resolve("imgs-idx3-ubyte"), images(3, 2, 4, rampPixels(3, 2, 4)));
        IdxReader.Images images = IdxReader.readImages(file);
        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(4, images.columns());
        assertEquals(24, images.pixels().length);
        assertEquals(1 * 8 + 1 * 4 + 3, images.pixel(1, 1, 3));
        assertEquals(23, images.pixel(2, 1, 3));
    }

    @Test
    void readsUnsignedBytesAbove127() {
        byte[] pixels = {(byte) 200, (byte) 255, 0, (byte) 128};
        Path file = write(dir.resolve("imgs"), images(1, 2, 2, pixels));
        assertEquals(255, IdxReader.readImages(file).pixel(0, 0, 1));
        Path labelsFile = write(dir.resolve("labels"), labels(new byte[] {(byte) 250, 3}));
        assertArrayEquals(new int[] {250, 3}, IdxReader.readLabels(labelsFile));
    }

    @Test
    void gzipIsRecognisedByContentWhateverTheName() {
        byte[] plain = images(2, 3, 3, rampPixels(2, 3, 3));
        Path gz = write(dir.resolve("a-idx3-ubyte.gz"), gzip(plain));
        Path gzipNoSuffix = write(dir.resolve("b-idx3-ubyte"), gzip(plain));
        Path raw = write(dir.resolve("c-idx3-ubyte"), plain);
        byte[] expected = IdxReader.readImages(raw).pixels();
        assertArrayEquals(expected, IdxReader.readImages(gz).pixels());
        assertArrayEquals(expected, IdxReader.readImages(gzipNoSuffix).pixels());
    }

    @Test
    void gzNameWithPlainContentIsReported() {
        Path file = write(dir.resolve("train-images-idx3-ubyte.gz"), images(1, 2, 2, new byte[4]));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, ".gz", "not gzip", "uncompressed IDX");
    }

    @Test
    void imageSetScalesPixelsToMinusOneOne() {
        byte[] pixels = {0, (byte) 255, (byte) 51, (byte) 204};
        Path imgs = write(dir.resolve("i.gz"), gzip(images(2, 1, 2, pixels)));
        Path labs = write(dir.resolve("l.gz"), gzip(labels(new byte[] {1, 0})));
        ImageSet set = IdxReader.readImageSet("t", imgs, labs, List.of("a", "b"));
        assertEquals(2, set.count());
        assertEquals(1, set.channels());
        assertEquals(1, set.height());
        assertEquals(2, set.width());
        assertArrayEquals(new float[] {-1f, 1f}, set.image(0), 1e-6f);
        assertArrayEquals(new float[] {51 / 127.5f - 1f, 204 / 127.5f - 1f}, set.image(1), 1e-6f);
        assertEquals(1, set.label(0));
        assertEquals(0, set.label(1));
        assertEquals(List.of("a", "b"), set.classNames());
    }

    @Test
    void truncatedPlainFileReportsExpectedAndActualBytes() {
        byte[] full = images(3, 2, 2, rampPixels(3, 2, 2)); // 16 + 12 = 28 bytes
        Path file = write(dir.resolve("short-idx3-ubyte"), Arrays.copyOf(full, 23));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "truncated", "describes 28 bytes", "holds only 23 bytes", "(3 x 2 x 2)");
    }

    @Test
    void truncatedGzipFileIsReportedAsTruncated() {
        byte[] compressed = gzip(images(50, 10, 10, rampPixels(50, 10, 10)));
        Path file = write(dir.resolve("cut-idx3-ubyte.gz"), Arrays.copyOf(compressed, compressed.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "truncated", "describes 5016 bytes", "(after gzip decompression)");
    }

    @Test
    void truncatedHeaderIsReported() {
        Path file = write(dir.resolve("hdr"), Arrays.copyOf(images(1, 1, 1, new byte[1]), 10));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "truncated", "16-byte header", "only 10 bytes");
        Path empty = write(dir.resolve("empty"), new byte[0]);
        assertMentions(assertThrows(DataException.class, () -> IdxReader.readLabels(empty)), empty, "only 0 bytes");
    }

    @Test
    void wrongMagicNamesBothNumbers() {
        Path labelsFile = write(dir.resolve("labels-idx1-ubyte"), labels(new byte[] {1, 2}));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(labelsFile));
        assertMentions(e, labelsFile, "0x00000801", "expected 0x00000803", "labels file");

        Path text = write(dir.resolve("notes.txt"), "hello, this is not IDX".getBytes());
        assertMentions(assertThrows(DataException.class, () -> IdxReader.readLabels(text)), text,
                "wrong magic number", "not an IDX file");

        Path floats = write(dir.resolve("floats"), IdxFiles.idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        assertMentions(assertThrows(DataException.class, () -> IdxReader.readImages(floats)), floats,
                "0x00000D03", "not unsigned byte");
    }

    @Test
    void trailingBytesAreAnError() {
        byte[] content = images(1, 2, 2, new byte[4]);
        Path file = write(dir.resolve("long"), Arrays.copyOf(content, content.length + 5));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "5 unexpected bytes", "20 bytes");
    }

    @Test
    void countMismatchNamesBothFiles() {
        Path imgs = write(dir.resolve("train-images-idx3-ubyte"), images(3, 1, 1, new byte[3]));
        Path labs = write(dir.resolve("t10k-labels-idx1-ubyte"), labels(new byte[] {0, 1}));
        DataException e = assertThrows(DataException.class,
                () -> IdxReader.readImageSet("x", imgs, labs, List.of("a", "b")));
        assertMentions(e, imgs, "t10k-labels-idx1-ubyte", "3 images", "2 labels");
    }

    @Test
    void labelWithoutClassNameIsReported() {
        Path imgs = write(dir.resolve("i"), images(2, 1, 1, new byte[2]));
        Path labs = write(dir.resolve("l"), labels(new byte[] {0, 7}));
        DataException e = assertThrows(DataException.class,
                () -> IdxReader.readImageSet("x", imgs, labs, List.of("a", "b")));
        assertMentions(e, labs, "label 1 is 7", "only 2 classes");
    }

    @Test
    void missingAndCorruptFilesAreReported() {
        Path missing = dir.resolve("nope-idx3-ubyte.gz");
        assertMentions(assertThrows(DataException.class, () -> IdxReader.readImages(missing)), missing, "not found");

        byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Path corrupt = write(dir.resolve("corrupt.gz"), bad);
        assertMentions(assertThrows(DataException.class, () -> IdxReader.readImages(corrupt)), corrupt);
    }
}
