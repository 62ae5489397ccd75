package org.ganworkbench.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings both supervised trainings share: each network's defaults, and refusals naming the setting. */
class SupervisedTrainingTest {

    @Test
    void eachNetworkKeepsItsOwnDefaults() {
        SegmenterTraining seg = SegmenterTraining.defaults(32);
        assertEquals(4, seg.epochs());
        assertEquals(32, seg.batchSize());
        assertEquals(2e-3f, seg.learningRate());
        assertEquals(1, seg.decayedEpochs());
        ClassifierTraining fmnist = ClassifierTraining.defaults();
        assertEquals(5, fmnist.epochs());
        assertEquals(128, fmnist.batchSize());
        assertEquals(1e-3f, fmnist.learningRate());
        assertEquals(2, fmnist.decayedEpochs());
        assertEquals(8, ClassifierTraining.defaults(ClassifierDomain.SHAPES).epochs());
        assertEquals(1, seg.seed());
        assertNull(fmnist.engine());
    }

    @Test
    void settersReturnTheSubclassAndRefuseBadValuesByName() {
        ClassifierTraining c = ClassifierTraining.defaults();
        // the chain keeps the subclass's own setters reachable after the shared ones
        assertSame(c, c.epochs(3).seed(7).engine("MXNet").factorWeight(0.5f));
        assertEquals(3, c.epochs());
        assertEquals(7, c.seed());
        SegmenterTraining s = SegmenterTraining.defaults(16);
        for (Runnable bad : new Runnable[] {() -> s.epochs(0), () -> s.batchSize(-1), () -> s.maxBatchesPerEpoch(0)}) {
            var e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().contains("must be at least 1"), e.getMessage());
        }
        for (float lr : new float[] {0f, -1e-3f, Float.NaN, Float.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> c.learningRate(lr));
            assertTrue(e.getMessage().startsWith("learningRate must be positive and finite"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> c.decayedEpochs(-1));
        assertTrue(e.getMessage().startsWith("decayedEpochs"), e.getMessage());
        assertEquals(2e-3, s.learningRateDecimal(), 0.0);   // the decimal written, not the float's expansion
    }
}
