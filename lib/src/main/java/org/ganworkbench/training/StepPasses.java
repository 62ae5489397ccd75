package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.DiscriminatorPass;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.GeneratorPass;
import org.ganworkbench.models.Gan;


/**
 * The passes a training step hands the loss: D run on the step's batches when the loss first asks,
 * inside the update's gradient recording. Each pass lives for one update, in its sub-manager.
 */
final class StepPasses {

    private StepPasses() {}

    /** One D update's pass over a real and a fake batch as D sees them (tricks applied). */
    static final class Discriminator implements DiscriminatorPass {
        private final Gan gan;
        private final StepInputs inputs;
        private final NDManager sm;
        private final NDArray realIn;
        private final NDArray fakeIn;
        private final GanLoss.Targets targets;
        private final boolean joint;
        private final NDArray classes;   // one-hot (N, K) of the reals and the fakes alike; null: unconditional
        private NDArray realScores;
        private NDArray fakeScores;
        private NDArray realLogits;
        private NDArray fakeLogits;

        /**
         * @param classes a conditional GAN's classes, one-hot (N, K), null for an unconditional one:
         *     the fakes were made for the reals' classes, so one set serves both (and every image a
         *     gradient penalty mixes from the two)
         */
        Discriminator(Gan gan, StepInputs inputs, NDManager sm, NDArray realIn, NDArray fakeIn,
                      GanLoss.Targets targets, boolean joint, NDArray classes) {
            this.gan = gan;
            this.inputs = inputs;
            this.sm = sm;
            this.realIn = realIn;
            this.fakeIn = fakeIn;
            this.targets = targets;
            this.joint = joint;
            this.classes = classes;
        }

        /**
         * D on x: [scores (N)], and an auxiliary classifier's logits (N, K) second when D has one; a
         * translation D's patch scores (N, P), x scored with its map.
         */
        private NDList score(NDArray x, NDArray xClasses) {
            if (xClasses == null) {
                return new NDList(gan.discriminate(x, true));
            }
            if (gan.architecture().mapShape() != null) {
                return new NDList(gan.discriminate(x, xClasses, true));   // a translation D's patch scores (N, P)
            }
            NDList out = gan.discriminateWithFeatures(x, xClasses, true);
            return out.size() > 2 ? new NDList(out.get(0), out.get(2)) : new NDList(out.get(0));
        }

        /** The joint-batch trick: D scores real and fake in one call (their batch statistics mixed). */
        private void scoreJointly() {
            long n = realIn.getShape().get(0);
            NDList both = score(realIn.concat(fakeIn, 0), classes == null ? null : classes.concat(classes, 0));
            realScores = both.get(0).get("0:" + n);
            fakeScores = both.get(0).get(n + ":");
            if (both.size() > 1) {
                realLogits = both.get(1).get("0:" + n);
                fakeLogits = both.get(1).get(n + ":");
            }
        }

        @Override
        public NDArray realScores() {
            if (realScores == null) {
                if (joint) {
                    scoreJointly();
                } else {
                    NDList real = score(realIn, classes);
                    realScores = real.get(0);
                    realLogits = real.size() > 1 ? real.get(1) : null;
                }
            }
            return realScores;
        }

        @Override
        public NDArray fakeScores() {
            if (fakeScores == null) {
                if (joint) {
                    scoreJointly();
                } else {
                    NDList fake = score(fakeIn, classes);
                    fakeScores = fake.get(0);
                    fakeLogits = fake.size() > 1 ? fake.get(1) : null;
                }
            }
            return fakeScores;
        }

        /** An auxiliary classifier's logits (N, K) on the reals, null without one. */
        NDArray realLogits() {
            realScores();
            return realLogits;
        }

        /** An auxiliary classifier's logits (N, K) on the fakes, null without one. */
        NDArray fakeLogits() {
            fakeScores();
            return fakeLogits;
        }

        @Override
        public GanLoss.Targets targets() {
            return targets;
        }

        @Override
        public NDArray realInputs() {
            return inputs.atStage(realIn);
        }

        @Override
        public NDArray fakeInputs() {
            return inputs.atStage(fakeIn);
        }

        @Override
        public NDArray uniform(int n) {
            return inputs.uniform(sm, n);
        }

        @Override
        public NDArray inputGradient(NDArray x) {
            NDArray at = x.stopGradient();
            at.setRequiresGradient(true);
            NDArray scores = classes == null ? gan.discriminate(at, true) : gan.discriminate(at, classes, true);
            return Engines.inputGradient(scores, at);   // writes no gradient into D's weights
        }
    }

    /**
     * One G update's pass over G's batch (and, when asked for, a real batch). Random numbers are
     * drawn in one order whatever the objective asks: the real batch, the noise on G's batch, the
     * noise on the real batch.
     */
    static final class Generator implements GeneratorPass {
        private final Gan gan;
        private final StepInputs inputs;
        private final NDManager sm;
        private final NDArray z;
        private final double sigma;
        private final int batch;
        private final NDArray classes;   // one-hot (N, K) G is asked for; null: unconditional
        private final boolean translation;   // G makes images of maps; D scores (image, map) patch by patch
        private NDArray real;
        private NDArray realClasses;
        private NDArray fake;
        private NDArray fakeIn;
        private NDList fakeLayers;   // a translation D's features of every layer on G's batch
        private NDList realLayers;   // and on the real pairs, cut from the graph
        private NDArray fakeScores;
        private NDArray fakeLogits;
        private NDArray realScores;
        private Features features;

