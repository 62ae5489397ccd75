package org.ganworkbench.viz;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;

/**
 * An animated GIF of equal-sized frames (e.g. a training run's GAN Lab views over time), looping
 * forever. Written with the JDK's GIF writer (256 colours per frame); shown inline in a notebook
 * through {@link #html()}, an {@code <img>} with a data URI.
 */
public final class AnimatedGif {

    private final byte[] bytes;
    private final int frames;

    private AnimatedGif(byte[] bytes, int frames) {
        this.bytes = bytes;
        this.frames = frames;
    }

    /**
     * Encodes the frames, {@code delayMs} apart (GIF stores hundredths of a second).
     *
     * @throws IllegalArgumentException for no frames, frames of different sizes or a delay below 10 ms
     */
    public static AnimatedGif of(List<BufferedImage> images, int delayMs) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an animated GIF needs at least one frame");
        }
        if (delayMs < 10) {
            throw new IllegalArgumentException("GIF frame delay must be >= 10 ms, got " + delayMs);
        }
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        for (int i = 1; i < images.size(); i++) {
            BufferedImage f = images.get(i);
            if (f.getWidth() != w || f.getHeight() != h) {
                throw new IllegalArgumentException("GIF frame " + i + " is " + f.getWidth() + "x" + f.getHeight()
                        + " but frame 0 is " + w + "x" + h + "; all frames must have one size");
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < images.size(); i++) {
                BufferedImage rgb = toRgb(images.get(i));
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), param);
                configure(meta, delayMs / 10, i == 0);
                writer.writeToSequence(new IIOImage(rgb, null, meta), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the animated GIF", e);
        } finally {
            writer.dispose();
        }
        return new AnimatedGif(out.toByteArray(), images.size());
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static void configure(IIOMetadata meta, int delayCentis, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCentis));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0});   // loop forever
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** Number of frames. */
    public int frames() {
        return frames;
    }

    /** The GIF file's bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the GIF to {@code file} atomically (a temp file in the same folder, renamed into place). */
    public Path write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write GIF " + file, e);
        }
    }

    /** An HTML {@code <img>} with the GIF inline as a data URI: {@code display(gif.html())} animates it. */
    public Html html() {
        return new Html("<img src=\"data:image/gif;base64," + Base64.getEncoder().encodeToString(bytes) + "\"/>",
                "animated GIF, " + frames + " frames, " + bytes.length / 1024 + " KiB");
    }
}
