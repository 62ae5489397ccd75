package org.ganworkbench.viz;

import org.ganworkbench.training.FailureChecks;
import org.ganworkbench.training.TrainingEvent;
import org.ganworkbench.training.TrainingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ablation notebook's pictures: the animated GIF, mean ± std bars, event markers, side by side. */
class AblationViewsTest {

    private static BufferedImage filled(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void gifHasEveryFrameItsDelayAndLoopsForever(@TempDir Path dir) throws Exception {
        AnimatedGif gif = AnimatedGif.of(List.of(filled(40, 30, Color.RED), filled(40, 30, Color.GREEN),
                filled(40, 30, Color.BLUE)), 200);
        Path file = gif.write(dir.resolve("anim.gif"));
        assertArrayEquals(gif.toBytes(), Files.readAllBytes(file));
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif.toBytes()))) {
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            IIOMetadata meta = reader.getImageMetadata(1);
            Node root = meta.getAsTree(meta.getNativeMetadataFormatName());
            String delay = null;
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("GraphicControlExtension")) {
                    delay = n.getAttributes().getNamedItem("delayTime").getNodeValue();
                }
            }
            assertEquals("20", delay, "200 ms in hundredths of a second");
            BufferedImage second = reader.read(1);
            Color c = new Color(second.getRGB(5, 5));
            assertTrue(c.getGreen() > 200 && c.getRed() < 50, "frame 1 is green: " + c);
        }
        String text = new String(gif.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("NETSCAPE2.0"), "loop extension");
        assertTrue(gif.html().html().startsWith("<img src=\"data:image/gif;base64,R0lGOD"), "GIF magic in the data URI");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnimatedGif.of(List.of(filled(40, 30, Color.RED), filled(41, 30, Color.RED)), 100));
        assertTrue(e.getMessage().contains("frame 1") && e.getMessage().contains("41x30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnimatedGif.of(List.of(), 100));
    }

    @Test
    void meanAndSampleStdSkipNaN() {
        assertEquals(2.0, Ablation.mean(new double[] {1, 2, 3, Double.NaN}), 1e-12);
        assertEquals(1.0, Ablation.std(new double[] {1, 2, 3, Double.NaN}), 1e-12);
        assertEquals(0.0, Ablation.std(new double[] {5}), 0);
        assertTrue(Double.isNaN(Ablation.mean(new double[] {Double.NaN})));
    }

    @Test
    void barsFromATableGroupVariantsInOrderAndRefuseUnknownColumns() {
        Table runs = Table.create("runs",
                StringColumn.create("variant", "a", "a", "b", "b", "c"),
                DoubleColumn.create("modes", 8, 6, 2, 4, Double.NaN));
        BufferedImage chart = Ablation.bars(runs, "variant", "modes", "modes covered", 500, 300);
        assertEquals(500, chart.getWidth());
        assertEquals(300, chart.getHeight());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ablation.bars(runs, "variant", "fid", "x", 500, 300));
        assertTrue(e.getMessage().contains("fid") && e.getMessage().contains("modes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Ablation.bars("t", "m", List.of("a", "b"), List.of(new double[] {1}), 300, 200));
    }

    @Test
    void dotsStayOnTheirOwnBarWhenAnEarlierVariantHasNoValue() {
        // variant b has no value on any seed (e.g. a KL that is undefined): c's dots must sit on c
        var chart = Ablation.chart("kl", "kl", List.of("a", "b", "c"),
                List.of(new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}, new double[] {7, 9}), 400, 300);
        var seed1 = chart.getSeriesMap().get("seed 1");
        assertEquals(List.of("a", "b (no value)", "c"), List.copyOf(seed1.getXData()));
        List<Number> y = new java.util.ArrayList<>(seed1.getYData());
        assertEquals(1.0, y.get(0));
        assertEquals(null, y.get(1));
        assertEquals(7.0, y.get(2));
        var bars = chart.getSeriesMap().get("mean ± std");
        assertEquals(0.0, List.copyOf(bars.getYData()).get(1).doubleValue());   // a zero bar, labelled "no value"
        assertEquals(8.0, List.copyOf(bars.getYData()).get(2));
        BufferedImage img = Ablation.bars("kl", "kl", List.of("a", "b", "c"),
                List.of(new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}, new double[] {7, 9}), 400, 300);
        assertEquals(400, img.getWidth());   // renders with the gaps
    }

    @Test
    void lossesWithEventsAndSideBySideHaveTheRequestedSizes() {
        TrainingLog log = new TrainingLog("t");
        for (int i = 1; i <= 10; i++) {
            log.append(i, 1.0 / i, i, 0.5, 0.5, 1, 1, 100);
        }
        List<TrainingEvent> events = List.of(
                new TrainingEvent(3, TrainingEvent.GRADIENT, "generator", FailureChecks.Action.WARN, 1e3, "big"),
                new TrainingEvent(5, TrainingEvent.GRADIENT, "generator", FailureChecks.Action.WARN, 1e4, "big"),
                new TrainingEvent(7, TrainingEvent.NON_FINITE, "discriminator", FailureChecks.Action.STOP, Double.NaN, "NaN"));
        BufferedImage chart = Charts.lossesWithEvents(log, events, 640, 300);
        assertEquals(640, chart.getWidth());
        assertEquals(300, chart.getHeight());
        BufferedImage pair = Panels.sideBySide("left", filled(100, 80, Color.RED), "right", filled(120, 90, Color.BLUE));
        assertTrue(pair.getWidth() >= 220 && pair.getHeight() >= 90, pair.getWidth() + "x" + pair.getHeight());
    }
}
