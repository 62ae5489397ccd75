package org.ganworkbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.PairList;

/**
 * Array operations whose best implementation differs between engines. Blocks in {@code nn} call
 * these; nothing else in the workbench asks which engine it runs on.
 */
public final class Ops {

    private Ops() {}

    /** How {@link #convTranspose} computes. */
    public enum Path {
        /** MXNet's native deconvolution operator ({@code _npx_deconvolution}). */
        NATIVE,
        /**
         * Zero insertion + padding + an ordinary convolution with flipped, transposed weights: the
         * textbook equivalence, kept as a reference; it multiplies stride² times as many zeros as
         * it does numbers.
         */
        ZERO_INSERTION,
        /**
         * Sub-pixel decomposition: one ordinary convolution computes all stride² output phases
         * at input resolution (each phase uses every stride-th kernel tap), then a depth-to-space
         * shuffle interleaves them. Same result and the same arithmetic as the native operator.
         */
        SUB_PIXEL
    }

    /**
     * The path {@link #convTranspose} takes: MXNet's native operator on MXNet (4–8× faster there
     * than the zero-insertion formulation on a 128→64 layer, about 3× faster than sub-pixel on a
     * 64→1 layer), the sub-pixel formulation elsewhere (PyTorch through DJL has no transposed
     * convolution) and for a single output channel, where MXNet 1.9.1's MKLDNN backward pass fails
     * ("could not create a primitive descriptor for a reorder primitive"; see {@link #storedFilters}).
     */
    public static Path convTransposePath(NDArray x, NDArray weight) {
        Path forced = forcedPath;
        if (forced != null && (forced != Path.NATIVE || (isMxnet(x) && weight.getShape().get(1) > 1))) {
            return forced;
        }
        return isMxnet(x) && weight.getShape().get(1) > 1 ? Path.NATIVE : Path.SUB_PIXEL;
    }

    private static volatile Path forcedPath;

    /**
     * Output channels a transposed-convolution weight must have so that the native MXNet operator
     * can run it: at least 2. MXNet 1.9.1's MKLDNN backward pass fails for one output channel, and
     * padding a zero filter on at run time crashes the process (the operator's backward pass writes
     * into a weight that is not a leaf), so a one-channel layer stores one spare filter, whose output
     * is dropped; see {@link #convTransposeFirst}.
     */
    /**
     * Hands an array a layer derived from one of its weights (scaled, reshaped, sliced, flipped) to
     * the forward pass over {@code input}: attached to the input's manager, so it is freed with the
     * pass. DJL attaches an operation's result to its first operand's manager, which for a weight is
     * the networks' own: without this, every pass would leave such arrays there until the run is
     * closed (120 arrays a step for a spectral-norm MLP; about 5 MB a step for the progressive GAN
     * with equalized learning rate, measured by {@code gan soak}). Never pass the weight itself: it
     * would be freed with the pass. (A view of the weight handed over up front would be simpler,
     * but on MXNet a view of a weight that reaches a oneDNN convolution crashed the process.)
     *
     * @return {@code derived}
     */
    public static NDArray intoPass(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
    }

    public static int storedFilters(int filters) {
        return Math.max(2, filters);
    }

    /**
     * Transposed convolution using only the first {@code filters} output channels of {@code weight}
     * (in, stored, k, k) and {@code bias} (stored): the native operator computes every stored channel
     * and the spare ones are dropped (their weights get zero gradient); the portable path slices the
     * weights first and computes no more than needed.
     */
    public static NDArray convTransposeFirst(NDArray x, NDArray weight, NDArray bias, int stride, int pad,
            int outputPadding, int filters) {
        long stored = weight.getShape().get(1);
        if (stored == filters) {
            return convTranspose(x, weight, bias, stride, pad, outputPadding);
        }
        Path path = convTransposePath(x, weight);
        if (path == Path.NATIVE) {
            NDArray all = convTranspose(x, weight, bias, stride, pad, outputPadding, Path.NATIVE);
            return all.get(":, 0:" + filters);
        }
        NDArray w = intoPass(weight.get(":, 0:" + filters), x);
        NDArray b = bias == null ? null : intoPass(bias.get("0:" + filters), x);
        return convTranspose(x, w, b, stride, pad, outputPadding, path);
    }

