package org.ganworkbench.viz;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.data.Toy2d;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.MlpGan;
import org.ganworkbench.training.FieldProbe;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.TrainingLog;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VizTest {

    @Test
    void sampleGridMapsMinusOneToBlackAndOneToWhite() {
        // two 2×2 grayscale images: all -1, all +1; scale 3, gap 2
        float[] px = {-1, -1, -1, -1, 1, 1, 1, 1};
        BufferedImage img = SampleGrid.of(px, 2, 1, 2, 2, 2, 3);
        assertEquals(2 + 2 * (6 + 2), img.getWidth());
        assertEquals(2 + 6 + 2, img.getHeight());
        assertEquals(0x000000, img.getRGB(2, 2) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(2 + 8, 2) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(2 + 8 + 5, 2 + 5) & 0xFFFFFF);
    }

    @Test
    void sampleGridReadsRgbPlanes() {
        // one 1×1 RGB image: red
        BufferedImage img = SampleGrid.of(new float[] {1, -1, -1}, 1, 3, 1, 1, 1, 1);
        assertEquals(0xFF0000, img.getRGB(2, 2) & 0xFFFFFF);
    }

    @Test
    void curvesEachWithTheirOwnXAxis() {
        var series = new java.util.LinkedHashMap<String, double[][]>();
        series.put("growing", new double[][] {{0, 100, 300}, {250, 120, 60}});
        series.put("full size", new double[][] {{0, 400}, {250, 90}});
        var img = Charts.curves("SWD over time", "seconds", "SWD", series, 400, 250);
        assertEquals(400, img.getWidth());
        assertEquals(250, img.getHeight());
        series.put("broken", new double[][] {{0, 1}, {2}});
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Charts.curves("t", "x", "y", series, 400, 250));
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
    }

    @Test
    void sampleGridRejectsWrongSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleGrid.of(new float[5], 2, 1, 2, 2, 2, 1));
        assertTrue(e.getMessage().contains("8"), e.getMessage());
        try (NDManager m = Engines.newManager(null)) {
            assertThrows(IllegalArgumentException.class, () -> SampleGrid.of(m.zeros(new Shape(2, 4)), 2));
        }
    }

    @Test
    void fieldViewShowsDiscriminatorAndPointsAndPushesFakesTowardsData() {
        Toy2d ring = Toy2d.ring8();
        TrainingConfig c = TrainingConfig.builder(ring, MlpGan.forPoints().build()).steps(200).batchSize(128)
                .learningRate(1e-3f).seed(3).build();
        try (GanTraining t = GanTraining.train(c)) {
            float[] z = t.gan().latent().draw(new Random(1), 100);
            FieldProbe.Snapshot s = FieldProbe.capture(t.gan(), Losses.nonSaturating(), z,
                    ring.samples(new Random(2), 50), 3.0, 20, t.step());
            assertEquals(400, s.dReal().length);
            assertEquals(100, s.fake().length);
            for (float p : s.dReal()) {
                assertTrue(p >= 0 && p <= 1);
            }
            // the push arrows must agree with D: moving along them raises D's "real" belief
            int agree = 0;
            for (int i = 0; i < s.fake().length; i++) {
                float[] p = s.fake()[i];
                float[] v = s.push()[i];
                double norm = Math.hypot(v[0], v[1]);
                float[] q = {(float) (p[0] + 1e-2 * v[0] / norm), (float) (p[1] + 1e-2 * v[1] / norm)};
                if (dAt(t, q) > dAt(t, p)) {
                    agree++;
                }
            }
            assertTrue(agree >= 95, "arrows that raise D(x): " + agree + "/100");
            BufferedImage img = FieldView.render(s, 200, "caption", ring.modeCentres(), 3 * ring.sigma());
            assertEquals(200, img.getWidth());
            assertEquals(220, img.getHeight());
        }
    }

    private static double dAt(GanTraining t, float[] p) {
        try (NDManager m = t.gan().manager().newSubManager()) {
            return t.gan().discriminate(m.create(p, new Shape(1, 2)), false).getFloat(0);
        }
    }

    @Test
    void filmstripKeepsFramesAndSpreadsThem() {
        TrainingConfig c = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build()).steps(10).seed(1).build();
        Filmstrip film = Filmstrip.every(2, t -> Panels.text("step " + t.step(), 50));
        try (GanTraining t = GanTraining.train(c, film)) {
            assertEquals(5, film.frames().size());
            assertEquals(10, film.frames().get(4).step());
            assertTrue(film.strip(3).getWidth() >= 3 * 50);
        }
    }

    @Test
    void liveViewShowsOneOutputAndUpdatesItInPlaceThroughTheAttachedKernel() {
        java.util.List<String> calls = new java.util.ArrayList<>();
        Notebook.Frontend kernel = new Notebook.Frontend() {
            @Override
            public String display(Object value) {
                calls.add("display " + value.getClass().getSimpleName());
                return "id-1";
            }

            @Override
            public void update(String id, Object value) {
                calls.add("update " + id + " " + value.getClass().getSimpleName());
            }
        };
        Notebook.attach(kernel);
        try {
            assertTrue(Notebook.inKernel());
            TrainingConfig c = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build()).steps(9).seed(1).build();
            try (GanTraining t = GanTraining.train(c, LiveView.every(3, Views.field(Toy2d.ring8(), 3.0, 120)))) {
                assertEquals(9, t.step());
            }
        } finally {
            Notebook.detach(kernel);
        }
        assertFalse(Notebook.inKernel());
        assertEquals("display BufferedImage", calls.get(0), calls.toString());
        assertTrue(calls.size() >= 3, calls.toString());
        for (String call : calls.subList(1, calls.size())) {
            assertEquals("update id-1 BufferedImage", call, "every later frame replaces the first output");
        }
    }

    @Test
    void liveViewOutsideAKernelKeepsTheFrame() {
        assertFalse(Notebook.inKernel());
        assertNull(Notebook.display("x"));
        TrainingConfig c = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build()).steps(6).seed(1).build();
        LiveView view = LiveView.every(3, Views.field(Toy2d.ring8(), 3.0, 120));
        try (GanTraining t = GanTraining.train(c, view)) {
            BufferedImage frame = view.lastFrame();
            assertTrue(frame.getWidth() > 400 && frame.getHeight() > 120);
        }
    }

    @Test
    void liveViewAddsOneLinePerRecentAlarmAndTheFieldWorksForTheRelativisticLoss() {
        // a gradient ceiling of 1e-9 makes every check fire: the frame grows by the alarm lines
        TrainingConfig quiet = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build()).steps(6).seed(1)
                .failures(org.ganworkbench.training.FailureChecks.MINIMAL).build();
        TrainingConfig noisy = quiet.toBuilder().loss(org.ganworkbench.losses.Losses.relativisticAverage())
                .failures(org.ganworkbench.training.FailureChecks.MINIMAL
                        .gradient(org.ganworkbench.training.FailureChecks.Action.WARN, 1e-9).every(1)).build();
        LiveView a = LiveView.every(3, Views.field(Toy2d.ring8(), 3.0, 120));
        LiveView b = LiveView.every(3, Views.field(Toy2d.ring8(), 3.0, 120));
        try (GanTraining t = GanTraining.train(quiet, a); GanTraining u = GanTraining.train(noisy, b)) {
            assertEquals(0, t.events().size());
            assertEquals(6, u.events().size());
            assertEquals(a.lastFrame().getHeight() + 3 * (20 + 8), b.lastFrame().getHeight(), "three alarm lines of 20 px, 8 px apart");
        }
    }

    @Test
    void liveViewShowsTheRunsOwnStateOnASecondLine() {
        TrainingLog plain = new TrainingLog("plain");
        assertEquals("", LiveView.state(plain), "nothing logged yet");
        plain.append(1, 0.5, 0.7, 0.6, 0.4, 1, 1, 100);
        assertEquals("", LiveView.state(plain), "nothing beyond the standard columns");
        TrainingLog grown = new TrainingLog("grown", List.of("resolution", "alpha"));
        grown.append(1, 0.5, 0.7, 0.6, 0.4, 1, 1, 100, new double[] {8, 1});
        grown.append(2, 0.5, 0.7, 0.6, 0.4, 1, 1, 100, new double[] {16, 0.25});
        assertEquals("16x16  \u03b1 0.25", LiveView.state(grown), "the last row");
        TrainingLog began = new TrainingLog("began", List.of("k", "m_global"));
        began.append(1, 0.5, 0.7, 0.6, 0.4, 1, 1, 100, new double[] {0.0123456, 0.152});
        assertEquals("k 0.01235  m_global 0.1520", LiveView.state(began));
        // a growing run's frame has the extra line, a plain run's not
        float[] px = new float[32 * 256];
        Random r = new Random(2);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) Math.tanh(r.nextGaussian());
        }
        org.ganworkbench.data.ImageSet images = new org.ganworkbench.data.ImageSet("noise", 1, 16, 16, px, null, null);
        var arch = org.ganworkbench.models.ProgressiveGan.builder(new Shape(1, 16, 16)).featureMaps(4, 4, 4)
                .latent(org.ganworkbench.models.Latent.gaussian(4)).schedule(8, 8).build();
        TrainingConfig growing = TrainingConfig.builder(images, arch).loss(Losses.lsgan()).batchSize(4).steps(3)
                .logEvery(1).seed(1).build();
        TrainingConfig plainRun = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build()).steps(3)
                .logEvery(1).seed(1).build();
        LiveView g = LiveView.every(3);
        LiveView p = LiveView.every(3);
        try (GanTraining t = GanTraining.train(growing, g); GanTraining u = GanTraining.train(plainRun, p)) {
            assertEquals("8x8  \u03b1 0.00", LiveView.state(t.log()), "step 3 starts with 8 images shown: the 8x8 fade-in begins");
            assertEquals(p.lastFrame().getHeight() + 20 + 8, g.lastFrame().getHeight());
        }
    }

    @Test
    void tablesBecomeHtmlWithCaption() {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("a <b> table",
                tech.tablesaw.api.IntColumn.create("n", new int[] {1, 2}));
        Html both = Tables.html(t);
        String html = both.html();
        assertTrue(html.startsWith("<table"), html);
        assertTrue(both.text().contains("a <b> table") && both.text().contains("2"), both.text());
        assertEquals(both.text(), both.toString());
        assertTrue(html.contains("<caption") && html.contains("a &lt;b&gt; table"), html);
        assertTrue(html.contains("<td>2</td>"), html);
    }

    @Test
    void chartsDrawTheLogAndLossShapesMatchTheirClosedForms() {
        TrainingConfig c = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build()).steps(20).seed(1).build();
        BufferedImage first;
        BufferedImage other;
        try (GanTraining t = GanTraining.train(c)) {
            first = Charts.losses(t.log());
            assertEquals(Charts.WIDTH, first.getWidth());
            assertTrue(colouredPixels(first) > 200, "no loss curve drawn: " + colouredPixels(first) + " coloured pixels");
            t.run(20);   // another 20 steps: other numbers, another picture
            other = Charts.losses(t.log());
        }
        assertFalse(java.util.Arrays.equals(pixels(first), pixels(other)), "the chart does not follow the log");
        // what LossShapes draws: |d loss / d logit| of minimax is D(G(z)) (it saturates where D rejects
        // the fakes), of non-saturating 1 - D(G(z)); both from the losses' own autograd
        double[] p = {0.01, 0.1, 0.5, 0.9};
        double[] logits = java.util.Arrays.stream(p).map(x -> Math.log(x / (1 - x))).toArray();
        LossShapes.Curves curves = LossShapes.curves(logits, Losses.minimax(), Losses.nonSaturating());
        double[] minimax = curves.gradients().get(Losses.minimax().name());
        double[] nonSaturating = curves.gradients().get(Losses.nonSaturating().name());
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], minimax[i], 1e-4, "minimax gradient at D(G(z)) = " + p[i]);
            assertEquals(1 - p[i], nonSaturating[i], 1e-4, "non-saturating gradient at D(G(z)) = " + p[i]);
            assertEquals(-Math.log(p[i]), curves.values().get(Losses.nonSaturating().name())[i], 1e-4);
        }
    }

    /** Pixels whose channels differ by more than 80: the charts' series colours (axes and text are grey). */
    private static int colouredPixels(BufferedImage img) {
        int n = 0;
        for (int rgb : pixels(img)) {
            int r = (rgb >> 16) & 0xFF;
            int g = (rgb >> 8) & 0xFF;
            int b = rgb & 0xFF;
            if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                n++;
            }
        }
        return n;
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void aGridOfAnImageSetIsTheGridOfItsPixels() {
        var shapes = org.ganworkbench.data.Shapes.generate(6, 16, 3);
        BufferedImage fromSet = SampleGrid.of(shapes, 4, 2);
        BufferedImage fromPixels = SampleGrid.of(shapes.toArray(), 6, 3, 16, 16, 4, 2);
        assertEquals(fromPixels.getWidth(), fromSet.getWidth());
        assertEquals(fromPixels.getHeight(), fromSet.getHeight());
        for (int y = 0; y < fromSet.getHeight(); y++) {
            for (int x = 0; x < fromSet.getWidth(); x++) {
                assertEquals(fromPixels.getRGB(x, y), fromSet.getRGB(x, y));
            }
        }
        assertTrue(fromSet.getWidth() >= 4 * 16 * 2, "4 columns of 32 px");
    }
}
