package org.ganworkbench.kernel;

import java.util.List;

/**
 * A failed cell as the messaging protocol reports it: {@code ename}, {@code evalue} and the
 * traceback lines (what the notebook shows, ANSI colours allowed).
 *
 * @param name the error's name: the exception's class, {@code CompilationError}, {@code Interrupted}
 * @param message one line
 * @param traceback the lines shown under the cell
 */
record CellError(String name, String message, List<String> traceback) {

    /** The name of a cell stopped by Interrupt. */
    static final String INTERRUPTED = "Interrupted";

    /** The name of a cell that did not compile. */
    static final String COMPILATION = "CompilationError";

    CellError {
        traceback = List.copyOf(traceback);
    }

    boolean interrupted() {
        return INTERRUPTED.equals(name);
    }
}
