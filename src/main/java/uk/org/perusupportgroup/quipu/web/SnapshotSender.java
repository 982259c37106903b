package uk.org.perusupportgroup.quipu.web;

import uk.org.perusupportgroup.quipu.article.Language;
import io.vertx.core.MultiMap;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import uk.org.perusupportgroup.quipu.publish.Snapshot;

/**
 * Sends a {@link Snapshot} with HTTP caching: strong ETag, Last-Modified, 304 for If-None-Match
 * (either variant's tag) or If-Modified-Since, Cache-Control, the pre-compressed body for clients that
 * accept gzip, and CORS for partners' widgets.
 */
final class SnapshotSender {

    private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");
    private static final CharSequence ACCEPT_ENCODING_LANGUAGE = HttpHeaders.createOptimized("Accept-Encoding, Accept-Language");
    private static final CharSequence ANY = HttpHeaders.createOptimized("*");
    private static final CharSequence EXPOSED = HttpHeaders.createOptimized("ETag, Last-Modified");

    private final CharSequence cacheControl;
    private final boolean shared;

    SnapshotSender(Duration maxAge) {
        this(maxAge, true);
    }

    /** @param shared false for a private document (a token URL): cached by the reader only, not readable cross-origin */
    SnapshotSender(Duration maxAge, boolean shared) {
        this.cacheControl = HttpHeaders.createOptimized((shared ? "public" : "private") + ", max-age=" + maxAge.toSeconds());
        this.shared = shared;
    }

    void send(RoutingContext ctx, Snapshot snapshot) {
        send(ctx, snapshot, false);
    }

    /** @param byLanguage the document differs with the request's {@code Accept-Language} too (it suggests the other one) */
    void send(RoutingContext ctx, Snapshot snapshot, boolean byLanguage) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        boolean gzip = acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        MultiMap headers = response.headers();
        headers.set(HttpHeaders.CONTENT_TYPE, snapshot.contentType());
        headers.set(HttpHeaders.ETAG, gzip ? snapshot.gzipEtag() : snapshot.etag());
        if (settled(snapshot)) {
            headers.set(HttpHeaders.LAST_MODIFIED, snapshot.lastModifiedHttp());
        }
        headers.set(HttpHeaders.CACHE_CONTROL, cacheControl);
        headers.set(HttpHeaders.VARY, byLanguage ? ACCEPT_ENCODING_LANGUAGE : ACCEPT_ENCODING);
        if (shared) {
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
            headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
        } else {
            headers.set("Referrer-Policy", "no-referrer");
        }
        if (snapshot.contentType().startsWith("text/html")) {
            headers.set("Content-Security-Policy", Html.CONTENT_SECURITY_POLICY);
        }
        if (notModified(request, snapshot)) {
            response.setStatusCode(304).end();
            return;
        }
        ByteBuffer body = gzip ? snapshot.directGzipped() : snapshot.directBody();
        if (gzip) {
            headers.set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.createOptimized("gzip"));
        }
        if (request.method() == HttpMethod.HEAD) {
            headers.set(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.remaining()));
            response.end();
        } else {
            // A view of the shared off-heap bytes: no copy, and Netty cannot release them.
            response.end(BufferInternal.buffer(Unpooled.wrappedBuffer(body.duplicate())));
        }
    }

    /** CORS preflight: widgets on partner sites may read feeds with conditional requests. */
    static void preflight(RoutingContext ctx) {
        ctx.response().setStatusCode(204)
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY)
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "If-None-Match, If-Modified-Since")
                .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
                .end();
    }

    /** RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only without it. */
    static boolean notModified(HttpServerRequest request, Snapshot snapshot) {
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.strip();
                if (tag.equals("*") || snapshot.matches(tag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = request.getHeader("If-Modified-Since");
        if (ifModifiedSince == null || !settled(snapshot)) {
            return false;
        }
        // the three forms RFC 9110 5.6.7 asks recipients to accept; an unreadable date is ignored, as it says
        java.util.Date since = io.netty.handler.codec.DateFormatter.parseHttpDate(ifModifiedSince.strip());
        return since != null && !snapshot.lastModified().isAfter(since.toInstant());
    }

    /**
     * True when the content has a Last-Modified date that no later change can share: change times
     * are whole seconds, so within the second of a change another change could still get the same
     * date, and a client validating with it alone would keep the older version. Until that second is
     * over, only the ETag validates.
     */
    static boolean settled(Snapshot snapshot) {
        return snapshot.lastModified().isAfter(Instant.EPOCH)
                && System.currentTimeMillis() >= snapshot.lastModified().toEpochMilli() + 1000;
    }

    /**
     * True when gzip is acceptable: its own entry decides (unless {@code q=0}); without one, a
     * {@code *} entry does.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean star = null;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].strip().toLowerCase(java.util.Locale.ROOT);
            boolean acceptable = true;
            for (int i = 1; i < pieces.length; i++) {
                if (pieces[i].strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "").matches("q=0(\\.0{0,3})?")) {
                    acceptable = false;
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return acceptable;
            }
            if (coding.equals("*")) {
                star = acceptable;
            }
        }
        return Boolean.TRUE.equals(star);
    }
}
