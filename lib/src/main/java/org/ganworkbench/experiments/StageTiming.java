package org.ganworkbench.experiments;

import org.ganworkbench.models.GrowthSchedule;
import org.ganworkbench.models.ProgressiveGan;
import org.ganworkbench.training.GanTraining;
import org.ganworkbench.training.TrainingConfig;
import org.ganworkbench.training.TrainingLog;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast a run spec trains at each phase of its growth schedule, measured on this machine, and
 * the training time a number of real images shown takes at those speeds: the x axis of the paper's
 * Figure 4 (wall-clock time, with and without growing), without the noise of whatever else ran
 * beside the runs themselves.
 *
 * <p>{@link #measure} trains the spec for a few steps per phase: a growing progressive GAN with its
 * schedule compressed to {@code stepsPerPhase} steps per fade-in and per stable phase (the same
 * networks, optimizer, batch and tricks, Adam reset at each phase if the spec says so), any other
 * spec for {@code stepsPerPhase} steps at its one stage. Each step is logged; a phase's speed is the
 * median images per second of its steps after the first quarter (warm-up: new layers, first calls).
 * {@link #seconds} then walks the spec's real schedule step by step, each step costing
 * {@code batch × d_steps / speed of its phase}. Monitors (evaluations, pictures) are not counted.
 */
public final class StageTiming {

    /** A phase of a growth schedule: the resolution the networks work at, and whether a fade-in. */
    public record Phase(int resolution, boolean fading) {
        /** E.g. "16x16 fade-in", "16x16 stable". */
        public String label() {
            return resolution + "x" + resolution + (fading ? " fade-in" : " stable");
        }
    }

    private final GrowthSchedule schedule;
    private final long imagesPerStep;
    private final Map<Phase, Double> rates;

    StageTiming(GrowthSchedule schedule, long imagesPerStep, Map<Phase, Double> rates) {
        this.schedule = schedule;
        this.imagesPerStep = imagesPerStep;
        this.rates = new LinkedHashMap<>(rates);
    }

    /**
     * Measures the speed of every phase of {@code spec}'s schedule (see the class comment). Runs
     * about {@code stepsPerPhase} × (2 · levels − 1) training steps for a growing progressive GAN,
     * {@code stepsPerPhase} otherwise, with the engine and threads of this process.
     *
     * @param stepsPerPhase at least 4
     */
    public static StageTiming measure(RunSpec spec, int stepsPerPhase) {
        if (stepsPerPhase < 4) {
            throw new IllegalArgumentException("stage timing needs >= 4 steps per phase, got " + stepsPerPhase);
        }
        TrainingConfig config = spec.toTrainingConfig();
        long perStep = (long) config.batchSize() * config.discriminatorSteps();
        GrowthSchedule real = schedule(config);
        RunSpec timed = spec.with(Map.of("log_every", 1));
        int steps = stepsPerPhase;
        if (real.growing()) {
            long phase = stepsPerPhase * perStep;
            timed = timed.with(Map.of("model.fade_images", phase, "model.stable_images", phase));
            steps = stepsPerPhase * (2 * real.levels() - 1);
        }
        timed = timed.with(Map.of("steps", steps));
        TrainingLog log;
        try (GanTraining run = GanTraining.start(timed.toTrainingConfig())) {
            run.run(steps);
            log = run.log();
        }
        double[] rate = log.column(TrainingLog.IMAGES_PER_S);
        double[] resolution = log.column("resolution");
        double[] alpha = log.column("alpha");
        Map<Phase, List<Double>> byPhase = new LinkedHashMap<>();
        for (int i = 0; i < rate.length; i++) {
            byPhase.computeIfAbsent(new Phase((int) resolution[i], alpha[i] < 1), p -> new ArrayList<>()).add(rate[i]);
        }
        Map<Phase, Double> rates = new LinkedHashMap<>();
        byPhase.forEach((p, r) -> rates.put(p, median(r.subList(r.size() / 4, r.size()))));
        return new StageTiming(real, perStep, rates);
    }

    private static GrowthSchedule schedule(TrainingConfig config) {
        if (config.architecture() instanceof ProgressiveGan p) {
            return p.schedule();
        }
        throw new IllegalArgumentException("stage timing needs a progressive model (its schedule and its log's "
                + "resolution and alpha columns), got " + config.architecture().name());
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The measured speed of a phase, in real images per second. */
    public double imagesPerSecond(Phase phase) {
        Double r = rates.get(phase);
        if (r == null) {
            throw new IllegalArgumentException("no speed measured for " + phase.label() + "; measured: "
                    + rates.keySet().stream().map(Phase::label).toList());
        }
        return r;
    }

    /** The phase a step starting with {@code imagesShown} real images shown trains in. */
    public Phase phaseAt(long imagesShown) {
        GrowthSchedule.Stage s = schedule.at(imagesShown);
        return new Phase(s.resolution(), s.alpha() < 1);
    }

    /**
     * Training seconds until {@code imagesShown} real images have been shown, at the measured speeds:
     * the sum over the steps that start before it of {@code batch × d_steps / speed of the step's phase}.
     */
    public double seconds(long imagesShown) {
        double t = 0;
        for (long shown = 0; shown < imagesShown; shown += imagesPerStep) {
            t += imagesPerStep / imagesPerSecond(phaseAt(shown));
        }
        return t;
    }

    /**
     * One row per phase: its speed, and the images and seconds the spec's schedule spends in it up to
     * {@code totalImages} shown.
     */
    public Table table(String title, long totalImages) {
        Map<Phase, double[]> spent = new LinkedHashMap<>();
        for (long shown = 0; shown < totalImages; shown += imagesPerStep) {
            Phase p = phaseAt(shown);
            double[] s = spent.computeIfAbsent(p, k -> new double[2]);
            s[0] += imagesPerStep;
            s[1] += imagesPerStep / imagesPerSecond(p);
        }
        StringColumn phase = StringColumn.create("phase");
        DoubleColumn speed = DoubleColumn.create("images/s");
        DoubleColumn images = DoubleColumn.create("images");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        spent.forEach((p, s) -> {
            phase.append(p.label());
            speed.append(Math.round(imagesPerSecond(p) * 10) / 10.0);
            images.append(s[0]);
            seconds.append(Math.round(s[1] * 10) / 10.0);
        });
        return Table.create(title, phase, speed, images, seconds);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("StageTiming(");
        rates.forEach((p, r) -> b.append(p.label()).append(String.format(java.util.Locale.ROOT, " %.1f img/s; ", r)));
        return b.append(imagesPerStep).append(" images per step)").toString();
    }

    /** The phases measured, in schedule order. */
    public List<Phase> phases() {
        return List.copyOf(rates.keySet());
    }
}
