package org.ganworkbench.storage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees either the old file or the whole new one, never half of it,
 * even after a power cut: the content goes to a temp file in the same folder, which is flushed to
 * the disk ({@code fsync}), then renamed into place with {@link StandardCopyOption#ATOMIC_MOVE},
 * and the folder is flushed too, so the rename itself is on the disk.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Something that writes a file's content to the given (temp) path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Writes {@code text} (UTF-8) to {@code file} atomically. */
    public static Path writeString(Path file, String text) {
        return write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Writes an image as PNG to {@code file} atomically. */
    public static Path writePng(Path file, BufferedImage image) {
        return write(file, tmp -> {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
        });
    }

    /** Runs {@code writer} on a temp file beside {@code file}, flushes it, then moves it into place atomically. */
    public static Path write(Path file, Writer writer) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                writer.write(tmp);
                sync(tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                sync(parent);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot write: " + e.getMessage(), e));
        }
    }

    /**
     * Flushes a file or a folder to the disk ({@code fsync}). A folder's flush makes the names in it
     * (a rename into it) durable; file systems that cannot open a folder for it are left as they are.
     */
    public static void sync(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
                c.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // some file systems (and Windows) cannot open a folder: the rename is as durable as they make it
            }
            return;
        }
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }
}
