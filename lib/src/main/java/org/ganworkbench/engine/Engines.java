package org.ganworkbench.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The only place that knows MXNet from PyTorch.
 *
 * <p>Differences that matter for GAN training, measured on DJL 0.35.1:
 *
 * <ul>
 *   <li>Gradients: MXNet overwrites a parameter's gradient on every backward pass, PyTorch adds to
 *       it. Code that trains two networks must therefore zero a network's gradients right before
 *       the backward pass whose gradients it will apply ({@link #zeroGradients}); this makes both
 *       engines behave the same and keeps the generator step from leaking into the next
 *       discriminator step.
 *   <li>Second-order gradients (gradient penalties such as WGAN-GP or R1) work on PyTorch only.
 *   <li>Transposed convolution: DJL's block is broken on MXNet when in != out channels and missing
 *       on PyTorch; {@link Ops#convTranspose} has a native MXNet path and a portable one.
 * </ul>
 */
public final class Engines {

    /** Name of the MXNet engine as DJL reports it. */
    public static final String MXNET = "MXNet";
    /** Name of the PyTorch engine as DJL reports it. */
    public static final String PYTORCH = "PyTorch";

    private Engines() {}

    /**
     * The engine to use: {@code name} when given (case-insensitive "mxnet" or "pytorch"), else DJL's
     * default, which is MXNet here unless {@code DJL_DEFAULT_ENGINE} says otherwise.
     */
    public static Engine get(String name) {
        if (name == null || name.isBlank()) {
            return Engine.getInstance();
        }
        String canonical = canonicalName(name);
        if (!Engine.hasEngine(canonical)) {
            throw new IllegalArgumentException("engine '" + name + "' is not on the classpath; available: "
                    + Engine.getAllEngines());
        }
        return Engine.getEngine(canonical);
    }

    /** Maps user spellings ("mxnet", "pytorch", "torch") to DJL's engine names. */
    public static String canonicalName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mxnet", "mx" -> MXNET;
            case "pytorch", "torch", "pt" -> PYTORCH;
            default -> throw new IllegalArgumentException(
                    "unknown engine '" + name + "'; use \"MXNet\" or \"PyTorch\"");
        };
    }

    /** Name of DJL's default engine. */
    public static String defaultName() {
        return Engine.getDefaultEngineName();
    }

    /** Whether second-order gradients (gradient of a gradient norm) work on this engine. */
    public static boolean supportsSecondOrderGradients(Engine engine) {
        return PYTORCH.equals(engine.getEngineName());
    }

    /**
     * The gradient of sum(output) with respect to {@code input}, <em>with its graph</em>, so that a
     * loss built from it (a gradient penalty) can itself be backpropagated to the network's weights:
     * a second-order gradient. {@code input} must have had {@code setRequiresGradient(true)} before
     * the forward pass, and the forward pass and this call must run inside an open
     * {@code GradientCollector}.
     *
     * <p>This backward pass also writes first-order gradients into the weights' gradient buffers
     * (PyTorch accumulates them): zero the weights' gradients ({@link #zeroGradients}) before the
     * backward pass whose gradients are applied.
     *
     * <p>Known cost (DJL 0.35.1): libtorch keeps a reference cycle between each weight reached and
     * its gradient, whose graph now references the weight again; PyTorch breaks it by setting
     * {@code .grad = None}, which DJL cannot do. The graph of every call stays alive: about 2 MB per
     * training step for a 3×128 MLP critic at batch 256. Keep such runs short, or run them in their
     * own process (the sweep runner's child processes).
     *
     * @throws UnsupportedOperationException on engines without second-order gradients (MXNet in DJL)
     */
    public static NDArray inputGradient(NDArray output, NDArray input) {
        if (!(output instanceof ai.djl.pytorch.engine.PtNDArray)) {
            throw new UnsupportedOperationException("the gradient of an input gradient (needed by WGAN-GP's and R1's "
                    + "penalties) is available in DJL only on the PyTorch engine, not on "
                    + output.getManager().getEngine().getEngineName() + "; use engine PyTorch, or a loss without "
                    + "a gradient penalty (wgan-clip, hinge, lsgan)");
        }
        ai.djl.pytorch.engine.PtNDArray target = (ai.djl.pytorch.engine.PtNDArray) output.sum();
        ai.djl.pytorch.engine.PtNDArray ones = (ai.djl.pytorch.engine.PtNDArray) target.onesLike();
        ai.djl.pytorch.jni.JniUtils.backward(target, ones, true, true);   // keep the graph, create one for the gradient
        return input.getGradient();
    }

    /** Sets the gradients of these parameters to zero, in place, on either engine. */
    public static void zeroGradients(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            NDArray array = p.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            try (NDArray grad = array.getGradient()) {
                grad.subi(grad);
            }
        }
    }

    /**
     * Sum of squared gradient entries over these parameters (the squared global gradient norm).
     * Reads one number per parameter back to Java; call it at logging time, not in a tight loop.
     */
    public static double gradientNormSquared(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            NDArray array = p.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            try (NDArray grad = array.getGradient(); NDArray sq = grad.square(); NDArray s = sq.sum()) {
                sum += s.getFloat();
            }
        }
        return sum;
    }

    /**
     * Versions for provenance: DJL, the engine and its native library, the JVM, and the thread
     * setting the engine was started with.
     */
    public static Map<String, String> versions(Engine engine) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("djl", Engine.getDjlVersion());
        v.put("engine", engine.getEngineName());
        v.put("engine_version", engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        return v;
    }

    /** A one-line description for logs and notebook headers. */
    public static String describe(Engine engine) {
        String threads = System.getenv("OMP_NUM_THREADS");
        return engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion()
                + ", OMP_NUM_THREADS=" + (threads == null ? "unset" : threads) + ")";
    }

}
