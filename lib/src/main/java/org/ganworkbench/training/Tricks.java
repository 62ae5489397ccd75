package org.ganworkbench.training;

import org.ganworkbench.config.Options;

import java.util.Map;

/**
 * The training-loop tricks of a run (soumith's ganhacks, Salimans et al. 2016, and later papers),
 * each off by default and each independent of the model, so any combination can be switched on for
 * an ablation. Tricks that live in the networks (spectral norm, minibatch discrimination, minibatch
 * standard deviation, instance / virtual batch norm, dropout in G, the upsampler) are options of the
 * architecture instead.
 *
 * @param realLabelLow lower end of D's target for real samples; with {@code realLabelHigh} equal
 *     to it a fixed target (0.9 = one-sided label smoothing, Salimans et al. 2016); below it a
 *     target drawn uniformly per sample ([0.7, 1.2] in ganhacks); 1 = off
 * @param realLabelHigh upper end of D's real target
 * @param labelFlip probability that a sample's D target is flipped (real labelled fake and fake
 *     labelled real; ganhacks "occasionally flip the labels"); 0 = off
 * @param instanceNoise standard deviation of Gaussian noise added to every input of D, real and
 *     fake, at step 0 (Sønderby et al. 2017, Arjovsky and Bottou 2017); 0 = off
 * @param instanceNoiseAnneal steps over which the noise falls linearly to 0; 0 = over the whole run
 * @param featureMatching G minimizes ||E f(x) - E f(G(z))||² over D's last hidden features instead
 *     of the adversarial loss (Salimans et al. 2016)
 * @param replaySize number of old fakes kept for experience replay (Shrivastava et al. 2017); 0 = off
 * @param replayFraction fraction of each fake batch for D taken from the replay buffer
 * @param emaDecay decay of an exponential moving average of G's weights used for sampling
 *     (Karras et al. 2018 used 0.999); 0 = off
 * @param jointBatch D sees real and fake samples in one concatenated batch (what ganhacks warns
 *     against, for batch norm); false = separate real and fake batches
 */
