/**
 * Sweeps on Apache Spark: {@code gan sweep FILE --spark MASTER_URL}. The lib's
 * {@link org.ganworkbench.experiments.SparkSweep} starts {@link org.ganworkbench.spark.SparkSweepDriver},
 * which runs each unfinished run of the sweep as one task ({@link org.ganworkbench.spark.RunTask}); the
 * results, as a Spark DataFrame: {@link org.ganworkbench.spark.SweepFrames}. Depends on the lib; nothing
 * in the lib depends on it.
 */
package org.ganworkbench.spark;
