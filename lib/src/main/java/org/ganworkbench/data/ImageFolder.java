package org.ganworkbench.data;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Your own images as an {@link ImageSet}: every PNG or JPEG file under a folder (sub-folders
 * included, in sorted path order), scaled so the shorter side fits, center-cropped to a square of
 * {@code size} pixels, in RGB or grayscale, pixels in [-1, 1].
 *
 * <p>Files that cannot be used are not silently dropped: each is listed by path with its reason in
 * {@link Result#skipped()} and in the summary (a file that cannot be decoded; an image above
 * {@link #MAX_PIXELS} pixels, refused from its header before decoding), and loading fails when no
 * image at all could be read. Transparent pixels are laid over black, and the summary counts the
 * images that had any.
 */
public final class ImageFolder {

    /**
     * The largest image read, in pixels (64 Mi: 8192 x 8192; decoded, 256 MB). Larger files are
     * skipped from their header, before a decoder allocates them.
     */
    public static final long MAX_PIXELS = 64L << 20;

    private ImageFolder() {}

    /**
     * The loaded images, the files that could not be used ("path: reason"), and how many images had
     * transparent pixels (laid over black).
     */
    public record Result(ImageSet images, List<String> skipped, int transparent) {

        /**
         * For notebooks and the commands: how many images were loaded, then one line per skipped
         * file with its reason, and a note on transparency when there was any.
         */
        public String summary() {
            StringBuilder s = new StringBuilder(images.count() + " images loaded, " + skipped.size() + " files skipped");
            if (transparent > 0) {
                s.append("; ").append(transparent).append(transparent == 1 ? " image has" : " images have")
                        .append(" transparent pixels, laid over black");
            }
            for (String k : skipped) {
                s.append("\n  skipped ").append(k);
            }
            return s.toString();
        }
    }

    /**
     * Loads the images under {@code folder}.
     *
     * @param folder a folder of .png/.jpg/.jpeg files (searched recursively)
     * @param size side of the square images, e.g. 32 or 64
     * @param rgb true for 3 channels, false for grayscale
     */
    public static Result load(Path folder, int size, boolean rgb) {
        checkSize(size);
        return read(folder, imageFiles(folder), size, rgb, null, null);
    }

    /**
     * Loads labelled images: one sub-folder of {@code folder} per class, named after it (classes in
     * sorted order of the names; images in sub-folders of a class's folder belong to that class), as
     * a conditional GAN trains on them ({@code ConditionalGan.builder(images.sampleShape(), images.classes())}).
     *
     * @param folder a folder with one sub-folder of .png/.jpg/.jpeg files per class
     * @param size side of the square images
     * @param rgb true for 3 channels, false for grayscale
     * @return the images, labelled by their class folder
     * @throws DataException naming the folder when images lie outside a class folder, fewer than two
     *     class folders hold images, or no image can be read
     */
    public static Result loadByClass(Path folder, int size, boolean rgb) {
        checkSize(size);
        List<Path> files = imageFiles(folder);
        List<Path> loose = files.stream().filter(f -> f.getParent().equals(folder)).toList();
        if (!loose.isEmpty()) {
            throw new DataException(folder, loose.size() + " image(s) lie outside a class folder (first: "
                    + loose.get(0).getFileName() + "); put each image in the sub-folder named after its class");
        }
        List<String> classes = files.stream().map(f -> folder.relativize(f).getName(0).toString()).distinct().sorted().toList();
        if (classes.size() < 2) {
            throw new DataException(folder, "labelled images need at least two class folders, found "
                    + (classes.isEmpty() ? "none with images" : "only '" + classes.get(0) + "'"));
        }
        int[] labels = files.stream().mapToInt(f -> classes.indexOf(folder.relativize(f).getName(0).toString())).toArray();
        return read(folder, files, size, rgb, labels, classes);
    }

    private static void checkSize(int size) {
        if (size < 4 || size > 1024) {
            throw new IllegalArgumentException("ImageFolder size must be in [4, 1024], got " + size);
        }
    }

    /** The image files under a folder, recursively, in sorted path order. */
    private static List<Path> imageFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder, "not a folder; give a folder of PNG or JPEG images");
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(ImageFolder::isImageName).sorted().toList();
        } catch (IOException e) {
            throw new DataException(folder, "cannot list the folder: " + e.getMessage(), e);
        }
    }

    /** Decodes the files (labels: one per file, or null), skipping those that cannot be used. */
    private static Result read(Path folder, List<Path> files, int size, boolean rgb, int[] fileLabels,
                               List<String> classNames) {
        int channels = rgb ? 3 : 1;
        int plane = size * size;
        List<float[]> images = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int transparent = 0;
        List<Integer> labels = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            Decoded d = decode(file);
            if (d.problem() != null) {
                skipped.add(file + ": " + d.problem());
                continue;
            }
            if (fileLabels != null) {
                labels.add(fileLabels[f]);
            }
            BufferedImage img = d.image();
            if (hasTransparentPixels(img)) {
                transparent++;
            }
            images.add(pixels(squareCrop(img, size), channels, plane));
        }
        if (images.isEmpty()) {
            throw new DataException(folder, files.isEmpty() ? "no .png, .jpg or .jpeg files found"
                    : "none of the " + files.size() + " image files could be read: " + String.join("; ", skipped));
        }
        float[] all = new float[images.size() * channels * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * channels * plane, channels * plane);
        }
        String name = "folder:" + folder.getFileName() + "@" + size + (rgb ? "rgb" : "gray");
        int[] kept = fileLabels == null ? null : labels.stream().mapToInt(Integer::intValue).toArray();
        return new Result(new ImageSet(name, channels, size, size, all, kept, classNames), List.copyOf(skipped), transparent);
    }

    /** A file's image, or why there is none (exactly one of the two is set). */
    private record Decoded(BufferedImage image, String problem) {}

    /**
     * Decodes a file with one reader and one pass over it: the header first, so that an image above
     * {@link #MAX_PIXELS} is refused before the decoder allocates it, then the image (as
     * {@code ImageIO.read} does: the first reader that takes the file, its default parameters).
     */
    static Decoded decode(Path file) {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null
                    ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new Decoded(null, "not a readable PNG/JPEG image");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    return new Decoded(null, w + " x " + h + " pixels, above the limit of " + MAX_PIXELS
                            + " (8192 x 8192); decoded it would take " + (w * h * 4 >> 20) + " MB (scale it down first)");
                }
                return new Decoded(reader.read(0, reader.getDefaultReadParam()), null);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new Decoded(null, reason(e));
        }
    }

    /** An exception's message, or its kind when it has none (some decoders throw without a message). */
    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "cannot be decoded (" + e.getClass().getSimpleName() + ")" : m;
    }

    private static boolean hasTransparentPixels(BufferedImage img) {
        if (!img.getColorModel().hasAlpha()) {
            return false;
        }
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) >>> 24) != 0xFF) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** Scales the shorter side to {@code size} (bilinear), then crops the center square. */
    static BufferedImage squareCrop(BufferedImage src, int size) {
        double scale = (double) size / Math.min(src.getWidth(), src.getHeight());
        int w = Math.max(size, (int) Math.round(src.getWidth() * scale));
        int h = Math.max(size, (int) Math.round(src.getHeight() * scale));
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, -(w - size) / 2, -(h - size) / 2, w, h, null);
        g.dispose();
        return out;
    }

    private static float[] pixels(BufferedImage img, int channels, int plane) {
        float[] px = new float[channels * plane];
        int size = img.getWidth();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                int p = y * size + x;
                if (channels == 3) {
                    px[p] = r / 127.5f - 1f;
                    px[plane + p] = g / 127.5f - 1f;
                    px[2 * plane + p] = b / 127.5f - 1f;
                } else {
                    // ITU-R BT.601 luma
                    px[p] = (0.299f * r + 0.587f * g + 0.114f * b) / 127.5f - 1f;
                }
            }
        }
        return px;
    }
}
