package org.ganworkbench.training;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.ganworkbench.models.Gan;
import org.ganworkbench.storage.ManifestFolder;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of both networks at one step, held in Java memory: the "last good checkpoint" the
 * failure checks fall back to when a run produces NaN. Can be written to a folder in DJL's
 * parameter format ({@code generator.params}, {@code discriminator.params}, {@code step.txt}, and
 * for runs with the EMA trick G's weight average as {@code generator-ema.params}); a run's resume
 * checkpoints add the rest of its state ({@code state.json}, {@code arrays.bin}: see
 * {@link GanTraining#resume}). Written as a {@link ManifestFolder}: whole or not at all, with the
 * former copy kept as {@code <folder>.previous}, and a manifest of hashes that tells a damaged
 * checkpoint from a good one.
 */
public final class Checkpoint {

    /** The file of G's live weights. */
    public static final String GENERATOR = "generator.params";
    /** The file of G's weight average (EMA trick), the G a run samples and is evaluated with. */
    public static final String AVERAGED_GENERATOR = "generator-ema.params";
    /** The file of D's weights. */
    public static final String DISCRIMINATOR = "discriminator.params";
    /** The file of the step the weights belong to. */
    static final String STEP = "step.txt";
    private static final String RESUMABLE = "resumable";

    private final int step;
    private final List<float[]> generator;
    private final List<float[]> discriminator;

    private Checkpoint(int step, List<float[]> generator, List<float[]> discriminator) {
        this.step = step;
        this.generator = generator;
        this.discriminator = discriminator;
    }

    /** Copies the current weights (all parameters, running statistics included). */
    public static Checkpoint of(Gan gan, int step) {
        return new Checkpoint(step, values(gan.generator()), values(gan.discriminator()));
    }

    private static List<float[]> values(Block block) {
        List<float[]> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            list.add(p.getValue().getArray().toFloatArray());
        }
        return list;
    }

    /** Whether every weight is finite. */
    public boolean isFinite() {
        return finite(generator) && finite(discriminator);
    }

    /** "generator", "discriminator", "both" or null: which network holds a non-finite weight. */
    public String nonFiniteNetwork() {
        boolean g = !finite(generator);
        boolean d = !finite(discriminator);
        return g && d ? "both" : g ? "generator" : d ? "discriminator" : null;
    }

    private static boolean finite(List<float[]> arrays) {
        for (float[] a : arrays) {
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The step the weights belong to. */
    public int step() {
        return step;
    }

    /** Puts these weights back into the networks. */
    public void restore(Gan gan) {
        restore(gan.generator(), generator);
        restore(gan.discriminator(), discriminator);
    }

    private static void restore(Block block, List<float[]> values) {
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().set(FloatBuffer.wrap(values.get(i++)));
        }
    }

    /**
     * Writes the weights of {@code gan} (which must hold this checkpoint's weights) to {@code dir}:
     * built in a sibling temp folder, then moved into place (see {@link ManifestFolder}).
     */
    public static void save(Gan gan, int step, Path dir) {
        save(gan, step, dir, null);
    }

    /**
     * As {@link #save(Gan, int, Path)}, and G's weight average too when {@code average} is not null.
     *
     * @param average G's exponential moving average (the EMA trick), or null
     */
    public static void save(Gan gan, int step, Path dir, WeightAverage average) {
        write(gan, step, dir, average, null);
    }

    /**
     * Writes the weights and, when {@code state} is not null, the rest of the run's state (a
     * checkpoint a run resumes from), as one folder with a manifest of hashes; the folder it
     * replaces is kept as {@code <dir>.previous}.
     */
    static void write(Gan gan, int step, Path dir, WeightAverage average, TrainingState state) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("step", step);
        info.put(RESUMABLE, state != null);
        info.put("architecture", gan.architecture().name());
        info.put("engine", gan.engine().getEngineName());
        info.put("averaged_generator", average != null);
        ManifestFolder.write(dir, info, tmp -> {
            write(gan.generator(), tmp.resolve(GENERATOR));
            if (average != null) {
                UncheckedIOException failed = average.with(() -> {
                    try {
                        write(gan.generator(), tmp.resolve(AVERAGED_GENERATOR));
                        return null;
                    } catch (IOException e) {
                        return new UncheckedIOException(e);
                    }
                });
                if (failed != null) {
                    throw failed.getCause();
                }
            }
            write(gan.discriminator(), tmp.resolve(DISCRIMINATOR));
            Files.writeString(tmp.resolve(STEP), step + "\n");
            if (state != null) {
                state.write(tmp);
            }
        });
    }

    /** Whether {@code dir} is an intact checkpoint with the whole state of a run (not weights only). */
    public static boolean isResumable(Path dir) {
        com.google.gson.JsonObject info;
        try {
            info = ManifestFolder.info(dir);   // checks the files against the manifest itself
        } catch (UncheckedIOException e) {
            return false;   // damaged
        }
        return info.has(RESUMABLE) && info.get(RESUMABLE).getAsBoolean();
    }

    /**
     * Loads weights written by {@link #save} into the networks of {@code gan}, which must have the
     * architecture they were saved from; G gets its live weights.
     *
     * @return the step the weights belong to
     * @throws UncheckedIOException naming the folder if a file is missing or does not fit the networks
     */
    public static int load(Gan gan, Path dir) {
        return load(gan, dir, false);
    }

    /** Whether the checkpoint in {@code dir} holds G's weight average (written by a run with the EMA trick). */
    public static boolean hasAveragedGenerator(Path dir) {
        return Files.isRegularFile(dir.resolve(AVERAGED_GENERATOR));
    }

    /**
     * As {@link #load(Gan, Path)}; with {@code averagedGenerator} G gets its weight average instead
     * of its live weights.
     *
     * @throws UncheckedIOException naming the folder and file if the average is asked for but absent
     */
    public static int load(Gan gan, Path dir, boolean averagedGenerator) {
        var arch = gan.architecture();
        if (ManifestFolder.hasManifest(dir)) {
            ManifestFolder.damage(dir).ifPresent(d -> {
                throw new UncheckedIOException(new IOException("checkpoint " + dir + " is damaged: " + d));
            });
        }
        try {
            read(gan, gan.generator(), arch.newGenerator(), Gan.generatorInputs(arch),
                    dir.resolve(averagedGenerator ? AVERAGED_GENERATOR : GENERATOR));
            read(gan, gan.discriminator(), arch.newDiscriminator(), Gan.discriminatorInputs(arch), dir.resolve(DISCRIMINATOR));
            return Integer.parseInt(Files.readString(dir.resolve(STEP)).trim());
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot load checkpoint " + dir + " into "
                    + arch.name() + ": " + e.getMessage(), e));
        }
    }

    /**
     * Reads a parameter file into a scratch copy of the block, then copies the values into the live
     * block's arrays: the arrays the GAN trains and its parameter store caches stay the same objects.
     */
    private static void read(Gan gan, Block live, Block scratch, ai.djl.ndarray.types.Shape[] inputs, Path file)
            throws IOException, ai.djl.MalformedModelException {
        try (ai.djl.ndarray.NDManager m = gan.manager().newSubManager();
             java.io.InputStream is = Files.newInputStream(file);
             java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(is))) {
            scratch.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, inputs);
            scratch.loadParameters(m, in);
            var from = scratch.getParameters();
            var to = live.getParameters();
            if (from.size() != to.size()) {
                throw new IOException(file + " holds " + from.size() + " parameters, the network has " + to.size());
            }
            for (int i = 0; i < to.size(); i++) {
                copyInto(from.get(i).getValue().getArray(), to.get(i).getValue().getArray(), file);
            }
        }
    }

    private static void copyInto(ai.djl.ndarray.NDArray from, ai.djl.ndarray.NDArray to, Path file) throws IOException {
        if (!from.getShape().equals(to.getShape())) {
            throw new IOException(file + ": a parameter of shape " + from.getShape() + " for one of shape " + to.getShape());
        }
        to.set(FloatBuffer.wrap(from.toFloatArray()));
    }

    private static void write(Block block, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(os)) {
            block.saveParameters(out);
        }
    }

    /** Number of weights held. */
    public long size() {
        long n = 0;
        for (float[] a : generator) {
            n += a.length;
        }
        for (float[] a : discriminator) {
            n += a.length;
        }
        return n;
    }

    @Override
    public String toString() {
        return "Checkpoint[step " + step + ", " + size() + " weights]";
    }
}
