package uk.org.perusupportgroup.quipu.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.zip.GZIPOutputStream;

/**
 * A rendered document kept in memory: its bytes and the same gzipped, off the heap and read-only
 * (sockets send them without a copy per request), and their strong validators. Identical content
 * gives identical bytes and ETags on every instance.
 *
 * @param etag the strong ETag of the body, quoted
 * @param gzipEtag the strong ETag of the gzipped body, quoted; derived from the body's, so it does
 *     not depend on the compressor
 * @param lastModified when the content last changed, whole seconds; {@code lastModifiedHttp} the same
 *     as an HTTP date (RFC 9110 IMF-fixdate: {@code Fri, 04 Dec 2026 09:05:00 GMT}, the day always two digits)
 */
public record Snapshot(ByteBuffer directBody, ByteBuffer directGzipped, String etag, String gzipEtag,
        Instant lastModified, String lastModifiedHttp, String contentType) {

    /** Hashes and compresses {@code body}. */
    public static Snapshot of(byte[] body, String contentType, Instant lastModified) {
        String hash = hash(body);
        Instant seconds = lastModified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new Snapshot(direct(body), direct(gzip(body)), "\"" + hash + "\"", "\"" + hash + "-gzip\"", seconds,
                httpDate(seconds), contentType);
    }

    /**
     * An HTTP date (RFC 9110 5.6.7 IMF-fixdate), as strict parsers want it: Netty's formatter, because the JDK's
     * {@code RFC_1123_DATE_TIME} writes single-digit days ({@code Fri, 4 Dec 2026}).
     */
    public static String httpDate(Instant instant) {
        return io.netty.handler.codec.DateFormatter.format(Date.from(instant));
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    /** A copy of the body. */
    public byte[] body() {
        return copy(directBody);
    }

    /** A copy of the gzipped body. */
    public byte[] gzipped() {
        return copy(directGzipped);
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Memory held: both encodings. */
    public long weight() {
        return directBody.capacity() + directGzipped.capacity();
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
