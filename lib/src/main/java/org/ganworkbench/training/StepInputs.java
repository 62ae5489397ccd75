package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.GanData;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.models.Gan;
import org.ganworkbench.models.Growing;

import java.util.Random;

/**
 * What a training step feeds the networks: real batches (at a growing architecture's current
 * stage), latents, and what the {@link Tricks} change (instance noise, smoothed or flipped targets,
 * replayed fakes). Everything random comes from one stream, seeded from the run's seed and
 * independent of the weight initialisation's, and drawn in a fixed order, so a run repeats exactly
 * and on either engine.
 */
final class StepInputs {

    private final Gan gan;
    private final TrainingConfig config;
    private final Tricks tricks;
    private final Growing growing;
    private final ReplayBuffer replay;
    private Random rng;

    StepInputs(Gan gan, TrainingConfig config, Growing growing) {
        this.gan = gan;
        this.config = config;
        this.tricks = config.tricks();
        this.growing = growing;
        this.replay = tricks.replaySize() > 0 ? new ReplayBuffer(tricks.replaySize(), tricks.replayFraction()) : null;
        // a second stream for batches and latents, independent of the weight init stream
        this.rng = new Random(config.seed() * 0x9E3779B97F4A7C15L + 1);
    }

    /**
     * Writes the random stream's state (which also fixes the data order: batches are drawn from it)
     * and the replay pool.
     */
    void save(TrainingState s) {
        s.putBytes("inputs.random", RandomState.of(rng));
        if (replay != null) {
            replay.save(s, "inputs.replay");
        }
    }

    /** Restores what {@link #save} wrote. */
    void restore(TrainingState s) {
        rng = RandomState.restore(s.getBytes("inputs.random"));
        if (replay != null) {
            replay.restore(s, "inputs.replay");
        }
    }

    /** A real batch from the data, as D must see it at a growing architecture's current stage. */
    NDArray realBatch(NDManager sm, int batch) {
        NDArray real = config.data().sample(sm, rng, batch);
        return growing == null ? real : growing.realBatch(gan, real);
    }

    /**
     * A batch at the resolution D works at now (a growing architecture's current stage), where the
     * norm of D's input gradient means what a penalty assumes; the batch itself otherwise.
     */
    NDArray atStage(NDArray x) {
        return growing == null ? x : growing.atStage(gan, x);
    }

    /**
     * A real batch with its classes for a conditional GAN: the same draws as {@link #realBatch}
     * ({@code GanData.sampleLabeled}), the images as D must see them, the classes one-hot; for a
     * translation GAN, the images with their paired maps ({@code GanData.samplePaired}).
     */
    Labeled realLabeled(NDManager sm, int batch) {
        if (gan.architecture().mapShape() != null) {
            GanData.PairedBatch p = config.data().samplePaired(sm, rng, batch);
            return new Labeled(p.images(), null, p.maps());
        }
        GanData.LabeledBatch b = config.data().sampleLabeled(sm, rng, batch);
        NDArray images = growing == null ? b.samples() : growing.realBatch(gan, b.samples());
        return new Labeled(images, b.labels(), GanData.oneHot(sm, b.labels(), gan.architecture().classes()));
    }

    /**
     * Images (or a G's samples) with their condition: the classes as labels and one-hot (N, K), or,
     * for a translation GAN, no labels (null) and the paired maps (N, C, H, W) in {@code classes}.
     */
    record Labeled(NDArray images, int[] labels, NDArray classes) {}

    /** Classes for a generator batch of a conditional GAN: uniform over the K classes, from the run's stream. */
    int[] classes(int batch) {
        int k = gan.architecture().classes();
        int[] c = new int[batch];
        for (int i = 0; i < batch; i++) {
            c[i] = rng.nextInt(k);
        }
        return c;
    }

    /** A batch of latent vectors. */
    NDArray latents(NDManager sm, int batch) {
        return gan.latent().sample(sm, rng, batch);
    }

    /** The instance noise's σ in step {@code step} (1-based), after its annealing. */
    double noiseAt(int step) {
        return tricks.instanceNoiseAt(step - 1, config.steps());
    }

    /** x + N(0, σ²) noise drawn from the run's stream (so runs stay engine-independent); x itself if σ is 0. */
    NDArray noisy(NDArray x, double sigma, NDManager sm) {
        if (sigma <= 0) {
            return x;
        }
        Shape shape = x.getShape();
        float[] noise = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (rng.nextGaussian() * sigma);
        }
        return x.add(sm.create(noise, shape));
    }

    /** The fakes D trains on: G's batch, part of it swapped for earlier fakes when replay is on. */
    NDArray replayed(NDArray fake, NDManager sm) {
        return replay == null ? fake : replay.mix(fake, sm, rng);
    }

    /**
     * D's targets when the tricks change them (real ~ U[low, high] or fixed, fake 0; flips swap
     * them), else null.
     */
    GanLoss.Targets targets(NDManager sm, int n) {
        if (!tricks.changesTargets()) {
            return null;
        }
        float[] real = new float[n];
        float[] fake = new float[n];
        double low = tricks.realLabelLow();
        double high = tricks.realLabelHigh();
        for (int i = 0; i < n; i++) {
            real[i] = (float) (low == high ? low : low + (high - low) * rng.nextDouble());
        }
        if (tricks.labelFlip() > 0) {
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < tricks.labelFlip()) {
                    real[i] = 0;
                }
                if (rng.nextDouble() < tricks.labelFlip()) {
                    fake[i] = (float) high;
                }
            }
        }
        return new GanLoss.Targets(sm.create(real), sm.create(fake));
    }

    /** n draws from U[0, 1), shape (n). */
    NDArray uniform(NDManager sm, int n) {
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = rng.nextFloat();
        }
        return sm.create(u);
    }
}
