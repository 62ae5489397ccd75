package org.ganworkbench.training;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.ImageSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Began;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.models.DiscriminatorOptions;
import org.ganworkbench.models.Latent;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.nn.Norm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Flat memory, counted exactly: after its first steps, a run's networks' manager holds the same
 * number of arrays however long it trains, for every layer the lib has (equalized learning rate,
 * spectral norm, instance and virtual batch norm, transposed convolution, minibatch discrimination
 * and stddev, pixel norm, progressive growing and fading, BEGAN's autoencoder, G's average). An
 * array a forward pass makes from a weight (a scaled, reshaped or sliced weight) would be attached
 * to the weights' manager, not to the step's, and pile up there until the run is closed: the
 * progressive GAN grew by about 5 MB a step that way ({@code gan soak}; {@code Ops.intoPass} is the fix).
 */
@Tag("slow")   // trains for real or starts child JVMs: test.sh runs these in a step of their own
class NativeGrowthTest {

    static Map<String, TrainingConfig.Builder> configs() throws ReflectiveOperationException {
        ImageSet data = ResumeTest.blobs();
        Shape s = data.sampleShape();
        Map<String, TrainingConfig.Builder> m = new LinkedHashMap<>();
        m.put("mlp spectral norm, minibatch discrimination, EMA", TrainingConfig.builder(new GanTrainingTest.Blob(1f),
                MlpGan.forPoints().generatorHidden(16).discriminatorHidden(16).discriminatorOptions(DiscriminatorOptions.NONE
                        .withSpectralNorm(true).withMinibatchDiscrimination(4, 3)).build())
                .tricks(Tricks.builder().ema(0.9).build()).batchSize(16));
        m.put("dcgan instance norm, transposed", TrainingConfig.builder(data, Dcgan.builder(s).width(8)
                .generatorNorm(Norm.INSTANCE).discriminatorNorm(Norm.INSTANCE).build()).batchSize(8));
        m.put("dcgan virtual batch norm, resize, spectral norm", TrainingConfig.builder(data, Dcgan.builder(s).width(8)
                .upsampler(Dcgan.Upsampler.RESIZE).generatorNorm(Norm.VIRTUAL_BATCH).referenceBatch(4, 1).discriminatorNorm(Norm.NONE)
                .discriminatorOptions(DiscriminatorOptions.NONE.withSpectralNorm(true)).build()).batchSize(8));
        m.put("began", TrainingConfig.builder(data, Began.builder(s).width(4).hidden(8).latent(Latent.uniform(4)).build())
                .loss(Losses.began()).batchSize(8));
        m.put("progressive equalized, growing", TrainingConfig.builder(data, ProgressiveGan.builder(s).featureMaps(8, 8, 4)
                .latent(Latent.gaussian(8)).schedule(16, 16).equalizedLr(true).pixelNorm(true).minibatchStdDev(true)
                .build()).loss(Losses.lsgan()).tricks(Tricks.builder().ema(0.99).build()).batchSize(8));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void theNetworksManagerHoldsAsManyArraysAfter12StepsAsAfter4(String engine) throws Exception {
        for (var e : configs().entrySet()) {
            TrainingConfig c = e.getValue().engine(engine).steps(12).seed(3).build();
            try (GanTraining t = GanTraining.start(c)) {
                t.run(4);
                int after4 = t.gan().manager().getManagedArrays().size();
                t.run(8);
                int after12 = t.gan().manager().getManagedArrays().size();
                assertEquals(after4, after12, e.getKey() + " on " + engine + ": arrays left on the networks' manager "
                        + "by 8 more steps");
            }
        }
    }
}
