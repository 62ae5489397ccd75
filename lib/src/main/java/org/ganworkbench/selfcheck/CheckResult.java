package org.ganworkbench.selfcheck;

import java.util.Locale;

/**
 * One check of the self-check: an operation on one engine, the largest relative error seen and
 * the tolerance it is held to.
 *
 * @param op what was computed, with its shapes, e.g. "conv2d 3→4 3×3 s1 (2,3,8,8)"
 * @param engine "MXNet", "PyTorch", or "PyTorch (oneDNN)" for libtorch's own convolutions, which the
 *     workbench does not use
 * @param method how the gradient was checked: "direct" (against loops in double precision) or
 *     "finite differences" (central differences of the engine's own forward pass)
 * @param error the largest relative error over the values and gradients checked (NaN counts as
 *     infinite)
 * @param tolerance the largest error that passes
 * @param worst which part gave the largest error, e.g. "d/dx" or "value"
 * @param informational whether a failure is reported but does not fail the self-check (a
 *     configuration the workbench does not use)
 */
public record CheckResult(String op, String engine, String method, double error, double tolerance, String worst,
        boolean informational) {

    /** Whether the error is within the tolerance. */
    public boolean passed() {
        return error <= tolerance;   // false for NaN
    }

    /** Whether this result fails the self-check. */
    public boolean fails() {
        return !passed() && !informational;
    }

    /** "ok", "WRONG" or "wrong (not used)". */
    public String verdict() {
        if (passed()) {
            return "ok";
        }
        return informational ? "wrong (not used)" : "WRONG";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-17s %-18s %-40s %-18s error %-9s (tol %.0e)%s", verdict(), engine, op, method,
                Double.isNaN(error) ? "NaN" : String.format(Locale.ROOT, "%.2e", error), tolerance,
                passed() ? "" : " worst: " + worst);
    }
}
