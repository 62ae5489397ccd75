package org.ganworkbench.cli;

import org.ganworkbench.engine.Engines;
import org.ganworkbench.metrics.ClassifierDomain;
import org.ganworkbench.metrics.ClassifierStore;
import org.ganworkbench.metrics.ClassifierTraining;
import org.ganworkbench.metrics.DomainClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Trains a domain classifier behind the feature metrics and saves it to
 * {@code data/cache/<domain>-classifier/} ({@link ClassifierStore#dir(ClassifierDomain)}), unless it is
 * already there (then it says what the saved one is): {@code --domain fmnist} (the default) for
 * {@code fid_fmnist} &amp; co, {@code --domain shapes} for {@code fid_shapes} &amp; co. Prints one line
 * per epoch, then the measured test accuracy (and, for Shapes, the factor errors) and the folder;
 * exits with 1 when the classifier stays below the required accuracy (nothing is saved then), with
 * 2 on an unknown domain (the message lists the valid ones).
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"A domain classifier behind fid_fmnist & co or fid_shapes & co (saved in data/cache/).",
                "Exit code 1 when it stays below the required test accuracy (nothing is saved then)."})
final class TrainClassifier implements Callable<Integer> {

    /** The domains' names on the command line ({@link EnumNames}): fmnist, shapes. */
    static final class DomainNames extends EnumNames<ClassifierDomain> {
        DomainNames() {
            super(ClassifierDomain.class);
        }
    }

    @Option(names = "--domain", paramLabel = "DOMAIN", converter = DomainNames.class,
            completionCandidates = DomainNames.class, defaultValue = "fmnist",
            description = "whose classifier: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ClassifierDomain domain;

    @Mixin
    TrainingOptions options;

    @Override
    public Integer call() {
        ClassifierTraining training = options.applyTo(ClassifierTraining.defaults(domain));
        Path dir = ClassifierStore.dir(domain);
        if (!options.force && ClassifierStore.isSaved(dir)) {
            try (DomainClassifier c = ClassifierStore.load(dir, domain, Engines.get(null))) {
                System.out.printf("already trained: %s%ntest accuracy %.2f%%%n%s%n(--force retrains)%n", dir,
                        100 * c.info().testAccuracy(), c.info());
            }
            return 0;
        }
        long start = System.nanoTime();
        try (DomainClassifier c = training.trainAndSave(dir)) {
            System.out.printf("test accuracy %.2f%% (%d test images), trained in %.0f s%n%s%n",
                    100 * c.info().testAccuracy(), c.info().testImages(), (System.nanoTime() - start) / 1e9, dir);
            if (c.info().factorErrors() != null) {
                System.out.println("test factor errors (mean absolute; centre and radius in fractions of the side): "
                        + c.info().factorErrors());
            }
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("train-classifier: " + e.getMessage());
            return 1;
        }
    }
}
