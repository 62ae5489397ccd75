package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The minibatch standard deviation layer of progressive GANs (Karras et al. 2018, §3): the simpler,
 * parameter-free cousin of minibatch discrimination. The batch is split into groups of G samples;
 * per group, the standard deviation of every feature over the group is averaged into one number,
 * which is appended to every sample of the group as an extra feature map (or feature). A collapsed
 * G gives groups with near-zero spread, which D can see.
 *
 * <p>Sample n belongs to group n mod (N/G), as in the official code. The group size is the largest
 * divisor of N not above G (the official code requires N to be a multiple of G; here a batch of
 * another size, e.g. the last chunk of a long evaluation, still works, with smaller groups).
 * std = sqrt(mean over the group of (x − mean)² + 1e−8).
 */
public final class MinibatchStdDev extends ArrayFunction {

    private final int groupSize;

    /** Groups of this size (4 in the paper). */
    public MinibatchStdDev(int groupSize) {
        if (groupSize < 2) {
            throw new IllegalArgumentException("MinibatchStdDev group size must be >= 2, got " + groupSize);
        }
        this.groupSize = groupSize;
    }

    @Override
    protected NDArray apply(NDArray x, boolean training) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        int g = groupFor(n);
        long groups = n / g;
        Shape rest = shape.slice(1);
        // (g, groups, rest...): sample n sits at (n / groups, n % groups)
        NDArray y = x.reshape(new Shape(g, groups).addAll(rest));
        NDArray centred = y.sub(y.mean(new int[] {0}, true));
        NDArray std = centred.square().mean(new int[] {0}).add(1e-8f).sqrt();   // (groups, rest...)
        NDArray perGroup = std.reshape(groups, -1).mean(new int[] {1});          // (groups)
        NDArray perSample = perGroup.reshape(1, groups).repeat(0, g).reshape(n);  // sample n -> group n % groups
        NDArray extra;
        if (shape.dimension() == 4) {
            extra = perSample.reshape(n, 1, 1, 1).repeat(2, shape.get(2)).repeat(3, shape.get(3));
        } else if (shape.dimension() == 2) {
            extra = perSample.reshape(n, 1);
        } else {
            throw new IllegalArgumentException("MinibatchStdDev needs (N, C, H, W) or (N, F) input, got " + shape);
        }
        return x.concat(extra, 1);
    }

    /** The group size used for a batch of n: the largest divisor of n that is at most G. */
    int groupFor(long n) {
        int g = (int) Math.min(groupSize, n);
        while (n % g != 0) {
            g--;
        }
        return g;
    }

    @Override
    protected Shape outputShape(Shape in) {
        long[] dims = in.getShape().clone();
        dims[1] += 1;
        return new Shape(dims);
    }

    @Override
    public String toString() {
        return "MinibatchStdDev(group " + groupSize + ")";
    }
}
