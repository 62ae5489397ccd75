package org.ganworkbench.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny specs and sweeps for the runner tests: ring8, MLP 16, batch 32, a few dozen steps. */
final class Tiny {

    static final String BASE = """
            {"data": "ring8",
             "model": {"name": "mlp", "latent_dim": 4, "generator_hidden": [16], "discriminator_hidden": [16]},
             "optimizer": {"name": "adam", "lr_d": 0.001, "lr_g": 0.001},
             "batch_size": 32, "steps": %d, "log_every": 10,
             "evaluation": {"n": 500}, "samples": 100}""";

    private Tiny() {}

    static RunSpec spec(int steps) {
        return RunSpec.fromJson(BASE.formatted(steps));
    }

    /** A sweep of the tiny base: variants vanilla (minimax) and "+instance noise", these seeds. */
    static String sweepJson(String name, int steps, String seeds, int parallel) {
        return """
                {"name": "%s", "base": %s,
                 "variants": {"vanilla": {"loss.name": "minimax"},
                              "+instance noise": {"loss.name": "minimax", "tricks.instance_noise": 0.1}},
                 "seeds": %s, "parallel": %d}""".formatted(name, BASE.formatted(steps), seeds, parallel);
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), text);
    }
}
