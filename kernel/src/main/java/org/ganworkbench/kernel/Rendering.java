package org.ganworkbench.kernel;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.ganworkbench.viz.Html;
import org.ganworkbench.viz.Tables;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * How values look in a notebook. Every bundle has {@code text/plain} (the protocol asks for it; a
 * text export and the tests read it); beside it: images and XChart charts as {@code image/png},
 * {@link Html} and Tablesaw tables as {@code text/html}. Anything else is its {@code toString()}.
 */
final class Rendering {

    private Rendering() {}

    /** Adds the lab's types to JJava's renderer (which already knows strings, images, URLs). */
    static void registerAll(Renderer renderer) {
        // on BufferedImage, the class itself: found before JJava's RenderedImage function, so the
        // PNG is encoded once and text/plain says what it is instead of BufferedImage's toString
        renderer.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register(Rendering::image);
        renderer.createRegistration(Html.class)
                .preferring(MIMEType.TEXT_HTML)
                .register(Rendering::html);
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((t, c) -> html(Tables.html(t), c));
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, c) -> image(BitmapEncoder.getBufferedImage(chart), c));
    }

    private static void image(RenderedImage image, RenderContext c) {
        c.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(image));
        c.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "image " + image.getWidth() + "\u00d7" + image.getHeight());
    }

    private static void html(Html html, RenderContext c) {
        c.renderIfRequested(MIMEType.TEXT_HTML, html::html);
        c.renderIfRequested(MIMEType.TEXT_PLAIN, html::text);
    }

    /** The image as base64 PNG, the form Jupyter's {@code image/png} takes. */
    static String png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
