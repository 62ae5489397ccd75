package org.ganworkbench.cli;

import org.ganworkbench.metrics.ClassifierStore;
import org.ganworkbench.metrics.ClassifierTraining;
import org.ganworkbench.metrics.DomainClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Trains the Fashion-MNIST domain classifier behind the metrics and saves it to
 * {@code data/cache/fmnist-classifier/} ({@link DomainClassifier#defaultDir()}), unless it is
 * already there. Prints one line per epoch, then the measured test accuracy and the folder; exits
 * with 1 when the classifier stays below the required accuracy (nothing is saved then).
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"The Fashion-MNIST domain classifier behind fid_fmnist & co (saved in data/cache/).",
                "Exit code 1 when it stays below the required test accuracy (nothing is saved then)."})
final class TrainClassifier implements Callable<Integer> {

    @Option(names = "--force", description = "retrain and replace a saved classifier")
    boolean force;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: the trainer's)")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the weights and the batch order (default: the trainer's)")
    Long seed;

    @Override
    public Integer call() {
        ClassifierTraining training = ClassifierTraining.defaults();
        if (epochs != null) {
            training.epochs(epochs);
        }
        if (seed != null) {
            training.seed(seed);
        }
        Path dir = ClassifierStore.defaultDir();
        if (!force && ClassifierStore.isSaved(dir)) {
            try (DomainClassifier c = ClassifierStore.load(dir)) {
                System.out.printf("already trained: %s%ntest accuracy %.2f%%%n%s%n(--force retrains)%n", dir,
                        100 * c.info().testAccuracy(), c.info());
            }
            return 0;
        }
        long start = System.nanoTime();
        try (DomainClassifier c = training.trainAndSave(dir)) {
            System.out.printf("test accuracy %.2f%% (%d test images), trained in %.0f s%n%s%n",
                    100 * c.info().testAccuracy(), c.info().testImages(), (System.nanoTime() - start) / 1e9, dir);
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("train-classifier: " + e.getMessage());
            return 1;
        }
    }
}
