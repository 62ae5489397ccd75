package org.ganworkbench.selfcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.ganworkbench.engine.Engines;
import org.ganworkbench.engine.Machine;
import org.ganworkbench.engine.Ops;
import org.ganworkbench.losses.GradientPenalty;
import org.ganworkbench.nn.Downsample;
import org.ganworkbench.nn.EqualizedConv2d;
import org.ganworkbench.nn.EqualizedLr;
import org.ganworkbench.nn.InstanceNorm;
import org.ganworkbench.nn.MinibatchStdDev;
import org.ganworkbench.nn.PixelNorm;
import org.ganworkbench.nn.Upsample;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The workbench's self-check: does each engine compute the values and gradients the workbench
 * relies on, on <em>this</em> CPU? Machines of one kind differ (Intel or AMD, AVX2 or AVX-512) and
 * so can a native library's kernels: libtorch 2.7.1's oneDNN convolutions were found computing
 * wrong values and gradients on an AMD EPYC with AVX-512 while MXNet's were exact
 * ({@link Engines#prepare}). {@code gan doctor} prints this report; {@code test.sh} runs it before
 * the unit tests, so a machine with a faulty engine is reported as that.
 *
 * <p>The checks, on each engine:
 * <ul>
 *   <li><b>direct</b>: DJL's 2-D convolution against its definition as loops in double precision
 *       (value, d/dx, d/dw), on the shapes where libtorch's oneDNN went wrong and on the DCGAN's;
 *   <li><b>finite differences</b>: autograd's directional derivative against central differences
 *       of the engine's own forward pass ({@link FiniteDifferences}) for the operations the
 *       workbench's models are built from: dense and transposed convolution (every path), batch,
 *       instance and pixel norm, minibatch stddev, equalized-LR convolution, up- and downsampling,
 *       LeakyReLU;
 *   <li>on PyTorch, the <b>second-order</b> gradient of WGAN-GP's penalty with respect to a small
 *       convolutional critic's weights.
 * </ul>
 * On PyTorch the convolution checks also run once with libtorch's oneDNN convolutions switched on,
 * for information: the workbench keeps them off, and the report says whether they would be right.
 */
public final class SelfCheck {

    /** Tolerance of the direct checks: float32 sums of a few hundred terms against double. */
    static final double DIRECT_TOLERANCE = 1e-4;
    /** Tolerance of the finite-difference checks (see {@link FiniteDifferences}). */
    static final double FD_TOLERANCE = 1e-2;

    /** The finite-difference step of the second-order check ({@link #gradientPenalty}). */
    static final float PENALTY_STEP = 1e-3f;

    /** The convolutions checked directly: where oneDNN went wrong on an AMD EPYC, and the DCGAN's. */
    static final List<ConvolutionOracle> CONVOLUTIONS = List.of(
            new ConvolutionOracle(2, 3, 4, 8, 3, 1, 1),      // the smallest reproduction: wrong d/dx
            new ConvolutionOracle(2, 17, 8, 8, 3, 1, 1),     // wrong value
            new ConvolutionOracle(2, 3, 8, 8, 4, 2, 1),      // wrong d/dx at stride 2
            new ConvolutionOracle(2, 64, 4, 14, 2, 1, 1),    // the DCGAN G's output layer on the sub-pixel path
            new ConvolutionOracle(2, 1, 64, 28, 4, 2, 1),    // the DCGAN D's first layer
            new ConvolutionOracle(2, 64, 128, 14, 4, 2, 1)); // the DCGAN D's second layer

    private SelfCheck() {}

    /** Runs every check on MXNet and PyTorch. */
    public static Report run() {
        return run(List.of(Engines.MXNET, Engines.PYTORCH));
    }

    /** Runs every check on these engines ("MXNet", "PyTorch"). */
    public static Report run(List<String> engines) {
        List<CheckResult> results = new ArrayList<>();
        Map<String, Map<String, String>> versions = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (String name : engines) {
            Engine engine;
            try {
                engine = Engines.get(name);
                versions.put(engine.getEngineName(), Engines.versions(engine));
            } catch (RuntimeException | UnsatisfiedLinkError e) {   // not loadable, or not put into its checked state
                versions.put(name, Map.of("error", String.valueOf(e.getMessage())));
                results.add(new CheckResult("engine start (Engines.get)", name, "-", Double.POSITIVE_INFINITY, 0,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), false));
                continue;
            }
            results.addAll(check(engine));
            if (Engines.PYTORCH.equals(engine.getEngineName())) {
                results.addAll(libTorchOneDnn(engine));
            }
        }
        return new Report(Machine.current(), versions, results, (System.nanoTime() - t0) / 1e9);
    }

    /** The checks of the configuration the workbench uses, on one engine. */
    static List<CheckResult> check(Engine engine) {
        String name = engine.getEngineName();
        List<CheckResult> results = new ArrayList<>();
        long seed = 1;
        for (ConvolutionOracle c : CONVOLUTIONS) {
            results.add(direct(c, engine, name, seed++, false));
        }
        results.add(fd(engine, "linear 16→8 (4,16)", seed++, List.of(new Shape(4, 16), new Shape(8, 16), new Shape(8)),
                m -> FiniteDifferences.Operation.of(in -> Linear.linear(in.get(0), in.get(1), in.get(2)).singletonOrThrow())));
        for (Ops.Path path : Ops.Path.values()) {
            if (path == Ops.Path.NATIVE && !Engines.MXNET.equals(name)) {
                continue;   // the native operator exists on MXNet only
            }
            String label = "convTranspose 6→3 4×4 s2 " + path.name().toLowerCase(Locale.ROOT).replace('_', '-');
            results.add(fd(engine, label, seed++, List.of(new Shape(2, 6, 5, 5), new Shape(6, 3, 4, 4), new Shape(3)),
                    m -> FiniteDifferences.Operation.of(in -> Ops.convTranspose(in.get(0), in.get(1), in.get(2), 2, 1, 0, path))));
        }
        // inputs at least 0.1 from the kink: a step of 1e-2 across it now and then makes the central
        // difference disagree for no fault of the backward pass (measured without: error 0.02–0.06)
        results.add(fd(engine, "leakyRelu 0.2 (4,3,5,5)", seed++, List.of(new Shape(4, 3, 5, 5)), 0.1f,
                m -> FiniteDifferences.Operation.of(in -> Activation.leakyRelu(in.head(), 0.2f))));
        results.add(block(engine, "batchNorm, training (4,3,5,5)", seed++, new Shape(4, 3, 5, 5), () -> BatchNorm.builder().build()));
        results.add(block(engine, "instanceNorm (2,3,6,6)", seed++, new Shape(2, 3, 6, 6), InstanceNorm::new));
        results.add(block(engine, "pixelNorm (2,8,4,4)", seed++, new Shape(2, 8, 4, 4), PixelNorm::new));
        results.add(block(engine, "minibatchStdDev 2 (4,3,4,4)", seed++, new Shape(4, 3, 4, 4), () -> new MinibatchStdDev(2)));
        results.add(block(engine, "equalizedConv2d 3→4 3×3 (2,3,6,6)", seed++, new Shape(2, 3, 6, 6),
                () -> new EqualizedConv2d(4, 3, EqualizedLr.RELU_GAIN, true)));
        results.add(block(engine, "upsample ×2 (2,3,4,4)", seed++, new Shape(2, 3, 4, 4), () -> new Upsample(2)));
        results.add(block(engine, "downsample ×2 (2,3,8,8)", seed++, new Shape(2, 3, 8, 8), () -> new Downsample(2)));
        if (Engines.supportsSecondOrderGradients(engine)) {
            long s = seed;
            results.add(attempt("gradient penalty, 2nd order (3,2,6,6)", name, false, () -> gradientPenalty(engine, s)));
        }
        return results;
    }

    /** The direct convolution checks with libtorch's oneDNN convolutions on (informational). */
    static List<CheckResult> libTorchOneDnn(Engine engine) {
        List<CheckResult> results = new ArrayList<>();
        long seed = 1;
        Engines.setLibTorchVendorConvolutions(true);
        try {
            for (ConvolutionOracle c : CONVOLUTIONS) {
                results.add(direct(c, engine, engine.getEngineName() + " (oneDNN)", seed++, true));
            }
        } finally {
            Engines.setLibTorchVendorConvolutions(false);
        }
        return results;
    }

    private static CheckResult direct(ConvolutionOracle c, Engine engine, String label, long seed, boolean informational) {
        return attempt(c.describe(), label, informational, () -> {
            ConvolutionOracle.Errors e = c.check(engine, seed);
            return new CheckResult(c.describe(), label, "direct", nanAsInfinite(e.worst()), DIRECT_TOLERANCE,
                    e.worstPart(), informational);
        });
    }

    private static CheckResult fd(Engine engine, String op, long seed, List<Shape> inputs,
            Function<NDManager, FiniteDifferences.Operation> setup) {
        return fd(engine, op, seed, inputs, 0, setup);
    }

    private static CheckResult fd(Engine engine, String op, long seed, List<Shape> inputs, float margin,
            Function<NDManager, FiniteDifferences.Operation> setup) {
        return attempt(op, engine.getEngineName(), false, () -> new CheckResult(op, engine.getEngineName(), "finite differences",
                nanAsInfinite(FiniteDifferences.check(engine, seed, inputs, margin, setup)), FD_TOLERANCE,
                "directional derivative", false));
    }

    /** The check's result, or a failing one that names the exception the check ended with. */
    static CheckResult attempt(String op, String engine, boolean informational, Supplier<CheckResult> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return new CheckResult(op, engine, "-", Double.POSITIVE_INFINITY, 0,
                    "threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), informational);
        }
    }

    /** A block's forward pass in training mode, its parameters perturbed with the input. */
    private static CheckResult block(Engine engine, String op, long seed, Shape input,
            Supplier<Block> factory) {
        return fd(engine, op, seed, List.of(input), m -> {
            Block b = factory.get();
            b.initialize(m, DataType.FLOAT32, input);
            Random rng = new Random(seed + 1000);
            List<NDArray> params = new ArrayList<>();
            for (Parameter p : b.getParameters().values()) {
                if (p.requiresGradient()) {
                    NDArray a = p.getArray();
                    a.set(FiniteDifferences.gaussian(rng, (int) a.size()));
                    params.add(a);
                }
            }
            ParameterStore store = new ParameterStore(m, false);
            return new FiniteDifferences.Operation() {
                @Override
                public NDArray apply(NDList inputs) {
                    return b.forward(store, inputs, true).singletonOrThrow();
                }

                @Override
                public List<NDArray> parameters() {
                    return params;
                }
            };
        });
    }

    /**
     * WGAN-GP's penalty P(θ) = E[(‖∇ₓD(x)‖ − 1)²] of a critic (3×3 convolution 2→4, tanh, dense to
     * one score) as a function of the critic's weights θ: autograd's second-order derivative along
     * a random direction against central differences of P, each P computed with the engine's
     * first-order input gradient ({@link Engines#inputGradient}). The activation is smooth on
     * purpose: with a LeakyReLU, ∇ₓD jumps wherever a pre-activation changes sign, P is
     * discontinuous in θ and central differences across a jump mean nothing (measured: error 1.8).
     * The step is {@link #PENALTY_STEP}: P is strongly curved in θ (through tanh′ and tanh″), and
     * at 1e-2 the central difference's own O(h²) error reached 0.16 on one seed (it fell to 2e-3 at
     * 1e-3 and kept falling with h, so autograd was right).
     */
    static CheckResult gradientPenalty(Engine engine, long seed) {
        Random rng = new Random(seed);
        Shape xShape = new Shape(3, 2, 6, 6);
        float[] x = FiniteDifferences.gaussian(rng, (int) xShape.size());
        try (NDManager m = engine.newBaseManager()) {
            SequentialBlock critic = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                    .add(Activation::tanh)
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(1).build());
            critic.initialize(m, DataType.FLOAT32, xShape);
            List<Parameter> params = new ArrayList<>(critic.getParameters().values());
            List<float[]> original = new ArrayList<>();
            for (Parameter p : params) {
                float[] values = FiniteDifferences.gaussian(rng, (int) p.getArray().size());
                for (int i = 0; i < values.length; i++) {
                    values[i] *= 0.5f;
                }
                p.getArray().set(values);
                original.add(values);
            }
            ParameterStore store = new ParameterStore(m, false);
            float[][] grads = new float[params.size()][];
            penalty(engine, m, critic, store, params, x, xShape, grads);
            List<NDArray> arrays = params.stream().map(Parameter::getArray).toList();
            double worst = FiniteDifferences.alongRandomDirections(rng, original, grads, PENALTY_STEP, moved -> {
                FiniteDifferences.setAll(arrays, moved);
                return penalty(engine, m, critic, store, params, x, xShape, null);
            });
            FiniteDifferences.setAll(arrays, original);
            return new CheckResult("gradient penalty, 2nd order (3,2,6,6)", engine.getEngineName(), "finite differences",
                    nanAsInfinite(worst), FD_TOLERANCE, "directional derivative", false);
        }
    }

    /** P at the critic's current weights; with {@code grads} given, also dP/dθ into it. */
    private static double penalty(Engine engine, NDManager m, Block critic, ParameterStore store, List<Parameter> params,
            float[] x, Shape xShape, float[][] grads) {
        try (NDManager step = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray input = step.create(x, xShape);
            input.setRequiresGradient(true);
            NDArray score = critic.forward(store, new NDList(input), true).singletonOrThrow();
            NDArray p = GradientPenalty.compute(Engines.inputGradient(score, input));
            double value = p.getFloat();
            if (grads != null) {
                Engines.zeroGradients(params);   // the input-gradient pass wrote first-order gradients
                gc.backward(p);
                for (int i = 0; i < params.size(); i++) {
                    grads[i] = params.get(i).getArray().getGradient().toFloatArray();
                }
            }
            return value;
        }
    }

    private static double nanAsInfinite(double e) {
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }

    /**
     * What the self-check found: the machine, each engine's versions and every check.
     *
     * @param machine the CPU
     * @param versions per engine, {@link Engines#versions}
     * @param results every check, in the order run
     * @param seconds time taken
     */
    public record Report(Machine machine, Map<String, Map<String, String>> versions, List<CheckResult> results,
            double seconds) {

        /** Whether every check of the configuration the workbench uses passed. */
        public boolean passed() {
            return results.stream().noneMatch(CheckResult::fails);
        }

        /** The checks that fail the self-check. */
        public List<CheckResult> failures() {
            return results.stream().filter(CheckResult::fails).toList();
        }

        /** The informational checks that came out wrong (e.g. libtorch's oneDNN convolutions). */
        public List<CheckResult> avoided() {
            return results.stream().filter(r -> r.informational() && !r.passed()).toList();
        }

        /** One line: "self-check passed: 42 checks on MXNet, PyTorch (3.1 s)" or what failed. */
        public String summary() {
            String engines = String.join(", ", versions.keySet());
            if (passed()) {
                String avoided = avoided().isEmpty() ? ""
                        : "; libtorch's oneDNN convolutions, which the workbench keeps off, are wrong on this CPU ("
                        + avoided().size() + " of " + CONVOLUTIONS.size() + " shapes)";
                return String.format(Locale.ROOT, "self-check passed: %d checks on %s in %.1f s%s",
                        results.size() - results.stream().filter(CheckResult::informational).count(), engines, seconds, avoided);
            }
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "self-check FAILED: %d of %d checks wrong on this CPU (%s):", failures().size(), results.size(), machine));
            for (CheckResult r : failures()) {
                b.append("\n  ").append(r.engine()).append(": ").append(r.op()).append(", ").append(r.worst())
                        .append(String.format(Locale.ROOT, ", error %.2g", r.error()));
            }
            b.append("\nresults computed with these ops on these engines are wrong here; use another engine or machine,"
                    + " and report the lines above");
            return b.toString();
        }

        /** The whole report: machine, versions, one line per check, the summary. */
        public void print(PrintStream out) {
            out.println("machine: " + machine);
            out.println("  isa: " + String.join(" ", machine.isa()));
            versions.forEach((engine, v) -> {
                out.println(engine + ":");
                v.forEach((k, value) -> {
                    if (!k.equals("engine") && !k.equals("cpu")) {
                        out.println("  " + k + ": " + value);
                    }
                });
            });
            out.println();
            for (CheckResult r : results) {
                out.println(r);
            }
            out.println();
            out.println(summary());
        }

        @Override
        public String toString() {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            print(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
