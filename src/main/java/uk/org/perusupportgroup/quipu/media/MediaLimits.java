package uk.org.perusupportgroup.quipu.media;

/**
 * How large an upload may be: {@code maxBytes} of file, and {@code maxPixels} claimed by an image's header (checked
 * before it is decoded, since a small file can claim a huge image).
 */
public record MediaLimits(long maxBytes, long maxPixels) {

    public static final MediaLimits DEFAULT = new MediaLimits(20L * 1024 * 1024, 50_000_000L);

    public MediaLimits {
        if (maxBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("media limits must be positive");
        }
    }

    /** The byte limit for people: {@code 20 MB}, {@code 512 KB}, {@code 1000 bytes}. */
    public String bytesText() {
        return sizeText(maxBytes);
    }

    /** The pixel limit for people: {@code 50 megapixels}, or the number of pixels when it is not whole millions. */
    public String pixelsText() {
        if (maxPixels % 1_000_000 == 0) {
            return maxPixels / 1_000_000 + (maxPixels == 1_000_000 ? " megapixel" : " megapixels");
        }
        return maxPixels + " pixels";
    }

    /** A size in MB (of 1,048,576 bytes) or KB (of 1,024) when it is a whole number of them, else in bytes. */
    public static String sizeText(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
