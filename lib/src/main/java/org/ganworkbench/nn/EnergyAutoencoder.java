package org.ganworkbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An autoencoder used as a discriminator (EBGAN, BEGAN): an encoder to a code h, a decoder back to
 * an image, and as D's score the <em>energy</em> L(v) = mean |v − D(v)|, the L1 reconstruction
 * error per image (mean over channels and pixels). D learns to reconstruct real images well and
 * generated ones badly; G wins when its images are easy to reconstruct.
 *
 * <p>Forward: (N, C, H, W) → [energies (N), codes (N, h), reconstructions (N, C, H, W)]. The code
 * is D's feature vector (what feature matching would compare); the reconstruction is there to be
 * looked at.
 */
public final class EnergyAutoencoder extends AbstractBlock {

    private final Block encoder;
    private final Block decoder;

    /**
     * @param encoder (N, C, H, W) → (N, h)
     * @param decoder (N, h) → (N, C, H, W), the input's shape
     */
    public EnergyAutoencoder(Block encoder, Block decoder) {
        this.encoder = addChildBlock("encoder", encoder);
        this.decoder = addChildBlock("decoder", decoder);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape[] code = encoder.getOutputShapes(inputShapes);
        decoder.initialize(manager, dataType, code);
        Shape out = decoder.getOutputShapes(code)[0];
        if (!out.equals(inputShapes[0])) {
            throw new IllegalArgumentException("EnergyAutoencoder: the decoder makes " + out
                    + " from the code, but the input is " + inputShapes[0]);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray code = encoder.forward(store, inputs, training).singletonOrThrow();
        NDArray reconstruction = decoder.forward(store, new NDList(code), training).singletonOrThrow();
        return new NDList(energy(x, reconstruction), code, reconstruction);
    }

    /**
     * L1 reconstruction error per sample: mean |x − r| over every axis but the first.
     *
     * @param x inputs (N, ...)
     * @param r reconstructions, same shape
     * @return (N)
     */
    public static NDArray energy(NDArray x, NDArray r) {
        NDArray diff = x.sub(r).abs();
        return diff.reshape(diff.getShape().get(0), -1).mean(new int[] {1});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape code = encoder.getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(in.get(0)), code, in};
    }

    @Override
    public String toString() {
        return "EnergyAutoencoder(encoder " + encoder + ", decoder " + decoder + ")";
    }
}
