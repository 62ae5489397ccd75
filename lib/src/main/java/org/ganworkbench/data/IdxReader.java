package org.ganworkbench.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files, the format of MNIST and Fashion-MNIST, gzip-compressed or plain.
 *
 * <p>An IDX file is a big-endian header, a magic number {@code 0x0000TTNN} (type {@code TT},
 * here always {@code 0x08} = unsigned byte, and {@code NN} dimensions), {@code NN} 32-bit sizes,
 * then the product of the sizes in bytes. Images are {@value #IMAGES_MAGIC_TEXT} (count, rows,
 * columns), labels are {@value #LABELS_MAGIC_TEXT} (count).
 *
 * <p>Compression is recognised by content, not name: a file starting with the gzip signature
 * {@code 1f 8b} is decompressed. A file whose name ends in {@code .gz} but whose content is not
 * gzip is rejected, since that usually means it was decompressed on download and renamed wrongly,
 * or is not the file it claims to be.
 *
 * <p>Strictness: the file must hold exactly what the header describes. Fewer bytes is reported as
 * truncation with the expected and actual byte counts; <b>more bytes (trailing data) is also an
 * error</b>, because a header that undercounts its data means the file is not what it seems, and
 * silently using a prefix would hide that.
 *
 * <p>Every failure is a {@link DataException} whose message names the file.
 */
public final class IdxReader {

    /** Magic number of an unsigned-byte IDX file with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an unsigned-byte IDX file with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final String IMAGES_MAGIC_TEXT = "0x00000803";
    private static final String LABELS_MAGIC_TEXT = "0x00000801";
    private static final int UBYTE = 0x08;

    private IdxReader() {}

    /**
     * Images read from an IDX file: {@code count} images of {@code rows x columns} unsigned bytes.
     *
     * @param file the file they came from
     * @param count number of images
     * @param rows rows per image
     * @param columns columns per image
     * @param pixels {@code count * rows * columns} bytes, image after image, row-major; read them
     *     with {@code Byte.toUnsignedInt}
     */
    public record Images(Path file, int count, int rows, int columns, byte[] pixels) {

        /**
         * One pixel.
         *
         * @param image image index
         * @param row row index
         * @param column column index
         * @return the pixel value in [0, 255]
         */
        public int pixel(int image, int row, int column) {
            return Byte.toUnsignedInt(pixels[(image * rows + row) * columns + column]);
        }
    }

    /**
     * Reads an images file ({@value #IMAGES_MAGIC_TEXT}: count, rows, columns).
     *
     * @param file the IDX file, gzip or plain
     * @return the images
     * @throws DataException if the file is missing, not IDX images, truncated or has trailing data
     */
    public static Images readImages(Path file) {
        Parsed parsed = read(file, IMAGES_MAGIC, "images", 3);
        return new Images(file, parsed.dims[0], parsed.dims[1], parsed.dims[2], parsed.data);
    }

    /**
     * Reads a labels file ({@value #LABELS_MAGIC_TEXT}: count).
     *
     * @param file the IDX file, gzip or plain
     * @return one label per item, each in [0, 255]
     * @throws DataException if the file is missing, not IDX labels, truncated or has trailing data
     */
    public static int[] readLabels(Path file) {
        byte[] data = read(file, LABELS_MAGIC, "labels", 1).data;
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            labels[i] = Byte.toUnsignedInt(data[i]);
        }
        return labels;
    }

    /**
     * Reads a pair of images and labels files into a single-channel {@link ImageSet}, scaling each
     * pixel {@code x} in [0, 255] to {@code x / 127.5 - 1} in [-1, 1].
     *
     * @param name the set's name, e.g. {@code fashion-mnist/train}
     * @param imagesFile an IDX images file
     * @param labelsFile the matching IDX labels file
     * @param classNames class names indexed by label; every label must be below its size
     * @return the images as (1, rows, columns) with their labels
     * @throws DataException if either file is bad, the counts differ (the message names both
     *     files) or a label has no class name
     */
    public static ImageSet readImageSet(String name, Path imagesFile, Path labelsFile, List<String> classNames) {
        Images images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataException(imagesFile, "holds " + images.count() + " images but its labels file "
                    + labelsFile + " holds " + labels.length + " labels; the two files do not belong together");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classNames.size()) {
                throw new DataException(labelsFile, "label " + i + " is " + labels[i] + ", but there are only "
                        + classNames.size() + " classes (0.." + (classNames.size() - 1) + ")");
            }
        }
        byte[] raw = images.pixels();
        float[] pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            pixels[i] = Byte.toUnsignedInt(raw[i]) / 127.5f - 1f;
        }
        return new ImageSet(name, 1, images.rows(), images.columns(), pixels, labels, classNames);
    }

    private record Parsed(int[] dims, byte[] data) {}

    private static Parsed read(Path file, int expectedMagic, String kind, int rank) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            if (!gzip && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                throw new DataException(file, "name ends in .gz but the content is not gzip-compressed (starts with "
                        + hex(b0) + " " + hex(b1) + (b0 == 0 && b1 == 0 ? ", like an uncompressed IDX file, perhaps "
                        + "decompressed on download" : "") + "); rename it without .gz if it is plain IDX, or fetch it "
                        + "again");
            }
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            return parse(file, in, expectedMagic, kind, rank, gzip);
        } catch (NoSuchFileException e) {
            throw new DataException(file, "file not found", e);
        } catch (ZipException e) {
            throw new DataException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read " + kind + " file (" + e + ")", e);
        }
    }

    private static Parsed parse(Path file, InputStream in, int expectedMagic, String kind, int rank, boolean gzip)
            throws IOException {
        String bytesOf = gzip ? " bytes (after gzip decompression)" : " bytes";
        int headerBytes = 4 + 4 * rank;
        byte[] header = new byte[headerBytes];
        int headerRead = readFully(in, header);
        if (headerRead < 4) {
            throw new DataException(file, "truncated: an IDX " + kind + " file needs a " + headerBytes
                    + "-byte header, but the file holds only " + headerRead + bytesOf);
        }
        int magic = bigEndianInt(header, 0);
        if (magic != expectedMagic) {
            throw new DataException(file, "wrong magic number " + String.format("0x%08X", magic) + ", expected "
                    + String.format("0x%08X", expectedMagic) + " (IDX unsigned-byte " + kind + ", " + rank
                    + " dimension" + (rank == 1 ? "" : "s") + ")" + describeMagic(magic));
        }
        if (headerRead < headerBytes) {
            throw new DataException(file, "truncated: an IDX " + kind + " file needs a " + headerBytes
                    + "-byte header, but the file holds only " + headerRead + bytesOf);
        }
        int[] dims = new int[rank];
        long payload = 1;
        for (int d = 0; d < rank; d++) {
            long size = Integer.toUnsignedLong(bigEndianInt(header, 4 + 4 * d));
            payload *= size;
            if (payload > Integer.MAX_VALUE - 16) {
                throw new DataException(file, "header dimensions " + describeDims(header, rank)
                        + " describe more data than fits in one Java array; this is not a usable IDX " + kind + " file");
            }
            dims[d] = (int) size;
        }
        byte[] data = readUpTo(in, (int) payload);
        int dataRead = data.length;
        if (dataRead < payload) {
            throw new DataException(file, "truncated: its header " + describeDims(header, rank) + " describes "
                    + (headerBytes + payload) + " bytes (" + headerBytes + " header + " + payload + " data), but the "
                    + "file holds only " + (headerBytes + dataRead) + bytesOf);
        }
        long trailing = countRemaining(in);
        if (trailing > 0) {
            throw new DataException(file, "has " + trailing + " unexpected byte" + (trailing == 1 ? "" : "s")
                    + " after the " + (headerBytes + payload) + bytesOf + " that its header " + describeDims(header, rank)
                    + " describes; the header does not match the data");
        }
        return new Parsed(dims, data);
    }

    /** Reads until {@code buffer} is full or the stream ends; returns the number of bytes read. */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        return readFully(in, buffer, 0);
    }

    /** Reads into {@code buffer} from {@code from} until full or end of stream; returns bytes read. */
    private static int readFully(InputStream in, byte[] buffer, int from) throws IOException {
        int total = from;
        try {
            while (total < buffer.length) {
                int n = in.read(buffer, total, buffer.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (EOFException e) {
            // A gzip stream cut short ends with EOFException ("Unexpected end of ZLIB input stream"):
            // report it like a short plain file, with the counts read so far.
        }
        return total - from;
    }

    /**
     * Reads up to {@code limit} bytes, growing the buffer as data arrives, so a corrupt header that
     * claims gigabytes does not allocate them before the truncation is found.
     */
    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit, 1 << 20)];
        int total = 0;
        while (true) {
            total += readFully(in, buffer, total);
            if (total < buffer.length || buffer.length == limit) {
                return total == buffer.length ? buffer : Arrays.copyOf(buffer, total);
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
        }
    }

    private static long countRemaining(InputStream in) throws IOException {
        long total = 0;
        byte[] scratch = new byte[8192];
        try {
            for (int n; (n = in.read(scratch)) > 0; ) {
                total += n;
            }
        } catch (EOFException e) {
            // truncated gzip after a complete payload: what was read still counts as trailing data
        }
        return total;
    }

    private static int bigEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static String describeDims(byte[] header, int rank) {
        StringBuilder s = new StringBuilder("(");
        for (int d = 0; d < rank; d++) {
            s.append(d == 0 ? "" : " x ").append(Integer.toUnsignedLong(bigEndianInt(header, 4 + 4 * d)));
        }
        return s.append(')').toString();
    }

    private static String describeMagic(int magic) {
        if (magic == IMAGES_MAGIC) {
            return "; this is an images file";
        }
        if (magic == LABELS_MAGIC) {
            return "; this is a labels file";
        }
        if ((magic >>> 16) == 0 && ((magic >>> 8) & 0xff) != UBYTE) {
            return "; element type 0x" + String.format("%02X", (magic >>> 8) & 0xff) + " is not unsigned byte (0x08)";
        }
        if ((magic >>> 16) != 0) {
            return "; this is not an IDX file";
        }
        return "";
    }

    private static String hex(int b) {
        return b < 0 ? "EOF" : String.format("%02x", b);
    }
}
