package uk.org.perusupportgroup.quipu.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException.Reason;

/**
 * Tells what an uploaded file is from its bytes alone (never its name or the type the browser sent) and refuses what
 * Quipu does not keep: anything but a JPEG, PNG, WebP or GIF image or a PDF document; SVG and any other XML (it can
 * carry scripts); HTML; an image file that holds HTML markup as well (a polyglot, which a browser could be led to run
 * as a page); an empty file or one over the size limit; an image whose header claims more pixels than the limit, read
 * from the header before anything is decoded.
 */
public final class MediaInspector {

    /** Markup that has no business in an image file, matched without regard to case anywhere in it. */
    private static final List<byte[]> MARKUP = List.of("<html", "<script", "<body", "<iframe", "<!doctype", "<svg")
            .stream().map(text -> text.getBytes(StandardCharsets.US_ASCII)).toList();
    /** How far into a file that is not an accepted type we look for signs of XML or HTML. */
    private static final int TEXT_WINDOW = 4096;

    private final MediaLimits limits;

    public MediaInspector(MediaLimits limits) {
        this.limits = limits;
    }

    public MediaLimits limits() {
        return limits;
    }

    /**
     * @param name the uploaded file's name, only to name it in a refusal
     * @throws MediaRefusedException saying what is wrong with the file
     */
    public Inspection inspect(byte[] content, String name) {
        if (content.length == 0) {
            throw new MediaRefusedException(Reason.EMPTY);
        }
        if (content.length > limits.maxBytes()) {
            throw new MediaRefusedException(Reason.TOO_LARGE, Map.of("limit", limits.bytesText()));
        }
        MediaType type = typeOf(content).orElseThrow(() -> refusalOfOther(content, name));
        if (!type.isImage()) {
            return new Inspection(type, 0, 0);
        }
        if (holdsMarkup(content)) {
            throw new MediaRefusedException(Reason.POLYGLOT);
        }
        return dimensions(content, type);
    }

    /** The accepted type whose signature the file starts with. */
    static java.util.Optional<MediaType> typeOf(byte[] b) {
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return java.util.Optional.of(MediaType.JPEG);
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return java.util.Optional.of(MediaType.PNG);
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return java.util.Optional.of(MediaType.GIF);
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return java.util.Optional.of(MediaType.WEBP);
        }
        if (startsWith(b, 0, '%', 'P', 'D', 'F', '-')) {
            return java.util.Optional.of(MediaType.PDF);
        }
        return java.util.Optional.empty();
    }

    /** Why a file of no accepted type is refused: SVG or other XML, HTML, or simply not a type we take. */
    private static MediaRefusedException refusalOfOther(byte[] content, String name) {
        String start = new String(content, 0, Math.min(content.length, TEXT_WINDOW), StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        String text = start.replaceFirst("^(\u00ef\u00bb\u00bf|\u00fe\u00ff|\u00ff\u00fe)", "").replace("\0", "").strip();
        if (text.startsWith("<?xml") || text.contains("<svg")) {
            return new MediaRefusedException(Reason.SVG);
        }
        if (text.startsWith("<") && (text.contains("<html") || text.contains("<!doctype") || text.contains("<body")
                || text.contains("<script") || text.contains("<iframe") || text.contains("<head"))) {
            return new MediaRefusedException(Reason.HTML);
        }
        return new MediaRefusedException(Reason.UNKNOWN_TYPE, Map.of("name", displayName(name)));
    }

    /** The uploaded file's name as a refusal shows it, or "the file" when there is none. */
    static String displayName(String name) {
        String plain = name == null ? "" : name.replaceAll("[\\p{Cntrl}]", "").strip();
        if (plain.isEmpty()) {
            return "the file";
        }
        return "'" + (plain.length() > 100 ? plain.substring(0, 100) + "…" : plain) + "'";
    }

    /** True when any of {@link #MARKUP} occurs in the bytes, in any case. */
    static boolean holdsMarkup(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] != '<') {
                continue;
            }
            for (byte[] tag : MARKUP) {
                if (matchesIgnoringCase(content, i, tag)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesIgnoringCase(byte[] content, int at, byte[] lowerCase) {
        if (at + lowerCase.length > content.length) {
            return false;
        }
        for (int j = 1; j < lowerCase.length; j++) {
            int c = content[at + j];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase[j]) {
                return false;
            }
        }
        return true;
    }

    /** Width and height from the image's header, nothing decoded; refused past the pixel limit or when unreadable. */
    private Inspection dimensions(byte[] content, MediaType type) {
        ImageReader reader = readerFor(type);
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw unreadable(type);
            }
            if ((long) width * height > limits.maxPixels()) {
                throw new MediaRefusedException(Reason.TOO_MANY_PIXELS, Map.of("width", width, "height", height,
                        "limit", limits.pixelsText()));
            }
            return new Inspection(type, width, height);
        } catch (IOException | RuntimeException e) {
            if (e instanceof MediaRefusedException refused) {
                throw refused;
            }
            throw unreadable(type);
        } finally {
            reader.dispose();
        }
    }

    static MediaRefusedException unreadable(MediaType type) {
        return new MediaRefusedException(Reason.UNREADABLE, Map.of("type", type.label()));
    }

    static ImageReader readerFor(MediaType type) {
        return ImagingPlugins.reader(type);
    }

    private static boolean startsWith(byte[] content, int offset, int... signature) {
        if (content.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((content[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
