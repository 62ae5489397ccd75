package org.ganworkbench.engine;

import ai.djl.engine.Engine;
import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * libtorch's process-wide backend switches ({@code torch.backends.mkldnn.enabled},
 * {@code torch.backends.nnpack.enabled} in Python), which DJL 0.35.1's JNI does not expose. They are
 * members of libtorch's global {@code at::Context}; this class calls them through JNA, by their
 * exported C++ names, on the {@code libtorch_cpu.so} that DJL has loaded.
 *
 * <p>Why the workbench needs them: see {@link Engines#prepare}.
 */
final class LibTorch {

    /** {@code at::globalContext()}: the process's one {@code at::Context}. */
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
    private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String ONEDNN_VERSION = "_ZN2at18get_mkldnn_versionB5cxx11Ev";
    private static final String CPU_CAPABILITY = "_ZN2at18get_cpu_capabilityB5cxx11Ev";
    private static final String MKL_VERSION = "_ZN2at15get_mkl_versionB5cxx11Ev";

    /**
     * dlopen flags: the library DJL loaded, as it is. JNA's default adds RTLD_GLOBAL, which puts
     * libtorch's symbols (its own oneDNN, MKL and OpenMP among them) ahead of every other library's
     * in the process; MXNet's lazily bound calls then land in libtorch's copies and its weight
     * gradients came out wrong (measured: ConvTranspose2dTest's MXNet cases failed after this
     * class had opened libtorch with the default flags).
     */
    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;   // glibc: only a handle to an already loaded library

    private static volatile LibTorch instance;

    private final NativeLibrary library;
    private final Pointer context;

    private LibTorch(NativeLibrary library) {
        this.library = library;
        this.context = function(GLOBAL_CONTEXT).invokePointer(new Object[0]);
    }

    /**
     * The binding to the libtorch that the PyTorch engine loaded (loading the engine first).
     *
     * @throws IllegalStateException when the library or one of the functions is not found (another
     *     libtorch build than DJL 0.35.1's), naming what is missing
     */
    static LibTorch get() {
        LibTorch l = instance;
        if (l == null) {
            synchronized (LibTorch.class) {
                l = instance;
                if (l == null) {
                    Engine.getEngine(Engines.PYTORCH);   // loads libtorch
                    String dir = ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
                    Path so = Path.of(dir, "libtorch_cpu.so");
                    if (!Files.isRegularFile(so)) {
                        throw new IllegalStateException("libtorch_cpu.so not found in " + dir
                                + " (the PyTorch engine's native folder); the workbench needs it to switch libtorch's"
                                + " oneDNN convolutions off (see Engines.prepare)");
                    }
                    NativeLibrary library;
                    try {
                        library = NativeLibrary.getInstance(so.toString(),
                                Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
                    } catch (UnsatisfiedLinkError e) {
                        throw new IllegalStateException(so + " is not the libtorch the PyTorch engine loaded (or this"
                                + " is not Linux/glibc); the workbench needs it to switch libtorch's oneDNN convolutions"
                                + " off (see Engines.prepare)", e);
                    }
                    l = new LibTorch(library);
                    instance = l;
                }
            }
        }
        return l;
    }

    private Function function(String symbol) {
        try {
            return library.getFunction(symbol);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("libtorch (" + library.getFile() + ") has no function " + symbol
                    + "; the workbench is built for DJL 0.35.1's libtorch 2.7.1, whose at::Context has it", e);
        }
    }

    /** Whether libtorch may use oneDNN (MKL-DNN) kernels: {@code torch.backends.mkldnn.enabled}. */
    boolean mkldnnEnabled() {
        return (function(GET_MKLDNN).invokeInt(new Object[] {context}) & 0xFF) != 0;   // a C++ bool: the low byte
    }

    /** Sets {@code torch.backends.mkldnn.enabled} for the whole process. */
    void setMkldnnEnabled(boolean enabled) {
        function(SET_MKLDNN).invokeVoid(new Object[] {context, enabled ? 1 : 0});
    }

    /** Sets {@code torch.backends.nnpack.enabled} for the whole process. */
    void setNnpackEnabled(boolean enabled) {
        function(SET_NNPACK).invokeVoid(new Object[] {context, enabled ? 1 : 0});
    }

    /** The oneDNN build inside libtorch, e.g. "Intel(R) MKL-DNN v3.7.1 (Git Hash 8d263e69...)". */
    String oneDnnVersion() {
        return string(ONEDNN_VERSION);
    }

    /** The vector instruction set libtorch's own kernels chose on this CPU: "AVX512", "AVX2", "DEFAULT". */
    String cpuCapability() {
        return string(CPU_CAPABILITY);
    }

    /** The MKL build inside libtorch. */
    String mklVersion() {
        return string(MKL_VERSION);
    }

    /**
     * Calls an {@code at::} function that returns a {@code std::string} by value: in the x86-64
     * System V ABI the caller passes the address of the result's storage as a hidden first argument;
     * libstdc++'s string starts with its data pointer and length. The string's heap buffer (if any)
     * is not freed: a few bytes, once per process.
     */
    private String string(String symbol) {
        try (Memory result = new Memory(32)) {
            result.clear();
            function(symbol).invokeVoid(new Object[] {result});
            Pointer data = result.getPointer(0);
            long length = result.getLong(8);
            if (data == null || length < 0 || length > 4096) {
                return "?";
            }
            return new String(data.getByteArray(0, (int) length), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }
}
