package uk.org.perusupportgroup.quipu.media;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * Makes the clean files of an upload. A photo is decoded (TwelveMonkeys' readers take CMYK and odd JPEGs, and WebP),
 * turned upright by its EXIF orientation, and written again from its pixels alone, so that no metadata block of the
 * original survives: no EXIF (camera, GPS position, time), no XMP, no IPTC, no ICC profile with a device's serial, no
 * comment. It is kept at most {@link #MAX_WIDTH} pixels wide and also made {@link #WIDTHS} wide where it is wider
 * (never enlarged). Opaque images become JPEG at quality {@link #JPEG_QUALITY}; images with transparency become PNG;
 * a GIF becomes a PNG of its first frame (an animation is not kept). A PDF is kept byte for byte.
 */
public final class ImageProcessor {

    /** Hex digits of the SHA-256 content hash in file names. */
    public static final int HASH_LENGTH = 20;
    /** The widest copy kept of a photo. */
    public static final int MAX_WIDTH = 2400;
    /** The smaller copies made of a photo wider than each. */
    public static final List<Integer> WIDTHS = List.of(1600, 960, 480);
    static final float JPEG_QUALITY = 0.85f;
    /**
     * The most pixels decoded at full resolution: a larger image is read subsampled, so that one upload takes at most
     * about 16 M × 4 bytes of pixels however many its header claims (up to {@code media.max-pixels}).
     */
    static final long DECODED_PIXELS = 16_000_000L;

    /**
     * @param content the upload, already accepted by {@link MediaInspector#inspect} as {@code inspection}
     * @throws MediaRefusedException when the image cannot be decoded (truncated, corrupt)
     */
    public Processed process(byte[] content, Inspection inspection) {
        String hash = hash(content);
        MediaType type = inspection.type();
        if (!type.isImage()) {
            return new Processed(hash, List.of(new Rendition(hash + "." + type.extension(), 0, 0, type, content)));
        }
        int orientation = type == MediaType.JPEG ? ExifOrientation.of(content) : 1;
        BufferedImage decoded = decode(content, type, subsampling(inspection.width(), inspection.height()));
        // at most MAX_WIDTH wide once upright, before the pixels are turned or copied: each copy costs memory
        boolean turned = orientation >= 5;
        int uprightWidth = turned ? decoded.getHeight() : decoded.getWidth();
        if (uprightWidth > MAX_WIDTH) {
            decoded = turned ? resizeToHeight(decoded, MAX_WIDTH) : resize(decoded, MAX_WIDTH);
        }
        if (orientation > 1) {
            decoded = ExifFilterUtils.getFilterForOrientation(Orientation.typeOf(orientation)).apply(decoded);
        }
        boolean transparent = isTransparent(decoded);
        MediaType output = transparent || type == MediaType.GIF ? MediaType.PNG : MediaType.JPEG;
        BufferedImage clean = pixelsOnly(decoded, transparent);
        List<Rendition> renditions = new ArrayList<>();
        renditions.add(rendition(hash, clean, output));
        for (int width : WIDTHS) {
            if (width < clean.getWidth()) {
                renditions.add(rendition(hash, resize(clean, width), output));
            }
        }
        return new Processed(hash, renditions);
    }

    /** SHA-256 of the bytes, the first {@link #HASH_LENGTH} lower-case hex digits. */
    public static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Every how many pixels, across and down, are read: 1 up to {@link #DECODED_PIXELS}; above, enough to stay under it
     * (a 50-megapixel photo is read at half its width and height, still wider than {@link #MAX_WIDTH}).
     */
    static int subsampling(int width, int height) {
        long pixels = (long) width * height;
        return pixels <= DECODED_PIXELS ? 1 : (int) Math.ceil(Math.sqrt((double) pixels / DECODED_PIXELS));
    }

    /**
     * The first image of the file, every {@code step}th pixel across and down; a warning while reading (a truncated
     * JPEG) refuses it like an error does.
     */
    private static BufferedImage decode(byte[] content, MediaType type, int step) {
        ImageReader reader = MediaInspector.readerFor(type);
        AtomicReference<String> warning = new AtomicReference<>();
        IIOReadWarningListener listener = (source, message) -> warning.compareAndSet(null, message);
        reader.addIIOReadWarningListener(listener);
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            reader.setInput(input, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (warning.get() != null || image == null) {
                throw MediaInspector.unreadable(type);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof MediaRefusedException refused) {
                throw refused;
            }
            throw MediaInspector.unreadable(type);
        } finally {
            reader.dispose();
        }
    }

    /** True when some pixel is not fully opaque. */
    static boolean isTransparent(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        Raster alpha = image.getAlphaRaster();
        if (alpha == null) {
            // a palette with a transparent entry (GIF, PNG with tRNS): the colours say it, pixel by pixel
            int[] argb = new int[image.getWidth()];
            for (int y = 0; y < image.getHeight(); y++) {
                image.getRGB(0, y, image.getWidth(), 1, argb, 0, image.getWidth());
                for (int pixel : argb) {
                    if (pixel >>> 24 != 0xFF) {
                        return true;
                    }
                }
            }
            return false;
        }
        int[] row = new int[alpha.getWidth()];
        int max = (1 << image.getColorModel().getComponentSize(image.getColorModel().getNumComponents() - 1)) - 1;
        for (int y = 0; y < alpha.getHeight(); y++) {
            alpha.getSamples(alpha.getMinX(), alpha.getMinY() + y, alpha.getWidth(), 1, 0, row);
            for (int value : row) {
                if (value < max) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A new image holding nothing but the pixels, in sRGB: whatever the decoder kept of the file is left behind. */
    private static BufferedImage pixelsOnly(BufferedImage image, boolean transparent) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(),
                transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        try {
            if (!transparent) {
                g.setColor(java.awt.Color.WHITE);   // an opaque image that claimed an alpha channel: on white, not black
                g.fillRect(0, 0, copy.getWidth(), copy.getHeight());
            }
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return copy;
    }

    private static BufferedImage resize(BufferedImage image, int width) {
        try {
            return Thumbnails.of(image).width(width).asBufferedImage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage resizeToHeight(BufferedImage image, int height) {
        try {
            return Thumbnails.of(image).height(height).asBufferedImage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Rendition rendition(String hash, BufferedImage image, MediaType type) {
        byte[] bytes = type == MediaType.JPEG ? jpeg(image) : png(image);
        return new Rendition(hash + "-" + image.getWidth() + "." + type.extension(), image.getWidth(), image.getHeight(),
                type, bytes);
    }

    /** Baseline JPEG with a JFIF header and nothing else: no metadata is given to the writer. */
    static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImagingPlugins.writer("jpeg");
        var out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** PNG of the pixels: IHDR, IDAT and IEND chunks only. */
    static byte[] png(BufferedImage image) {
        ImageWriter writer = ImagingPlugins.writer("png");
        var out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
