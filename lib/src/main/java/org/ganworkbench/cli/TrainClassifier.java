package org.ganworkbench.cli;

import org.ganworkbench.metrics.DomainClassifier;

import java.nio.file.Path;

/**
 * Trains the Fashion-MNIST domain classifier behind the metrics and saves it to
 * {@code data/cache/fmnist-classifier/} ({@link DomainClassifier#defaultDir()}), unless it is
 * already there.
 *
 * <pre>
 * java -cp "lib/target/gan-workbench-0.1.0-SNAPSHOT.jar:lib/target/dependency/*" \
 *     org.ganworkbench.cli.TrainClassifier [--force] [--epochs N] [--seed S]
 * </pre>
 *
 * <p>{@code --force} retrains and replaces a saved classifier. Prints one line per epoch, then the
 * measured test accuracy and the folder. Exits with 1 when the classifier stays below the required
 * accuracy (nothing is saved then), 2 on a usage error.
 */
public final class TrainClassifier {

    private TrainClassifier() {}

    /**
     * Runs the command.
     *
     * @param args {@code [--force] [--epochs N] [--seed S]}
     */
    public static void main(String[] args) {
        boolean force = false;
        DomainClassifier.Trainer trainer = DomainClassifier.trainer();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--force" -> force = true;
                    case "--epochs" -> trainer.epochs(Integer.parseInt(value(args, ++i, "--epochs")));
                    case "--seed" -> trainer.seed(Long.parseLong(value(args, ++i, "--seed")));
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("TrainClassifier: " + e.getMessage()
                    + "\nusage: TrainClassifier [--force] [--epochs N] [--seed S]");
            System.exit(2);
        }
        Path dir = DomainClassifier.defaultDir();
        if (!force && DomainClassifier.isSaved(dir)) {
            try (DomainClassifier c = DomainClassifier.load(dir)) {
                System.out.printf("already trained: %s%ntest accuracy %.2f%%%n%s%n(--force retrains)%n", dir,
                        100 * c.info().testAccuracy(), c.info());
            }
            return;
        }
        long start = System.nanoTime();
        try (DomainClassifier c = DomainClassifier.trainAndSave(trainer, dir, System.out)) {
            System.out.printf("test accuracy %.2f%% (%d test images), trained in %.0f s%n%s%n",
                    100 * c.info().testAccuracy(), c.info().testImages(), (System.nanoTime() - start) / 1e9, dir);
        } catch (IllegalStateException e) {
            System.err.println("TrainClassifier: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
