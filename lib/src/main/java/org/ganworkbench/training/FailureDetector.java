package org.ganworkbench.training;

import org.ganworkbench.training.FailureChecks.Action;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies {@link FailureChecks} to what the training loop measures and decides: nothing, an event
 * (warn), or an event that stops the run. Pure bookkeeping, no tensors: the loop hands in numbers,
 * which keeps every rule testable on its own.
 *
 * <ul>
 *   <li>non-finite values fire at once;
 *   <li>an exploding G gradient fires at once, then at most once per check interval while it lasts;
 *   <li>D winning and mode collapse must hold for {@code patience} checks in a row, fire once, and
 *       re-arm when the signal clears.
 * </ul>
 */
public final class FailureDetector {

    private final FailureChecks checks;
    private final boolean dLossFloorApplies;
    private final List<TrainingEvent> events = new ArrayList<>();
    private int dWinsRun;
    private int collapseRun;
    private boolean dWinsFired;
    private boolean collapseFired;
    private long lastGradientEvent = Long.MIN_VALUE / 2;

    /**
     * @param checks what to watch
     * @param dLossFloorApplies whether "D loss near 0" means D wins for this loss (false for the
     *     Wasserstein critics, whose loss is unbounded below)
     */
    public FailureDetector(FailureChecks checks, boolean dLossFloorApplies) {
        this.checks = checks;
        this.dLossFloorApplies = dLossFloorApplies;
    }

    /** The checks. */
    public FailureChecks checks() {
        return checks;
    }

    /** Every event so far. */
    public List<TrainingEvent> events() {
        return List.copyOf(events);
    }

    /** Whether G's gradient norm must be measured every step. */
    public boolean watchesGradient() {
        return checks.gradientExplosion() != Action.IGNORE;
    }

    /** Whether sample diversity must be measured at each check. */
    public boolean watchesDiversity() {
        return checks.modeCollapse() != Action.IGNORE;
    }

    /**
     * A non-finite loss, gradient or weight in {@code network}: always an event; with STOP the run
     * stops, with WARN the loop skips the bad update and goes on.
     *
     * @return the event
     */
    public TrainingEvent nonFinite(int step, String network, String what) {
        return fire(new TrainingEvent(step, TrainingEvent.NON_FINITE, network, checks.nonFinite(), Double.NaN,
                network + " " + what));
    }

    /** G's gradient norm at {@code step}; null when nothing fires. */
    public TrainingEvent generatorGradient(int step, double norm) {
        if (!watchesGradient() || !(norm > checks.gradientCeiling())) {
            return null;
        }
        if (step - lastGradientEvent < checks.checkEvery()) {
            return null;
        }
        lastGradientEvent = step;
        return fire(new TrainingEvent(step, TrainingEvent.GRADIENT, "generator", checks.gradientExplosion(), norm,
                String.format(Locale.ROOT, "gradient norm %.3g is above %.3g", norm, checks.gradientCeiling())));
    }

    /** D's mean loss since the last check; null when nothing fires. */
    public TrainingEvent discriminatorLoss(int step, double meanLoss) {
        if (checks.discriminatorWins() == Action.IGNORE || !dLossFloorApplies || Double.isNaN(meanLoss)) {
            return null;
        }
        if (meanLoss < checks.dLossFloor()) {
            dWinsRun++;
        } else {
            dWinsRun = 0;
            dWinsFired = false;
        }
        if (dWinsRun >= checks.patience() && !dWinsFired) {
            dWinsFired = true;
            return fire(new TrainingEvent(step, TrainingEvent.D_WINS, "discriminator", checks.discriminatorWins(),
                    meanLoss, String.format(Locale.ROOT, "loss %.3g has stayed below %.3g for %d checks: D separates "
                            + "real from fake and G's gradient carries little information", meanLoss,
                            checks.dLossFloor(), dWinsRun)));
        }
        return null;
    }

    /**
     * The ratio of G's sample diversity to the data's (mean distance between pairs of samples);
     * null when nothing fires.
     */
    public TrainingEvent diversity(int step, double ratio) {
        if (!watchesDiversity() || Double.isNaN(ratio)) {
            return null;
        }
        if (ratio < checks.diversityFloor()) {
            collapseRun++;
        } else {
            collapseRun = 0;
            collapseFired = false;
        }
        if (collapseRun >= checks.patience() && !collapseFired) {
            collapseFired = true;
            return fire(new TrainingEvent(step, TrainingEvent.MODE_COLLAPSE, "generator", checks.modeCollapse(), ratio,
                    String.format(Locale.ROOT, "sample diversity is %.2f of the data's (below %.2f) for %d checks: "
                            + "G makes too few distinct samples", ratio, checks.diversityFloor(), collapseRun)));
        }
        return null;
    }

    /** Writes the checks' counters (how long a signal has lasted, whether it fired, the last gradient event). */
    void save(TrainingState s) {
        s.putInt("detector.d_wins_run", dWinsRun);
        s.putInt("detector.collapse_run", collapseRun);
        s.putBoolean("detector.d_wins_fired", dWinsFired);
        s.putBoolean("detector.collapse_fired", collapseFired);
        s.putLong("detector.last_gradient_event", lastGradientEvent);
    }

    /** Restores what {@link #save} wrote, and the events so far. */
    void restore(TrainingState s, List<TrainingEvent> eventsSoFar) {
        dWinsRun = s.getInt("detector.d_wins_run");
        collapseRun = s.getInt("detector.collapse_run");
        dWinsFired = s.getBoolean("detector.d_wins_fired");
        collapseFired = s.getBoolean("detector.collapse_fired");
        lastGradientEvent = s.getLong("detector.last_gradient_event");
        events.clear();
        events.addAll(eventsSoFar);
    }

    private TrainingEvent fire(TrainingEvent e) {
        events.add(e);
        return e;
    }
}
