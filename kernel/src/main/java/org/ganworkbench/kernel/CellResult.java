package org.ganworkbench.kernel;

/**
 * What a cell gave: the value of its last snippet when that is an expression (shown as the cell's
 * result), or an error.
 *
 * @param hasValue whether the last snippet was an expression with a value to show
 * @param value that value (may be null when {@code hasValue}: an expression that gave null)
 * @param error the error, or null when the cell ran to its end
 */
record CellResult(boolean hasValue, Object value, CellError error) {

    static CellResult nothing() {
        return new CellResult(false, null, null);
    }

    static CellResult of(Object value) {
        return new CellResult(true, value, null);
    }

    static CellResult failed(CellError error) {
        return new CellResult(false, null, error);
    }

    boolean ok() {
        return error == null;
    }
}
