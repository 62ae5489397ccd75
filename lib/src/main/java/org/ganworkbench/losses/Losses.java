package org.ganworkbench.losses;

import org.ganworkbench.config.Options;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** The loss zoo by name. */
public final class Losses {

    private Losses() {}

    /**
     * A loss of the zoo: its name and other names, whether it needs an energy D, its parameters'
     * declarations, a fresh holder of their defaults, and how the loss is made from them.
     */
    private record Kind<P, L extends GanLoss>(String name, List<String> aliases, boolean energy, Options<P, L> options,
                                              Supplier<P> parameters, Function<P, L> make) {

        L create(Map<String, ?> values) {
            List<String> unknown = values.keySet().stream().filter(k -> !options.keys().contains(k)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("loss '" + name + "' has no parameter " + unknown + "; it takes "
                        + (options.keys().isEmpty() ? "none" : String.join(", ", options.keys())));
            }
            return make.apply(options.apply("loss", parameters.get(), values));
        }

        String table() {
            return options.table(make.apply(parameters.get()));
        }
    }

    private static <L extends GanLoss> Kind<Object, L> plain(String name, List<String> aliases, Supplier<L> make) {
        return new Kind<>(name, aliases, false, Options.of(name), () -> null, p -> make.get());
    }

    /** The zoo, in teaching order: the score losses, then the energy losses. */
    private static final List<Kind<?, ?>> KINDS = List.of(
            plain("minimax", List.of("saturating"), MinimaxLoss::new),
            plain("non-saturating", List.of("nonsaturating", "ns"), NonSaturatingLoss::new),
            plain("lsgan", List.of("least-squares"), LeastSquaresLoss::new),
            new Kind<>("wgan-clip", List.of("wgan"), false, WassersteinLoss.OPTIONS, WassersteinLoss.Params::new,
                    WassersteinLoss::new),
            new Kind<>("wgan-gp", List.of(), false, WassersteinGpLoss.OPTIONS, WassersteinGpLoss.Params::new,
                    WassersteinGpLoss::new),
            plain("hinge", List.of(), HingeLoss::new),
            plain("ragan", List.of("rasgan", "relativistic", "relativistic-average"), RelativisticAverageLoss::new),
            new Kind<>("began", List.of(), true, BeganLoss.OPTIONS, BeganLoss.Params::new, BeganLoss::new),
            new Kind<>("ebgan", List.of(), true, EbganLoss.OPTIONS, EbganLoss.Params::new, EbganLoss::new));

    /** The canonical names, in teaching order. */
    public static List<String> names() {
        return KINDS.stream().filter(k -> !k.energy()).map(Kind::name).toList();
    }

    /**
     * The losses of energy-based discriminators (an autoencoder whose score is a reconstruction
     * error): they need an architecture such as {@code Began}, and are not in {@link #names()}.
     */
    public static List<String> energyNames() {
        return KINDS.stream().filter(Kind::energy).map(Kind::name).toList();
    }

    /** The parameters of a loss (by name or alias), declared once with the loss: a run spec's {@code loss} keys. */
    public static Options<?, ?> options(String name) {
        return kind(name).options();
    }

    /**
     * The Markdown table of a loss's parameters with their defaults (empty header only for a loss
     * without parameters).
     */
    public static String table(String name) {
        return kind(name).table();
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
     * {@code margin} for ebgan (each loss's {@code OPTIONS}); the others take none.
     *
     * @throws IllegalArgumentException for an unknown name or parameter, or a value out of range, naming them
     */
    public static GanLoss create(String name, Map<String, ?> params) {
        return kind(name).create(params == null ? Map.of() : params);
    }

    private static Kind<?, ?> kind(String name) {
        if (name == null) {
            throw new IllegalArgumentException("loss name must be given; known: " + String.join(", ", names()));
        }
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Kind<?, ?> k : KINDS) {
            if (k.name().equals(key) || k.aliases().contains(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; known: " + String.join(", ", names())
                + ", " + String.join(", ", energyNames()));
    }
}
