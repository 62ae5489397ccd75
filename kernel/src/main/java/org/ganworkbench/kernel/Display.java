package org.ganworkbench.kernel;

/**
 * The notebook's display functions, static-imported into every session by the kernel: IJava's
 * names and signatures, so notebooks written for it run here unchanged.
 *
 * <pre>
 * String id = display(image);     // shows it below the running cell; returns its display id
 * updateDisplay(id, nextImage);   // replaces that output in place (a live view)
 * </pre>
 *
 * Images and charts show as PNG, {@code Html} and Tablesaw tables as HTML, everything else as its
 * {@code toString()}; every output carries a {@code text/plain} form too.
 */
public final class Display {

    private Display() {}

    /** Shows {@code value} as a new output of the running cell; returns its display id. */
    public static String display(Object value) {
        return GanKernel.running().display(value);
    }

    /** Replaces the output with display id {@code id} by {@code value}. */
    public static void updateDisplay(String id, Object value) {
        GanKernel.running().update(id, value);
    }
}
