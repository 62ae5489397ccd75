package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.AuxiliaryClassifierLoss;
import org.ganworkbench.losses.DiscriminatorObjective;
import org.ganworkbench.losses.FeatureMatching;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.GeneratorPass;
import org.ganworkbench.losses.TranslationTerms;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.TranslationWeights;

import java.util.List;
import java.util.function.Function;

/**
 * The two players' updates, each on fresh batches in a sub-manager closed at its end, with the
 * objective the loss (or, for G, feature matching) builds over a {@link StepPasses pass}. Each
 * update touches only its own network's weights; gradients are zeroed right before the backward
 * pass whose gradients are applied (PyTorch accumulates them, MXNet overwrites them).
 */
final class PlayerUpdates {

    /** Told of a non-finite loss or gradient; throws to stop the run, or returns and the update is skipped. */
    interface NonFinite {
        void report(String network, String what);
    }

    private final Gan gan;
    private final TrainingConfig config;
    private final GanLoss loss;
    private final StepInputs inputs;
    private final Optimizers optimizers;
    private final WeightAverage average;
    private final boolean keepScores;
    private final NonFinite nonFinite;
    private final Function<GeneratorPass, NDArray> generatorObjective;
    private final int classes;                       // K of a conditional GAN, 0 otherwise
    private final AuxiliaryClassifierLoss classLoss; // AC-GAN's class term, null without a class head
    private final boolean translation;               // G makes images of the data's maps (pix2pix, SPADE)
    private final TranslationWeights weights;        // its generator terms' weights (NONE otherwise)
    private final TranslationTerms terms;            // its L1 and feature-matching terms, null when off

    /**
     * @param keepScores whether the updates report D's mean raw scores (for a loss with step values, BEGAN's k)
     */
    PlayerUpdates(Gan gan, TrainingConfig config, GanLoss loss, StepInputs inputs,
                  Optimizers optimizers, WeightAverage average, boolean keepScores, NonFinite nonFinite) {
        this.gan = gan;
        this.config = config;
        this.loss = loss;
        this.inputs = inputs;
        this.optimizers = optimizers;
        this.average = average;
        this.keepScores = keepScores;
        this.nonFinite = nonFinite;
        this.generatorObjective = config.tricks().featureMatching() ? FeatureMatching::generatorObjective
                : loss::generatorObjective;
        this.classes = gan.architecture().classes();
        double w = gan.architecture().auxiliaryClassWeight();
        this.classLoss = w > 0 ? new AuxiliaryClassifierLoss(w) : null;
        this.translation = gan.architecture().mapShape() != null;
        this.weights = gan.architecture().translationWeights();
        this.terms = weights.extraTerms() ? new TranslationTerms(weights) : null;
    }

    /** What one discriminator update measured. */
    record DiscriminatorStep(double loss, double dReal, double dFake, double gradNorm, double realScore) {}

    /**
     * What one generator update measured; fakeScore is D's mean raw score on G's batch (NaN unless
     * kept); l1 and featureMatching are a translation GAN's unweighted extra terms (NaN when off).
     */
    record GeneratorStep(double loss, double gradNorm, double fakeScore, double l1, double featureMatching) {}

