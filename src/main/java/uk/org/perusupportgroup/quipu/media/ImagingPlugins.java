package uk.org.perusupportgroup.quipu.media;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;

/**
 * ImageIO, set up on first use rather than at start-up (loading it and its plugins takes a while, and most starts
 * never see an upload): AWT headless, TwelveMonkeys' readers registered wherever the class path put them, and every image read and
 * written in memory, never through temporary files.
 */
final class ImagingPlugins {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");   // a server: images in memory, never a display
        }
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImagingPlugins() {}

    /** A reader of {@code type}'s format: TwelveMonkeys' where it has one (JPEG, WebP), the JDK's otherwise. */
    static ImageReader reader(MediaType type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.mime());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type.mime() + ": the imaging plugins are missing");
        }
        return readers.next();
    }

    /** A writer of {@code format} ({@code jpeg}, {@code png}). */
    static ImageWriter writer(String format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return writers.next();
    }
}
