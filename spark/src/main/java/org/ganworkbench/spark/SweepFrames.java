package org.ganworkbench.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ganworkbench.experiments.Results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A sweep's results as Spark DataFrames, for Spark SQL over many sweeps or many runs:
 * <pre>
 * Dataset&lt;Row&gt; runs = SweepFrames.runs(spark, Path.of("runs/my-sweep"));
 * runs.createOrReplaceTempView("runs");
 * spark.sql("SELECT variant, count(*), avg(fid_fmnist) FROM runs WHERE status = 'ok' GROUP BY variant").show();
 * SweepFrames.byVariant(runs).show();
 * </pre>
 * {@link #runs} reads results.csv ({@link Results#runs()}: variant, seed, status, one column per
 * metric, seconds, steps, error, run, spec_id) with its column types: metrics and seconds double,
 * seed long, steps int, the rest text. Column names with characters Spark SQL quotes are used as
 * they are; quote them with backticks in SQL.
 */
public final class SweepFrames {

    /** The columns of results.csv that are not metrics, and their types. */
    private static final Set<String> TEXT = Set.of("variant", "status", "error", "run", "spec_id");

    private SweepFrames() {}

    /** The sweep folder's results.csv, one row per finished run. */
    public static Dataset<Row> runs(SparkSession spark, Path sweepDir) {
        String file = sweepDir.resolve(Results.RESULTS_CSV).toAbsolutePath().toString();
        String[] header = spark.read().option("header", "true").csv(file).columns();
        List<StructField> fields = new ArrayList<>();
        for (String c : header) {
            fields.add(DataTypes.createStructField(c, TEXT.contains(c) ? DataTypes.StringType
                    : c.equals("seed") ? DataTypes.LongType : c.equals("steps") ? DataTypes.IntegerType
                    : DataTypes.DoubleType, true));
        }
        return spark.read().option("header", "true").option("nanValue", "NaN").schema(new StructType(fields.toArray(StructField[]::new)))
                .csv(file);
    }

    /** The metric columns of a {@link #runs} frame (and {@code seconds}). */
    public static List<String> metrics(Dataset<Row> runs) {
        List<String> out = new ArrayList<>();
        for (StructField f : runs.schema().fields()) {
            if (f.dataType().equals(DataTypes.DoubleType)) {
                out.add(f.name());
            }
        }
        return out;
    }

    /**
     * Per variant, over the ok runs' seeds: {@code n}, and for each metric its mean and sample
     * standard deviation ({@code <metric> mean}, {@code <metric> std}), as summary.csv has them.
     */
    public static Dataset<Row> byVariant(Dataset<Row> runs) {
        List<Column> aggregates = new ArrayList<>();
        for (String m : metrics(runs)) {
            Column c = functions.col("`" + m + "`");
            Column finite = functions.when(functions.isnan(c), null).otherwise(c);   // NaN left out, as in summary.csv
            aggregates.add(functions.avg(finite).as(m + " mean"));
            aggregates.add(functions.when(functions.count(finite).gt(1), functions.stddev_samp(finite))
                    .otherwise(functions.lit(0.0)).as(m + " std"));   // 0 for one run, as in summary.csv
        }
        return runs.where(functions.col("status").equalTo("ok")).groupBy("variant")
                .agg(functions.count(functions.lit(1)).as("n"), aggregates.toArray(Column[]::new));
    }
}
