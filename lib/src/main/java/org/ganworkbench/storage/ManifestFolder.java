package org.ganworkbench.storage;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder written whole, that can tell when it was damaged afterwards: a checkpoint.
 *
 * <ul>
 *   <li>{@link #write} fills a temp folder beside the target, flushes every file to the disk, lists
 *       each with its size and SHA-256 in {@value #MANIFEST} (written last), flushes the folder, and
 *       only then renames it into place. The copy it replaces is kept as {@code <name>.previous}:
 *       a kill at any moment leaves at least one complete copy.
 *   <li>{@link #damage} checks a folder against its manifest (a missing, cut or changed file);
 *       {@link #newestIntact} picks the folder if it is intact, else its previous copy, and says
 *       what was wrong with the one it skipped.
 * </ul>
 * Measured here (2 cores, under load): a DCGAN-28 training checkpoint with G's average and both
 * optimizers' moments is 14 MB, written in 0.3-0.4 s (every 200 steps by default: about 2% of a
 * run's time) and checked in 35 ms (SHA-256 at about 400 MB/s); a ring MLP's is 0.8 MB, 40-60 ms.
 */
public final class ManifestFolder {

    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.json";
    /** Suffix of the previous copy's folder. */
    public static final String PREVIOUS = ".previous";
    private static final String TEMP = ".tmp-";
    private static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ManifestFolder() {}

    /** Fills the temp folder it is given with the folder's files. */
    @FunctionalInterface
    public interface Content {
        void write(Path folder) throws IOException;
    }

    /**
     * Writes {@code dir} whole (see the class comment); its former content becomes
     * {@code <dir>.previous}.
     *
     * @param info what the folder holds (numbers, strings, booleans), recorded in the manifest
     * @throws UncheckedIOException naming the folder if writing fails; the former content is then untouched
     */
    public static void write(Path dir, Map<String, ?> info, Content content) {
        Path target = dir.toAbsolutePath();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        try {
            Files.createDirectories(parent);
            deleteTemps(parent, name);
            Path tmp = Files.createTempDirectory(parent, name + TEMP);
            try {
                content.write(tmp);
                Map<String, Object> files = new TreeMap<>();
                try (Stream<Path> s = Files.list(tmp)) {
                    for (Path f : s.sorted().toList()) {
                        if (!Files.isRegularFile(f)) {
                            throw new IOException("a checkpoint folder holds files only, got " + f.getFileName());
                        }
                        AtomicFiles.sync(f);
                        files.put(f.getFileName().toString(), Map.of("bytes", Files.size(f), "sha256", sha256(f)));
                    }
                }
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", FORMAT);
                manifest.put("info", info);
                manifest.put("files", files);
                Path m = tmp.resolve(MANIFEST);
                Files.writeString(m, GSON.toJson(manifest) + "\n", StandardCharsets.UTF_8);
                AtomicFiles.sync(m);
                AtomicFiles.sync(tmp);
                Path previous = parent.resolve(name + PREVIOUS);
                PathUtils.delete(previous);
                if (Files.exists(target)) {
                    Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.sync(parent);
            } finally {
                PathUtils.delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(target + ": cannot write: " + e.getMessage(), e));
        }
    }

    /**
     * What is wrong with {@code dir}: missing, no manifest, a file missing, cut short or changed
     * since it was written. Empty if every file listed is as written.
     */
    public static Optional<String> damage(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.of(dir + " does not exist");
        }
        JsonObject files;
        try {
            files = manifest(dir).getAsJsonObject("files");
        } catch (IOException | RuntimeException e) {
            return Optional.of(dir.resolve(MANIFEST) + ": " + (e instanceof NoSuchFileException ? "missing" : e.getMessage()));
        }
        if (files == null) {
            return Optional.of(dir.resolve(MANIFEST) + ": no \"files\"");
        }
        for (Map.Entry<String, JsonElement> e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            try {
                JsonObject expected = e.getValue().getAsJsonObject();
                long bytes = expected.get("bytes").getAsLong();
                if (!Files.isRegularFile(f)) {
                    return Optional.of(f + " is missing");
                }
                if (Files.size(f) != bytes) {
                    return Optional.of(f + " has " + Files.size(f) + " bytes, " + bytes + " were written");
                }
                if (!sha256(f).equals(expected.get("sha256").getAsString())) {
                    return Optional.of(f + " changed since it was written (SHA-256 differs)");
                }
            } catch (IOException | RuntimeException x) {
                return Optional.of(f + ": cannot check: " + x.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code dir} has a manifest (folders written before manifests have none). */
    public static boolean hasManifest(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * The manifest's {@code info} of an intact folder, as JSON.
     *
     * @throws UncheckedIOException naming the folder if it is damaged
     */
    public static JsonObject info(Path dir) {
        damage(dir).ifPresent(d -> {
            throw new UncheckedIOException(new IOException(d));
        });
        try {
            JsonObject info = manifest(dir).getAsJsonObject("info");
            return info == null ? new JsonObject() : info;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The previous copy of {@code dir}: {@code <dir>.previous}. */
    public static Path previous(Path dir) {
        Path abs = dir.toAbsolutePath();
        return abs.getParent().resolve(abs.getFileName() + PREVIOUS);
    }

    /**
     * The newest intact copy.
     *
     * @param folder {@code dir} or its previous copy, empty if neither is intact
     * @param skipped what was wrong with each copy passed over (empty when {@code dir} is intact)
     */
    public record Choice(Optional<Path> folder, List<String> skipped) {}

    /** {@code dir} if intact, else its previous copy if that is (see {@link Choice}). */
    public static Choice newestIntact(Path dir) {
        List<String> skipped = new ArrayList<>();
        for (Path p : List.of(dir, previous(dir))) {
            Optional<String> d = damage(p);
            if (d.isEmpty()) {
                return new Choice(Optional.of(p), skipped);
            }
            if (Files.exists(p)) {
                skipped.add(d.get());
            }
        }
        return new Choice(Optional.empty(), skipped);
    }

    /** Deletes the previous copy and any temp folder a killed writer left (the folder itself stays). */
    public static void dropPrevious(Path dir) {
        Path abs = dir.toAbsolutePath();
        try {
            PathUtils.delete(previous(abs));
            deleteTemps(abs.getParent(), abs.getFileName().toString());
        } catch (NoSuchFileException e) {
            // nothing to drop
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(abs + ": cannot delete its previous copy: " + e.getMessage(), e));
        }
    }

    private static void deleteTemps(Path parent, String name) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(name + TEMP)).toList()) {
                PathUtils.delete(p);
            }
        }
    }

    private static JsonObject manifest(Path dir) throws IOException {
        JsonObject m = JsonParser.parseString(Files.readString(dir.resolve(MANIFEST), StandardCharsets.UTF_8))
                .getAsJsonObject();
        if (!m.has("format") || m.get("format").getAsInt() != FORMAT) {
            throw new IOException("manifest format " + m.get("format") + ", this version reads " + FORMAT);
        }
        return m;
    }

    private static String sha256(Path f) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
