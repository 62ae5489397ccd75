package org.ganworkbench.training;

import org.ganworkbench.data.Toy2d;
import org.ganworkbench.losses.Losses;
import org.ganworkbench.models.MlpGan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provenance of a run's settings uses the run spec's keys, read from the declarations. */
class TrainingConfigSettingsTest {

    @Test
    void provenanceCarriesTheSpecKeysOfTheRunAndTheOptimizer() {
        TrainingConfig c = TrainingConfig.builder(Toy2d.ring8(), MlpGan.forPoints().build())
                .loss(Losses.create("wgan-gp", Map.of())).recommendedOptimizer().batchSize(32).steps(7).seed(5)
                .engine("PyTorch").build();
        Map<String, Object> s = c.settings();
        for (String key : TrainingConfig.RUN_OPTIONS.keys()) {
            assertTrue(s.containsKey(key), key);
        }
        for (String key : TrainingConfig.OPTIMIZER_OPTIONS.keys()) {
            assertEquals(!key.startsWith("lr_decay_"), s.containsKey(key.equals("name") ? "optimizer" : key), key);
        }
        assertEquals(List.of(32, 7, 5L, "PyTorch", 1, "adam", 1e-4f, 1e-4f, 0f, 0.9f, 5),
                List.of(s.get("batch_size"), s.get("steps"), s.get("seed"), s.get("engine"), s.get("log_every"),
                        s.get("optimizer"), s.get("lr_d"), s.get("lr_g"), s.get("beta1"), s.get("beta2"), s.get("d_steps")));
        assertFalse(s.containsKey("discriminator_steps"));

        // with learning-rate decay on, its keys follow (BeganRunTest reads them from config.json)
    }
}
