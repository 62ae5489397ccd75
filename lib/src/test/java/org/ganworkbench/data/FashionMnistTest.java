package org.ganworkbench.data;

import static org.ganworkbench.data.IdxFiles.gzip;
import static org.ganworkbench.data.IdxFiles.images;
import static org.ganworkbench.data.IdxFiles.labels;
import static org.ganworkbench.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheDebianFileNames() {
        byte[] pixels = new byte[2 * 28 * 28];
        pixels[0] = (byte) 255;
        pixels[28 * 28 + 5] = (byte) 255;
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(2, 28, 28, pixels)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(new byte[] {9, 0})));
        ImageSet test = FashionMnist.load(dir, FashionMnist.Split.TEST);
        assertEquals("fashion-mnist/test", test.name());
        assertEquals(new Shape(1, 28, 28), test.sampleShape());
        assertEquals(2, test.size());
        assertEquals(9, test.label(0));
        assertEquals("Ankle boot", test.classNames().get(test.label(0)));
        assertEquals(1f, test.image(0)[0]);
        assertEquals(-1f, test.image(0)[1]);
        assertEquals(1f, test.image(1)[5]);
    }

    @Test
    void acceptsUncompressedFilesWhenTheGzAreAbsent() {
        write(dir.resolve("train-images-idx3-ubyte"), images(1, 28, 28, new byte[28 * 28]));
        write(dir.resolve("train-labels-idx1-ubyte"), labels(new byte[] {3}));
        ImageSet train = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
        assertEquals(1, train.count());
        assertEquals(3, train.label(0));
    }

    @Test
    void missingFolderMessageNamesTheSetupCommand() {
        Path missing = dir.resolve("no-such-folder");
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(missing, FashionMnist.Split.TRAIN));
        assertEquals(missing, e.path());
        assertTrue(e.getMessage().contains(missing.toString()));
        assertTrue(e.getMessage().contains(DataException.SETUP_FASHION_MNIST), e.getMessage());
    }

    @Test
    void missingLabelsFileMessageNamesFileAndSetup() {
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(1, 28, 28, new byte[28 * 28])));
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir, FashionMnist.Split.TRAIN));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() {
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(2, 28, 28, new byte[2 * 28 * 28])));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(new byte[] {1, 2, 3})));
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir, FashionMnist.Split.TRAIN));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
    }

    /** Runs only where Debian's dataset-fashion-mnist is installed. */
    @Test
    void realTrainingSet() {
        Path real = Paths.get(DataPaths.FASHION_MNIST_DEFAULT);
        Assumptions.assumeTrue(Files.isRegularFile(real.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed at " + real);
        ImageSet train = FashionMnist.load(real, FashionMnist.Split.TRAIN);
        assertEquals(60_000, train.size());
        assertEquals(10, train.classNames().size());
        int[] perClass = new int[10];
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < train.count(); i++) {
            perClass[train.label(i)]++;
        }
        for (int i = 0; i < train.count(); i += 97) {
            for (float v : train.image(i)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, perClass);
        assertEquals(-1f, min);
        assertEquals(1f, max);
    }
}