        /** @param classes what G makes its batch for, one-hot (N, K); null for an unconditional GAN */
        Generator(Gan gan, StepInputs inputs, NDManager sm, NDArray z, double sigma, NDArray classes) {
            this(gan, inputs, sm, z, sigma, classes, null);
        }

        /**
         * A translation GAN's pass: G makes images of the maps of a real pair batch, which is the
         * real batch of this pass (its images {@code pairedReal}, its maps {@code maps}).
         */
        Generator(Gan gan, StepInputs inputs, NDManager sm, NDArray z, double sigma, NDArray maps, NDArray pairedReal) {
            this.translation = pairedReal != null;
            if (translation) {
                this.real = pairedReal;
                this.realClasses = maps;
            }
            this.gan = gan;
            this.inputs = inputs;
            this.sm = sm;
            this.z = z;
            this.sigma = sigma;
            this.batch = Math.toIntExact(z.getShape().get(0));
            this.classes = maps;
        }

        private NDArray real() {
            if (real == null) {
                if (classes == null) {
                    real = inputs.realBatch(sm, batch);
                } else {
                    StepInputs.Labeled r = inputs.realLabeled(sm, batch);
                    real = r.images();
                    realClasses = r.classes();
                }
            }
            return real;
        }

        private NDArray fakeIn() {
            if (fakeIn == null) {
                fake = classes == null ? gan.generate(z, true) : gan.generate(z, classes, true);
                fakeIn = inputs.noisy(fake, sigma, sm);
            }
            return fakeIn;
        }

        /** G's images of this pass (before any instance noise), with the graph back to G. */
        NDArray fakeImages() {
            fakeIn();
            return fake;
        }

        /** The real images of this pass (a translation GAN's: paired with the maps G was given). */
        NDArray realImages() {
            return real();
        }

        /** A translation D's patch scores and features on G's batch (one D pass serves both). */
        private void translationFake() {
            NDList out = gan.discriminatorOutputs(fakeIn(), classes, true);
            fakeScores = Gan.scores(out.get(0));
            fakeLayers = out.subNDList(1);
        }

        /** D's features of every layer on G's batch (a translation GAN), graph back to G. */
        NDList fakeLayerFeatures() {
            if (fakeLayers == null) {
                translationFake();
            }
            return fakeLayers;
        }

        /** D's features of every layer on the real pairs (a translation GAN), cut from the graph. */
        NDList realLayerFeatures() {
            if (realLayers == null) {
                translationReal();
            }
            return realLayers;
        }

        /** A translation D's patch scores and features on the real pairs: one D pass, after G's batch (the noise order). */
        private void translationReal() {
            fakeIn();
            NDList out = gan.discriminatorOutputs(inputs.noisy(real(), sigma, sm), realClasses, true);
            realScores = Gan.scores(out.get(0));
            realLayers = new NDList();
            for (NDArray f : out.subNDList(1)) {
                realLayers.add(f.stopGradient());
            }
        }

        /** D's outputs on x: [scores (N), features (N, F), logits if any]. */
        private NDList outputs(NDArray x, NDArray xClasses) {
            return xClasses == null ? gan.discriminateWithFeatures(x, true) : gan.discriminateWithFeatures(x, xClasses, true);
        }

        @Override
        public NDArray fakeScores() {
            if (fakeScores == null) {
                if (translation) {
                    translationFake();
                } else if (classes == null) {
                    fakeScores = gan.discriminate(fakeIn(), true);
                } else {
                    NDList out = outputs(fakeIn(), classes);
                    fakeScores = out.get(0);
                    fakeLogits = out.size() > 2 ? out.get(2) : null;
                }
            }
            return fakeScores;
        }

        /** An auxiliary classifier's logits (N, K) on G's batch, null without one. */
        NDArray fakeLogits() {
            fakeScores();
            return fakeLogits;
        }

        @Override
        public NDArray realScores() {
            if (realScores == null && translation) {
                translationReal();
            }
            if (realScores == null) {
                NDArray r = real();
                fakeIn();
                NDArray noisy = inputs.noisy(r, sigma, sm);
                realScores = classes == null ? gan.discriminate(noisy, true) : gan.discriminate(noisy, realClasses, true);
            }
            return realScores;
        }

        @Override
        public Features features() {
            if (translation) {
                throw new UnsupportedOperationException(gan.architecture().name() + " is a translation GAN: its feature "
                        + "matching is the model's feature_matching_weight (every layer of every scale), not the "
                        + "feature_matching trick");
            }
            if (features == null) {
                NDArray r = real();
                NDList fake = outputs(fakeIn(), classes);
                if (fakeScores == null) {
                    fakeScores = fake.get(0);
                    fakeLogits = fake.size() > 2 ? fake.get(2) : null;
                }
                NDArray realFeatures = outputs(inputs.noisy(r, sigma, sm), realClasses).get(1).stopGradient();
                features = new Features(fake.get(1), realFeatures);
            }
            return features;
        }
    }
}