    /**
     * Makes every transposed convolution in this process take {@code path} where it can (NATIVE
     * only where the native operator works); null restores the automatic choice. For benchmarks
     * and comparisons, not for everyday use.
     */
    public static void forceConvTransposePath(Path path) {
        forcedPath = path;
    }

    private static boolean isMxnet(NDArray x) {
        return Engines.MXNET.equals(x.getManager().getEngine().getEngineName());
    }

    /**
     * Transposed convolution ("deconvolution", the gradient of a strided convolution with respect to
     * its input) of x (N, in, H, W) with weight (in, out, k, k): every input pixel scatters a k×k
     * stamp of its weights into the output at stride {@code stride}; {@code pad} crops that many
     * pixels from each border of the result and {@code outputPadding} adds that many rows and columns
     * at the bottom and right. Output size (H − 1)·stride − 2·pad + k + outputPadding.
     *
     * @param bias (out) or null
     */
    public static NDArray convTranspose(NDArray x, NDArray weight, NDArray bias, int stride, int pad,
            int outputPadding) {
        return convTranspose(x, weight, bias, stride, pad, outputPadding, convTransposePath(x, weight));
    }

    /** {@link #convTranspose} on a chosen path (tests compare the paths). */
    public static NDArray convTranspose(NDArray x, NDArray weight, NDArray bias, int stride, int pad,
            int outputPadding, Path path) {
        Shape ws = weight.getShape();
        if (x.getShape().dimension() != 4 || ws.dimension() != 4 || x.getShape().get(1) != ws.get(0)) {
            throw new IllegalArgumentException("convTranspose: input " + x.getShape() + " and weight " + ws
                    + " do not fit; expected input (N, in, H, W) and weight (in, out, k, k)");
        }
        int k = Math.toIntExact(ws.get(2));
        if (ws.get(3) != k || stride < 1 || pad < 0 || outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException("convTranspose: need a square kernel, stride >= 1, pad >= 0 and"
                    + " 0 <= outputPadding < stride; got weight " + ws + ", stride " + stride + ", pad " + pad
                    + ", outputPadding " + outputPadding);
        }
        if (path == Path.NATIVE) {
            if (!isMxnet(x) || ws.get(1) == 1) {
                throw new IllegalArgumentException("the native transposed convolution works on MXNet with more than"
                        + " one output channel only; here: " + x.getManager().getEngine().getEngineName() + ", "
                        + ws.get(1) + " output channel(s)");
            }
            return mxnetDeconvolution(x, weight, bias, k, stride, pad, outputPadding);
        }
        if (path == Path.SUB_PIXEL) {
            return subPixel(x, weight, bias, k, stride, pad, outputPadding);
        }
        return zeroInsertion(x, weight, bias, k, stride, pad, outputPadding);
    }

    /** MXNet's {@code _npx_deconvolution}, for more than one output channel. */
    private static NDArray mxnetDeconvolution(NDArray x, NDArray weight, NDArray bias, int k, int stride, int pad,
            int outputPadding) {
        PairList<String, Object> params = new PairList<>();
        params.add("kernel", "(" + k + ", " + k + ")");
        params.add("stride", "(" + stride + ", " + stride + ")");
        params.add("pad", "(" + pad + ", " + pad + ")");
        params.add("adj", "(" + outputPadding + ", " + outputPadding + ")");
        params.add("dilate", "(1, 1)");
        params.add("num_group", "1");
        params.add("num_filter", String.valueOf(weight.getShape().get(1)));
        params.add("no_bias", bias == null ? "True" : "False");
        NDList inputs = bias == null ? new NDList(x, weight) : new NDList(x, weight, bias);
        NDManager manager = x.getManager();
        return manager.invoke("_npx_deconvolution", inputs, params).singletonOrThrow();
    }

