package org.ganworkbench.metrics;

import org.ganworkbench.engine.Interrupted;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The k-nearest-neighbour balls behind improved precision and recall ({@link PrecisionRecall}) and
 * density and coverage ({@link DensityCoverage}): each point of a set gets the ball around it whose
 * radius is the distance to its k-th nearest neighbour in the same set, and a point of another set
 * is "inside the manifold" when it falls into some of these balls.
 *
 * <p>Exact and brute force: every distance of the two sets is computed (Euclidean, from
 * {@code |a|² + |b|² - 2 a·b} in double precision), in blocks of {@value #BLOCK} reference rows
 * laid out column-wise so the inner loop streams through the cache and the JIT vectorizes it, with
 * query rows spread over the machine's cores. For 10,000 × 10,000 points of 128 dimensions one pass
 * is about 1.3·10¹⁰ multiply-adds; the benchmark prints the measured time. Approximate neighbour
 * search would be faster at 50k, but the metrics' protocols are defined on the exact neighbours.
 */
final class KnnBalls {

    /** Reference rows per block: 128 dimensions × 512 rows of doubles = 512 KiB, an L2's worth. */
    static final int BLOCK = 512;

    private KnnBalls() {}

    /**
     * Each row's squared distance to its k-th nearest neighbour in its own set, the row itself not
     * counted (as the papers' code does it: the (k+1)-th smallest distance, the row's own 0 being
     * the first). Duplicated rows count as neighbours at distance 0. Squared, and compared squared:
     * a distance is symmetric to the bit here ({@code d(a, b) == d(b, a)}), and a square root and
     * back would move a point that sits exactly on a ball's edge off it.
     *
     * @param x the set, at least k + 1 rows
     * @param k neighbours, at least 1
     * @return one squared radius per row
     */
    static double[] squaredRadii(double[][] x, int k) {
        if (k < 1 || x.length < k + 1) {
            throw new IllegalArgumentException("the k-th nearest neighbour needs k >= 1 and more than k rows; k = " + k
                    + ", rows = " + x.length);
        }
        double[] out = new double[x.length];
        Pass pass = new Pass(x, x);
        IntStream.range(0, blocks(x.length)).parallel().forEach(qb -> {
            double[] row = new double[BLOCK];
            double[][] best = new double[BLOCK][k + 1];
            for (double[] b : best) {
                Arrays.fill(b, Double.POSITIVE_INFINITY);
            }
            int q0 = qb * BLOCK;
            int q1 = Math.min(x.length, q0 + BLOCK);
            for (int rb = 0; rb < pass.refBlocks(); rb++) {
                Interrupted.check("k-nearest neighbours");
                for (int q = q0; q < q1; q++) {
                    int n = pass.squaredDistances(q, rb, row);
                    double[] kept = best[q - q0];
                    for (int j = 0; j < n; j++) {
                        double d = row[j];
                        if (d < kept[k]) {   // insert into the sorted k + 1 smallest
                            int at = k;
                            while (at > 0 && kept[at - 1] > d) {
                                kept[at] = kept[at - 1];
                                at--;
                            }
                            kept[at] = d;
                        }
                    }
                }
            }
            for (int q = q0; q < q1; q++) {
                out[q] = best[q - q0][k];
            }
        });
        return out;
    }

    /**
     * For each query row, how many reference balls contain it (each reference row's own radius).
     *
     * @param queries query rows
     * @param refs reference rows, of the queries' dimension
     * @param refR2 one squared ball radius per reference row
     * @param inclusive whether a query at exactly the radius is inside ({@code <=}, Kynkäänniemi et
     *     al.'s code) or outside ({@code <}, Naeem et al.'s code)
     * @return the counts
     */
    static Inside inside(double[][] queries, double[][] refs, double[] refR2, boolean inclusive) {
        if (refR2.length != refs.length) {
            throw new IllegalArgumentException(refs.length + " reference rows but " + refR2.length + " radii");
        }
        return count(queries, null, refs, refR2, inclusive);
    }

    /**
     * For each query row, how many reference rows lie in its own ball (each query row's radius).
     * Since a distance is symmetric to the bit here, this counts the same pairs as
     * {@link #inside} with the roles swapped, summed the other way.
     *
     * @param queries query rows
     * @param queryR2 one squared ball radius per query row
     * @param refs reference rows, of the queries' dimension
     * @param inclusive whether a reference at exactly the radius is inside
     * @return the counts
     */
    static Inside holding(double[][] queries, double[] queryR2, double[][] refs, boolean inclusive) {
        if (queryR2.length != queries.length) {
            throw new IllegalArgumentException(queries.length + " query rows but " + queryR2.length + " radii");
        }
        return count(queries, queryR2, refs, null, inclusive);
    }

    /** The pass behind both: one of {@code queryR2}, {@code refR2} is given. */
    private static Inside count(double[][] queries, double[] queryR2, double[][] refs, double[] refR2, boolean inclusive) {
        int[] counts = new int[queries.length];
        Pass pass = new Pass(queries, refs);
        IntStream.range(0, blocks(queries.length)).parallel().forEach(qb -> {
            double[] row = new double[BLOCK];
            int q0 = qb * BLOCK;
            int q1 = Math.min(queries.length, q0 + BLOCK);
            for (int rb = 0; rb < pass.refBlocks(); rb++) {
                Interrupted.check("k-nearest-neighbour balls");
                int base = rb * BLOCK;
                for (int q = q0; q < q1; q++) {
                    int n = pass.squaredDistances(q, rb, row);
                    int c = 0;
                    for (int j = 0; j < n; j++) {
                        double d = row[j];
                        double r = refR2 == null ? queryR2[q] : refR2[base + j];
                        c += (inclusive ? d <= r : d < r) ? 1 : 0;
                    }
                    counts[q] += c;
                }
            }
        });
        return new Inside(counts);
    }

    /**
     * What {@link #inside} or {@link #holding} found.
     *
     * @param counts per query row, the number of balls containing it (or of rows in its ball)
     */
    record Inside(int[] counts) {

        /** Share of query rows with a count above 0. */
        double shareInside() {
            long in = Arrays.stream(counts).filter(c -> c > 0).count();
            return (double) in / counts.length;
        }

        /** The counts' sum. */
        long total() {
            long sum = 0;
            for (int c : counts) {
                sum += c;
            }
            return sum;
        }
    }

    private static int blocks(int rows) {
        return (rows + BLOCK - 1) / BLOCK;
    }

    /** Squared distances of query rows to blocks of reference rows stored column-wise. */
    private static final class Pass {
        private final double[][] queries;
        private final double[] queryNorms;
        private final double[][][] refColumns;   // [block][dimension][row in block]
        private final double[][] refNorms;       // [block][row in block]

        Pass(double[][] queries, double[][] refs) {
            int d = queries[0].length;
            if (refs[0].length != d) {
                throw new IllegalArgumentException("query rows have " + d + " values, reference rows " + refs[0].length);
            }
            this.queries = queries;
            this.queryNorms = norms(queries);
            int blocks = blocks(refs.length);
            refColumns = new double[blocks][][];
            refNorms = new double[blocks][];
            for (int b = 0; b < blocks; b++) {
                int r0 = b * BLOCK;
                int n = Math.min(refs.length, r0 + BLOCK) - r0;
                double[][] cols = new double[d][n];
                double[] nb = new double[n];
                for (int j = 0; j < n; j++) {
                    double[] r = refs[r0 + j];
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        cols[k][j] = r[k];
                        s += r[k] * r[k];
                    }
                    nb[j] = s;
                }
                refColumns[b] = cols;
                refNorms[b] = nb;
            }
        }

        int refBlocks() {
            return refColumns.length;
        }

        /** Fills {@code row[0, n)} with the squared distances of query q to block b's rows; returns n. */
        int squaredDistances(int q, int b, double[] row) {
            double[][] cols = refColumns[b];
            double[] nb = refNorms[b];
            int n = nb.length;
            double[] a = queries[q];
            Arrays.fill(row, 0, n, 0.0);
            for (int k = 0; k < a.length; k++) {
                double ak = a[k];
                double[] c = cols[k];
                for (int j = 0; j < n; j++) {
                    row[j] += ak * c[j];
                }
            }
            double na = queryNorms[q];
            for (int j = 0; j < n; j++) {
                row[j] = Math.max(0.0, na + nb[j] - 2 * row[j]);   // rounding can dip below 0 for equal rows
            }
            return n;
        }

        private static double[] norms(double[][] x) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double s = 0;
                for (double v : x[i]) {
                    s += v * v;
                }
                out[i] = s;
            }
            return out;
        }
    }
}
