package org.ganworkbench.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {

    private IdxFiles() {}

    /** Header + payload of an IDX ubyte file with the given magic and dimensions. */
    static byte[] idx(int magic, int[] dims, byte[] payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
    }

    static byte[] labels(byte[] labels) {
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(content);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Pixels 0, 1, 2, ... (mod 256) for count images of rows x cols. */
    static byte[] rampPixels(int count, int rows, int cols) {
        byte[] p = new byte[count * rows * cols];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i % 256);
        }
        return p;
    }
}
