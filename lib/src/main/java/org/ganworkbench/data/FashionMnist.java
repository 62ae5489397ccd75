package org.ganworkbench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grey-scale images of 10 kinds of clothing,
 * 60,000 for training and 10,000 for testing, read from the four IDX files that Debian's package
 * {@code dataset-fashion-mnist} installs (see {@link DataPaths#fashionMnistDir()}).
 *
 * <p>Images come as (1, 28, 28) with pixels scaled {@code x / 127.5 - 1} into [-1, 1], in file
 * order, labelled 0..9 with {@link #CLASS_NAMES}. Each call reads the files again (about a second
 * for the training set); keep the returned {@link ImageSet} rather than loading it repeatedly.
 */
public final class FashionMnist {

    /** Class names indexed by label, as in the data set's documentation. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The two parts of the data set, with their file name prefixes. */
    public enum Split {
        /** 60,000 training images, files {@code train-*}. */
        TRAIN("train"),
        /** 10,000 test images, files {@code t10k-*}. */
        TEST("t10k");

        private final String filePrefix;

        Split(String filePrefix) {
            this.filePrefix = filePrefix;
        }

        /**
         * The images file name in the Debian package.
         *
         * @return e.g. {@code train-images-idx3-ubyte.gz}
         */
        public String imagesFileName() {
            return filePrefix + "-images-idx3-ubyte.gz";
        }

        /**
         * The labels file name in the Debian package.
         *
         * @return e.g. {@code train-labels-idx1-ubyte.gz}
         */
        public String labelsFileName() {
            return filePrefix + "-labels-idx1-ubyte.gz";
        }
    }

    private FashionMnist() {}

    /**
     * The training split from {@link DataPaths#fashionMnistDir()}.
     *
     * @return 60,000 labelled images named {@code fashion-mnist/train}
     * @throws DataException if the files are missing (the message says which setup command brings
     *     them) or malformed
     */
    public static ImageSet train() {
        return load(DataPaths.fashionMnistDir(), Split.TRAIN);
    }

    /**
     * The training split padded to 32 × 32 with the background value −1 (for networks that halve
     * sizes down to 8 or 4, such as BEGAN's); crop the centre 28 × 28 to get the originals back.
     *
     * @return 60,000 labelled 32 × 32 images named {@code fashion-mnist/train+pad32}
     */
    public static ImageSet train32() {
        return train().padded(32, -1f);
    }

    /**
     * The test split from {@link DataPaths#fashionMnistDir()}.
     *
     * @return 10,000 labelled images named {@code fashion-mnist/test}
     * @throws DataException if the files are missing (the message says which setup command brings
     *     them) or malformed
     */
    public static ImageSet test() {
        return load(DataPaths.fashionMnistDir(), Split.TEST);
    }

    /**
     * Loads one split from {@code dir}. Besides the Debian names ({@code *-ubyte.gz}), the plain
     * uncompressed names without {@code .gz} are accepted when the compressed file is absent.
     *
     * @param dir folder holding the IDX files
     * @param split which part
     * @return the images, named {@code fashion-mnist/train} or {@code fashion-mnist/test}
     * @throws DataException if the folder or a file is missing, a file is malformed, or the images
     *     and labels counts differ
     */
    public static ImageSet load(Path dir, Split split) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir, "Fashion-MNIST folder not found; " + DataException.SETUP_FASHION_MNIST
                    + ", or point the system property " + DataPaths.FASHION_MNIST_PROPERTY + " or the environment "
                    + "variable " + DataPaths.FASHION_MNIST_ENV + " at a folder holding the IDX files");
        }
        Path images = existing(dir, split.imagesFileName());
        Path labels = existing(dir, split.labelsFileName());
        String name = "fashion-mnist/" + split.name().toLowerCase(Locale.ROOT);
        return IdxReader.readImageSet(name, images, labels, CLASS_NAMES);
    }

    private static Path existing(Path dir, String gzName) {
        Path gz = dir.resolve(gzName);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DataException(gz, "Fashion-MNIST file not found (nor its uncompressed form " + plain.getFileName()
                + "); " + DataException.SETUP_FASHION_MNIST);
    }
}