public record Tricks(
        double realLabelLow,
        double realLabelHigh,
        double labelFlip,
        double instanceNoise,
        int instanceNoiseAnneal,
        boolean featureMatching,
        int replaySize,
        double replayFraction,
        double emaDecay,
        boolean jointBatch) {

    /** No tricks. */
    public static final Tricks NONE = new Tricks(1, 1, 0, 0, 0, false, 0, 0.5, 0, false);

    /**
     * The tricks' options, declared once: the run spec's {@code tricks} keys, their checks, their
     * provenance ({@link #settings()}), the README's table. Defaults: {@link #NONE}.
     */
    public static final Options<Builder, Tricks> OPTIONS = Options.<Builder, Tricks>of("tricks")
            .number("label_smoothing", 0, true, 1, false, "one-sided label smoothing: D's target for real samples, "
                    + "e.g. 0.9 (Salimans et al. 2016); sets real_label_low = real_label_high", Builder::labelSmoothing, null)
            .alias()
            .number("real_label_low", 0, true, 1.5, false, "lower end of D's target for real samples (1 = off; below "
                    + "real_label_high: a target drawn per sample, ganhacks' [0.7, 1.2])", Builder::realLabelLow,
                    Tricks::realLabelLow)
            .number("real_label_high", 0, true, 1.5, false, "upper end of D's target for real samples",
                    Builder::realLabelHigh, Tricks::realLabelHigh)
            .exclusive("label_smoothing", "real_label_low", "real_label_high")
            .number("label_flip", 0, false, 0.5, true, "probability that a D target is flipped (ganhacks)",
                    Builder::labelFlip, Tricks::labelFlip)
            .number("instance_noise", 0, false, 100, false, "std of Gaussian noise added to every input of D at step 0, "
                    + "annealed to 0 (Sønderby et al. 2017)", Builder::instanceNoise, Tricks::instanceNoise)   // before its anneal
            .integer("instance_noise_anneal", 0, Integer.MAX_VALUE, "steps over which the noise falls to 0 (0 = the whole run)",
                    Builder::instanceNoiseAnneal, Tricks::instanceNoiseAnneal)
            .flag("feature_matching", "G matches the mean of D's last hidden features instead of fooling D (Salimans et al. 2016)",
                    Builder::featureMatching, Tricks::featureMatching)
            .integer("replay_size", 0, 10_000_000, "old fakes kept for experience replay (Shrivastava et al. 2017; 0 = off)",
                    Builder::replaySize, Tricks::replaySize)
            .number("replay_fraction", 0, true, 1, true, "fraction of each fake batch for D taken from the replay buffer",
                    Builder::replayFraction, Tricks::replayFraction)
            .number("ema_decay", 0, false, 1, true, "decay of an exponential moving average of G's weights used for "
                    + "sampling and evaluation (Karras et al. 2018: 0.999; 0 = off)", Builder::ema, Tricks::emaDecay)
            .flag("joint_batch", "D sees real and fake samples in one batch (what ganhacks warns against, for batch norm)",
                    Builder::jointBatch, Tricks::jointBatch);

    public Tricks {
        require(Double.isFinite(realLabelLow) && Double.isFinite(realLabelHigh) && realLabelLow <= realLabelHigh
                && realLabelLow > 0, "realLabel", "range must satisfy 0 < low <= high, got ["
                + realLabelLow + ", " + realLabelHigh + "]");
        require(labelFlip >= 0 && labelFlip < 0.5, "labelFlip", "must be in [0, 0.5), got " + labelFlip);
        require(instanceNoise >= 0 && Double.isFinite(instanceNoise), "instanceNoise", "must be >= 0, got " + instanceNoise);
        require(instanceNoiseAnneal >= 0, "instanceNoiseAnneal", "must be >= 0, got " + instanceNoiseAnneal);
        require(replaySize >= 0, "replaySize", "must be >= 0, got " + replaySize);
        require(replayFraction > 0 && replayFraction < 1, "replayFraction", "must be in (0, 1), got " + replayFraction);
        require(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1), "emaDecay", "must be 0 (off) or in (0, 1), got " + emaDecay);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Tricks." + field + " " + message);
        }
    }

    /** A builder starting from no tricks. */
    public static Builder builder() {
        return new Builder(NONE);
    }

    /** A builder holding these tricks. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether D's targets differ from the loss's plain 1 / 0 (smoothing or flipping). */
    public boolean changesTargets() {
        return realLabelLow != 1 || realLabelHigh != 1 || labelFlip > 0;
    }

    /** The instance-noise standard deviation at {@code step} (0-based) of a run of {@code steps}. */
    public double instanceNoiseAt(int step, int steps) {
        if (instanceNoise == 0) {
            return 0;
        }
        int span = instanceNoiseAnneal > 0 ? instanceNoiseAnneal : Math.max(1, steps);
        return instanceNoise * Math.max(0, 1 - (double) step / span);
    }

    /** The tricks that are on, by name, e.g. "label-smoothing 0.9 + ema 0.999"; "none" when none is. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (realLabelLow != 1 || realLabelHigh != 1) {
            append(s, realLabelLow == realLabelHigh ? "label-smoothing " + realLabelLow
                    : "label-smoothing [" + realLabelLow + ", " + realLabelHigh + "]");
        }
        if (labelFlip > 0) {
            append(s, "label-flip " + labelFlip);
        }
        if (instanceNoise > 0) {
            append(s, "instance-noise " + instanceNoise);
        }
        if (featureMatching) {
            append(s, "feature-matching");
        }
        if (replaySize > 0) {
            append(s, "replay " + replaySize);
        }
        if (emaDecay > 0) {
            append(s, "ema " + emaDecay);
        }
        if (jointBatch) {
            append(s, "joint-batch");
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    private static void append(StringBuilder s, String item) {
        if (s.length() > 0) {
            s.append(" + ");
        }
        s.append(item);
    }

    /** Every setting, for run configs and provenance. */
    public Map<String, Object> settings() {
        return OPTIONS.read(this, null);
    }

    @Override
    public String toString() {
        return "Tricks[" + describe() + "]";
    }

    /** Builder for {@link Tricks}. */
    public static final class Builder {
        private double realLabelLow;
        private double realLabelHigh;
        private double labelFlip;
        private double instanceNoise;
        private int instanceNoiseAnneal;
        private boolean featureMatching;
        private int replaySize;
        private double replayFraction;
        private double emaDecay;
        private boolean jointBatch;

        private Builder(Tricks t) {
            realLabelLow = t.realLabelLow;
            realLabelHigh = t.realLabelHigh;
            labelFlip = t.labelFlip;
            instanceNoise = t.instanceNoise;
            instanceNoiseAnneal = t.instanceNoiseAnneal;
            featureMatching = t.featureMatching;
            replaySize = t.replaySize;
            replayFraction = t.replayFraction;
            emaDecay = t.emaDecay;
            jointBatch = t.jointBatch;
        }

        /** One-sided label smoothing: D's target for real samples is {@code target} (e.g. 0.9). */
        public Builder labelSmoothing(double target) {
            return labelSmoothing(target, target);
        }

        /** D's real target drawn uniformly per sample from [low, high] (ganhacks: [0.7, 1.2]). */
        public Builder labelSmoothing(double low, double high) {
            realLabelLow = low;
            realLabelHigh = high;
            return this;
        }

        /** D's target for real samples, lower end (1 = off). */
        public Builder realLabelLow(double low) {
            realLabelLow = low;
            return this;
        }

        /** D's target for real samples, upper end. */
        public Builder realLabelHigh(double high) {
            realLabelHigh = high;
            return this;
        }

        /** Flip each D target with this probability. */
        public Builder labelFlip(double probability) {
            labelFlip = probability;
            return this;
        }

        /** Gaussian instance noise of this standard deviation, annealed to 0 over the run. */
        public Builder instanceNoise(double sigma) {
            return instanceNoise(sigma, 0);
        }

        /** Steps over which the instance noise falls linearly to 0 (0 = the whole run). */
        public Builder instanceNoiseAnneal(int annealSteps) {
            instanceNoiseAnneal = annealSteps;
            return this;
        }

        /** Gaussian instance noise annealed linearly to 0 over {@code annealSteps} steps (0 = the run). */
        public Builder instanceNoise(double sigma, int annealSteps) {
            instanceNoise = sigma;
            instanceNoiseAnneal = annealSteps;
            return this;
        }

        /** Feature matching as G's objective. */
        public Builder featureMatching(boolean on) {
            featureMatching = on;
            return this;
        }

        /** Experience replay of {@code size} old fakes, half of each fake batch from the buffer. */
        public Builder replay(int size) {
            return replay(size, 0.5);
        }

        /** Old fakes kept for experience replay (0 = off). */
        public Builder replaySize(int size) {
            replaySize = size;
            return this;
        }

        /** Fraction of each fake batch for D taken from the replay buffer. */
        public Builder replayFraction(double fraction) {
            replayFraction = fraction;
            return this;
        }

        /** Experience replay of {@code size} old fakes, this fraction of each fake batch from the buffer. */
        public Builder replay(int size, double fraction) {
            replaySize = size;
            replayFraction = fraction;
            return this;
        }

        /** EMA of G's weights for sampling, with this decay (e.g. 0.999). */
        public Builder ema(double decay) {
            emaDecay = decay;
            return this;
        }

        /** One concatenated real + fake batch for D. */
        public Builder jointBatch(boolean on) {
            jointBatch = on;
            return this;
        }

        public Tricks build() {
            return new Tricks(realLabelLow, realLabelHigh, labelFlip, instanceNoise, instanceNoiseAnneal,
                    featureMatching, replaySize, replayFraction, emaDecay, jointBatch);
        }
    }
}
