package org.ganworkbench.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ablation study as a JSON file: a base {@link RunSpec}, named variants (dotted-key overrides of
 * the base), an optional grid (cartesian product of values, applied to every variant) and seeds.
 *
 * <pre>
 * {
 *   "name": "ring8-ablation",
 *   "base": { "data": "ring8", "model": {"name": "mlp", "generator_hidden": [16, 16]}, "steps": 50, ... },
 *   "variants": {
 *     "vanilla": {"loss.name": "minimax"},
 *     "+label smoothing": {"loss.name": "minimax", "tricks.label_smoothing": 0.9}
 *   },
 *   "grid": {"optimizer.lr_d": [1e-4, 2e-4]},
 *   "seeds": [1, 2, 3],
 *   "parallel": 1
 * }
 * </pre>
 *
 * A variant may hold {@value #SEED_COUNT}: N, not a spec key: it runs only the first N of the
 * sweep's seeds (for rows too costly to repeat, or whose spread is not in question; the tables
 * then show their n). Without variants the sweep has one, "base"; without seeds, the base spec's
 * seed. Runs are ordered
 * variant by variant (file order), then grid point, then seed; run folders are
 * {@code <sweepDir>/<variant-slug>/seed-<n>/}.
 *
 * @param name the sweep's name
 * @param base the spec every run starts from
 * @param variants label to overrides, in file order
 * @param grid dotted key to values (cartesian product), in file order
 * @param seeds the seeds every variant runs with
 * @param parallel runs at a time (child processes when above 1)
 */
