package org.ganworkbench.training;

import org.ganworkbench.config.Options;

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

    /**
     * The checks' options, declared once: the run spec's {@code failures} keys, their checks, their
     * provenance ({@link #settings()}), the README's table. Defaults: {@link #DEFAULT}.
     */
    public static final Options<Builder, FailureChecks> OPTIONS = Options.<Builder, FailureChecks>of("failures")
            .choice("all", Action.class, "one action for every check but non-finite values (applied first, so the "
                    + "keys below refine it)", Builder::all, null)
            .alias()
            .choice("check_non_finite", Action.class, "a NaN or infinite loss, gradient or weight: stop (before the bad "
                    + "update) or warn; ignore is refused", Builder::nonFinite, FailureChecks::nonFinite)
            .choice("check_d_wins", Action.class, "D's loss below d_loss_floor for patience checks in a row (logit losses)",
                    Builder::discriminatorWins, FailureChecks::discriminatorWins)
            .number("d_loss_floor", 0, true, 1e6, false, "the D loss counted as collapsed to ~0", Builder::dLossFloor,
                    FailureChecks::dLossFloor)
            .choice("check_gradient", Action.class, "G's gradient norm above gradient_ceiling",
                    Builder::gradientExplosion, FailureChecks::gradientExplosion)
            .number("gradient_ceiling", 0, true, 1e12, false, "the G gradient norm counted as exploding",
                    Builder::gradientCeiling, FailureChecks::gradientCeiling)
            .choice("check_mode_collapse", Action.class, "the diversity of G's samples below diversity_floor times "
                    + "that of real data", Builder::modeCollapse, FailureChecks::modeCollapse)
            .number("diversity_floor", 0, true, 1, true, "the diversity ratio counted as collapsed",
                    Builder::diversityFloor, FailureChecks::diversityFloor)
            .integer("check_every", 1, Integer.MAX_VALUE, "steps between the slower checks (D loss, diversity, "
                    + "weights, checkpoint); loss and gradient are checked every step", Builder::checkEvery,
                    FailureChecks::checkEvery)
            .integer("patience", 1, 1000, "checks in a row a slow signal must persist before it fires",
                    Builder::patience, FailureChecks::patience);

    /** A builder starting from these checks. */
    public Builder toBuilder() {
        return new Builder(this);
    }

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
        return OPTIONS.read(this, null);
    }

    /** Builder for {@link FailureChecks} (what the spec's {@code failures} section sets). */
    public static final class Builder {
        private Action nonFinite;
        private Action discriminatorWins;
        private double dLossFloor;
        private Action gradientExplosion;
        private double gradientCeiling;
        private Action modeCollapse;
        private double diversityFloor;
        private int checkEvery;
        private int patience;

        private Builder(FailureChecks c) {
            nonFinite = c.nonFinite;
            discriminatorWins = c.discriminatorWins;
            dLossFloor = c.dLossFloor;
            gradientExplosion = c.gradientExplosion;
            gradientCeiling = c.gradientCeiling;
            modeCollapse = c.modeCollapse;
            diversityFloor = c.diversityFloor;
            checkEvery = c.checkEvery;
            patience = c.patience;
        }

        /** One action for every check but non-finite values. */
        public Builder all(Action action) {
            discriminatorWins = action;
            gradientExplosion = action;
            modeCollapse = action;
            return this;
        }

        public Builder nonFinite(Action action) {
            nonFinite = action;
            return this;
        }

        public Builder discriminatorWins(Action action) {
            discriminatorWins = action;
            return this;
        }

        public Builder dLossFloor(double floor) {
            dLossFloor = floor;
            return this;
        }

        public Builder gradientExplosion(Action action) {
            gradientExplosion = action;
            return this;
        }

        public Builder gradientCeiling(double ceiling) {
            gradientCeiling = ceiling;
            return this;
        }

        public Builder modeCollapse(Action action) {
            modeCollapse = action;
            return this;
        }

        public Builder diversityFloor(double floor) {
            diversityFloor = floor;
            return this;
        }

        public Builder checkEvery(int steps) {
            checkEvery = steps;
            return this;
        }

        public Builder patience(int checks) {
            patience = checks;
            return this;
        }

        public FailureChecks build() {
            return new FailureChecks(nonFinite, discriminatorWins, dLossFloor, gradientExplosion, gradientCeiling,
                    modeCollapse, diversityFloor, checkEvery, patience);
        }
    }
}
