package org.ganworkbench.metrics;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.apache.commons.io.file.PathUtils;
import org.ganworkbench.data.DataPaths;
import org.ganworkbench.engine.Engines;

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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a {@link DomainClassifier} is kept: a folder with {@value #PARAMS_FILE} (DJL parameters,
 * which load on either engine) and {@value #INFO_FILE} ({@link DomainClassifier.Info}: accuracy,
 * seed, versions, date, a SHA-256 of the parameters). Written atomically (a finished folder or
 * none); on load the architecture and the hash are checked, and a mismatch names the file and the
 * fix.
 */
public final class ClassifierStore {

    /** File name of the DJL parameters in the classifier folder. */
    public static final String PARAMS_FILE = "classifier.params";

    /** File name of the description in the classifier folder. */
    public static final String INFO_FILE = "classifier.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private ClassifierStore() {}

    /**
     * Where {@link DomainClassifier#fashionMnist()} keeps the classifier.
     *
     * @return {@code <data>/cache/fmnist-classifier}, the data folder as {@link DataPaths#dataDir()}
     *     finds it
     */
    public static Path defaultDir() {
        return dir(ClassifierDomain.FMNIST);
    }

    /**
     * Where {@link DomainClassifier#forDomain} keeps a domain's classifier.
     *
     * @param domain the domain
     * @return {@code <data>/cache/<domain>-classifier} ({@link ClassifierDomain#cacheFolder()}), the
     *     data folder as {@link DataPaths#dataDir()} finds it
     */
    public static Path dir(ClassifierDomain domain) {
        return DataPaths.dataDir().resolve("cache").resolve(domain.cacheFolder());
    }

    /**
     * Whether {@code dir} holds a saved classifier (both files).
     *
     * @param dir a classifier folder
     * @return true if {@value #PARAMS_FILE} and {@value #INFO_FILE} are there
     */
    public static boolean isSaved(Path dir) {
        return Files.isRegularFile(dir.resolve(PARAMS_FILE)) && Files.isRegularFile(dir.resolve(INFO_FILE));
    }

    /**
     * Loads a saved classifier on DJL's default engine, of the domain its architecture names.
     *
     * @param dir the folder {@link #save} wrote
     * @return the classifier
     */
    public static DomainClassifier load(Path dir) {
        return load(dir, Engines.get(null));
    }

    /**
     * Loads a saved classifier of the domain its architecture names.
     *
     * @param dir the folder {@link #save} wrote
     * @param engine where the weights go (they load on MXNet and PyTorch alike)
     * @return the classifier
     * @throws UncheckedIOException naming the file if a file is missing, unreadable, or its checksum,
     *     architecture or format is not what this code expects
     */
    public static DomainClassifier load(Path dir, Engine engine) {
        return load(dir, null, engine);
    }

    /**
     * Loads a saved classifier of a domain.
     *
     * @param dir the folder {@link #save} wrote
     * @param domain the domain the classifier must be of, or null for the one its architecture names
     * @param engine where the weights go (they load on MXNet and PyTorch alike)
     * @return the classifier
     * @throws UncheckedIOException naming the file if a file is missing, unreadable, or its checksum,
     *     architecture or format is not what this code expects (or not the domain's)
     */
    public static DomainClassifier load(Path dir, ClassifierDomain domain, Engine engine) {
        Path infoFile = dir.resolve(INFO_FILE);
        Path paramsFile = dir.resolve(PARAMS_FILE);
        DomainClassifier.Info info;
        byte[] params;
        try {
            info = GSON.fromJson(Files.readString(infoFile, StandardCharsets.UTF_8), DomainClassifier.Info.class);
            params = Files.readAllBytes(paramsFile);
        } catch (IOException | JsonParseException e) {
            throw new UncheckedIOException(new IOException(dir + ": cannot read the saved classifier ("
                    + e.getMessage() + "); delete the folder or " + retrain(domain), e));
        }
        ClassifierDomain saved = null;
        for (ClassifierDomain d : ClassifierDomain.values()) {
            if (info != null && d.architecture().equals(info.architecture())) {
                saved = d;
            }
        }
        if (saved == null || (domain != null && saved != domain)) {
            String expected = domain != null ? "'" + domain.architecture() + "'"
                    : "any of " + Arrays.stream(ClassifierDomain.values()).map(d -> "'" + d.architecture() + "'").toList();
            throw new UncheckedIOException(new IOException(infoFile + ": saved architecture "
                    + (info == null ? "missing" : "'" + info.architecture() + "'") + " is not this code's " + expected
                    + "; " + retrain(domain)));
        }
        String sha = sha256(params);
        if (info.paramsSha256() != null && !info.paramsSha256().equals(sha)) {
            throw new UncheckedIOException(new IOException(paramsFile + ": SHA-256 " + sha + " differs from "
                    + info.paramsSha256() + " recorded in " + INFO_FILE + "; the file is damaged or from another "
                    + "training; " + retrain(saved)));
        }
        DomainClassifier c = new DomainClassifier(saved, engine);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            c.network().loadParameters(c.manager(), in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            c.close();
            throw new UncheckedIOException(new IOException(paramsFile + ": cannot load the parameters ("
                    + e.getMessage() + "); " + retrain(saved), e));
        }
        c.setInfo(info);
        return c;
    }

    /**
     * Saves the weights and {@link DomainClassifier#info()} into {@code dir}, atomically: both files
     * are written into a temporary folder next to it, which then replaces {@code dir} by a rename,
     * so readers see the old classifier, the new one, or none, never half of one. The classifier's
     * info then carries the parameters' SHA-256.
     *
     * @param classifier what to save
     * @param dir the classifier folder (created, or replaced)
     * @throws UncheckedIOException naming the folder if writing fails
     */
    public static void save(DomainClassifier classifier, Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
                classifier.network().saveParameters(out);
            }
            byte[] params = bytes.toByteArray();
            DomainClassifier.Info saved = classifier.info().withSha(sha256(params));
            tmp = Files.createTempDirectory(parent, target.getFileName() + ".tmp-");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep its default
            }
            Files.write(tmp.resolve(PARAMS_FILE), params);
            Files.writeString(tmp.resolve(INFO_FILE), GSON.toJson(saved) + "\n", StandardCharsets.UTF_8);
            Path old = null;
            if (Files.exists(target)) {
                old = parent.resolve(target.getFileName() + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (IOException e) {
                if (old != null) {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            if (old != null) {
                PathUtils.delete(old);
            }
            classifier.setInfo(saved);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(target + ": cannot save the classifier: " + e.getMessage(), e));
        } finally {
            if (tmp != null) {
                try {
                    PathUtils.delete(tmp);
                } catch (IOException ignored) {
                    // best effort; the temporary folder is named *.tmp-*
                }
            }
        }
    }

    /** The command that retrains a domain's classifier (any domain's when null). */
    static String retrain(ClassifierDomain domain) {
        return "retrain with gan train-classifier --domain " + (domain == null ? "<" + String.join("|",
                ClassifierDomain.ids()) + ">" : domain.id()) + " --force";
    }

    /** SHA-256 of bytes, hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
