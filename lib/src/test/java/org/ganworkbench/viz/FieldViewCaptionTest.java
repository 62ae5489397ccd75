package org.ganworkbench.viz;

import org.ganworkbench.training.FieldProbe;
import org.junit.jupiter.api.Test;

import java.awt.Font;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A field frame's caption fits the frame (the font shrinks instead of the text being clipped) and
 * the frame's size never depends on the caption (the frames of one run go into one animated GIF).
 */
class FieldViewCaptionTest {

    private static final String LONG = "step 5000, these 500 points cover 8/8 modes";

    private static int width(String text, Font font) {
        return Panels.textWidth(text, font);
    }

    @Test
    void aNarrowFrameShrinksItsCaptionUntilItFits() {
        int width = 230 - 8;
        assertTrue(width(LONG, new Font(Font.SANS_SERIF, Font.BOLD, 12)) > width,
                "the test needs a caption wider than a strip frame at the largest font");
        Font font = FieldView.captionFont(LONG, width);
        assertTrue(font.getSize() < 12, "font " + font.getSize());
        assertTrue(width(LONG, font) <= width, LONG + " is " + width(LONG, font) + " px at " + font.getSize() + " pt");
        assertEquals(12, FieldView.captionFont("step 50", width).getSize());
    }

    @Test
    void framesWithCaptionsOfDifferentLengthsHaveOneSize() {
        var s = new FieldProbe.Snapshot(-1, 1, -1, 1, 2, new float[] {0.1f, 0.5f, 0.5f, 0.9f},
                new float[][] {{0, 0}}, new float[][] {{0.5f, 0.5f}}, new float[][] {{0.1f, 0}}, 1);
        BufferedImage shortCaption = FieldView.render(s, 230, "step 50");
        BufferedImage longCaption = FieldView.render(s, 230, LONG + ", and a few more words than fit");
        assertEquals(shortCaption.getHeight(), longCaption.getHeight());
        assertEquals(shortCaption.getWidth(), longCaption.getWidth());
        assertTrue(shortCaption.getHeight() > FieldView.render(s, 230, null).getHeight());
    }
}
