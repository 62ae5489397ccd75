package org.ganworkbench.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 *   <li>Convolutions on PyTorch: libtorch 2.7.1's oneDNN kernels compute wrong values and gradients
 *       on some CPUs (an AMD EPYC with AVX-512: 1,570 of 4,704 small shapes wrong), so the
 *       workbench switches them off in every process that uses PyTorch ({@link #prepare}; about
 *       45% of PyTorch's DCGAN training speed is the price). MXNet's are exact on the same CPU.
 *       {@code gan doctor} checks both engines on the machine at hand.
 * </ul>
 *
 * <p>Every engine the workbench computes on is obtained here ({@link #get}, {@link #newManager}) or
 * passes through {@link #prepare}; a test holds the rest of the lib to that.
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
            return prepare(Engine.getInstance());
        }
        String canonical = canonicalName(name);
        if (!Engine.hasEngine(canonical)) {
            throw new IllegalArgumentException("engine '" + name + "' is not on the classpath; available: "
                    + Engine.getAllEngines());
        }
        return prepare(Engine.getEngine(canonical));
    }

    /** A new base manager of {@link #get get(name)}'s engine (the default engine for null). */
    public static NDManager newManager(String name) {
        return get(name).newBaseManager();
    }

    private static volatile boolean torchPrepared;

    /**
     * Puts an engine into the state the workbench has verified, once per process, and returns it.
     * Every engine the workbench uses passes through here ({@link #get}, {@code Gan}, the domain
     * classifier); code that starts from DJL's {@code Engine} directly should call it too.
     *
     * <p><b>PyTorch: libtorch's oneDNN and NNPACK convolutions are switched off</b> (what
     * {@code torch.backends.mkldnn.enabled = False} and {@code torch.backends.nnpack.enabled = False}
     * do in Python), so every convolution runs libtorch's own im2col + GEMM kernels.
     *
     * <p>Why, measured on an AMD EPYC (family 26, AVX-512, 2 cores) with libtorch 2.7.1 and its
     * oneDNN 3.7.1: DJL's {@code Conv2d.conv2d} checked against loops in double precision over
     * 4,704 small shapes (channels 1–64 in and out, kernels 1–4, strides 1 and 2, sizes 5–14) gave
     * 1,570 wrong at 2 threads and 1,829 at 1 thread, relative errors from 0.04 to 1, now and then
     * NaN, and different from run to run. Wrong were the input gradient of every stride-1
     * convolution whose output channels are not a multiple of 16, the input gradient at stride 2
     * for 1–3 and for 48 input channels, and the forward value for 17 or 24 input channels; 1×1
     * kernels were exact. With
     * oneDNN off all 4,704 are exact, and so are all of them on MXNet. The smallest reproduction:
     * x (2, 3, 8, 8), w (4, 3, 3, 3), stride 1, pad 1, backward of {@code sum(conv2d(x, w) * r)}:
     * {@code x.getGradient()} is off by 0.79 while the value and {@code w.getGradient()} are exact;
     * {@code ONEDNN_VERBOSE=1} names the kernel, {@code jit:avx512_core,backward_data} on
     * channel-padded {@code aBcd16b} layouts; {@code ONEDNN_MAX_CPU_ISA=AVX2} takes
     * {@code jit:avx2} instead, equally wrong. Each convolutional model tried was hit: the DCGAN
     * (its generator's output layer is a 64→4 stride-1 convolution on the sub-pixel path)
     * diverged to NaN within 11 steps, BEGAN's generator loss went NaN, the progressive GAN's
     * gradients too. NNPACK goes off as well,
     * so that a convolution takes the same kernels on every CPU (it is unavailable on that machine,
     * and once oneDNN was off libtorch warned "Could not initialize NNPACK" at every call).
     * {@code gan doctor} repeats the check on the machine at hand ({@code SelfCheck}).
     *
     * <p>The price, on that machine: the DCGAN-28 trains at about 220 images/s on PyTorch instead of
     * about 400 (MXNet: 500–650). The routes that would keep oneDNN were measured and rejected:
     * no other libtorch works with DJL 0.35.1 on Maven Central; routing around the faulty shapes
     * (padding channels) is not possible when forward values are wrong too;
     * {@code ONEDNN_MAX_CPU_ISA=AVX} (oneDNN's GEMM-based kernels) got the gradients right but 749
     * of the 4,704 forward values wrong, must be set before libtorch loads and reaches MXNet's
     * oneDNN as well.
     *
     * <p>MXNet needs nothing: its convolutions are exact on the same machine.
     *
     * @throws IllegalStateException when libtorch's switches cannot be reached (another libtorch
     *     build than DJL 0.35.1's)
     */
    public static Engine prepare(Engine engine) {
        if (!torchPrepared && PYTORCH.equals(engine.getEngineName())) {
            synchronized (Engines.class) {
                if (!torchPrepared) {
                    LibTorch torch = LibTorch.get();
                    torch.setMkldnnEnabled(false);
                    torch.setNnpackEnabled(false);
                    torchPrepared = true;
                }
            }
        }
        return engine;
    }

    /**
     * Lets libtorch use its oneDNN (and NNPACK) convolutions again, or takes them away: for
     * benchmarks ({@code gan bench --torch-onednn on}) and for the self-check, which measures what
     * they compute on this CPU.
     * Never for training: see {@link #prepare}. Process-wide.
     */
    public static void setLibTorchVendorConvolutions(boolean enabled) {
        prepare(Engine.getEngine(PYTORCH));
        LibTorch torch = LibTorch.get();
        torch.setMkldnnEnabled(enabled);
        torch.setNnpackEnabled(enabled);
    }

    /** Whether libtorch may use its oneDNN convolutions now (false once {@link #prepare} has run). */
    public static boolean libTorchVendorConvolutions() {
        return LibTorch.get().mkldnnEnabled();
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
        return supportsSecondOrderGradients(engine.getEngineName());
    }

    /**
     * Whether second-order gradients work on the engine of this name ({@link #canonicalName} form):
     * with DJL 0.35.1 they work on PyTorch only (measured: {@code GradientPenaltyTest}, {@code SelfCheck}).
     */
    public static boolean supportsSecondOrderGradients(String engineName) {
        return PYTORCH.equals(engineName);
    }

    /**
     * Whether DJL's RMSProp optimizer can update weights on the engine of this name: with DJL
     * 0.35.1 only on MXNet. On PyTorch {@code PtNDArrayEx.rmspropUpdate} throws
     * {@code UnsupportedOperationException("Not implemented")} at the first update (measured
     * 5 Dec 2026: a wgan-clip run with its paper's RMSProp; {@code EngineFactsTest} keeps checking).
     */
    public static boolean supportsRmsProp(String engineName) {
        return MXNET.equals(engineName);
    }

    /**
     * The gradient of sum(output) with respect to {@code input}, <em>with its graph</em>, so that a
     * loss built from it (a gradient penalty) can itself be backpropagated to the network's weights:
     * a second-order gradient. {@code input} must have had {@code setRequiresGradient(true)} before
     * the forward pass, and the forward pass and this call must run inside an open
     * {@code GradientCollector}.
     *
     * <p>Computed by {@code torch.autograd.grad(create_graph=True)} in a TorchScript function
     * ({@link TorchScriptGrad}), which writes no gradient into the weights. DJL's own way,
     * {@code backward(create_graph=True)}, wrote a gradient with a graph into every weight, and
     * PyTorch chained each step's graph onto it: a cycle through the weights that closing the run
     * could not free, about 1.85 MB per step of a ring-critic WGAN-GP run (3,151 MB RSS after 1,500
     * steps). With autograd.grad the same run's memory stays flat ({@code gan soak}).
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
        return TorchScriptGrad.inputGradient(output, input);
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
     * The global gradient norm over these parameters (square root of the sum of squared gradient
     * entries; parameters without a gradient are skipped), read back with one synchronization. The
     * per-parameter sums live in {@code manager} (a step's sub-manager).
     */
    public static double gradientNorm(List<Parameter> parameters, NDManager manager) {
        ai.djl.ndarray.NDList squares = new ai.djl.ndarray.NDList();
        for (Parameter p : parameters) {
            NDArray array = p.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            try (NDArray grad = array.getGradient(); NDArray sq = grad.square()) {
                NDArray s = sq.sum();
                s.attach(manager);
                squares.add(s);
            }
        }
        if (squares.isEmpty()) {
            return 0;
        }
        return Math.sqrt(ai.djl.ndarray.NDArrays.stack(squares).sum().getFloat());
    }

    /**
     * Seeds the engine's own random generator, which dropout masks ({@code NoiseDropout}) and
     * {@code NDManager.random*} draw from (the runs' batches, latents and noise come from Java
     * {@code Random}s instead): the 64-bit seed folded to the int the engines take. The generator is
     * the engine's, shared by everything on it in this process. MXNet and PyTorch draw different
     * numbers from one seed.
     */
    public static void seedRandom(Engine engine, long seed) {
        engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    /** The workbench library's version, from its jar's manifest ("dev" when run from classes). */
    public static String workbenchVersion() {
        String v = Engines.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Versions for provenance: DJL, the engine and its native library, the JVM, the thread setting
     * the engine was started with, the CPU (engines' results depend on it: {@link #prepare}) and, on
     * PyTorch, which kernels libtorch picks on this CPU and whether its oneDNN convolutions are used.
     */
    public static Map<String, String> versions(Engine engine) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("djl", Engine.getDjlVersion());
        v.put("engine", engine.getEngineName());
        v.put("engine_version", engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        v.put("cpu", Machine.current().toString());
        if (PYTORCH.equals(engine.getEngineName())) {
            v.putAll(libTorchBuild());
        }
        return v;
    }

    /**
     * libtorch's build as it reports itself on this CPU: its kernels' ISA ({@code at::get_cpu_capability}),
     * its oneDNN and MKL, and whether oneDNN convolutions are in use (off once {@link #prepare} ran).
     */
    public static Map<String, String> libTorchBuild() {
        LibTorch torch = LibTorch.get();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("libtorch_cpu_capability", torch.cpuCapability());
        v.put("libtorch_onednn", torch.oneDnnVersion());
        v.put("libtorch_mkl", torch.mklVersion());
        v.put("libtorch_convolutions", torch.mkldnnEnabled()
                ? "oneDNN (libtorch's default)" : "libtorch native (oneDNN and NNPACK off)");
        return v;
    }

    /** A one-line description for logs and notebook headers. */
    public static String describe(Engine engine) {
        String threads = System.getenv("OMP_NUM_THREADS");
        return engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion()
                + ", OMP_NUM_THREADS=" + (threads == null ? "unset" : threads) + ")";
    }

}
