package org.ganworkbench.experiments;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path of the child JVMs of a parallel sweep: {@code GAN_CLASSPATH}, else this JVM's
 * {@code java.class.path} (in a notebook, the kernel's: the lib and its dependencies). Entries of
 * the variable are separated by ';' (or the platform's path separator); an entry whose file
 * name has a wildcard is expanded ({@code /path/lib/*.jar}; {@code dir/*} means the jars in dir,
 * as for {@code java -cp}).
 */
public final class Classpath {

    private Classpath() {}

    /** The child class path from this process's environment. */
    public static String forChildren() {
        return resolve(System.getenv("GAN_CLASSPATH"), System.getProperty("java.class.path"));
    }

    /** The child class path from these values (null or blank = not set). */
    public static String resolve(String ganClasspath, String javaClassPath) {
        if (!notBlank(ganClasspath)) {
            return javaClassPath;
        }
        String spec = ganClasspath;
        List<String> out = new ArrayList<>();
        for (String entry : spec.split("[;" + File.pathSeparator + "]")) {
            String e = entry.trim();
            if (!e.isEmpty()) {
                out.addAll(expand(e));
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** One entry, expanded if its last part has a wildcard; sorted for a stable order. */
    static List<String> expand(String entry) {
        Path p = Path.of(entry);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            return List.of(entry);
        }
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        String glob = name.equals("*") ? "*.{jar,JAR}" : name;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(x -> m.matches(x.getFileName())).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("class path entry " + entry + ": " + e.getMessage(), e));
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
