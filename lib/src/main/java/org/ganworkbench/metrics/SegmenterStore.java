package org.ganworkbench.metrics;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.ganworkbench.data.DataPaths;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.storage.ManifestFolder;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a {@link SceneSegmenter} is kept: a folder under the same cache root as the domain
 * classifiers ({@link ClassifierStore}), {@code <data>/cache/segmenter-scenes<S>/}, with
 * {@value #PARAMS_FILE} (DJL parameters, which load on MXNet and PyTorch alike), {@value #INFO_FILE}
 * ({@link SceneSegmenter.Info}: architecture, test scores, seed, versions, date, the parameters'
 * SHA-256) and the {@link ManifestFolder#MANIFEST} that lists both with their sizes and hashes.
 *
 * <p>Written whole by {@link ManifestFolder#write} (every file flushed to the disk, then the folder
 * renamed into place), so readers see the old segmenter, the new one, or none, never half of one;
 * the replaced copy is deleted afterwards. On load the manifest, the architecture and the
 * parameters' hash are checked, and a mismatch names the file and the fix.
 */
public final class SegmenterStore {

    /** File name of the DJL parameters in the segmenter folder. */
    public static final String PARAMS_FILE = "segmenter.params";

    /** File name of the description in the segmenter folder. */
    public static final String INFO_FILE = "segmenter.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private SegmenterStore() {}

    /**
     * Where {@link SceneSegmenter#forSize} keeps the segmenter of a side.
     *
     * @param size S
     * @return {@code <data>/cache/segmenter-scenes<S>}, the data folder as {@link DataPaths#dataDir()} finds it
     */
    public static Path dir(int size) {
        return DataPaths.dataDir().resolve("cache").resolve(folderName(size));
    }

    /**
     * The folder's name under {@code data/cache/}.
     *
     * @param size S, a power of two from 8 to 1024
     * @return {@code segmenter-scenes<S>}
     */
    public static String folderName(int size) {
        return "segmenter-scenes" + SceneSegmenter.requireSize(size);
    }

    /**
     * Whether {@code dir} holds a saved segmenter (both files).
     *
     * @param dir a segmenter folder
     * @return true if {@value #PARAMS_FILE} and {@value #INFO_FILE} are there
     */
    public static boolean isSaved(Path dir) {
        return Files.isRegularFile(dir.resolve(PARAMS_FILE)) && Files.isRegularFile(dir.resolve(INFO_FILE));
    }

    /**
     * Loads a saved segmenter, of the side its info names, on DJL's default engine.
     *
     * @param dir the folder {@link #save} wrote
     * @return the segmenter
     */
    public static SceneSegmenter load(Path dir) {
        return load(dir, null, Engines.get(null));
    }

    /**
     * Loads a saved segmenter.
     *
     * @param dir the folder {@link #save} wrote
     * @param size the side it must take, or null for the one its info names
     * @param engine where the weights go (they load on MXNet and PyTorch alike)
     * @return the segmenter, its info as saved
     * @throws UncheckedIOException naming the file and the fix if a file is missing, unreadable,
     *     changed since it was written, or its architecture is not this code's for the side
     */
    public static SceneSegmenter load(Path dir, Integer size, Engine engine) {
        Path infoFile = dir.resolve(INFO_FILE);
        Path paramsFile = dir.resolve(PARAMS_FILE);
        if (ManifestFolder.hasManifest(dir)) {
            ManifestFolder.damage(dir).ifPresent(d -> {
                throw new UncheckedIOException(new IOException(d + "; " + retrain(dir, size != null ? size
                        : savedSize(infoFile))));
            });
        }
        SceneSegmenter.Info info;
        byte[] params;
        try {
            info = GSON.fromJson(Files.readString(infoFile, StandardCharsets.UTF_8), SceneSegmenter.Info.class);
            params = Files.readAllBytes(paramsFile);
        } catch (IOException | JsonParseException e) {
            throw new UncheckedIOException(new IOException(dir + ": cannot read the saved segmenter ("
                    + e.getMessage() + "); " + retrain(dir, size), e));
        }
        int side = size != null ? size : info == null ? 0 : info.size();
        String expected;
        try {
            expected = SceneSegmenter.architecture(side);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(infoFile + ": saved size " + side + " is not one the "
                    + "segmenter takes (" + e.getMessage() + "); " + retrain(dir, size)));
        }
        if (info != null && info.size() != side && validSize(info.size())
                && SceneSegmenter.architecture(info.size()).equals(info.architecture())) {
            throw new UncheckedIOException(new IOException(infoFile + ": holds the segmenter for " + info.size() + " x "
                    + info.size() + " images ('" + info.architecture() + "'), not the " + side + " x " + side + " one ('"
                    + expected + "'); load it with size " + info.size() + ", or use SceneSegmenter.forSize(" + side
                    + "), which keeps it in " + folderName(side)));
        }
        if (info == null || !expected.equals(info.architecture()) || info.size() != side) {
            throw new UncheckedIOException(new IOException(infoFile + ": saved architecture "
                    + (info == null ? "missing" : "'" + info.architecture() + "' (size " + info.size() + ")")
                    + " is not this code's '" + expected + "'; " + retrain(dir, side)));
        }
        String sha = ClassifierStore.sha256(params);
        if (info.paramsSha256() == null || !info.paramsSha256().equals(sha)) {
            throw new UncheckedIOException(new IOException(paramsFile + ": SHA-256 " + sha + " differs from "
                    + info.paramsSha256() + " recorded in " + INFO_FILE + "; the file is damaged or from another "
                    + "training; " + retrain(dir, side)));
        }
        SceneSegmenter s = new SceneSegmenter(side, engine);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            s.network().loadParameters(s.manager(), in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            s.close();
            throw new UncheckedIOException(new IOException(paramsFile + ": cannot load the parameters ("
                    + e.getMessage() + "); " + retrain(dir, side), e));
        }
        s.setInfo(info);
        return s;
    }

    /**
     * Saves the weights and {@link SceneSegmenter#info()} into {@code dir}, atomically
     * ({@link ManifestFolder#write}; the replaced copy is deleted once the new one is in place).
     * The segmenter's info then carries the parameters' SHA-256.
     *
     * @param segmenter what to save
     * @param dir the segmenter folder (created, or replaced)
     * @throws UncheckedIOException naming the folder if writing fails (the former content is then untouched)
     */
    public static void save(SceneSegmenter segmenter, Path dir) {
        byte[] params;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
                segmenter.network().saveParameters(out);
            }
            params = bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(dir + ": cannot serialize the segmenter: " + e.getMessage(), e));
        }
        SceneSegmenter.Info saved = segmenter.info().withSha(ClassifierStore.sha256(params));
        Map<String, Object> manifestInfo = new LinkedHashMap<>();
        manifestInfo.put("what", "scene segmenter");
        manifestInfo.put("architecture", saved.architecture());
        manifestInfo.put("size", saved.size());
        ManifestFolder.write(dir, manifestInfo, tmp -> {
            try {
                // a cache others read: not the private mode of a fresh temporary folder
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep its default
            }
            Files.write(tmp.resolve(PARAMS_FILE), params);
            Files.writeString(tmp.resolve(INFO_FILE), GSON.toJson(saved) + "\n", StandardCharsets.UTF_8);
        });
        ManifestFolder.dropPrevious(dir);
        segmenter.setInfo(saved);
    }

    private static boolean validSize(int size) {
        try {
            SceneSegmenter.requireSize(size);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The side a description file names, or null if it cannot be read (for the fix in a message). */
    private static Integer savedSize(Path infoFile) {
        try {
            SceneSegmenter.Info info = GSON.fromJson(Files.readString(infoFile, StandardCharsets.UTF_8),
                    SceneSegmenter.Info.class);
            return info == null ? null : info.size();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The fix for a bad saved segmenter: delete the folder and let forSize retrain. */
    static String retrain(Path dir, Integer size) {
        return "delete " + dir + " and call SceneSegmenter.forSize(" + (size == null || size == 0 ? "<side>" : size)
                + ") to train it again (or SegmenterTraining.defaults(<side>).trainAndSave(dir))";
    }
}
