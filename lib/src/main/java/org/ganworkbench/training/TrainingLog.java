package org.ganworkbench.training;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The training log: one row per logged step, as a Tablesaw table with columns
 * {@code step, d_loss, g_loss, d_real, d_fake, grad_norm_d, grad_norm_g, images_per_s}.
 *
 * <p>{@code d_real} and {@code d_fake} are D's mean probability that a real and a generated sample
 * is real, i.e. D(x) and D(G(z)). Losses and probabilities are averaged over the steps a row
 * covers; gradient norms are those of the row's last step; images/s counts real images shown to D
 * per second of training (time spent in monitors such as the live view is not counted).
 *
 * <p>Losses with state add their per-step values as further columns, averaged over the row's steps
 * (BEGAN: {@code k, m_global, l_real, l_fake}), and learning-rate decay adds {@code lr_scale}, the
 * learning rates' fraction of their configured values at the row's end. A translation GAN adds
 * its generator's extra terms, unweighted and averaged over the row's steps: {@code g_l1} and
 * {@code g_feature_matching} (each when its weight is not 0); {@code g_loss} is then the GAN loss
 * alone (G's whole objective when its adversarial weight is 0).
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
    public static final String LR_SCALE = "lr_scale";
    /** A translation GAN's L1 term, unweighted, mean over the row's steps (when its weight is not 0). */
    public static final String G_L1 = "g_l1";
    /** A translation GAN's feature-matching term, unweighted, mean over the row's steps (when on). */
    public static final String G_FEATURE_MATCHING = "g_feature_matching";

    private final Table table;
    private final List<String> extraColumns;

    private final List<TrainingEvent> events = new ArrayList<>();
    private Path sink;

    /** A log with the standard columns only. */
    public TrainingLog(String name) {
        this(name, List.of());
    }

    /** A log with the standard columns, then {@code extraColumns} (numbers). */
    public TrainingLog(String name, List<String> extraColumns) {
        this.extraColumns = List.copyOf(extraColumns);
        table = Table.create(name,
                IntColumn.create(STEP),
                DoubleColumn.create(D_LOSS),
                DoubleColumn.create(G_LOSS),
                DoubleColumn.create(D_REAL),
                DoubleColumn.create(D_FAKE),
                DoubleColumn.create(GRAD_NORM_D),
                DoubleColumn.create(GRAD_NORM_G),
                DoubleColumn.create(IMAGES_PER_S));
        for (String c : this.extraColumns) {
            if (table.containsColumn(c)) {
                throw new IllegalArgumentException("training log: extra column '" + c + "' is a standard column");
            }
            table.addColumns(DoubleColumn.create(c));
        }
    }

    /** The extra columns, in order. */
    public List<String> extraColumns() {
        return extraColumns;
    }

    /** Appends one row of the standard columns (a log without extra columns). */
    public void append(int step, double dLoss, double gLoss, double dReal, double dFake,
                       double gradNormD, double gradNormG, double imagesPerSecond) {
        append(step, dLoss, gLoss, dReal, dFake, gradNormD, gradNormG, imagesPerSecond, new double[0]);
    }

    /** Appends one row; {@code extra} holds one value per extra column. */
    public void append(int step, double dLoss, double gLoss, double dReal, double dFake,
                       double gradNormD, double gradNormG, double imagesPerSecond, double[] extra) {
        if (extra.length != extraColumns.size()) {
            throw new IllegalArgumentException("training log: " + extra.length + " extra values for columns "
                    + extraColumns);
        }
        table.intColumn(STEP).append(step);
        table.doubleColumn(D_LOSS).append(dLoss);
        table.doubleColumn(G_LOSS).append(gLoss);
        table.doubleColumn(D_REAL).append(dReal);
        table.doubleColumn(D_FAKE).append(dFake);
        table.doubleColumn(GRAD_NORM_D).append(gradNormD);
        table.doubleColumn(GRAD_NORM_G).append(gradNormG);
        table.doubleColumn(IMAGES_PER_S).append(imagesPerSecond);
        for (int i = 0; i < extra.length; i++) {
            table.doubleColumn(extraColumns.get(i)).append(extra[i]);
        }
        if (sink != null) {
            try {
                Files.writeString(sink, csvRow(size() - 1), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException(sink + ": cannot append a log row: " + e.getMessage(), e));
            }
        }
    }

    /**
     * From now on every row is also appended to {@code file} as it is logged (the log so far is
     * written first, atomically), so a run killed mid-way leaves its log up to the last row.
     */
    public void appendTo(Path file) {
        writeCsv(file);
        this.sink = file;
    }

    /** Writes the rows and events under {@code log.}, to the bit. */
    void save(TrainingState s) {
        s.putInt("log.rows", size());
        for (String c : table.columnNames()) {
            s.putDoubles("log.column." + c, column(c));
        }
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        for (TrainingEvent e : events) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("step", e.step());
            o.addProperty("check", e.check());
            o.addProperty("network", e.network());
            o.addProperty("action", e.action().name());
            o.addProperty("value", Double.toString(e.value()));
            o.addProperty("message", e.message());
            list.add(o);
        }
        s.putJson("log.events", list);
    }

    /**
     * Puts back the rows and events {@link #save} wrote (those of the same columns), replacing this
     * log's; the file rows are appended to, if any, is rewritten with them.
     */
    void restore(TrainingState s) {
        int rows = s.getInt("log.rows");
        List<double[]> columns = new ArrayList<>();
        for (String c : table.columnNames()) {
            double[] v = s.getDoubles("log.column." + c);
            if (v.length != rows) {
                throw new IllegalStateException("log column " + c + " has " + v.length + " rows, not " + rows);
            }
            columns.add(v);
        }
        table.clear();
        Path file = sink;
        sink = null;   // the rows go back into the table; the file is rewritten with all of them below
        for (int r = 0; r < rows; r++) {
            double[] extra = new double[extraColumns.size()];
            for (int i = 0; i < extra.length; i++) {
                extra[i] = columns.get(8 + i)[r];
            }
            append((int) columns.get(0)[r], columns.get(1)[r], columns.get(2)[r], columns.get(3)[r], columns.get(4)[r],
                    columns.get(5)[r], columns.get(6)[r], columns.get(7)[r], extra);
        }
        sink = file;
        events.clear();
        for (var e : s.getJson("log.events").getAsJsonArray()) {
            var o = e.getAsJsonObject();
            events.add(new TrainingEvent(o.get("step").getAsInt(), o.get("check").getAsString(),
                    o.get("network").getAsString(), FailureChecks.Action.valueOf(o.get("action").getAsString()),
                    Double.parseDouble(o.get("value").getAsString()), o.get("message").getAsString()));
        }
        if (sink != null) {
            writeCsv(sink);
        }
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

    /**
     * A log written by {@link #writeCsv} (a run folder's {@code log.csv}), for charts after the run;
     * columns beyond the standard ones come back as extra columns. Events are not in the CSV.
     *
     * @throws UncheckedIOException naming the file if it is missing or not a training log
     */
    public static TrainingLog readCsv(Path file) {
        Table t;
        try {
            t = Table.read().csv(tech.tablesaw.io.csv.CsvReadOptions.builder(file.toFile())
                    .columnTypes(column -> tech.tablesaw.api.ColumnType.DOUBLE).build());
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read training log " + file + ": " + e.getMessage(), e));
        }
        List<String> standard = List.of(STEP, D_LOSS, G_LOSS, D_REAL, D_FAKE, GRAD_NORM_D, GRAD_NORM_G, IMAGES_PER_S);
        for (String c : standard) {
            if (!t.containsColumn(c)) {
                throw new UncheckedIOException(new IOException(file + " is not a training log: no column " + c));
            }
        }
        List<String> extra = t.columnNames().stream().filter(c -> !standard.contains(c)).toList();
        TrainingLog log = new TrainingLog(file.toString(), extra);
        for (int r = 0; r < t.rowCount(); r++) {
            double[] x = new double[extra.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = number(t, extra.get(i), r);
            }
            log.append((int) number(t, STEP, r), number(t, D_LOSS, r), number(t, G_LOSS, r), number(t, D_REAL, r),
                    number(t, D_FAKE, r), number(t, GRAD_NORM_D, r), number(t, GRAD_NORM_G, r),
                    number(t, IMAGES_PER_S, r), x);
        }
        return log;
    }

    private static double number(Table t, String column, int row) {
        return t.doubleColumn(column).getDouble(row);   // missing values read as NaN
    }

    /**
     * Writes the log as CSV, atomically (a temp file renamed into place): a header of column names,
     * then one line per row; numbers as Java prints them (they read back to the bit), NaN as an
     * empty field.
     */
    public void writeCsv(Path file) {
        StringBuilder text = new StringBuilder(String.join(",", table.columnNames())).append('\n');
        for (int r = 0; r < size(); r++) {
            text.append(csvRow(r));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write training log " + file, e);
        }
    }

    /** Row {@code r} as a CSV line. */
    private String csvRow(int r) {
        StringBuilder line = new StringBuilder();
        line.append(table.intColumn(STEP).getInt(r));
        for (int c = 1; c < table.columnCount(); c++) {
            double v = table.doubleColumn(c).getDouble(r);
            line.append(',');
            if (!Double.isNaN(v)) {
                line.append(v);
            }
        }
        return line.append('\n').toString();
    }

    @Override
    public String toString() {
        return table.toString();
    }
}
