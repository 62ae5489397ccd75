package org.ganworkbench.viz;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An HTML fragment together with its plain-text form. The lab's kernel shows it as {@code text/html}
 * and sends the text as {@code text/plain} alongside (the form a terminal, a text export or a test
 * reads; the messaging protocol asks for it in every bundle). {@link #toString()} is the text.
 *
 * @param html the fragment (a table, say), without {@code <html>}/{@code <body>}
 * @param text the same content as plain text
 */
public record Html(String html, String text) {

    public Html {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }

    /** The parts one below the other. */
    public static Html join(Html... parts) {
        return new Html(Arrays.stream(parts).map(Html::html).collect(Collectors.joining("\n")),
                Arrays.stream(parts).map(Html::text).collect(Collectors.joining("\n\n")));
    }

    @Override
    public String toString() {
        return text;
    }
}
