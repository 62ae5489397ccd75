package org.ganworkbench.selfcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import org.ganworkbench.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-check and its two instruments. The convolution sweep is the check that would have
 * caught issue 12 as what it was: on an AMD EPYC with AVX-512, libtorch 2.7.1's oneDNN computed
 * wrong convolution values and gradients for small channel counts. Smallest reproduction (before
 * {@code Engines.prepare} switched oneDNN off):
 * <pre>
 *   x = N(0,1) of (2, 3, 8, 8), w = N(0,1) of (4, 3, 3, 3), r = N(0,1) of (2, 4, 8, 8)
 *   y = Conv2d.conv2d(x, w, null, stride (1,1), pad (1,1), dilation (1,1), groups 1)
 *   backward(sum(y * r))   -> x.getGradient() off by 0.79 (relative), y and w.getGradient() exact
 * </pre>
 */
class SelfCheckTest {

    /** Channel counts around oneDNN's blocks of 8 and 16, where its faulty kernels pad. */
    private static final int[] CHANNELS = {1, 3, 4, 8, 17};

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void smallConvolutionsMatchTheirDefinitionInValueAndBothGradients(String engineName) {
        Engine engine = Engines.get(engineName);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        long seed = 0;
        for (int in : CHANNELS) {
            for (int out : CHANNELS) {
                for (int k = 2; k <= 4; k++) {
                    for (int stride = 1; stride <= 2; stride++) {
                        ConvolutionOracle c = new ConvolutionOracle(2, in, out, 8, k, stride, k / 2);
                        ConvolutionOracle.Errors e = c.check(engine, seed++);
                        checked++;
                        if (!(e.worst() <= SelfCheck.DIRECT_TOLERANCE)) {
                            wrong.add(c.describe() + ": " + e.worstPart());
                        }
                    }
                }
            }
        }
        assertEquals(150, checked);
        assertTrue(wrong.isEmpty(), engineName + ": " + wrong.size() + " of " + checked
                + " convolutions differ from their definition (run `gan doctor`): " + wrong);
    }

    @Test
    void theSelfCheckPassesOnThisMachineAndReportsLibTorchsOwnConvolutionsApart() {
        SelfCheck.Report report = SelfCheck.run();
        assertTrue(report.passed(), report::toString);
        long informational = report.results().stream().filter(CheckResult::informational).count();
        assertEquals(SelfCheck.CONVOLUTIONS.size(), informational, "the oneDNN checks, PyTorch only");
        assertTrue(report.results().stream().anyMatch(r -> r.op().startsWith("gradient penalty")),
                "the second-order check runs on PyTorch");
        assertTrue(report.summary().startsWith("self-check passed"), report.summary());
        assertTrue(report.toString().contains("libtorch_convolutions: libtorch native"), report::toString);
        assertFalse(Engines.libTorchVendorConvolutions(), "the self-check leaves oneDNN off again");
    }

    @Test
    void finiteDifferencesCatchABackwardPassThatIsWrong() {
        Engine engine = Engines.get(Engines.MXNET);
        // x·x: autograd gives 2x, right
        double right = FiniteDifferences.check(engine, 3, List.of(new Shape(4, 5)),
                m -> FiniteDifferences.Operation.of(in -> in.head().mul(in.head())));
        // x·stop(x): the value is x² but autograd sees only one factor and gives x, half the truth
        double wrong = FiniteDifferences.check(engine, 3, List.of(new Shape(4, 5)),
                m -> FiniteDifferences.Operation.of(in -> in.head().mul(in.head().stopGradient())));
        assertTrue(right < 1e-3, "x·x: " + right);
        assertTrue(wrong > 0.3, "x·stop(x) must fail the check: " + wrong);
    }

    @Test
    void errorsAreRelativeAndNonFiniteValuesFail() {
        assertEquals(0.5, ConvolutionOracle.relative(new float[] {1, 0}, new double[] {2, 0}), 1e-12);
        assertTrue(Double.isNaN(ConvolutionOracle.relative(new float[] {Float.NaN, 0}, new double[] {2, 0})));
        assertTrue(Double.isNaN(FiniteDifferences.relativeError(Double.NaN, 1)));
        assertEquals(0.1, FiniteDifferences.relativeError(0.9, 1.0), 1e-12);
        CheckResult nan = new CheckResult("op", "PyTorch", "direct", Double.NaN, 1e-4, "d/dx", false);
        assertFalse(nan.passed());
        assertTrue(nan.fails());
        CheckResult avoided = new CheckResult("op", "PyTorch (oneDNN)", "direct", 0.8, 1e-4, "d/dx", true);
        assertFalse(avoided.passed());
        assertFalse(avoided.fails(), "a configuration the workbench does not use is reported, not failed");
        assertEquals("wrong (not used)", avoided.verdict());
    }

    @Test
    void aCheckThatThrowsIsAFailureNamingTheException() {
        CheckResult r = SelfCheck.attempt("op", "MXNet", false, () -> {
            throw new IllegalStateException("no kernel");
        });
        assertTrue(r.fails());
        assertTrue(r.worst().contains("IllegalStateException: no kernel"), r.worst());
        assertFalse(SelfCheck.attempt("op", "PyTorch (oneDNN)", true, () -> {
            throw new IllegalStateException("x");
        }).fails(), "an informational check that throws is reported, not failed");
    }

    @Test
    void libTorchsOwnConvolutionsAreOffForTheWorkbenchAndCanBeMeasured() {
        Engine torch = Engines.get(Engines.PYTORCH);
        assertFalse(Engines.libTorchVendorConvolutions());
        assertEquals("libtorch native (oneDNN and NNPACK off)", Engines.versions(torch).get("libtorch_convolutions"));
        try {
            Engines.setLibTorchVendorConvolutions(true);
            assertTrue(Engines.libTorchVendorConvolutions());
            assertEquals("oneDNN (libtorch's default)", Engines.versions(torch).get("libtorch_convolutions"));
        } finally {
            Engines.setLibTorchVendorConvolutions(false);
        }
        assertFalse(Engines.libTorchVendorConvolutions());
        assertTrue(Engines.versions(torch).get("libtorch_onednn").contains("3.7.1"), Engines.versions(torch)::toString);
    }
}
