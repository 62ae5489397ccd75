package org.ganworkbench.training;

import java.util.Arrays;

/**
 * The running sums a training run keeps between log rows and between failure checks (in the spirit
 * of stylegan2-ada's {@code training_stats}): per step, D's loss, D(x) and D(G(z)) averaged over the
 * step's k D updates, G's loss, the loss's own per-step values (BEGAN's k_t, M_global) and the time;
 * per row, their means and the images per second; per failure-check window, D's mean loss.
 */
final class TrainingStats {

    private double dLoss;
    private double gLoss;
    private double dReal;
    private double dFake;
    private final double[] stepValues;
    private int stepValueCount;
    private int steps;
    private long nanos;

    private double windowDLoss;
    private int windowSteps;

    /** Statistics for a loss with this many per-step values. */
    TrainingStats(int stepValues) {
        this.stepValues = new double[stepValues];
    }

    /** Whether the loss has per-step values to collect. */
    boolean hasStepValues() {
        return stepValues.length > 0;
    }

    /** One step's D updates: the sums of their losses, D(x), D(G(z)) over the {@code done} updates that counted. */
    void discriminator(double dLossSum, double dRealSum, double dFakeSum, int done) {
        if (done > 0) {
            dLoss += dLossSum / done;
            dReal += dRealSum / done;
            dFake += dFakeSum / done;
            windowDLoss += dLossSum / done;
            windowSteps++;
        }
    }

    /** The loss's per-step values of one step. */
    void stepValues(double[] v) {
        for (int i = 0; i < v.length; i++) {
            stepValues[i] += v[i];
        }
        stepValueCount++;
    }

    /** The end of a step: G's loss (0 when its update was skipped) and the step's training time. */
    void endStep(double generatorLoss, long elapsedNanos) {
        gLoss += generatorLoss;
        steps++;
        nanos += elapsedNanos;
    }

    /**
     * Appends the row of the steps since the last one to {@code log}, then starts a new row.
     *
     * @param imagesPerStep real images D saw per step (k · batch)
     * @param extra the columns after the loss's step values (lr scale, growth stage)
     */
    void appendRow(TrainingLog log, int step, double gradNormD, double gradNormG, int imagesPerStep, double[] extra) {
        double seconds = Math.max(1e-9, nanos / 1e9);
        double imagesPerSecond = (double) steps * imagesPerStep / seconds;
        double[] row = new double[stepValues.length + extra.length];
        for (int i = 0; i < stepValues.length; i++) {
            row[i] = stepValueCount == 0 ? Double.NaN : stepValues[i] / stepValueCount;
        }
        System.arraycopy(extra, 0, row, stepValues.length, extra.length);
        log.append(step, dLoss / steps, gLoss / steps, dReal / steps, dFake / steps, gradNormD, gradNormG,
                imagesPerSecond, row);
        dLoss = gLoss = dReal = dFake = 0;
        Arrays.fill(stepValues, 0);
        stepValueCount = 0;
        steps = 0;
        nanos = 0;
    }

    /**
     * Writes the sums of the row and the check window under way (a checkpoint between log rows
     * resumes them). The row's time is saved too, though no two runs take the same time.
     */
    void save(TrainingState s) {
        s.putDoubles("stats.sums", new double[] {dLoss, gLoss, dReal, dFake, windowDLoss});
        s.putDoubles("stats.step_values", stepValues);
        s.putInt("stats.step_value_count", stepValueCount);
        s.putInt("stats.steps", steps);
        s.putLong("stats.nanos", nanos);
        s.putInt("stats.window_steps", windowSteps);
    }

    /** Restores what {@link #save} wrote. */
    void restore(TrainingState s) {
        double[] sums = s.getDoubles("stats.sums");
        double[] values = s.getDoubles("stats.step_values");
        if (sums.length != 5 || values.length != stepValues.length) {
            throw new IllegalStateException("stats: " + values.length + " step values saved, the loss has "
                    + stepValues.length);
        }
        dLoss = sums[0];
        gLoss = sums[1];
        dReal = sums[2];
        dFake = sums[3];
        windowDLoss = sums[4];
        System.arraycopy(values, 0, stepValues, 0, values.length);
        stepValueCount = s.getInt("stats.step_value_count");
        steps = s.getInt("stats.steps");
        nanos = s.getLong("stats.nanos");
        windowSteps = s.getInt("stats.window_steps");
    }

    /** D's mean loss over the failure-check window just ended (NaN if no D update counted), and a new window. */
    double endWindow() {
        double mean = windowSteps == 0 ? Double.NaN : windowDLoss / windowSteps;
        windowDLoss = 0;
        windowSteps = 0;
        return mean;
    }
}
