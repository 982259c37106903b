package uk.org.perusupportgroup.quipu.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * A rendered document kept in memory: its bytes, the same gzipped, and their strong validators.
 * Identical content gives identical bytes and ETags on every instance.
 *
 * @param etag the strong ETag of {@code body}, quoted
 * @param gzipEtag the strong ETag of {@code gzipped}, quoted; derived from the body's, so it does not
 *     depend on the compressor
 * @param lastModified when the content last changed, whole seconds; {@code lastModifiedHttp} the same
 *     as an HTTP date
 * @param directBody {@code body} off-heap, read-only; {@code directGzipped} the same of {@code gzipped}
 */
public record Snapshot(byte[] body, byte[] gzipped, String etag, String gzipEtag, Instant lastModified,
        String lastModifiedHttp, String contentType, ByteBuffer directBody, ByteBuffer directGzipped) {

    /** Hashes and compresses {@code body}. */
    public static Snapshot of(byte[] body, String contentType, Instant lastModified) {
        String hash = hash(body);
        byte[] gzipped = gzip(body);
        Instant seconds = lastModified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new Snapshot(body, gzipped, "\"" + hash + "\"", "\"" + hash + "-gzip\"", seconds,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(seconds.atOffset(ZoneOffset.UTC)), contentType,
                direct(body), direct(gzipped));
    }

    /** The bytes once more, off-heap and read-only: sockets send them without copying per request. */
    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    /** Memory held: both encodings, on and off the heap. */
    public long weight() {
        return 2L * (body.length + gzipped.length);
    }

    /** @return true when {@code candidate} (one entity tag from If-None-Match) names either variant */
    public boolean matches(String candidate) {
        String tag = candidate.startsWith("W/") ? candidate.substring(2) : candidate;
        return tag.equals(etag) || tag.equals(gzipEtag);
    }

    private static String hash(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
