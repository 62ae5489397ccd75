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
 *
 * <p>{@link #loadPairs} loads label maps with the images they describe, as a {@link PairedSet} for
 * image-to-image translation; there every file must be usable, since a pair cannot lose a member.
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

    /**
     * Loads pairs of label maps and images for image-to-image translation (pix2pix, SPADE):
     *
     * <ul>
     *   <li>{@code folder/labels/} holds the label maps: PNG files, 8-bit (or fewer bits) grayscale or
     *       indexed, whose pixel values are class ids (the raw value or palette index, never a
     *       colour). A JPEG there is an error: its lossy compression changes ids along region borders.
     *   <li>{@code folder/images/} holds the images, .png, .jpg or .jpeg.
     *   <li>A label map and an image pair up when their paths relative to {@code labels/} and
     *       {@code images/} are the same without the extension ({@code labels/a.png} with
     *       {@code images/a.jpg}; {@code labels/city/b.png} with {@code images/city/b.png}); both
     *       folders are searched recursively, other files are ignored, and pairs come in sorted
     *       order of that name.
     *   <li>{@code folder/labels.txt}, when present, names the classes, one per line (id 0 first;
     *       spaces around a name are dropped, as are blank lines at the end). Without it the classes
     *       are named {@code class 0}, {@code class 1}, ... and K is the largest id in any map, at its
     *       full size, plus 1, at least 2.
     * </ul>
     *
     * <p>Both members of a pair must have the same pixel size (aligned pixel for pixel); both are
     * then scaled so the shorter side fits {@code size} and center-cropped, as {@link #load} does:
     * the image bilinearly (transparent pixels laid over black), the label map by nearest neighbour,
     * so every id in the result is an id of the map. The edge maps are computed from the labels
     * ({@link PairedSet}). Nothing is skipped: a file that cannot be used is an error, since a pair
     * without its partner cannot be trained on.
     *
     * @param folder a folder with {@code labels/} and {@code images/} sub-folders
     * @param size side of the square images and maps, 4 to 1024
     * @param rgb true for 3 channels, false for grayscale
     * @return the pairs, named {@code pairs:<folder name>@<size>rgb} (or {@code gray}), the images
     *     unlabelled
     * @throws DataException naming the folder or file and the fix: a missing {@code labels/} or
     *     {@code images/} folder; label maps without an image or images without a label map (up to
     *     10 of each named, and how many); a JPEG label map; two images for one name; a file that
     *     cannot be decoded or is above {@link #MAX_PIXELS}; a label map that is not 8-bit grayscale or
     *     indexed; a pair whose label map and image differ in pixel size (naming both files and both
     *     sizes); an id at or above the number of names in {@code labels.txt} (naming the file and
     *     pixel); a blank or repeated name in {@code labels.txt}, fewer than 2 or more than
     *     {@value PairedSet#MAX_LABEL_CLASSES} names; no pairs at all
     */
    public static PairedSet loadPairs(Path folder, int size, boolean rgb) {
        checkSize(size);
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder, "not a folder; give a folder with a labels/ sub-folder of label maps "
                    + "and an images/ sub-folder of the images they describe");
        }
        Path labelDir = folder.resolve("labels");
        Path imageDir = folder.resolve("images");
        if (!Files.isDirectory(labelDir)) {
            throw new DataException(labelDir, "missing; put the label maps here: PNG files, 8-bit grayscale or "
                    + "indexed, whose pixel values are class ids, each named like its image in images/ (a.png for a.jpg)");
        }
        if (!Files.isDirectory(imageDir)) {
            throw new DataException(imageDir, "missing; put the images here (.png, .jpg or .jpeg), each named like "
                    + "its label map in labels/ (a.jpg for a.png)");
        }
        java.util.SortedMap<String, Path> labelFiles = byStem(labelDir, true);
        java.util.SortedMap<String, Path> imageFiles = byStem(imageDir, false);
        List<String> lonelyLabels = labelFiles.keySet().stream().filter(k -> !imageFiles.containsKey(k))
                .map(k -> labelDir.relativize(labelFiles.get(k)).toString()).toList();
        List<String> lonelyImages = imageFiles.keySet().stream().filter(k -> !labelFiles.containsKey(k))
                .map(k -> imageDir.relativize(imageFiles.get(k)).toString()).toList();
        if (!lonelyLabels.isEmpty() || !lonelyImages.isEmpty()) {
            StringBuilder m = new StringBuilder("label maps and images do not pair up:");
            if (!lonelyLabels.isEmpty()) {
                m.append(' ').append(count(lonelyLabels.size(), "label map")).append(" in labels/ ")
                        .append(lonelyLabels.size() == 1 ? "has" : "have").append(" no image in images/: ")
                        .append(firstTen(lonelyLabels)).append(lonelyImages.isEmpty() ? "." : ";");
            }
            if (!lonelyImages.isEmpty()) {
                m.append(' ').append(count(lonelyImages.size(), "image")).append(" in images/ ")
                        .append(lonelyImages.size() == 1 ? "has" : "have").append(" no label map in labels/: ")
                        .append(firstTen(lonelyImages)).append('.');
            }
            m.append(" A pair is matched by its name without the extension (labels/a.png with images/a.jpg); "
                    + "add the missing partners or remove these files");
            throw new DataException(folder, m.toString());
        }
        if (labelFiles.isEmpty()) {
            throw new DataException(folder, "no pairs: labels/ has no .png label maps and images/ no .png, .jpg or "
                    + ".jpeg images");
        }
        List<String> names = labelNames(folder.resolve("labels.txt"));
        int channels = rgb ? 3 : 1;
        int plane = size * size;
        int n = labelFiles.size();
        float[] pixels = new float[Math.multiplyExact(n, channels * plane)];
        byte[] labels = new byte[Math.multiplyExact(n, plane)];
        int maxLabel = 0;
        int i = 0;
        for (String stem : labelFiles.keySet()) {
            Path labelFile = labelFiles.get(stem);
            Path imageFile = imageFiles.get(stem);
            BufferedImage map = decodeOrFail(labelFile);
            BufferedImage image = decodeOrFail(imageFile);
            if (map.getWidth() != image.getWidth() || map.getHeight() != image.getHeight()) {
                throw new DataException(labelFile, "is " + map.getWidth() + " x " + map.getHeight() + " pixels but its "
                        + "image " + imageFile + " is " + image.getWidth() + " x " + image.getHeight() + "; a label map "
                        + "must be aligned with its image pixel for pixel: resize the label map to " + image.getWidth()
                        + " x " + image.getHeight() + " by nearest neighbour (never interpolated), or crop both alike");
            }
            int[] ids = classIds(labelFile, map);
            for (int p = 0; p < ids.length; p++) {
                int id = ids[p];
                if (names != null && id >= names.size()) {
                    throw new DataException(labelFile, "pixel (" + p % map.getWidth() + ", " + p / map.getWidth()
                            + ") has class id " + id + ", but labels.txt names only " + names.size() + " classes (ids 0 to "
                            + (names.size() - 1) + "); add the missing names to labels.txt or correct the label map");
                }
                maxLabel = Math.max(maxLabel, id);
            }
            int[] resized = nearestSquareCrop(ids, map.getWidth(), map.getHeight(), size);
            for (int p = 0; p < plane; p++) {
                labels[i * plane + p] = (byte) resized[p];
            }
            System.arraycopy(pixels(squareCrop(image, size), channels, plane), 0, pixels, i * channels * plane,
                    channels * plane);
            i++;
        }
        if (names == null) {
            int classes = Math.max(2, maxLabel + 1);
            names = java.util.stream.IntStream.range(0, classes).mapToObj(k -> "class " + k).toList();
        }
        String name = "pairs:" + folder.getFileName() + "@" + size + (rgb ? "rgb" : "gray");
        ImageSet images = new ImageSet(name, channels, size, size, pixels, null, null);
        return new PairedSet(name, images, labels, null, names);
    }

    /**
     * The PNG/JPEG files under {@code dir}, by their path relative to it without the extension
     * ('/'-separated). Label folders take PNGs only.
     */
    private static java.util.SortedMap<String, Path> byStem(Path dir, boolean labels) {
        java.util.SortedMap<String, Path> files = new java.util.TreeMap<>();
        for (Path file : imageFiles(dir)) {
            String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            String lower = relative.toLowerCase(Locale.ROOT);
            if (labels && !lower.endsWith(".png")) {
                throw new DataException(file, "a label map must be a PNG: JPEG's lossy compression changes the class "
                        + "ids along region borders; save it as an 8-bit grayscale or indexed PNG");
            }
            String stem = relative.substring(0, relative.lastIndexOf('.'));
            Path other = files.put(stem, file);
            if (other != null) {
                throw new DataException(dir, "two " + (labels ? "label maps" : "images") + " for the name '" + stem
                        + "': " + dir.relativize(other) + " and " + dir.relativize(file) + "; keep one, since each "
                        + "pairs with exactly one " + (labels ? "image" : "label map"));
            }
        }
        return files;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Up to 10 names, then how many more. */
    private static String firstTen(List<String> names) {
        String listed = String.join(", ", names.subList(0, Math.min(10, names.size())));
        return names.size() > 10 ? listed + " and " + (names.size() - 10) + " more" : listed;
    }

    private static BufferedImage decodeOrFail(Path file) {
        Decoded d = decode(file);
        if (d.problem() != null) {
            throw new DataException(file, d.problem() + "; every pair must be readable: replace this file, or "
                    + "remove it together with its partner");
        }
        return d.image();
    }

    /**
     * The raw pixel values of a label map, row-major: the gray value of an 8-bit (or 1, 2, 4-bit)
     * grayscale image, the palette index of an indexed one.
     */
    private static int[] classIds(Path file, BufferedImage map) {
        java.awt.image.Raster raster = map.getRaster();
        java.awt.image.ColorModel model = map.getColorModel();
        int bits = raster.getSampleModel().getSampleSize(0);
        boolean indexed = model instanceof java.awt.image.IndexColorModel;
        boolean gray = model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (raster.getNumBands() != 1 || bits > 8 || !(indexed || gray)) {
            throw new DataException(file, "a label map must be an 8-bit grayscale or indexed PNG whose pixel values "
                    + "are class ids, but this one has " + count(raster.getNumBands(), "channel") + " of "
                    + raster.getSampleModel().getSampleSize(0) + " bits" + (model.hasAlpha() ? " with alpha" : "")
                    + "; save the class ids as the gray values of an 8-bit grayscale PNG");
        }
        return raster.getPixels(0, 0, map.getWidth(), map.getHeight(), (int[]) null);
    }

    /** The class names in labels.txt, or null when there is no such file. */
    private static List<String> labelNames(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DataException(file, "cannot read the class names: " + reason(e), e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String name = lines.get(k).strip();
            if (name.isEmpty()) {
                throw new DataException(file, "line " + (k + 1) + " is blank; give one class name per line, class 0 "
                        + "on line 1, with no gaps");
            }
            int earlier = names.indexOf(name);
            if (earlier >= 0) {
                throw new DataException(file, "line " + (k + 1) + " repeats the name '" + name + "' of line "
                        + (earlier + 1) + "; every class needs its own name");
            }
            names.add(name);
        }
        if (names.size() < 2 || names.size() > PairedSet.MAX_LABEL_CLASSES) {
            throw new DataException(file, "names " + count(names.size(), "class") + "; give 2 to "
                    + PairedSet.MAX_LABEL_CLASSES + " names (8-bit label maps), one per line, class 0 first");
        }
        return names;
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

    /**
     * Where an image of {@code width x height} lands when its shorter side is scaled to
     * {@code size}: scaled to {@code w x h} (each rounded, at least {@code size}), of which the
     * square from ({@code left}, {@code top}) is kept.
     */
    private record Crop(int w, int h, int left, int top) {
        static Crop of(int width, int height, int size) {
            double scale = (double) size / Math.min(width, height);
            int w = Math.max(size, (int) Math.round(width * scale));
            int h = Math.max(size, (int) Math.round(height * scale));
            return new Crop(w, h, (w - size) / 2, (h - size) / 2);
        }
    }

    /** Scales the shorter side to {@code size} (bilinear), then crops the center square. */
    static BufferedImage squareCrop(BufferedImage src, int size) {
        Crop c = Crop.of(src.getWidth(), src.getHeight(), size);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, -c.left(), -c.top(), c.w(), c.h(), null);
        g.dispose();
        return out;
    }

    /**
     * The same scale and center crop as {@link #squareCrop} on a map of ids, by nearest neighbour:
     * output pixel (x, y) takes the source pixel under its centre, column
     * {@code floor((x + left + 0.5) * width / w)} and row {@code floor((y + top + 0.5) * height / h)}
     * (clamped into the map), so no id is ever mixed with another.
     *
     * @param ids {@code width * height} ids, row-major
     * @return {@code size * size} ids, row-major, each one of {@code ids}
     */
    static int[] nearestSquareCrop(int[] ids, int width, int height, int size) {
        Crop c = Crop.of(width, height, size);
        int[] columns = new int[size];
        for (int x = 0; x < size; x++) {
            columns[x] = Math.min(width - 1, (int) ((x + c.left() + 0.5) * width / c.w()));
        }
        int[] out = new int[size * size];
        for (int y = 0; y < size; y++) {
            int row = Math.min(height - 1, (int) ((y + c.top() + 0.5) * height / c.h()));
            for (int x = 0; x < size; x++) {
                out[y * size + x] = ids[row * width + columns[x]];
            }
        }
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