    /**
     * One update of D in step {@code step} (1-based) on a fresh real batch and a fresh fake batch.
     * The fakes are cut from G's graph, so no gradient reaches G and G's weights are not touched.
     *
     * @return what it measured, or null if the step was skipped (non-finite, action WARN)
     */
    DiscriminatorStep discriminator(int step, boolean measureGradient) {
        int batch = config.batchSize();
        List<Parameter> paramsD = gan.discriminatorParameters();
        try (NDManager sm = gan.manager().newSubManager()) {
            NDArray real;
            NDArray onehot = null;   // a conditional GAN's classes (a translation GAN's maps), of the reals and of the fakes made for them
            if (classes > 0 || translation) {
                StepInputs.Labeled r = inputs.realLabeled(sm, batch);
                real = r.images();
                onehot = r.classes();
            } else {
                real = inputs.realBatch(sm, batch);
            }
            NDArray z = inputs.latents(sm, batch);
            double sigma = inputs.noiseAt(step);
            GanLoss.Targets targets = inputs.targets(sm, batch);
            Engines.zeroGradients(paramsD);
            StepPasses.Discriminator pass;
            DiscriminatorObjective objective;
            NDArray total;
            try (GradientCollector gc = gan.engine().newGradientCollector()) {
                // G runs in training mode (batch statistics for batch norm, which MXNet allows only
                // while recording); stopGradient cuts the graph, so no gradient reaches G.
                NDArray generated = onehot == null ? gan.generate(z, true) : gan.generate(z, onehot, true);
                NDArray fake = inputs.replayed(generated.stopGradient(), sm);
                pass = new StepPasses.Discriminator(gan, inputs, sm, inputs.noisy(real, sigma, sm),
                        inputs.noisy(fake, sigma, sm), targets, config.tricks().jointBatch(), onehot);
                objective = loss.discriminatorObjective(pass);
                total = objective.total();
                if (classLoss != null) {
                    total = total.add(classLoss.discriminatorTerm(pass.realLogits(), onehot, pass.fakeLogits(), onehot));
                }
                gc.backward(total);
            }
            float l = total.getFloat();
            if (!Float.isFinite(l)) {
                nonFinite.report("discriminator", "loss is " + l);
                return null;
            }
            double norm = Double.NaN;
            if (measureGradient) {
                // a non-finite gradient behind a finite loss shows up as a non-finite loss one step later
                norm = Engines.gradientNorm(paramsD, sm);
                if (!Double.isFinite(norm)) {
                    nonFinite.report("discriminator", "gradient norm is " + norm);
                    return null;
                }
            }
            NDArray realScores = pass.realScores();
            double dReal = Activation.sigmoid(realScores).mean().getFloat();
            double dFake = Activation.sigmoid(pass.fakeScores()).mean().getFloat();
            double realScore = keepScores ? realScores.mean().getFloat() : Double.NaN;
            optimizers.updateDiscriminator(paramsD);
            loss.afterDiscriminatorUpdate(paramsD);
            return new DiscriminatorStep(objective.loss().getFloat(), dReal, dFake, norm, realScore);
        }
    }

    /**
     * One update of G through D in step {@code step} on a fresh latent batch. D's gradients are
     * computed on the way (they cannot be avoided) but never applied; they are zeroed before D's
     * next backward pass.
     *
     * @return what it measured, or null if the step was skipped (non-finite, action WARN)
     */
    GeneratorStep generator(int step, boolean measureGradient) {
        List<Parameter> paramsG = gan.generatorParameters();
        try (NDManager sm = gan.manager().newSubManager()) {
            NDArray z = inputs.latents(sm, config.batchSize());
            NDArray onehot;
            StepPasses.Generator pass;
            if (translation) {   // G makes the images of a real pair batch's maps: L1 and feature matching compare with its images
                StepInputs.Labeled pairs = inputs.realLabeled(sm, config.batchSize());
                onehot = pairs.classes();
                pass = new StepPasses.Generator(gan, inputs, sm, z, inputs.noiseAt(step), onehot, pairs.images());
            } else {
                onehot = classes == 0 ? null : GanData.oneHot(sm, inputs.classes(config.batchSize()), classes);
                pass = new StepPasses.Generator(gan, inputs, sm, z, inputs.noiseAt(step), onehot);
            }
            Engines.zeroGradients(paramsG);
            NDArray lossG = null;
            NDArray total = null;
            TranslationTerms.Values extra = null;
            try (GradientCollector gc = gan.engine().newGradientCollector()) {
                if (weights.adversarial() > 0) {
                    lossG = generatorObjective.apply(pass);
                    total = weights.adversarial() == 1 ? lossG : lossG.mul((float) weights.adversarial());
                }
                if (classLoss != null) {
                    total = total.add(classLoss.generatorTerm(pass.fakeLogits(), onehot));
                }
                if (terms != null) {
                    extra = terms.generatorTerms(pass.fakeImages(), pass.realImages(), pass::fakeLayerFeatures,
                            pass::realLayerFeatures);
                    total = total == null ? extra.total() : total.add(extra.total());
                }
                gc.backward(total);
            }
            float t = total.getFloat();
            if (!Float.isFinite(t)) {
                nonFinite.report("generator", "loss is " + t);
                return null;
            }
            // the GAN loss alone, as D's logged loss (AC-GAN's class term and a translation GAN's terms are not in
            // either; they have columns of their own); G's whole objective when it has no GAN term
            float l = lossG == null ? t : lossG.getFloat();
            double norm = measureGradient ? Engines.gradientNorm(paramsG, sm) : Double.NaN;
            if (measureGradient && !Double.isFinite(norm)) {
                nonFinite.report("generator", "gradient norm is " + norm);
                return null;
            }
            double fakeScore = keepScores ? pass.fakeScores().mean().getFloat() : Double.NaN;
            optimizers.updateGenerator(paramsG);
            if (average != null) {
                average.update();
            }
            return new GeneratorStep(l, norm, fakeScore, extra == null ? Double.NaN : extra.l1(),
                    extra == null ? Double.NaN : extra.featureMatching());
        }
    }
}
