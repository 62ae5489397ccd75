package org.ganworkbench.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Line magics: lines starting with {@code %} at the top of a cell, run before its Java code.
 * <ul>
 *   <li>{@code %classpath PATH...}: adds jars or class folders to the session (later cells compile
 *       against them and load their classes). A path may end in {@code *} for every jar of a
 *       folder; relative paths are against the notebook's folder (the kernel's working directory).
 *   <li>{@code %lsmagic}: lists the magics.
 * </ul>
 */
final class Magics {

    /** The cell split into its magic lines and the Java code after them. */
    record Split(List<String> magics, String code, int codeLine) {}

    private Magics() {}

    static Split split(String cell) {
        List<String> magics = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int i = 0;
        while (i < lines.length && (lines[i].isBlank() || lines[i].stripLeading().startsWith("%"))) {
            if (!lines[i].isBlank()) {
                magics.add(lines[i].strip());
            }
            i++;
        }
        if (magics.isEmpty()) {
            return new Split(List.of(), cell, 1);
        }
        StringBuilder code = new StringBuilder();
        // blank lines keep the Java code's line numbers those of the cell
        for (int j = 0; j < i; j++) {
            code.append('\n');
        }
        for (int j = i; j < lines.length; j++) {
            code.append(lines[j]);
            if (j < lines.length - 1) {
                code.append('\n');
            }
        }
        return new Split(magics, code.toString(), i + 1);
    }

    /**
     * Runs one magic line.
     *
     * @param addToClasspath what {@code %classpath} calls for each path
     * @return what to print
     * @throws IllegalArgumentException for an unknown magic or a path that does not exist
     */
    static String run(String line, Consumer<String> addToClasspath) {
        String body = line.substring(1).strip();
        String name = body.split("\\s+", 2)[0];
        String args = body.length() > name.length() ? body.substring(name.length()).strip() : "";
        switch (name) {
            case "classpath", "jars" -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("%" + name + " needs a path: %" + name + " lib/extra.jar or %" + name + " jars/*");
                }
                List<String> added = new ArrayList<>();
                for (String arg : args.split("\\s+|" + File.pathSeparator)) {
                    if (!arg.isBlank()) {
                        for (Path p : resolve(arg)) {
                            addToClasspath.accept(p.toString());
                            added.add(p.toString());
                        }
                    }
                }
                return "added to the classpath: " + String.join(", ", added);
            }
            case "lsmagic" -> {
                return "line magics: %classpath PATH... (alias %jars): add jars or class folders; %lsmagic";
            }
            default -> throw new IllegalArgumentException("unknown magic %" + name + " (known: %classpath, %jars, %lsmagic)");
        }
    }

    private static List<Path> resolve(String arg) {
        Path cwd = Path.of("").toAbsolutePath();
        if (arg.endsWith("*")) {
            Path dir = cwd.resolve(arg.substring(0, arg.length() - 1).isEmpty() ? "." : arg.substring(0, arg.length() - 1));
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("%classpath: no folder " + dir);
            }
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
                ds.forEach(jars::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("%classpath: cannot list " + dir + ": " + e.getMessage());
            }
            if (jars.isEmpty()) {
                throw new IllegalArgumentException("%classpath: no .jar files in " + dir);
            }
            jars.sort(null);
            return jars;
        }
        Path p = cwd.resolve(arg);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("%classpath: no such file or folder: " + p);
        }
        return List.of(p);
    }
}
