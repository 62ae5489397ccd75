package org.ganworkbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The gradient of D's output with respect to its input, with a graph for the second derivative,
 * computed by {@code torch.autograd.grad} in a TorchScript function: what WGAN-GP's and R1's
 * penalties need, without the leak of DJL's only other way.
 *
 * <p>Why: DJL 0.35.1 offers second-order gradients only through {@code backward(create_graph)},
 * which also writes a gradient with a graph into every weight D used. PyTorch then accumulates
 * the next step's gradient onto it with the graph on, so each weight's {@code .grad} holds a chain
 * of every step's graph, and each graph references the weights again: a cycle that closing the run
 * cannot free (PyTorch's own advice is {@code .grad = None}, which DJL's JNI cannot do). Measured:
 * about 1.85 MB per step, 3,151 MB after 1,500 steps of the ring WGAN-GP critic. {@code
 * torch.autograd.grad(outputs, [input], create_graph=True)} computes the same input gradient and
 * touches no weight's {@code .grad}: no chain, no cycle.
 *
 * <p>DJL cannot compile TorchScript, but it loads it: this class writes the smallest TorchScript
 * archive (a module whose {@code forward} is that one call, as source text; no weights) to a temp
 * file once per process and loads it with DJL's {@code JniUtils.loadModule}; DJL runs it with
 * autograd on ({@code IValueUtils.forward(..., isTrain = true)}).
 */
final class TorchScriptGrad {

    /** The module's TorchScript, in the serialized form libtorch imports. */
    static final String SOURCE = """
            class InputGrad(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.InputGrad,
                output: Tensor,
                input: Tensor) -> Tensor:
                _0 = torch.autograd.grad([torch.sum(output)], [input], None, True, True)
                return unchecked_cast(Tensor, _0[0])
            """;

    private static volatile PtSymbolBlock module;

    private TorchScriptGrad() {}

    /**
     * d sum(output) / d input, with a graph (so a penalty on it has gradients for the weights);
     * {@code input} must require gradients and {@code output} must have been computed from it.
     */
    static NDArray inputGradient(NDArray output, NDArray input) {
        NDList out = IValueUtils.forward(module(), new NDList(output, input), true);
        return out.singletonOrThrow();
    }

    private static PtSymbolBlock module() {
        PtSymbolBlock m = module;
        if (m == null) {
            synchronized (TorchScriptGrad.class) {
                m = module;
                if (m == null) {
                    module = m = load();
                }
            }
        }
        return m;
    }

    private static PtSymbolBlock load() {
        try {
            Path file = Files.createTempFile("gan-workbench-input-grad", ".pt");
            try {
                Files.write(file, archive());
                PtNDManager manager = (PtNDManager) ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager();
                return JniUtils.loadModule(manager, file, true, new String[0], new String[0], false);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TorchScript input-gradient module", e);
        }
    }

    /** The TorchScript archive: a zip of stored entries under {@code archive/}. */
    static byte[] archive() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", moduleObject());
        entries.put("archive/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
        entries.put("archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});   // protocol 2, empty tuple
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setMethod(ZipEntry.STORED);
                z.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                z.setCrc(crc.getValue());
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * The pickled module object, as TorchScript writes it: an instance of {@code __torch__.InputGrad}
     * built from an empty tuple, with the state {@code {"training": True}}.
     */
    private static byte[] moduleObject() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x80, 2});                                   // PROTO 2
        b.write('c');                                                           // GLOBAL module\nname\n
        b.write("__torch__\nInputGrad\n".getBytes(StandardCharsets.US_ASCII));
        b.write(')');                                                           // EMPTY_TUPLE
        b.write(0x81);                                                          // NEWOBJ
        b.write('}');                                                           // EMPTY_DICT
        b.write('(');                                                           // MARK
        writeUnicode(b, "training");                                            // BINUNICODE
        b.write(0x88);                                                          // NEWTRUE
        b.write('u');                                                           // SETITEMS
        b.write('b');                                                           // BUILD
        b.write('.');                                                           // STOP
        return b.toByteArray();
    }

    private static void writeUnicode(OutputStream b, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        b.write('X');
        b.write(new byte[] {(byte) utf8.length, (byte) (utf8.length >> 8), (byte) (utf8.length >> 16),
                (byte) (utf8.length >> 24)});
        b.write(utf8);
    }
}
