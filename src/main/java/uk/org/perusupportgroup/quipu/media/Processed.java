package uk.org.perusupportgroup.quipu.media;

import java.util.List;

/**
 * The clean files of one upload, widest first, and the upload's content hash (SHA-256 of the bytes as sent, the first
 * {@link ImageProcessor#HASH_LENGTH} hex digits), which begins every file's name.
 */
public record Processed(String hash, List<Rendition> renditions) {

    public Processed {
        renditions = List.copyOf(renditions);
    }
}
