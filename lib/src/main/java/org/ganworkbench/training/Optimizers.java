package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.ArrayList;
import java.util.List;

/**
 * The two players' optimizers: one each, so their states never mix (Adam, RMSProp or plain SGD, as
 * configured), with learning rates that learning-rate decay can scale during the run and that a
 * growing architecture can start afresh at each phase.
 */
final class Optimizers {

    private final TrainingConfig config;
    private final ScaledRate rateD;
    private final ScaledRate rateG;
    private final LrDecay.Plateau plateau;
    private final List<Integer> resets = new ArrayList<>();
    private Optimizer discriminator;
    private Optimizer generator;

    Optimizers(TrainingConfig config) {
        this.config = config;
        this.rateD = new ScaledRate(config.learningRateD());
        this.rateG = new ScaledRate(config.learningRateG());
        this.plateau = config.lrDecay().enabled() ? new LrDecay.Plateau(config.lrDecay()) : null;
        this.discriminator = create(rateD);
        this.generator = create(rateG);
    }

    private Optimizer create(Tracker lr) {
        return switch (config.optimizer()) {
            // PyTorch's RMSprop defaults, as in the WGAN reference code: rho 0.99, no momentum, not centred
            case "rmsprop" -> new SaveableRmsProp(lr, 0.99f, 1e-8f);
            case "sgd" -> new SaveableSgd(lr);   // w - lr * g, no momentum
            default -> new SaveableAdam(lr, config.beta1(), config.beta2());   // DJL's Adam, to the bit, with state we can save
        };
    }

    /** Both optimizers start afresh (moments zeroed), before step {@code step}. */
    void reset(int step) {
        close();
        discriminator = create(rateD);
        generator = create(rateG);
        resets.add(step);
    }

    /** Frees the optimizers' state (Adam's moments live on the networks' manager). */
    void close() {
        for (Optimizer o : List.of(discriminator, generator)) {
            if (o instanceof SaveableOptimizer saveable) {
                saveable.close();
            }
        }
    }

    /** The steps before which the optimizers were started afresh. */
    List<Integer> resets() {
        return List.copyOf(resets);
    }

    /** Applies D's gradients to D's weights. */
    void updateDiscriminator(List<Parameter> params) {
        update(discriminator, params);
    }

    /** Applies G's gradients to G's weights. */
    void updateGenerator(List<Parameter> params) {
        update(generator, params);
    }

    private static void update(Optimizer optimizer, List<Parameter> params) {
        for (Parameter p : params) {
            NDArray weight = p.getArray();
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(p.getId(), weight, grad);
            }
        }
    }

    /** Writes both optimizers' state, the decay's plateau and the resets under {@code optimizers.}. */
    void save(TrainingState s, List<Parameter> paramsD, List<Parameter> paramsG) {
        ((SaveableOptimizer) discriminator).save(s, "optimizers.d", paramsD);
        ((SaveableOptimizer) generator).save(s, "optimizers.g", paramsG);
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        resets.forEach(list::add);
        s.putJson("optimizers.resets", list);
        if (plateau != null) {
            plateau.save(s, "optimizers.plateau");
        }
    }

    /** Restores what {@link #save} wrote; moments are made on {@code manager} (the weights'). */
    void restore(TrainingState s, List<Parameter> paramsD, List<Parameter> paramsG, ai.djl.ndarray.NDManager manager) {
        ((SaveableOptimizer) discriminator).restore(s, "optimizers.d", paramsD, manager);
        ((SaveableOptimizer) generator).restore(s, "optimizers.g", paramsG, manager);
        resets.clear();
        s.getJson("optimizers.resets").getAsJsonArray().forEach(r -> resets.add(r.getAsInt()));
        if (plateau != null) {
            plateau.restore(s, "optimizers.plateau");
            rateD.scale(plateau.scale());
            rateG.scale(plateau.scale());
        }
    }

    /** Whether learning-rate decay is on. */
    boolean decays() {
        return plateau != null;
    }

    /** Feeds the decay the loss's convergence measure; scales both learning rates when it stalls. */
    void observeConvergence(double measure) {
        double before = plateau.scale();
        double scale = plateau.observe(measure);
        if (scale != before) {
            rateD.scale(scale);
            rateG.scale(scale);
        }
    }

    /** The learning rates' current fraction of their configured values (1 unless decayed). */
    double scale() {
        return plateau == null ? 1 : plateau.scale();
    }

    /** A learning rate the loop can scale during the run (learning-rate decay); fixed otherwise. */
    private static final class ScaledRate implements Tracker {
        private final float base;
        private float value;

        ScaledRate(float base) {
            this.base = base;
            this.value = base;
        }

        void scale(double factor) {
            value = (float) (base * factor);
        }

        @Override
        public float getNewValue(int numUpdate) {
            return value;
        }
    }
}
