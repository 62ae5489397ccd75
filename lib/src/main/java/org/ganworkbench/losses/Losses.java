package org.ganworkbench.losses;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The loss zoo by name. */
public final class Losses {

    private Losses() {}

    /** The canonical names, in teaching order. */
    public static List<String> names() {
        return List.of("minimax", "non-saturating", "lsgan", "wgan-clip", "wgan-gp", "hinge", "ragan");
    }

    /**
     * The losses of energy-based discriminators (an autoencoder whose score is a reconstruction
     * error): they need an architecture such as {@code Began}, and are not in {@link #names()}.
     */
    public static List<String> energyNames() {
        return List.of("ebgan", "began");
    }

    /**
     * One row per loss: what D's score means, whether D's labels can be smoothed, its regularizer
     * (clipping, penalty), the recommended optimizer and where it comes from, and the engines it runs on.
     */
    public static Table overview() {
        Table t = Table.create("the loss zoo and its recommended settings");
        StringColumn name = StringColumn.create("loss");
        StringColumn score = StringColumn.create("D's score");
        StringColumn labels = StringColumn.create("label tricks");
        StringColumn extra = StringColumn.create("regularizer");
        StringColumn opt = StringColumn.create("optimizer");
        StringColumn k = StringColumn.create("D steps");
        StringColumn engines = StringColumn.create("engines");
        StringColumn source = StringColumn.create("recommended by");
        for (String n : names()) {
            GanLoss l = byName(n);
            GanLoss.Recommended r = l.recommended();
            name.append(n);
            score.append(l.scores() == ScoreKind.LOGIT ? "logit" : "raw score");
            labels.append(l.acceptsTargets() ? "yes" : "no");
            extra.append(l.regularizer());
            opt.append(r.optimizer().equals("rmsprop") ? String.format(Locale.ROOT, "RMSProp %.0e", r.learningRateD())
                    : String.format(Locale.ROOT, "Adam %.0e, β (%.1f, %.3f)", r.learningRateD(), r.beta1(), r.beta2()));
            k.append(String.valueOf(r.discriminatorSteps()));
            engines.append(l.needsSecondOrderGradients() ? "PyTorch only" : "MXNet, PyTorch");
            source.append(r.source());
        }
        t.addColumns(name, score, labels, extra, opt, k, engines, source);
        return t;
    }

    /** The saturating minimax loss of the original paper. */
    public static GanLoss minimax() {
        return new MinimaxLoss();
    }

    /** The non-saturating ("-log D") generator loss with the standard D loss. */
    public static GanLoss nonSaturating() {
        return new NonSaturatingLoss();
    }

    /** Least squares (LSGAN). */
    public static GanLoss lsgan() {
        return new LeastSquaresLoss();
    }

    /** WGAN with weight clipping at 0.01. */
    public static GanLoss wgan() {
        return new WassersteinLoss();
    }

    /** WGAN with weight clipping at {@code clip}. */
    public static GanLoss wgan(double clip) {
        return new WassersteinLoss(clip);
    }

    /** WGAN-GP with λ = 10 (PyTorch engine only). */
    public static GanLoss wganGp() {
        return new WassersteinGpLoss();
    }

    /** WGAN-GP with penalty weight λ (PyTorch engine only). */
    public static GanLoss wganGp(double lambda) {
        return new WassersteinGpLoss(lambda);
    }

    /** WGAN-GP with penalty weight λ and drift weight ε (progressive GANs: 10 and 0.001; PyTorch engine only). */
    public static GanLoss wganGp(double lambda, double drift) {
        return new WassersteinGpLoss(lambda, drift);
    }

    /** Hinge loss. */
    public static GanLoss hinge() {
        return new HingeLoss();
    }

    /** Relativistic average standard GAN (RaSGAN). */
    public static GanLoss relativisticAverage() {
        return new RelativisticAverageLoss();
    }

    /** BEGAN's boundary-equilibrium loss with γ 0.5, λ_k 0.001 (needs an autoencoder D: {@code Began}). */
    public static BeganLoss began() {
        return new BeganLoss();
    }

    /** BEGAN's loss with diversity ratio γ (λ_k 0.001, k_0 0). */
    public static BeganLoss began(double gamma) {
        return new BeganLoss(gamma, BeganLoss.DEFAULT_LAMBDA_K, 0);
    }

    /** EBGAN's margin loss with margin m (needs an autoencoder D: {@code Began}). */
    public static EbganLoss ebgan(double margin) {
        return new EbganLoss(margin);
    }

    /** A loss by its {@link GanLoss#name()} (or an alias), with default parameters. */
    public static GanLoss byName(String name) {
        return create(name, Map.of());
    }

    /**
     * A loss by name with parameters, as in run specs: {@code clip} for wgan-clip, {@code lambda} (or
     * {@code gp_lambda}) and {@code drift} for wgan-gp, {@code gamma}, {@code lambda_k} and {@code k0} for began,
     * {@code margin} for ebgan; the others take none.
     *
     * @throws IllegalArgumentException for an unknown name or parameter, naming both
     */
    public static GanLoss create(String name, Map<String, ?> params) {
        String key = canonical(name);
        Map<String, Object> p = new HashMap<>(params == null ? Map.of() : params);
        GanLoss loss = switch (key) {
            case "minimax" -> minimax();
            case "non-saturating" -> nonSaturating();
            case "lsgan" -> lsgan();
            case "wgan-clip" -> wgan(number(p.remove("clip"), 0.01, key, "clip"));
            case "wgan-gp" -> {
                Object l = p.containsKey("lambda") ? p.remove("lambda") : p.remove("gp_lambda");
                yield wganGp(number(l, 10, key, "lambda"), number(p.remove("drift"), 0, key, "drift"));
            }
            case "hinge" -> hinge();
            case "ragan" -> relativisticAverage();
            case "began" -> new BeganLoss(number(p.remove("gamma"), BeganLoss.DEFAULT_GAMMA, key, "gamma"),
                    number(p.remove("lambda_k"), BeganLoss.DEFAULT_LAMBDA_K, key, "lambda_k"),
                    number(p.remove("k0"), 0, key, "k0"));
            case "ebgan" -> ebgan(number(p.remove("margin"), EbganLoss.DEFAULT_MARGIN, key, "margin"));
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; known: " + String.join(", ", names())
                    + ", " + String.join(", ", energyNames()));
        };
        if (!p.isEmpty()) {
            String takes = switch (key) {
                case "wgan-gp" -> "lambda, drift";
                case "wgan-clip" -> "clip";
                case "began" -> "gamma, lambda_k, k0";
                case "ebgan" -> "margin";
                default -> "none";
            };
            throw new IllegalArgumentException("loss '" + key + "' has no parameter " + p.keySet() + "; it takes " + takes);
        }
        return loss;
    }

    private static String canonical(String name) {
        if (name == null) {
            throw new IllegalArgumentException("loss name must be given; known: " + String.join(", ", names()));
        }
        return switch (name.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "minimax", "saturating" -> "minimax";
            case "non-saturating", "nonsaturating", "ns" -> "non-saturating";
            case "lsgan", "least-squares" -> "lsgan";
            case "wgan", "wgan-clip" -> "wgan-clip";
            case "wgan-gp" -> "wgan-gp";
            case "hinge" -> "hinge";
            case "ragan", "rasgan", "relativistic", "relativistic-average" -> "ragan";
            case "began" -> "began";
            case "ebgan" -> "ebgan";
            default -> name;
        };
    }

    private static double number(Object v, double fallback, String loss, String param) {
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("loss '" + loss + "' parameter " + param + " must be a number, got " + v);
    }
}
