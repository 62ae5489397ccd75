package org.ganworkbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganworkbench.models.Dcgan;
import org.ganworkbench.models.Gan;
import org.ganworkbench.viz.Views;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

class ClassLatentsTest {

    @Test
    void picksTheCandidateTheClassifierIsSurestOf() {
        try (DomainClassifier c = DomainClassifier.untrained(1); Gan gan = Gan.create(Dcgan.fashionMnist(), 3)) {
            int n = 40;
            ClassLatents.Found found = ClassLatents.find(gan, c, 7, n, 5);
            // the same candidates, scored one by one
            int dim = gan.latent().dim();
            float[] z = gan.latent().draw(new Random(5), n);
            double best = -1;
            float[] bestZ = null;
            for (int i = 0; i < n; i++) {
                float[] zi = Arrays.copyOfRange(z, i * dim, (i + 1) * dim);
                float[] pixels = Views.generate(gan, zi);
                double p = c.features(pixels, 1).probabilities()[0][7];
                if (p > best) {
                    best = p;
                    bestZ = zi;
                }
            }
            assertArrayEquals(bestZ, found.latent());
            assertEquals(best, found.probability(), 1e-5);
            assertEquals(n, found.candidates());
            var e = assertThrows(IllegalArgumentException.class, () -> ClassLatents.find(gan, c, 10, 4, 5));
            assertTrue(e.getMessage().contains("[0, 10)"), e.getMessage());
            var strip = Views.lerpAndSlerp(gan, found.latent(), bestZ, 7);
            assertTrue(strip.getHeight() > 2 * 28 && strip.getWidth() >= 7 * 28, strip.getWidth() + "x" + strip.getHeight());
        }
    }
}
