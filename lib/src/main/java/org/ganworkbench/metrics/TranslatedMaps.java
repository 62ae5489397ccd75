package org.ganworkbench.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.ganworkbench.data.PairedSet;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.models.Gan;

import java.util.Random;
import java.util.stream.IntStream;

/** A translation GAN's images of the first maps of a paired set, drawn repeatably: what the map metrics read. */
final class TranslatedMaps {

    private TranslatedMaps() {}

    /**
     * {@code draws} passes of G (inference mode) over the first {@code maps} maps of {@code data},
     * clipped to [-1, 1]: latents from a {@link Random} of {@code seed}, fresh for each pass, and
     * dropout masks from the engine's generator seeded with {@code seed}, so the images repeat.
     *
     * @return per pass, the maps' images (maps, C, H, W) flat
     * @throws IllegalArgumentException if {@code maps} is not 1..count
     */
    static float[][] draw(Gan gan, PairedSet data, int maps, int draws, long seed) {
        if (maps < 1 || maps > data.count()) {
            throw new IllegalArgumentException("maps must be 1.." + data.count() + " for " + data.name() + ", got " + maps);
        }
        Random rng = new Random(seed);
        Engines.seedRandom(gan.engine(), seed);
        float[][] out = new float[draws][];
        try (NDManager m = gan.manager().newSubManager()) {
            NDArray x = data.maps(m, IntStream.range(0, maps).toArray());
            for (int d = 0; d < draws; d++) {
                out[d] = gan.translate(x, rng).clip(-1, 1).toFloatArray();
            }
        }
        return out;
    }
}
