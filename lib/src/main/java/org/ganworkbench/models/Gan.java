package org.ganworkbench.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.ganworkbench.data.GanData;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.NativeHolders;
import org.ganworkbench.nn.ConditionalGenerator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A GAN with live weights: generator G and discriminator D built from a {@link GanArchitecture} on
 * one engine. Weights live in the GAN's own {@link NDManager}; everything a forward pass creates
 * lives in the manager of its input, so a training step that works in a sub-manager frees all of
 * it when the step ends.
 */
public final class Gan implements AutoCloseable {

    private final GanArchitecture architecture;
    private final Engine engine;
    private final NDManager manager;
    private final Block generator;
    private final Block discriminator;
    private final ParameterStore store;
    private final List<Parameter> generatorParameters;
    private final List<Parameter> discriminatorParameters;

    private Gan(GanArchitecture architecture, Engine engine, long seed) {
        this.architecture = architecture;
        this.engine = Engines.prepare(engine);
        this.manager = engine.newBaseManager();
        this.generator = architecture.newGenerator();
        this.discriminator = architecture.newDiscriminator();
        generator.initialize(manager, DataType.FLOAT32, generatorInputs(architecture));
        discriminator.initialize(manager, DataType.FLOAT32, discriminatorInputs(architecture));
        Random rng = new Random(seed);
        architecture.init().apply(generator.getParameters(), rng);
        architecture.init().apply(discriminator.getParameters(), rng);
        this.generatorParameters = trainable(generator);
        this.discriminatorParameters = trainable(discriminator);
        this.store = new ParameterStore(manager, false);
        NativeHolders.opened(this, architecture.name() + " on " + engine.getEngineName());
    }

    /**
     * The shapes G of {@code architecture} is initialized with, for a batch of one: z, then the
     * one-hot classes of a conditional GAN or the map of a translation GAN.
     */
    public static Shape[] generatorInputs(GanArchitecture architecture) {
        return withCondition(architecture, new Shape(1, architecture.latent().dim()));
    }

    /** The shapes D of {@code architecture} is initialized with, for a batch of one: a sample, then its condition. */
    public static Shape[] discriminatorInputs(GanArchitecture architecture) {
        return withCondition(architecture, new Shape(1).addAll(architecture.sampleShape()));
    }

    private static Shape[] withCondition(GanArchitecture architecture, Shape first) {
        if (architecture.mapShape() != null) {
            return new Shape[] {first, new Shape(1).addAll(architecture.mapShape())};
        }
        return architecture.classes() > 0 ? new Shape[] {first, new Shape(1, architecture.classes())} : new Shape[] {first};
    }

    /**
     * Builds the networks of {@code architecture} on {@code engine}, weights drawn from {@code seed}
     * (in Java, so the same seed gives the same weights on every engine).
     */
    public static Gan create(GanArchitecture architecture, Engine engine, long seed) {
        return new Gan(architecture, engine, seed);
    }

    /** {@link #create(GanArchitecture, Engine, long)} on DJL's default engine. */
    public static Gan create(GanArchitecture architecture, long seed) {
        return new Gan(architecture, org.ganworkbench.engine.Engines.get(null), seed);
    }

