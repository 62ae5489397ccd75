package org.ganworkbench.training;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.StandardCopyOption;

/**
 * The training log: one row per logged step, as a Tablesaw table with columns
 * {@code step, d_loss, g_loss, d_real, d_fake, grad_norm_d, grad_norm_g, images_per_s}.
 *
 * <p>{@code d_real} and {@code d_fake} are D's mean probability that a real and a generated sample
 * is real, i.e. D(x) and D(G(z)). Losses and probabilities are averaged over the steps a row
 * covers; gradient norms are those of the row's last step; images/s counts real images shown to D
 * per second of training (time spent in monitors such as the live view is not counted).
 */
public final class TrainingLog {

    /** Column names, in order. */
    public static final String STEP = "step";
    public static final String D_LOSS = "d_loss";
    public static final String G_LOSS = "g_loss";
    public static final String D_REAL = "d_real";
    public static final String D_FAKE = "d_fake";
    public static final String GRAD_NORM_D = "grad_norm_d";
    public static final String GRAD_NORM_G = "grad_norm_g";
    public static final String IMAGES_PER_S = "images_per_s";

    private final Table table;

    private final List<TrainingEvent> events = new ArrayList<>();

    public TrainingLog(String name) {
        table = Table.create(name,
                IntColumn.create(STEP),
                DoubleColumn.create(D_LOSS),
                DoubleColumn.create(G_LOSS),
                DoubleColumn.create(D_REAL),
                DoubleColumn.create(D_FAKE),
                DoubleColumn.create(GRAD_NORM_D),
                DoubleColumn.create(GRAD_NORM_G),
                DoubleColumn.create(IMAGES_PER_S));
    }

    /** Appends one row. */
    public void append(int step, double dLoss, double gLoss, double dReal, double dFake,
                       double gradNormD, double gradNormG, double imagesPerSecond) {
        table.intColumn(STEP).append(step);
        table.doubleColumn(D_LOSS).append(dLoss);
        table.doubleColumn(G_LOSS).append(gLoss);
        table.doubleColumn(D_REAL).append(dReal);
        table.doubleColumn(D_FAKE).append(dFake);
        table.doubleColumn(GRAD_NORM_D).append(gradNormD);
        table.doubleColumn(GRAD_NORM_G).append(gradNormG);
        table.doubleColumn(IMAGES_PER_S).append(imagesPerSecond);
    }

    /** Records an event of the failure checks. */
    public void addEvent(TrainingEvent event) {
        events.add(event);
    }

    /** Events of the failure checks, in order. */
    public List<TrainingEvent> events() {
        return List.copyOf(events);
    }

    /** The live table (do not modify it; use {@code copy()} for analysis). */
    public Table table() {
        return table;
    }

    /** Number of rows. */
    public int size() {
        return table.rowCount();
    }

    /** A column as a Java array. */
    public double[] column(String name) {
        return table.numberColumn(name).asDoubleArray();
    }

    /** Writes the log as CSV, atomically (a temp file renamed into place). */
    public void writeCsv(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try {
                table.write().csv(tmp.toFile());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write training log " + file, e);
        }
    }

    @Override
    public String toString() {
        return table.toString();
    }
}
