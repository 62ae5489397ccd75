package org.ganworkbench.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * The whole state of a {@link Random}, as bytes: its 48-bit seed and the Gaussian it keeps for the
 * next {@code nextGaussian()} call (Java's serialized form of it; {@code setSeed} would lose the
 * kept Gaussian, and the seed field is not reachable otherwise). Reading accepts nothing but a
 * {@code Random}: a checkpoint cannot make this JVM build other objects.
 */
final class RandomState {

    private static final ObjectInputFilter ONLY_RANDOM = info -> {
        Class<?> c = info.serialClass();
        if (c != null) {
            return c == Random.class ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
        }
        return info.depth() > 2 || info.references() > 8 ? ObjectInputFilter.Status.REJECTED
                : ObjectInputFilter.Status.UNDECIDED;
    };

    private RandomState() {}

    /** The state of {@code rng}; a Random made from it continues exactly where {@code rng} is. */
    static byte[] of(Random rng) {
        if (rng.getClass() != Random.class) {
            throw new IllegalArgumentException("only a java.util.Random's state can be saved, got " + rng.getClass());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rng);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A Random in the state {@link #of} saved. */
    static Random restore(byte[] state) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            in.setObjectInputFilter(ONLY_RANDOM);
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("not the state of a java.util.Random: " + e.getMessage(), e);
        }
    }
}
