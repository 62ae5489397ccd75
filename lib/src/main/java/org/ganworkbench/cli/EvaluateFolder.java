package org.ganworkbench.cli;

import org.ganworkbench.data.ImageFolder;
import org.ganworkbench.metrics.Evaluation;
import org.ganworkbench.metrics.Evaluator;
import org.ganworkbench.metrics.MetricResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores a folder of 28 x 28 grayscale PNGs (e.g. samples a GAN saved) against Fashion-MNIST's test
 * images: FID, KID, C2ST, the Inception-Score analogue and the class histogram in the Fashion-MNIST
 * classifier's feature space, one line per metric. Images are loaded with
 * {@link ImageFolder#load(Path, int, boolean)} (size 28, grayscale; other sizes are scaled and
 * center-cropped).
 */
@Command(name = "evaluate-folder", mixinStandardHelpOptions = true,
        description = "FID/KID/C2ST/IS/classes of a folder of 28x28 PNGs against Fashion-MNIST's test images.")
final class EvaluateFolder implements Runnable {

    @Parameters(paramLabel = "DIR", description = "the images (PNG or JPEG, sub-folders included)")
    Path folder;

    @Option(names = "--n", paramLabel = "N", description = "images compared with as many test images (default: all, at most 10,000)")
    Integer n;

    @Option(names = "--append", paramLabel = "RUN_DIR", description = "also append the results to RUN_DIR/metrics.jsonl")
    Path append;

    @Override
    public void run() {
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
                provenance.put("command", "evaluate-folder");
                provenance.put("folder", folder.toAbsolutePath().toString());
                provenance.put("files_skipped", loaded.skipped().size());
                System.out.println("appended to " + e.appendTo(append, provenance));
            }
        }
    }
}