    private static List<Parameter> trainable(Block block) {
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient()) {
                parameter.getArray().setRequiresGradient(true);
                list.add(parameter);
            }
        }
        return Collections.unmodifiableList(list);
    }

    /** G(z): samples from latent vectors z (N, latentDim). A conditional GAN needs the classes too. */
    public NDArray generate(NDArray z, boolean training) {
        requireUnconditional("generate(z, training)");
        return generator.forward(store, new NDList(z), training).singletonOrThrow();
    }

    /**
     * G(z, y) of a conditional GAN: classes one-hot (N, K), see {@code GanData.oneHot}; for a
     * translation GAN ({@link GanArchitecture#mapShape()}) y is the map (N, C, H, W) to translate.
     */
    public NDArray generate(NDArray z, NDArray classes, boolean training) {
        requireConditional(classes);
        return generator.forward(store, new NDList(z, classes), training).singletonOrThrow();
    }

    /** D(x): one logit per sample, shape (N). A conditional GAN needs the classes too. */
    public NDArray discriminate(NDArray x, boolean training) {
        requireUnconditional("discriminate(x, training)");
        NDArray out = discriminator.forward(store, new NDList(x), training).get(0);
        return out.reshape(out.getShape().get(0));
    }

    /**
     * D(x, y) of a conditional GAN: one logit per sample, shape (N); classes one-hot (N, K). For a
     * translation GAN y is the map (N, C, H, W) and D scores every patch: (N, P).
     */
    public NDArray discriminate(NDArray x, NDArray classes, boolean training) {
        requireConditional(classes);
        return scores(discriminator.forward(store, new NDList(x, classes), training).get(0));
    }

    /** D's first output as scores: (N) for one score per sample, (N, P) for a patch discriminator's P. */
    public static NDArray scores(NDArray out) {
        long n = out.getShape().get(0);
        long per = out.getShape().size() / Math.max(1, n);
        return per == 1 ? out.reshape(n) : out.reshape(n, per);
    }

    /**
     * D(x, y) of a conditional GAN with D's features, as {@link #discriminateWithFeatures(NDArray,
     * boolean)}: [scores (N), features (N, F)], and the class logits (N, K) third for an
     * auxiliary-classifier D.
     */
    public NDList discriminateWithFeatures(NDArray x, NDArray classes, boolean training) {
        if (architecture.mapShape() != null) {
            throw new IllegalStateException(architecture.name() + " scores (image, map) pairs patch by patch and "
                    + "returns the features of all its layers: use discriminatorOutputs(x, map, training)");
        }
        NDList out = discriminatorOutputs(x, classes, training);
        NDArray scores = out.get(0);
        NDArray features = out.get(1);
        NDList r = new NDList(scores.reshape(scores.getShape().get(0)), features.reshape(features.getShape().get(0), -1));
        if (out.size() > 2) {
            r.add(out.get(2));
        }
        return r;
    }

    /**
     * Everything a conditional D returns for (x, y): [scores (N, 1), features (N, F)], and class
     * logits (N, K) for an auxiliary-classifier D; for a translation GAN, [patch scores, then the
     * features of every layer, scale after scale] (see {@code MultiScaleDiscriminator}).
     */
    public NDList discriminatorOutputs(NDArray x, NDArray classes, boolean training) {
        requireConditional(classes);
        return discriminator.forward(store, new NDList(x, classes), training);
    }

    private void requireUnconditional(String call) {
        if (architecture.mapShape() != null) {
            throw new IllegalStateException(architecture.name() + " translates maps: " + call + " needs the maps too "
                    + mapsShape() + ", e.g. from GanData.samplePaired");
        }
        if (architecture.classes() > 0) {
            throw new IllegalStateException(architecture.name() + " is conditioned on " + architecture.classes()
                    + " classes: " + call + " needs them too (one-hot, N x " + architecture.classes() + ")");
        }
    }

    /** The maps' batch shape in words: "(N, 7, 32, 32)". */
    private String mapsShape() {
        return "(N, " + architecture.mapShape().toString().replaceAll("[()]", "") + ")";
    }

    private void requireConditional(NDArray classes) {
        Shape map = architecture.mapShape();
        if (map != null) {
            Shape s = classes.getShape();
            if (s.dimension() != map.dimension() + 1 || !s.slice(1).equals(map)) {
                throw new IllegalArgumentException(architecture.name() + " needs maps " + mapsShape() + ", got " + s);
            }
            return;
        }
        int k = architecture.classes();
        if (k == 0) {
            throw new IllegalStateException(architecture.name() + " is not conditional: call it without classes");
        }
        Shape s = classes.getShape();
        if (s.dimension() != 2 || s.get(1) != k) {
            throw new IllegalArgumentException(architecture.name() + " needs one-hot classes (N, " + k + "), got " + s);
        }
    }

    /**
     * D(x) with D's last hidden features: [logits (N), features (N, F)], the features being what D's
     * output layer reads (for feature matching). The architecture's discriminator block returns both.
     */
    public NDList discriminateWithFeatures(NDArray x, boolean training) {
        requireUnconditional("discriminateWithFeatures(x, training)");
        NDList out = discriminator.forward(store, new NDList(x), training);
        if (out.size() < 2) {
            throw new IllegalStateException(architecture.name() + "'s discriminator does not return its features; "
                    + "feature matching needs an architecture whose D returns [logits, features]");
        }
        NDArray logits = out.get(0);
        NDArray features = out.get(1);
        return new NDList(logits.reshape(logits.getShape().get(0)),
                features.reshape(features.getShape().get(0), -1));
    }

    /**
     * Everything D's block returns for {@code x}: [scores (N, 1), features (N, F)] for the score
     * discriminators, [energies (N), codes (N, h), reconstructions] for an autoencoder D.
     */
    public NDList discriminatorOutputs(NDArray x, boolean training) {
        requireUnconditional("discriminatorOutputs(x, training)");
        return discriminator.forward(store, new NDList(x), training);
    }

    /**
     * Draws n samples from G (inference mode), on {@code manager}. A conditional G is asked for the
     * classes 0, 1, ..., K−1, 0, 1, ... in turn (every class equally often; {@link #sampleClasses}).
     */
    public NDArray sample(NDManager manager, Random rng, int n) {
        if (architecture.mapShape() != null) {
            throw new IllegalStateException(architecture.name() + " makes images of maps: call translate(maps, rng) "
                    + "with maps " + mapsShape() + ", or sample through "
                    + "the training run (GanTraining.sampleToArray draws maps from its data)");
        }
        NDArray z = architecture.latent().sample(manager, rng, n);
        if (architecture.classes() == 0) {
            return generate(z, false);
        }
        return generate(z, org.ganworkbench.data.GanData.oneHot(manager, sampleClasses(n), architecture.classes()), false);
    }

    /**
     * G's images of {@code maps} (inference mode; a translation GAN), on the maps' manager: latents
     * drawn from {@code rng} for a generator that reads them (SPADE), and, where G has dropout
     * noise (pix2pix), masks from the engine's generator.
     *
     * @param maps (N, C, H, W) as {@link GanArchitecture#mapShape()}
     */
    public NDArray translate(NDArray maps, Random rng) {
        requireConditional(maps);
        NDArray z = architecture.latent().sample(maps.getManager(), rng, Math.toIntExact(maps.getShape().get(0)));
        return generate(z, maps, false);
    }

    /**
     * The classes of n samples drawn with {@link #sample} in chunks of {@code chunk} (each chunk asks
     * for the classes from 0 again), in order; empty when unconditional.
     */
    public int[] sampleClasses(int n, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
        }
        int[] all = new int[architecture.classes() == 0 ? 0 : n];
        for (int from = 0; from < all.length; from += chunk) {
            int count = Math.min(chunk, n - from);
            System.arraycopy(sampleClasses(count), 0, all, from, count);
        }
        return all;
    }

    /** The classes {@link #sample} asks a conditional G for: i mod K for sample i (empty when unconditional). */
    public int[] sampleClasses(int n) {
        int k = architecture.classes();
        return k == 0 ? new int[0] : GanData.classesInTurn(n, k);
    }

    /**
     * Where G's self-attention looks when it makes the images of z and y (inference mode): β,
     * (N, P, P) over the positions of the map it attends at ({@link ConditionalGenerator#attentionMap}).
     *
     * @param z latents (N, latentDim)
     * @param classes one-hot classes (N, K)
     * @return β; row j of sample n sums to 1
     * @throws IllegalStateException when G is not a conditional generator with self-attention
     */
    public NDArray generatorAttention(NDArray z, NDArray classes) {
        requireConditional(classes);
        if (!(generator instanceof ConditionalGenerator g) || g.attention() == null) {
            throw new IllegalStateException(architecture.name() + "'s generator has no self-attention; "
                    + "build it with attention_at (model conditional)");
        }
        return g.attentionMap(store, z, classes);
    }

    /** Draws n samples from G (inference mode) as a flat Java array, row-major. */
    public float[] sampleToArray(Random rng, int n) {
        try (NDManager m = manager.newSubManager()) {
            return sample(m, rng, n).toFloatArray();
        }
    }

    /** Draws n images from G (inference mode) as an image set, values clamped into [-1, 1]. */
    public org.ganworkbench.data.ImageSet sampleImages(Random rng, int n) {
        return org.ganworkbench.data.ImageSet.ofSamples(architecture.name() + " samples", architecture.sampleShape(),
                sampleToArray(rng, n));
    }

    /** Draws n points from a G that makes 2-D points, as [n][2]. */
    public float[][] samplePoints(Random rng, int n) {
        if (!architecture.sampleShape().equals(new Shape(2))) {
            throw new IllegalStateException("samplePoints needs a generator of 2-D points; this one makes "
                    + architecture.sampleShape());
        }
        return GanData.points(sampleToArray(rng, n));
    }

    /** The blueprint. */
    public GanArchitecture architecture() {
        return architecture;
    }

    /** The latent the generator takes. */
    public Latent latent() {
        return architecture.latent();
    }

    /** The engine the weights live on. */
    public Engine engine() {
        return engine;
    }

    /** The manager that owns the weights; open step managers under it with {@code newSubManager()}. */
    public NDManager manager() {
        return manager;
    }

    /** The generator block. */
    public Block generator() {
        return generator;
    }

    /** The discriminator block. */
    public Block discriminator() {
        return discriminator;
    }

    /** G's trainable parameters. */
    public List<Parameter> generatorParameters() {
        return generatorParameters;
    }

    /** D's trainable parameters. */
    public List<Parameter> discriminatorParameters() {
        return discriminatorParameters;
    }

    /** Number of trainable weights in G. */
    public long generatorSize() {
        return count(generatorParameters);
    }

    /** Number of trainable weights in D. */
    public long discriminatorSize() {
        return count(discriminatorParameters);
    }

    private static long count(List<Parameter> params) {
        return params.stream().mapToLong(p -> p.getArray().getShape().size()).sum();
    }

    @Override
    public String toString() {
        return architecture.name() + " on " + engine.getEngineName() + ": G " + generatorSize()
                + " weights, D " + discriminatorSize() + " weights, latent " + architecture.latent();
    }

    @Override
    public void close() {
        manager.close();
        NativeHolders.closed(this);
    }
}
