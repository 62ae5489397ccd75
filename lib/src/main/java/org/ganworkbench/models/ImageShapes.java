package org.ganworkbench.models;

import ai.djl.ndarray.types.Shape;

/** The image-shape check the image models' builders share; each adds its own rule for the side. */
final class ImageShapes {

    private ImageShapes() {}

    /**
     * Checks that {@code shape} is (C, H, W) with H = W and C 1 or 3.
     *
     * @param model the model's name, for the message
     * @return the side H
     * @throws IllegalArgumentException naming the model and the shape otherwise
     */
    static long squareSide(Shape shape, String model) {
        if (shape.dimension() != 3 || shape.get(1) != shape.get(2)) {
            throw new IllegalArgumentException(model + " needs square images (C, H, W); got " + shape);
        }
        if (shape.get(0) != 1 && shape.get(0) != 3) {
            throw new IllegalArgumentException(model + " needs images with 1 or 3 channels; got " + shape.get(0));
        }
        return shape.get(1);
    }
}
