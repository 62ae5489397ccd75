package org.ganworkbench.losses;

import java.util.Locale;

/** The loss zoo by name. */
public final class Losses {

    private Losses() {}

    /** The saturating minimax loss of the original paper. */
    public static GanLoss minimax() {
        return new MinimaxLoss();
    }

    /** The non-saturating ("-log D") generator loss with the standard D loss. */
    public static GanLoss nonSaturating() {
        return new NonSaturatingLoss();
    }

    /** A loss by its {@link GanLoss#name()}. */
    public static GanLoss byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "minimax", "saturating" -> minimax();
            case "non-saturating", "nonsaturating", "ns" -> nonSaturating();
            default -> throw new IllegalArgumentException(
                    "unknown loss '" + name + "'; known: minimax, non-saturating");
        };
    }
}
