package org.ganworkbench.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the training loop watches for (ganhacks: "track failures early") and what it does when it
 * sees it. Each check has an {@link Action}: ignore it, warn (an event in the log and the live
 * view, training goes on), or stop (the run ends with a {@link TrainingFailedException} that names
 * the step, the network and the check, and the last good checkpoint is kept).
 *
 * @param nonFinite a NaN or infinite loss, gradient or weight (default: stop, before the bad update)
 * @param discriminatorWins D's loss below {@code dLossFloor} for {@code patience} checks in a row:
 *     D separates real from fake perfectly and G's gradient carries no information (default: warn);
 *     only for losses whose scores are logits
 * @param dLossFloor the D-loss level counted as "collapsed to ~0"
 * @param gradientExplosion G's gradient norm above {@code gradientCeiling} (default: warn)
 * @param gradientCeiling the G gradient norm counted as exploding (100 by default)
 * @param modeCollapse the diversity of G's samples (mean distance between pairs) below
 *     {@code diversityFloor} times that of real data (default: warn)
 * @param diversityFloor the diversity ratio counted as collapsed (0.25 by default)
 * @param checkEvery run the slower checks (D loss, diversity, weights, checkpoint) every this many
 *     steps; the loss and gradient checks run every step
 * @param patience checks in a row a slow signal must persist before it fires
 */
public record FailureChecks(
        Action nonFinite,
        Action discriminatorWins,
        double dLossFloor,
        Action gradientExplosion,
        double gradientCeiling,
        Action modeCollapse,
        double diversityFloor,
        int checkEvery,
        int patience) {

    /** What to do when a check fires. */
    public enum Action {
        /** Do not check. */
        IGNORE,
        /** Record an event and go on. */
        WARN,
        /** Record an event and stop the run. */
        STOP;

        /** Parses "ignore", "warn" or "stop". */
        public static Action parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown failure action '" + s + "'; known: ignore, warn, stop");
            }
        }
    }

    /** Stop on NaN/Inf; warn on the rest; thresholds 1e-3 (D loss), 100 (G gradient), 0.25 (diversity). */
    public static final FailureChecks DEFAULT = new FailureChecks(Action.STOP, Action.WARN, 1e-3,
            Action.WARN, 100, Action.WARN, 0.25, 100, 3);

    /** Nothing checked but NaN/Inf, which always stops (a NaN run cannot go on). */
    public static final FailureChecks MINIMAL = new FailureChecks(Action.STOP, Action.IGNORE, 1e-3,
            Action.IGNORE, 100, Action.IGNORE, 0.25, 100, 3);

    public FailureChecks {
        require(nonFinite != null && discriminatorWins != null && gradientExplosion != null && modeCollapse != null,
                "action", "must be given for every check");
        require(nonFinite != Action.IGNORE, "nonFinite", "cannot be ignored: a NaN weight poisons every later step; use warn or stop");
        require(dLossFloor > 0 && Double.isFinite(dLossFloor), "dLossFloor", "must be > 0, got " + dLossFloor);
        require(gradientCeiling > 0, "gradientCeiling", "must be > 0, got " + gradientCeiling);
        require(diversityFloor > 0 && diversityFloor < 1, "diversityFloor", "must be in (0, 1), got " + diversityFloor);
        require(checkEvery >= 1, "checkEvery", "must be >= 1, got " + checkEvery);
        require(patience >= 1, "patience", "must be >= 1, got " + patience);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException("FailureChecks." + field + " " + message);
        }
    }

    /** A copy with another action for every check but non-finite values. */
    public FailureChecks all(Action action) {
        return new FailureChecks(nonFinite, action, dLossFloor, action, gradientCeiling, action, diversityFloor,
                checkEvery, patience);
    }

    /** A copy with another action on NaN/Inf: stop or warn (ignoring is refused, see the constructor). */
    public FailureChecks nonFinite(Action action) {
        return new FailureChecks(action, discriminatorWins, dLossFloor, gradientExplosion, gradientCeiling,
                modeCollapse, diversityFloor, checkEvery, patience);
    }

    /** A copy with another check interval. */
    public FailureChecks every(int steps) {
        return new FailureChecks(nonFinite, discriminatorWins, dLossFloor, gradientExplosion, gradientCeiling,
                modeCollapse, diversityFloor, steps, patience);
    }

    /** A copy with another G gradient-norm ceiling and action. */
    public FailureChecks gradient(Action action, double ceiling) {
        return new FailureChecks(nonFinite, discriminatorWins, dLossFloor, action, ceiling, modeCollapse,
                diversityFloor, checkEvery, patience);
    }

    /** Every setting, for run configs and provenance. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check_non_finite", nonFinite.name().toLowerCase(Locale.ROOT));
        m.put("check_d_wins", discriminatorWins.name().toLowerCase(Locale.ROOT));
        m.put("d_loss_floor", dLossFloor);
        m.put("check_gradient", gradientExplosion.name().toLowerCase(Locale.ROOT));
        m.put("gradient_ceiling", gradientCeiling);
        m.put("check_mode_collapse", modeCollapse.name().toLowerCase(Locale.ROOT));
        m.put("diversity_floor", diversityFloor);
        m.put("check_every", checkEvery);
        m.put("patience", patience);
        return m;
    }
}