public record Sweep(String name, RunSpec base, Map<String, Map<String, Object>> variants,
                    Map<String, List<Object>> grid, List<Long> seeds, int parallel) {

    private static final Set<String> KEYS = Set.of("name", "base", "variants", "grid", "seeds", "parallel");

    /** A variant's key for running only the first N of the sweep's seeds. */
    public static final String SEED_COUNT = "seed_count";

    public Sweep {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Sweep: 'name' is required");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("Sweep field 'parallel' must be >= 1, got " + parallel);
        }
        variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        seeds = List.copyOf(seeds.isEmpty() ? List.of(base.seed()) : seeds);
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("Sweep field 'seeds' has duplicates: " + seeds);
        }
        for (Map.Entry<String, List<Object>> g : grid.entrySet()) {
            if (g.getValue().isEmpty()) {
                throw new IllegalArgumentException("Sweep field 'grid." + g.getKey() + "' needs at least one value");
            }
        }
    }

    /** Parses a sweep file's text; {@code what} (the file) names the source in errors. */
    @SuppressWarnings("unchecked")
    public static Sweep fromJson(String json, String what) {
        Map<String, Object> m = Json.parseObject(json, what);
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(what + ": unknown key '" + k + "'; valid keys: name, base, variants, "
                        + "grid, seeds, parallel");
            }
        }
        try {
            String name = (String) field(m, "name", String.class, what);
            Object base = field(m, "base", Map.class, what);
            if (base == null) {
                throw new IllegalArgumentException(what + ": 'base' (a run spec) is required");
            }
            RunSpec spec = RunSpec.of((Map<String, Object>) base);
            Map<String, Map<String, Object>> variants = new LinkedHashMap<>();
            Map<String, Object> vs = (Map<String, Object>) field(m, "variants", Map.class, what);
            if (vs != null) {
                for (Map.Entry<String, Object> v : vs.entrySet()) {
                    if (!(v.getValue() instanceof Map)) {
                        throw new IllegalArgumentException(what + ": variant '" + v.getKey()
                                + "' must be an object of dotted-key overrides, e.g. {\"loss.name\": \"minimax\"}");
                    }
                    variants.put(v.getKey(), (Map<String, Object>) v.getValue());
                }
            }
            Map<String, List<Object>> grid = new LinkedHashMap<>();
            Map<String, Object> gs = (Map<String, Object>) field(m, "grid", Map.class, what);
            if (gs != null) {
                for (Map.Entry<String, Object> g : gs.entrySet()) {
                    if (!(g.getValue() instanceof List)) {
                        throw new IllegalArgumentException(what + ": grid '" + g.getKey() + "' must be a list of values");
                    }
                    grid.put(g.getKey(), (List<Object>) g.getValue());
                }
            }
            List<Long> seeds = new ArrayList<>();
            List<Object> ss = (List<Object>) field(m, "seeds", List.class, what);
            if (ss != null) {
                for (Object s : ss) {
                    if (!(s instanceof Long l)) {
                        throw new IllegalArgumentException(what + ": 'seeds' must be whole numbers, got " + Json.compact(s));
                    }
                    seeds.add(l);
                }
            }
            Object parallel = field(m, "parallel", Long.class, what);
            Sweep sweep = new Sweep(name, spec, variants, grid, seeds, parallel == null ? 1 : Math.toIntExact((Long) parallel));
            List<String> problems = sweep.problems();   // every run's spec, checked before any run starts
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(what + ": " + (problems.size() == 1 ? problems.get(0)
                        : problems.size() + " problems:\n  " + String.join("\n  ", problems)));
            }
            return sweep;
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            throw new IllegalArgumentException(msg != null && msg.startsWith(what) ? msg : what + ": " + msg, e);
        }
    }

    /** Reads a sweep file; errors name the file. */
    public static Sweep read(Path file) {
        try {
            return fromJson(Json.readUserFile(file, "sweep file"), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot read sweep file: " + e.getMessage(), e));
        }
    }

    private static Object field(Map<String, Object> m, String key, Class<?> type, String what) {
        Object v = m.get(key);
        if (v != null && !type.isInstance(v)) {
            throw new IllegalArgumentException(what + ": '" + key + "' must be "
                    + (type == Map.class ? "an object" : type == List.class ? "a list" : type == Long.class
                    ? "a whole number" : "a string") + ", got " + Json.compact(v));
        }
        return v;
    }

    /** The sweep as JSON (what the runner saves as sweep.json in the sweep folder). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("base", base.toMap());
        m.put("variants", variants);
        m.put("grid", grid);
        m.put("seeds", seeds);
        m.put("parallel", parallel);
        return Json.pretty(m);
    }

    /**
     * A copy whose base spec has these dotted-key overrides (e.g. {@code "steps"} for a notebook's
     * smoke mode); the variants apply on top as before.
     */
    public Sweep withBase(Map<String, Object> overrides) {
        return new Sweep(name, base.with(overrides), variants, grid, seeds, parallel);
    }

    /**
     * A copy whose every run gets these dotted-key overrides after its variant's own, e.g. a
     * notebook's smoke mode shortening a variant that sets its own {@code steps} (which
     * {@link #withBase} cannot reach). A grid point still applies on top; without variants the
     * overrides go to the base.
     */
    public Sweep withOverrides(Map<String, Object> overrides) {
        if (variants.isEmpty()) {
            return withBase(overrides);
        }
        Map<String, Map<String, Object>> vs = new LinkedHashMap<>();
        variants.forEach((label, own) -> {
            Map<String, Object> merged = new LinkedHashMap<>(own);
            overrides.forEach((k, v) -> {
                merged.remove(k);   // re-added last, so it applies after the variant's whole-object replacements
                merged.put(k, v);
            });
            vs.put(label, merged);
        });
        return new Sweep(name, base, vs, grid, seeds, parallel);
    }

    /** A copy with other seeds. */
    public Sweep withSeeds(List<Long> newSeeds) {
        return new Sweep(name, base, variants, grid, newSeeds, parallel);
    }

    /**
     * A copy with only these variants, in the file's order (e.g. a notebook's smoke mode running two
     * of them).
     *
     * @throws IllegalArgumentException naming the sweep's variants if a label is not one of them
     */
    public Sweep withVariants(List<String> labels) {
        Map<String, Map<String, Object>> kept = new LinkedHashMap<>();
        for (String label : labels) {
            if (!variants.containsKey(label)) {
                throw new IllegalArgumentException("sweep " + name + " has no variant '" + label + "'; its variants: "
                        + String.join(", ", variants.keySet()));
            }
        }
        variants.forEach((label, overrides) -> {
            if (labels.contains(label)) {
                kept.put(label, overrides);
            }
        });
        return new Sweep(name, base, kept, grid, seeds, parallel);
    }

    /** A copy running {@code n} at a time. */
    public Sweep withParallel(int n) {
        return new Sweep(name, base, variants, grid, seeds, n);
    }

    /** The variant labels in order (with grid values), one per distinct configuration. */
    public List<String> variantLabels() {
        return runs().stream().map(SweepRun::variant).distinct().toList();
    }

    /** Every run: variants × grid points × seeds, each with its full spec and unique folder. */
    public List<SweepRun> runs() {
        return expand(null);
    }

    /**
     * What is wrong with the sweep's runs, all of it: one line per variant (or grid point) whose
     * spec is refused, naming it and the spec key; empty when every run is valid.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        expand(problems);
        return problems;
    }

    /** The runs; a refused variant throws, or, with {@code problems} given, is added to it and skipped. */
    private List<SweepRun> expand(List<String> problems) {
        Map<String, Map<String, Object>> vs = variants.isEmpty() ? Map.of("base", Map.of()) : variants;
        List<Map<String, Object>> points = gridPoints();
        List<SweepRun> out = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> v : vs.entrySet()) {
            Map<String, Object> overrides = new LinkedHashMap<>(v.getValue());
            Object count = overrides.remove(SEED_COUNT);
            List<Long> variantSeeds = seeds;
            if (count != null) {
                if (!(count instanceof Number c) || c.doubleValue() != Math.rint(c.doubleValue()) || c.longValue() < 1) {
                    refuse(problems, "variant '" + v.getKey() + "': '" + SEED_COUNT + "' must be a whole number >= 1 (the "
                            + "first N of the sweep's seeds), got " + Json.compact(count), null);
                    continue;
                }
                variantSeeds = seeds.subList(0, (int) Math.min(seeds.size(), ((Number) count).longValue()));
            }
            RunSpec variantSpec;
            try {
                variantSpec = base.with(overrides);
            } catch (IllegalArgumentException e) {
                refuse(problems, "variant '" + v.getKey() + "': " + e.getMessage(), e);
                continue;
            }
            for (Map<String, Object> point : points) {
                String label = point.isEmpty() ? v.getKey() : v.getKey() + " " + describe(point);
                RunSpec pointSpec;
                try {
                    pointSpec = variantSpec.with(point);
                } catch (IllegalArgumentException e) {
                    refuse(problems, "variant '" + label + "': " + e.getMessage(), e);
                    continue;
                }
                String slug = uniqueSlug(label, slugs);
                for (long seed : variantSeeds) {
                    out.add(new SweepRun(label, slug, seed, pointSpec.with("seed", seed)));
                }
            }
        }
        return out;
    }

    private static void refuse(List<String> problems, String problem, IllegalArgumentException cause) {
        if (problems == null) {
            throw new IllegalArgumentException(problem, cause);
        }
        problems.add(problem);
    }

    private List<Map<String, Object>> gridPoints() {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> g : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object value : g.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(g.getKey(), value);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    private static String describe(Map<String, Object> point) {
        List<String> parts = new ArrayList<>();
        point.forEach((k, v) -> parts.add(k + "=" + (v instanceof Double d && Double.isFinite(d)
                ? java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                : Json.compact(v).replace("\"", ""))));
        return String.join(" ", parts);
    }

    /** A folder name for a label: lower case, runs of other characters than [a-z0-9._] as one dash. */
    public static String slug(String label) {
        String spelled = label.replace("α", "alpha").replace("β", "beta").replace("γ", "gamma").replace("λ", "lambda")
                .replace("σ", "sigma").replace("ε", "eps");   // the Greek letters of hyperparameter labels
        String s = spelled.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^[-.]+|-+$", "");
        return s.isEmpty() ? "variant" : s;
    }

    private static String uniqueSlug(String label, Set<String> taken) {
        String base = slug(label);
        String s = base;
        for (int i = 2; !taken.add(s); i++) {
            s = base + "-" + i;
        }
        return s;
    }
}
