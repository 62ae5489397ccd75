package org.ganworkbench.experiments;

import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.Began;
import org.ganworkbench.models.Dcgan;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.models.ConditionalGan;
import org.ganworkbench.models.Pix2Pix;
import org.ganworkbench.models.Spade;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.training.FailureChecks;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.Tricks;

/**
 * The option tables of the run spec, made from the declarations ({@code Dcgan.OPTIONS} and so on)
 * with the defaults read from default-built blueprints: what {@code gan options} prints and the
 * README shows (a test keeps the README's copy equal to this).
 */
public final class OptionTables {

    /** The README's block starts after this line ... */
    public static final String BEGIN = "<!-- option tables: made by `environment/gan options`; OptionTablesTest checks this copy -->";
    /** ... and ends before this one. */
    public static final String END = "<!-- end of option tables -->";

    private OptionTables() {}

    /** Every section's table, in Markdown, with a heading per model. */
    public static String markdown() {
        StringBuilder s = new StringBuilder();
        TrainingConfig defaults = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build()).build();
        s.append("Top level, beside `data` (required; ").append(String.join(", ", SpecSchema.DATA))
                .append(") and `samples` (points or images in samples.png; absent: 500 points / 64 images; 0: none):\n\n");
        s.append(TrainingConfig.RUN_OPTIONS.table(defaults));
        s.append("\n`model` section, `\"name\": \"mlp\"` (defaults for 2-D points, `MlpGan.forPoints()`; image data starts "
                + "from `MlpGan.forImages`: G 256-512-1024 LeakyReLU with batch norm, tanh, D 512-256):\n\n");
        s.append(MlpGan.OPTIONS.table(MlpGan.forPoints().build()));
        s.append("\n`model` section, `\"name\": \"dcgan\"` (defaults at 28×28):\n\n");
        s.append(Dcgan.OPTIONS.table(Dcgan.builder(new Shape(1, 28, 28)).build()));
        s.append("\n`model` section, `\"name\": \"began\"` (defaults at 32×32):\n\n");
        s.append(Began.OPTIONS.table(Began.builder(new Shape(1, 32, 32)).build()));
        s.append("\n`model` section, `\"name\": \"progressive\"` (defaults at 32×32 RGB):\n\n");
        s.append(ProgressiveGan.OPTIONS.table(ProgressiveGan.builder(new Shape(3, 32, 32)).build()));
        s.append("\n`model` section, `\"name\": \"conditional\"` (class-conditional; the classes come from the data, which must "
                + "be labeled: fashion-mnist(-32), mnist-digits, shapes-32/64; defaults at 32×32 RGB):\n\n");
        s.append(ConditionalGan.OPTIONS.table(ConditionalGan.builder(new Shape(3, 32, 32), 5).build()));
        s.append("\n`model` section, `\"name\": \"pix2pix\"` (translation from the data's maps, which must be paired: "
                + "shape-scenes-32/64; defaults at 32×32 RGB from the 7 map planes of the Shapes scenes):\n\n");
        s.append(Pix2Pix.OPTIONS.table(Pix2Pix.builder(new Shape(3, 32, 32), new Shape(7, 32, 32)).build()));
        s.append("\n`model` section, `\"name\": \"spade\"` (as pix2pix, G from noise with spatially-adaptive "
                + "normalization):\n\n");
        s.append(Spade.OPTIONS.table(Spade.builder(new Shape(3, 32, 32), new Shape(7, 32, 32)).build()));
        s.append("\n`loss` section: `name` (").append(String.join(", ", Losses.names())).append("; with the began model also ")
                .append(String.join(", ", Losses.energyNames())).append(") and the loss's parameters; ")
                .append(String.join(", ", Losses.names().stream().filter(l -> Losses.options(l).keys().isEmpty()).toList()))
                .append(" take none (the name may stand alone: `\"loss\": \"hinge\"`):\n");
        for (String loss : Losses.names()) {
            if (!Losses.options(loss).keys().isEmpty()) {
                s.append("\n`loss` section, `\"name\": \"").append(loss).append("\"`:\n\n").append(Losses.table(loss));
            }
        }
        for (String loss : Losses.energyNames()) {
            s.append("\n`loss` section, `\"name\": \"").append(loss).append("\"` (with `\"model\": \"began\"`):\n\n")
                    .append(Losses.table(loss));
        }
        s.append("\n`optimizer` section (the name may stand alone: `\"optimizer\": \"recommended\"`):\n\n");
        s.append(TrainingConfig.OPTIMIZER_OPTIONS.table(defaults));
        s.append("\n`tricks` section (defaults: none on):\n\n");
        s.append(Tricks.OPTIONS.table(Tricks.NONE));
        s.append("\n`failures` section (actions ignore, warn, stop; defaults: `FailureChecks.DEFAULT`):\n\n");
        s.append(FailureChecks.OPTIONS.table(FailureChecks.DEFAULT));
        s.append("\n`evaluation` section of the 2-D toys (ring8, grid25: mode coverage):\n\n");
        s.append(RunEvaluators.forData("ring8").schema().table());
        s.append("\n`evaluation` section of Fashion-MNIST (fashion-mnist, fashion-mnist-32: the domain classifier's "
                + "metrics against the test set, pixel metrics too):\n\n");
        s.append(RunEvaluators.forData("fashion-mnist").schema().table());
        s.append("\n`evaluation` section of the Shapes set (shapes-32, shapes-64: pixel metrics and the Shapes "
                + "classifier's metrics against a fresh draw of scenes):\n\n");
        s.append(RunEvaluators.forData("shapes-64").schema().table());
        s.append("\n`evaluation` section of the Shapes scenes (shape-scenes-32, shape-scenes-64: G's images of the test "
                + "maps, scored by the scene segmenter against those maps and by pixel or Shapes-classifier metrics "
                + "against the real test images):\n\n");
        s.append(RunEvaluators.forData("shape-scenes-32").schema().table());
        s.append("\n`evaluation` section of mnist-digits (no metrics: no domain classifier knows digits):\n\n");
        s.append(RunEvaluators.forData("mnist-digits").schema().table());
        return s.toString();
    }
}
