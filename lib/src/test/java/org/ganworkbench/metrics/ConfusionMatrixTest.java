package org.ganworkbench.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pixel accuracy and mIoU of known masks, worked out by hand. */
class ConfusionMatrixTest {

    @Test
    void scoresOfKnownMasks() {
        // truth: two pixels of 0, two of 1; the prediction takes one 0 for a 1
        ConfusionMatrix c = new ConfusionMatrix(3).add(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1});
        assertEquals(0.75, c.pixelAccuracy(), 1e-12);
        // IoU_0 = 1 / (2 + 1 - 1); IoU_1 = 2 / (2 + 3 - 2); class 2 is nowhere: left out of the mean
        double[] iou = c.iou();
        assertEquals(0.5, iou[0], 1e-12);
        assertEquals(2.0 / 3, iou[1], 1e-12);
        assertTrue(Double.isNaN(iou[2]));
        assertEquals((0.5 + 2.0 / 3) / 2, c.meanIou(), 1e-12);
        assertEquals(4, c.total());
        assertEquals(1, c.count(0, 1));
    }

    @Test
    void aClassTheTruthHasButThePredictionNeverFindsCountsAsZero() {
        ConfusionMatrix c = new ConfusionMatrix(2).add(new int[] {0, 1}, new int[] {0, 0});
        assertArrayEquals(new double[] {0.5, 0}, c.iou(), 1e-12);
        assertEquals(0.25, c.meanIou(), 1e-12);
        // a perfect prediction over several maps: every score is 1
        ConfusionMatrix p = new ConfusionMatrix(4).add(new int[] {0, 1, 2}, new int[] {0, 1, 2}).add(new int[] {3}, new int[] {3});
        assertEquals(1, p.pixelAccuracy(), 0);
        assertEquals(1, p.meanIou(), 0);
        assertTrue(Double.isNaN(new ConfusionMatrix(2).meanIou()));
    }

    @Test
    void badInputIsNamed() {
        ConfusionMatrix c = new ConfusionMatrix(3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.add(new int[] {0, 3}, new int[] {0, 0}))
                .getMessage().contains("pixel 1"));
        assertThrows(IllegalArgumentException.class, () -> c.add(new int[] {0}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(1));
    }
}
