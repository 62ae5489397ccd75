package org.ganworkbench.cli;

import org.ganworkbench.data.ImageFolder;
import org.ganworkbench.metrics.Evaluation;
import org.ganworkbench.metrics.Evaluator;
import org.ganworkbench.metrics.MetricResult;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores a folder of 28 x 28 grayscale PNGs (e.g. samples a GAN saved) against Fashion-MNIST's test
 * images: FID, KID, C2ST, the Inception-Score analogue and the class histogram in the Fashion-MNIST
 * classifier's feature space, one line per metric.
 *
 * <pre>
 * java -cp "lib/target/gan-workbench-0.1.0-SNAPSHOT.jar:lib/target/dependency/*" \
 *     org.ganworkbench.cli.EvaluateFolder FOLDER [--n N] [--append RUN_DIR]
 * </pre>
 *
 * <p>Images are loaded with {@link ImageFolder#load(Path, int, boolean)} (size 28, grayscale; other
 * sizes are scaled and center-cropped). N (default: all images, at most 10,000) images are compared
 * with N test images. {@code --append} also writes the results to {@code RUN_DIR/metrics.jsonl}.
 * Exits with 2 on a usage error.
 */
public final class EvaluateFolder {

    private EvaluateFolder() {}

    /**
     * Runs the command.
     *
     * @param args {@code FOLDER [--n N] [--append RUN_DIR]}
     */
    public static void main(String[] args) {
        Path folder = null;
        Integer n = null;
        Path append = null;
        try {
            Args a = new Args(args);
            n = a.intOrNull("--n");
            String appendTo = a.value("--append", null);
            append = appendTo == null ? null : Path.of(appendTo);
            a.finish();
            if (a.positional().size() != 1) {
                throw new IllegalArgumentException(a.positional().isEmpty() ? "no folder given"
                        : "give one folder, got " + a.positional().size() + ": " + a.positional());
            }
            folder = Path.of(a.positional().get(0));
        } catch (IllegalArgumentException e) {
            System.err.println("EvaluateFolder: " + e.getMessage()
                    + "\nusage: EvaluateFolder FOLDER [--n N] [--append RUN_DIR]");
            System.exit(2);
        }
        ImageFolder.Result loaded = ImageFolder.load(folder, 28, false);
        System.out.println(folder + ": " + loaded.summary());
        int count = n != null ? n : Math.min(10_000, loaded.images().count());
        try (Evaluator ev = Evaluator.fashionMnist(count)) {
            Evaluation e = ev.evaluate(folder.getFileName().toString(), loaded.images());
            for (MetricResult r : e.results()) {
                System.out.println(r.summary());
            }
            if (append != null) {
                Map<String, Object> provenance = new LinkedHashMap<>();
                provenance.put("command", "EvaluateFolder");
                provenance.put("folder", folder.toAbsolutePath().toString());
                provenance.put("files_skipped", loaded.skipped().size());
                System.out.println("appended to " + e.appendTo(append, provenance));
            }
        }
    }
}
