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
        private NDArray realScores;
        private NDArray fakeScores;

        Discriminator(Gan gan, StepInputs inputs, NDManager sm,
                      NDArray realIn, NDArray fakeIn, GanLoss.Targets targets, boolean joint) {
            this.gan = gan;
            this.inputs = inputs;
            this.sm = sm;
            this.realIn = realIn;
            this.fakeIn = fakeIn;
            this.targets = targets;
            this.joint = joint;
        }

        /** The joint-batch trick: D scores real and fake in one call (their batch statistics mixed). */
        private void scoreJointly() {
            long n = realIn.getShape().get(0);
            NDArray scores = gan.discriminate(realIn.concat(fakeIn, 0), true);
            realScores = scores.get("0:" + n);
            fakeScores = scores.get(n + ":");
        }

        @Override
        public NDArray realScores() {
            if (realScores == null) {
                if (joint) {
                    scoreJointly();
                } else {
                    realScores = gan.discriminate(realIn, true);
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
                    fakeScores = gan.discriminate(fakeIn, true);
                }
            }
            return fakeScores;
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
            return Engines.inputGradient(gan.discriminate(at, true), at);   // writes no gradient into D's weights
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
        private NDArray real;
        private NDArray fakeIn;
        private NDArray fakeScores;
        private NDArray realScores;
        private Features features;

        Generator(Gan gan, StepInputs inputs, NDManager sm, NDArray z, double sigma) {
            this.gan = gan;
            this.inputs = inputs;
            this.sm = sm;
            this.z = z;
            this.sigma = sigma;
            this.batch = Math.toIntExact(z.getShape().get(0));
        }

        private NDArray real() {
            if (real == null) {
                real = inputs.realBatch(sm, batch);
            }
            return real;
        }

        private NDArray fakeIn() {
            if (fakeIn == null) {
                fakeIn = inputs.noisy(gan.generate(z, true), sigma, sm);
            }
            return fakeIn;
        }

        @Override
        public NDArray fakeScores() {
            if (fakeScores == null) {
                fakeScores = gan.discriminate(fakeIn(), true);
            }
            return fakeScores;
        }

        @Override
        public NDArray realScores() {
            if (realScores == null) {
                NDArray r = real();
                fakeIn();
                realScores = gan.discriminate(inputs.noisy(r, sigma, sm), true);
            }
            return realScores;
        }

        @Override
        public Features features() {
            if (features == null) {
                NDArray r = real();
                NDList fake = gan.discriminateWithFeatures(fakeIn(), true);
                if (fakeScores == null) {
                    fakeScores = fake.get(0);
                }
                NDArray realFeatures = gan.discriminateWithFeatures(inputs.noisy(r, sigma, sm), true).get(1)
                        .stopGradient();
                features = new Features(fake.get(1), realFeatures);
            }
            return features;
        }
    }
}
