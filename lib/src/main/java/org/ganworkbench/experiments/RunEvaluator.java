package org.ganworkbench.experiments;

import org.ganworkbench.config.ValueKind;
import org.ganworkbench.data.GanData;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the runs of one kind of data are scored (mode coverage for toy data, FID/KID for images).
 * Registered per data name in {@link RunEvaluators}; reads the spec's {@code evaluation} section.
 * Every evaluator accepts {@code every} (evaluate every this many steps during training as well;
 * 0 or absent = only at the end), read by {@link Experiment}.
 */
public interface RunEvaluator {

    /** The keys of the {@code evaluation} section this evaluator reads, with their types. */
    Map<String, ValueKind> keys();

    /** Prepares the evaluation of one run (loads classifiers, reference features). */
    Session open(Map<String, Object> settings, GanData data);

    /** One run's evaluation; may be used several times during training. */
    interface Session extends AutoCloseable {

        /**
         * Scores the run's generator as it is now, appends one line per metric to the run folder's
         * metrics.jsonl (with {@code provenance}), and returns the metric values by name.
         */
        Map<String, Double> evaluate(GanTraining run, Path runDir, Map<String, ?> provenance);

        @Override
        default void close() {}
    }
}
