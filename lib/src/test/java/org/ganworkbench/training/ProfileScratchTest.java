package org.ganworkbench.training;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.ganworkbench.data.*;
import org.ganworkbench.losses.NonSaturatingLoss;
import org.ganworkbench.models.*;
import org.junit.jupiter.api.Test;
import java.util.Random;
class ProfileScratchTest {
  interface Body { void run(NDManager sm); }
  static double time(Gan gan, int n, Body b) {
    for (int i = 0; i < 5; i++) try (NDManager sm = gan.manager().newSubManager()) { b.run(sm); }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) try (NDManager sm = gan.manager().newSubManager()) { b.run(sm); }
    return (System.nanoTime() - t0) / 1e6 / n;
  }
  @Test void profile() {
    ImageSet data = FashionMnist.train();
    for (String e : new String[] {"MXNet", "PyTorch"}) {
      TrainingConfig c = TrainingConfig.builder(data, Dcgan.fashionMnist()).loss(new NonSaturatingLoss()).batchSize(64).seed(1).engine(e).build();
      try (GanTraining t = GanTraining.start(c)) {
        Gan gan = t.gan(); Random rng = new Random(1);
        double sample = time(gan, 50, sm -> { data.sample(sm, rng, 64); gan.latent().sample(sm, rng, 64).getFloat(0, 0); });
        double gfwd = time(gan, 30, sm -> { NDArray z = gan.latent().sample(sm, rng, 64); try (GradientCollector gc = gan.engine().newGradientCollector()) { gan.generate(z, true).stopGradient().getFloat(0,0,0,0);} });
        double gfwdbwd = time(gan, 30, sm -> { NDArray z = gan.latent().sample(sm, rng, 64); try (GradientCollector gc = gan.engine().newGradientCollector()) { gc.backward(gan.generate(z, true).sum());} gan.generatorParameters().get(0).getArray().getGradient().getFloat(0,0); });
        double dfwdbwd = time(gan, 30, sm -> { NDArray x = data.sample(sm, rng, 64); try (GradientCollector gc = gan.engine().newGradientCollector()) { gc.backward(gan.discriminate(x, true).sum());} gan.discriminatorParameters().get(0).getArray().getGradient().getFloat(0,0,0,0); });
        double dstep = time(gan, 30, sm -> t.discriminatorStep(false));
        double gstep = time(gan, 30, sm -> t.generatorStep(false));
        System.err.printf("%s: sample %.2f ms, G fwd %.2f, G fwd+bwd %.2f, D fwd+bwd(1 batch) %.2f, D step %.2f, G step %.2f%n", e, sample, gfwd, gfwdbwd, dfwdbwd, dstep, gstep);
      }
    }
  }
}
