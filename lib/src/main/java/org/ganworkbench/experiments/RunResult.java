package org.ganworkbench.experiments;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a finished run, stored as {@value RunFolder#RESULT} (the run's DONE marker):
 *
 * <pre>
 * {"status": "ok", "spec_id": "3f2a9c0d1e4b", "metrics": {"modes_covered": 8, ...},
 *  "seconds": 12.3, "training_seconds": 10.1, "steps": 2000, "error": null, "error_type": null,
 *  "finished": "2026-01-05T10:00:00Z"}
 * </pre>
 *
 * A failed run ({@code "status": "failed"}) is a finished result too: training threw (diverged, a
 * failure check stopped it), {@code error} holds the message, {@code steps} the step it reached.
 * Non-finite metric values are stored as null and read back as NaN.
 *
 * @param status {@link #OK} or {@link #FAILED}
 * @param specId the {@link RunSpec#id()} of the run
 * @param metrics the final metric values by name (empty for failed runs)
 * @param seconds wall-clock seconds of the whole run (training, evaluation, pictures)
 * @param trainingSeconds seconds spent in training steps
 * @param steps generator steps done
 * @param error the failure's message, or null
 * @param errorType the failure's exception class (simple name), or null
 * @param finished when the run ended (ISO-8601)
 */
public record RunResult(String status, String specId, Map<String, Double> metrics, double seconds,
                        double trainingSeconds, int steps, String error, String errorType, String finished) {

    /** Status of a run that trained and was evaluated. */
    public static final String OK = "ok";
    /** Status of a run whose training threw. */
    public static final String FAILED = "failed";

    public RunResult {
        if (!OK.equals(status) && !FAILED.equals(status)) {
            throw new IllegalArgumentException("status must be \"ok\" or \"failed\", got " + status);
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A successful run's result, finished now. */
    public static RunResult ok(String specId, Map<String, Double> metrics, double seconds, double trainingSeconds,
                               int steps) {
        return new RunResult(OK, specId, metrics, seconds, trainingSeconds, steps, null, null, Instant.now().toString());
    }

    /** A failed run's result, finished now. */
    public static RunResult failed(String specId, Throwable error, double seconds, double trainingSeconds, int steps) {
        return new RunResult(FAILED, specId, Map.of(), seconds, trainingSeconds, steps,
                String.valueOf(error.getMessage()), error.getClass().getSimpleName(), Instant.now().toString());
    }

    /** Whether the run failed. */
    public boolean failed() {
        return FAILED.equals(status);
    }

    /** A metric's value, NaN when absent. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The result as JSON (pretty, NaN as null). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("spec_id", specId);
        m.put("metrics", metrics);
        m.put("seconds", round(seconds));
        m.put("training_seconds", round(trainingSeconds));
        m.put("steps", steps);
        m.put("error", error);
        m.put("error_type", errorType);
        m.put("finished", finished);
        return Json.pretty(m);
    }

    /** Parses a result; {@code what} (a file) names the source in errors. */
    public static RunResult fromJson(String json, String what) {
        Map<String, Object> m = Json.parseObject(json, what);
        try {
            Map<String, Double> metrics = new LinkedHashMap<>();
            Object ms = m.getOrDefault("metrics", Map.of());
            if (!(ms instanceof Map<?, ?> mm)) {
                throw new IllegalArgumentException("'metrics' must be an object");
            }
            mm.forEach((k, v) -> metrics.put((String) k, v == null ? Double.NaN : ((Number) v).doubleValue()));
            return new RunResult((String) m.get("status"), (String) m.get("spec_id"), metrics,
                    number(m.get("seconds")), number(m.get("training_seconds")),
                    m.get("steps") == null ? 0 : ((Number) m.get("steps")).intValue(),
                    (String) m.get("error"), (String) m.get("error_type"), (String) m.get("finished"));
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a run result: " + e.getMessage(), e);
        }
    }

    private static double number(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }
}
