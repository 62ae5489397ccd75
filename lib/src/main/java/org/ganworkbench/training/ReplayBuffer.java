package org.ganworkbench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Experience replay for D (Shrivastava et al. 2017; ganhacks "keep a replay buffer of past
 * generations and occasionally show them"): a bounded pool of old fakes. Each D step a fraction of
 * the fake batch is swapped for fakes drawn from the pool, so D keeps being tested on what G used to
 * make and G cannot win by jumping back to an old mode D has forgotten.
 *
 * <p>The pool is filled first-come until full, then each new fake replaces a random slot (so it
 * holds a uniform sample of the recent past). Samples are kept in Java memory; all randomness comes
 * from the run's {@link Random}.
 */
public final class ReplayBuffer {

    private final int capacity;
    private final double fraction;
    private final List<float[]> pool = new ArrayList<>();

    /**
     * @param capacity how many old fakes to keep, at least 1
     * @param fraction share of each fake batch drawn from the pool, in (0, 1)
     */
    public ReplayBuffer(int capacity, double fraction) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay capacity must be >= 1, got " + capacity);
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("replay fraction must be in (0, 1), got " + fraction);
        }
        this.capacity = capacity;
        this.fraction = fraction;
    }

    /** Number of fakes held. */
    public int size() {
        return pool.size();
    }

    /** Writes the pool (its fakes in order) under {@code prefix}. */
    void save(TrainingState s, String prefix) {
        s.putInt(prefix + ".size", pool.size());
        for (int i = 0; i < pool.size(); i++) {
            s.putFloats(prefix + "." + i, pool.get(i));
        }
    }

    /** Restores what {@link #save} wrote. */
    void restore(TrainingState s, String prefix) {
        pool.clear();
        int n = s.getInt(prefix + ".size");
        if (n > capacity) {
            throw new IllegalStateException(prefix + ": " + n + " fakes for a pool of " + capacity);
        }
        for (int i = 0; i < n; i++) {
            pool.add(s.getFloats(prefix + "." + i));
        }
    }

    /**
     * Returns the batch D should see: {@code fakes} with {@code round(fraction * N)} rows replaced by
     * pooled fakes (none while the pool holds fewer than N), created on {@code manager}; then adds
     * the new fakes to the pool.
     */
    public NDArray mix(NDArray fakes, NDManager manager, Random rng) {
        Shape shape = fakes.getShape();
        int n = Math.toIntExact(shape.get(0));
        int per = Math.toIntExact(shape.size() / n);
        float[] flat = fakes.toFloatArray();
        float[] out = flat.clone();
        if (pool.size() >= n) {
            int replace = (int) Math.round(fraction * n);
            for (int i = 0; i < replace; i++) {
                // the first rows are replaced: which rows does not matter, fakes are i.i.d.
                System.arraycopy(pool.get(rng.nextInt(pool.size())), 0, out, i * per, per);
            }
        }
        for (int i = 0; i < n; i++) {
            float[] sample = new float[per];
            System.arraycopy(flat, i * per, sample, 0, per);
            if (pool.size() < capacity) {
                pool.add(sample);
            } else {
                pool.set(rng.nextInt(capacity), sample);
            }
        }
        return manager.create(out, shape);
    }
}
