package org.ganworkbench.cli;

import org.ganworkbench.engine.Engines;
import org.ganworkbench.metrics.SceneSegmenter;
import org.ganworkbench.metrics.SegmenterStore;
import org.ganworkbench.metrics.SegmenterTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Trains the scene segmenter behind the translation scores ({@code seg_scenes_<n>}: mIoU and pixel
 * accuracy of G's pictures against their maps) and saves it to {@code data/cache/segmenter-scenes<S>/}
 * ({@link SegmenterStore#dir(int)}), unless it is already there (then it says what the saved one
 * is). Prints one line per epoch, then the measured scores and the folder; exits with 1 when the
 * segmenter stays below the scores it needs (nothing is saved then), with 2 on a side that is not a
 * power of two from 8 to 1024.
 */
@Command(name = "train-segmenter", mixinStandardHelpOptions = true,
        description = {"The scene segmenter behind seg_scenes (mIoU of translated scenes; saved in data/cache/).",
                "Exit code 1 when it stays below the required scores (nothing is saved then)."})
final class TrainSegmenter implements Callable<Integer> {

    @Option(names = "--size", paramLabel = "S", defaultValue = "32",
            description = "side of the scenes it segments, a power of two from 8 to 1024 (default: ${DEFAULT-VALUE})")
    int size;

    @Mixin
    TrainingOptions options;

    @Override
    public Integer call() {
        SegmenterTraining training = options.applyTo(SegmenterTraining.defaults(size));   // refuses a bad side, naming it
        Path dir = SegmenterStore.dir(size);
        if (!options.force && SegmenterStore.isSaved(dir)) {
            try (SceneSegmenter s = SegmenterStore.load(dir, size, Engines.get(null))) {
                System.out.printf("already trained: %s%n%s%n(--force retrains)%n", dir, s.info());
            }
            return 0;
        }
        try (SceneSegmenter s = training.trainAndSave(dir)) {
            System.out.printf("test pixel accuracy %.2f%%, test mIoU %.4f (%d test scenes), trained in %.0f s%n%s%n",
                    100 * s.info().pixelAccuracy(), s.info().meanIou(), s.info().testImages(), s.info().trainSeconds(), dir);
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("train-segmenter: " + e.getMessage());
            return 1;
        }
    }
}
