package org.ganworkbench.experiments;

import org.ganworkbench.data.GanData;
import org.ganworkbench.training.GanTraining;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How the runs of one kind of data are scored (mode coverage for toy data, FID/KID for images).
 * Registered per data name in {@link RunEvaluators}; declares the spec's {@code evaluation} section
 * for its data ({@link #schema()}). Every schema has {@code every} (evaluate every this many steps
 * during training as well; 0 or absent = only at the end), which {@link Experiment} follows.
 */
public interface RunEvaluator {

    /** The {@code evaluation} section this evaluator reads: keys, ranges, defaults, what they do. */
    EvaluationSettings.Schema schema();

    /** Prepares the evaluation of one run (loads classifiers, reference features). */
    Session open(EvaluationSettings settings, GanData data);

    /**
     * Reference rows for a results table ({@code Results.intervals} takes them), scored exactly like a
     * run's samples with this section's metrics: what a generator that copied the training data and
     * one that learned nothing would score, {@code draws} times each (seeds 1, 2, ...), so a run's
     * numbers can be read between a floor and a ceiling.
     *
     * @param settings the evaluation section (n, metrics) the runs were scored with
     * @param data the data the runs train on
     * @param draws sets of each kind, at least 1
     * @return each row's label to its draws' values, named as the runs' values are
     * @throws UnsupportedOperationException for an evaluator without reference rows
     */
    default Map<String, List<Map<String, Double>>> references(EvaluationSettings settings, GanData data, int draws) {
        throw new UnsupportedOperationException("the evaluator of " + data.name() + " has no reference rows");
    }

    /** An evaluator of this section that opens its sessions with {@code open}, without reference rows. */
    static RunEvaluator of(EvaluationSettings.Schema schema, BiFunction<EvaluationSettings, GanData, Session> open) {
        return of(schema, open, null);
    }

    /**
     * An evaluator of this section that opens its sessions with {@code open} and scores reference rows
     * with {@code references} (null: none).
     */
    static RunEvaluator of(EvaluationSettings.Schema schema, BiFunction<EvaluationSettings, GanData, Session> open,
                           References references) {
        return new RunEvaluator() {
            @Override
            public EvaluationSettings.Schema schema() {
                return schema;
            }

            @Override
            public Session open(EvaluationSettings settings, GanData data) {
                return open.apply(settings, data);
            }

            @Override
            public Map<String, List<Map<String, Double>>> references(EvaluationSettings settings, GanData data, int draws) {
                return references == null ? RunEvaluator.super.references(settings, data, draws)
                        : references.score(settings, data, draws);
            }
        };
    }

    /** How an evaluator made with {@link #of} scores its reference rows ({@link #references}). */
    @FunctionalInterface
    interface References {
        /** The rows, as {@link RunEvaluator#references} returns them. */
        Map<String, List<Map<String, Double>>> score(EvaluationSettings settings, GanData data, int draws);
    }

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
