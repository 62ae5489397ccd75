package org.ganworkbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.RmsProp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Facts about DJL's engines that the workbench's checks rely on, measured on the engines
 * themselves: when a DJL upgrade changes one, this fails and the check can be lifted.
 */
class EngineFactsTest {

    private static void rmspropStep(String engine) {
        try (NDManager m = Engines.newManager(engine)) {
            Optimizer rms = RmsProp.builder().optRho(0.99f).optMomentum(0f).optCentered(false).build();
            NDArray w = m.create(new float[] {1f, -2f});
            NDArray g = m.create(new float[] {0.5f, 0.5f});
            rms.update("w", w, g);
            float[] after = w.toFloatArray();
            assertTrue(after[0] < 1f && after[1] < -2f, "RMSProp moved the weights against the gradient");
        }
    }

    @Test
    void rmspropUpdatesOnlyWhereTheEngineHasIt() {
        assertTrue(Engines.supportsRmsProp(Engines.MXNET));
        rmspropStep(Engines.MXNET);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> rmspropStep(Engines.PYTORCH),
                "PyTorch's RMSProp update works now: let Engines.supportsRmsProp say so");
        assertTrue(!Engines.supportsRmsProp(Engines.PYTORCH), e.getMessage());
    }
}
