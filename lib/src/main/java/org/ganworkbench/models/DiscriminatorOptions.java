package org.ganworkbench.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.ganworkbench.nn.Discriminator;
import org.ganworkbench.nn.MinibatchDiscrimination;
import org.ganworkbench.nn.MinibatchStdDev;
import org.ganworkbench.nn.SpectralNorm;

import java.util.ArrayList;
import java.util.List;

/**
 * Optional layers of a discriminator, each a ganhacks / paper trick that any architecture can
 * switch on.
 *
 * @param spectralNorm every weight layer of D divided by its largest singular value, estimated by
 *     one power iteration per training step (Miyato et al. 2018)
 * @param minibatchKernels number of minibatch-discrimination kernels B (Salimans et al. 2016) before
 *     D's output layer; 0 = off
 * @param minibatchKernelDim dimension C of each kernel's projection
 * @param stddevGroup group size of the minibatch standard deviation layer (Karras et al. 2018) before
 *     D's output layer; 0 = off. Applied to D's flattened last features (Karras et al. put it before
 *     the last 3×3 convolution at 4×4; on the flattened features it adds one feature instead of a map)
 */
public record DiscriminatorOptions(boolean spectralNorm, int minibatchKernels, int minibatchKernelDim,
                                   int stddevGroup) {

    /** Dimension C of a minibatch-discrimination kernel when none is given (Salimans et al. used 5). */
    public static final int DEFAULT_KERNEL_DIM = 5;

    /** No optional layer (a kernel dimension of {@value #DEFAULT_KERNEL_DIM} for when kernels are switched on). */
    public static final DiscriminatorOptions NONE = new DiscriminatorOptions(false, 0, DEFAULT_KERNEL_DIM, 0);

    public DiscriminatorOptions {
        if (minibatchKernels < 0 || (minibatchKernels > 0 && minibatchKernelDim < 1)) {
            throw new IllegalArgumentException("minibatch discrimination needs kernels >= 0 and, when on, a kernel "
                    + "dimension >= 1; got " + minibatchKernels + " x " + minibatchKernelDim);
        }
        if (stddevGroup < 0 || stddevGroup == 1) {
            throw new IllegalArgumentException("minibatch stddev group size must be 0 (off) or >= 2, got " + stddevGroup);
        }
    }

    /** A copy with spectral norm on or off. */
    public DiscriminatorOptions withSpectralNorm(boolean on) {
        return new DiscriminatorOptions(on, minibatchKernels, minibatchKernelDim, stddevGroup);
    }

    /** A copy with minibatch discrimination of B kernels of dimension C (Salimans used B = 100, C = 5). */
    public DiscriminatorOptions withMinibatchDiscrimination(int kernels, int kernelDim) {
        return new DiscriminatorOptions(spectralNorm, kernels, kernelDim, stddevGroup);
    }

    /** A copy with a minibatch standard deviation layer over groups of this size (Karras: 4). */
    public DiscriminatorOptions withMinibatchStdDev(int groupSize) {
        return new DiscriminatorOptions(spectralNorm, minibatchKernels, minibatchKernelDim, groupSize);
    }

    /**
     * A weight layer of D as these options want it: wrapped in {@link SpectralNorm} when spectral
     * norm is on (any Linear or Conv2d, also inside a SequentialBlock), unchanged otherwise.
     */
    public static Block wrap(Block layer, DiscriminatorOptions options) {
        if (!options.spectralNorm()) {
            return layer;
        }
        if (layer instanceof Linear || layer instanceof Conv2d) {
            return new SpectralNorm(layer);
        }
        if (layer instanceof SequentialBlock seq) {
            SequentialBlock out = new SequentialBlock();
            for (Block child : seq.getChildren().values()) {
                out.add(wrap(child, options));
            }
            return out;
        }
        return layer;
    }

    /**
     * D from its feature layers and output layer: a {@link Discriminator} returning [scores,
     * features], with minibatch discrimination and/or minibatch stddev between them as these options
     * say, and the output layer spectrally normalized if spectral norm is on.
     */
    public static Block assemble(Block features, Block head, DiscriminatorOptions options) {
        List<Block> extras = new ArrayList<>();
        if (options.stddevGroup() > 0) {
            extras.add(new MinibatchStdDev(options.stddevGroup()));
        }
        if (options.minibatchKernels() > 0) {
            extras.add(new MinibatchDiscrimination(options.minibatchKernels(), options.minibatchKernelDim()));
        }
        return new Discriminator(features, extras, wrap(head, options));
    }
}
