package org.ganworkbench.viz;

import org.junit.jupiter.api.Test;

import java.awt.FontMetrics;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A field frame's caption is wrapped at word boundaries to the frame's width, never clipped. */
class FieldViewCaptionTest {

    private static final String CAPTION = "step 5000, these 500 points cover 8/8 modes";

    @Test
    void aNarrowFrameWrapsItsCaptionAndKeepsEveryWord() {
        FontMetrics fm = FieldView.captionMetrics();
        int width = 230 - 8;
        assertTrue(fm.stringWidth(CAPTION) > width, "the test needs a caption wider than a strip frame");
        List<String> lines = FieldView.captionLines(CAPTION, fm, width);
        assertTrue(lines.size() >= 2, lines.toString());
        for (String line : lines) {
            assertTrue(fm.stringWidth(line) <= width, line + " is wider than " + width + " px");
        }
        assertEquals(CAPTION, String.join(" ", lines));
    }

    @Test
    void aWideFrameKeepsOneLineAndTheImageGrowsWithTheLines() {
        FontMetrics fm = FieldView.captionMetrics();
        assertEquals(List.of(CAPTION), FieldView.captionLines(CAPTION, fm, 1000));
        assertEquals(List.of("x"), FieldView.captionLines("x", fm, 1));   // a word wider than the frame stays
    }
}
