package uk.org.perusupportgroup.quipu.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Which file under the media directory became which upload ({@code media_source}), and the SHA-256 of the bytes it was
 * made from: a file seen again with the same bytes, by any instance, is not checked and resized again.
 */
public interface MediaSourceStore {

    /** What is recorded for the file at {@code path} (relative to the media directory, with {@code /}). */
    Optional<Source> find(String path);

    /**
     * Records that the file at {@code path}, with these bytes, is the upload {@code mediaId}, replacing what was recorded
     * for it. Several instances recording the same file at once is no error: the last one stands.
     */
    void record(String path, long mediaId, String sha256, Instant at);

    /** @param sha256 of the file's bytes, in lower-case hex */
    record Source(String path, long mediaId, String sha256) {}
}