    /**
     * The textbook equivalence: insert stride − 1 zeros between input pixels, pad by k − 1 − pad on
     * each side (plus outputPadding at the bottom and right), and convolve at stride 1 with the
     * kernel flipped in both spatial axes and its in/out axes swapped.
     */
    private static NDArray zeroInsertion(NDArray x, NDArray weight, NDArray bias, int k, int stride, int pad,
            int outputPadding) {
        if (pad > k - 1) {
            throw new IllegalArgumentException("convTranspose: pad " + pad + " > kernel - 1 = " + (k - 1)
                    + " is not supported by the portable formulation");
        }
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray spread = x;
        if (stride > 1) {
            // interleave zeros: (N,C,H,W) -> (N,C,H,W,s) -> (N,C,H,W*s); then the same along H
            NDArray zw = x.getManager().zeros(new Shape(n, c, h, w, stride - 1), x.getDataType());
            spread = x.expandDims(4).concat(zw, 4).reshape(n, c, h, w * stride);
            NDArray zh = x.getManager().zeros(new Shape(n, c, h, stride - 1, w * stride), x.getDataType());
            spread = spread.expandDims(3).concat(zh, 3).reshape(n, c, h * stride, w * stride);
        }
        // the interleaving left stride - 1 zero rows/cols at the bottom/right; keep as many as needed
        long keepH = (h - 1) * stride + 1 + outputPadding;
        long keepW = (w - 1) * stride + 1 + outputPadding;
        long haveH = spread.getShape().get(2);
        long haveW = spread.getShape().get(3);
        if (keepH < haveH || keepW < haveW) {
            spread = spread.get(":, :, :" + keepH + ", :" + keepW);
        }
        NDArray flipped = intoPass(weight.flip(2, 3), x).transpose(1, 0, 2, 3);
        int q = k - 1 - pad;
        return Conv2d.conv2d(spread, flipped, bias, new Shape(1, 1), new Shape(q, q), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /**
     * Transposed convolution without multiplying zeros. Pad the kernel with zero taps to K = T·s
     * (T = ⌈k/s⌉). The uncropped output row y = s·q + φ receives input row h = q − t through kernel tap
     * s·t + φ, t ∈ [0, T): for each phase φ this is an ordinary "full" convolution of the input with a
     * T-tap kernel. One convolution with s²·out filters of size T×T (flipped, in/out swapped) computes
     * all phases at once; depth-to-space interleaves them; the border {@code pad} is cropped and the
     * bias added.
     */
    private static NDArray subPixel(NDArray x, NDArray weight, NDArray bias, int k, int s, int pad,
            int outputPadding) {
        NDManager manager = x.getManager();
        long n = x.getShape().get(0);
        long in = weight.getShape().get(0);
        long out = weight.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        int t = (k + s - 1) / s;
        int bigK = t * s;
        NDArray kernel = weight;
        if (bigK > k) {   // zero taps at the end of both spatial axes
            kernel = intoPass(kernel.concat(manager.zeros(new Shape(in, out, bigK - k, k), weight.getDataType()), 2), x);
            kernel = kernel.concat(manager.zeros(new Shape(in, out, bigK, bigK - k), weight.getDataType()), 3);
        }
        // (in, out, T·s, T·s) -> (in, out, T, s, T, s) -> flip the T axes -> (s, s, out, in, T, T)
        NDArray phases = intoPass(kernel.reshape(in, out, t, s, t, s), x).flip(2, 4)
                .transpose(3, 5, 1, 0, 2, 4).reshape((long) s * s * out, in, t, t);
        long outH = (h - 1) * s - 2L * pad + k + outputPadding;
        long outW = (w - 1) * s - 2L * pad + k + outputPadding;
        // rows the crop needs beyond the full output (only when outputPadding reaches past the kernel)
        long extraH = Math.max(0, (pad + outH - (h + t - 1) * s + s - 1) / s);
        long extraW = Math.max(0, (pad + outW - (w + t - 1) * s + s - 1) / s);
        NDArray input = x;
        if (extraH > 0 || extraW > 0) {
            input = input.concat(manager.zeros(new Shape(n, in, extraH, w), x.getDataType()), 2);
            input = input.concat(manager.zeros(new Shape(n, in, h + extraH, extraW), x.getDataType()), 3);
        }
        NDArray z = Conv2d.conv2d(input, phases, null, new Shape(1, 1), new Shape(t - 1, t - 1), new Shape(1, 1), 1)
                .singletonOrThrow();
        long qh = z.getShape().get(2);
        long qw = z.getShape().get(3);
        NDArray full = z.reshape(n, s, s, out, qh, qw).transpose(0, 3, 4, 1, 5, 2).reshape(n, out, qh * s, qw * s);
        NDArray y = full.get(":, :, " + pad + ":" + (pad + outH) + ", " + pad + ":" + (pad + outW));
        return bias == null ? y : y.add(intoPass(bias.reshape(1, out, 1, 1), x));
    }
}
