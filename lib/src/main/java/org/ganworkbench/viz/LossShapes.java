package org.ganworkbench.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.GanLoss;
import org.ganworkbench.losses.GeneratorPass;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plots generator losses as functions of D(G(z)), with the size of the gradient they send back to
 * the generator through D's logit: the classic figure that shows why the minimax loss saturates.
 * The curves are computed by the losses themselves, with the engine's autograd.
 */
public final class LossShapes {

    private LossShapes() {}

    /** Loss value and |d loss / d logit| against D(G(z)), one series per loss. */
    public static BufferedImage generatorLosses(GanLoss... losses) {
        int n = 199;
        double[] p = new double[n];
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = (i + 1) / (double) (n + 1);
            logits[i] = Math.log(p[i] / (1 - p[i]));
        }
        return plot(p, logits, "D(G(z))", "|d loss / d logit|", losses);
    }

    /**
     * Every loss's generator loss and the size of its gradient as functions of D's raw score s on a
     * fake sample, for s in [-4, 4]: the logistic losses read s as a logit, the others as a critic
     * value. The relativistic loss is drawn with D's mean score on real data at 0.
     */
    public static BufferedImage generatorLossesByScore(GanLoss... losses) {
        int n = 161;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = -4 + 8.0 * i / (n - 1);
        }
        return plot(s, s, "D's score s on a fake", "|d loss / d s|", losses);
    }

    /** G's loss and |gradient| at each score, plotted against {@code x}; computed with the engine's autograd. */
    private static BufferedImage plot(double[] x, double[] scores, String xTitle, String gradTitle, GanLoss... losses) {
        Curves c = curves(scores, losses);
        BufferedImage left = Charts.line("Generator loss", xTitle, "loss", x, c.values(), 420, 280);
        BufferedImage right = Charts.line("Gradient reaching G", xTitle, gradTitle, x, c.gradients(), 420, 280);
        return Panels.row(left, right);
    }

    /** What the figures draw: per loss (by name), G's loss and |d loss / d score| at each score. */
    record Curves(Map<String, double[]> values, Map<String, double[]> gradients) {}

    /** G's loss at each of D's raw scores on a fake, and the size of its gradient, by the engine's autograd. */
    static Curves curves(double[] scores, GanLoss... losses) {
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, double[]> grads = new LinkedHashMap<>();
        try (NDManager m = Engines.newManager(null)) {
            for (GanLoss loss : losses) {
                double[] v = new double[scores.length];
                double[] g = new double[scores.length];
                for (int i = 0; i < scores.length; i++) {
                    NDArray fake = m.create(new float[] {(float) scores[i]});
                    fake.setRequiresGradient(true);
                    NDArray l;
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        l = loss.generatorObjective(GeneratorPass.ofScores(() -> m.zeros(new Shape(1)), fake));
                        gc.backward(l);
                    }
                    v[i] = l.getFloat();
                    g[i] = Math.abs(fake.getGradient().getFloat(0));
                }
                values.put(loss.name(), v);
                grads.put(loss.name(), g);
            }
        }
        return new Curves(values, grads);
    }
}
