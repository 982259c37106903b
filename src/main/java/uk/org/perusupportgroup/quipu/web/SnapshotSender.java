package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import uk.org.perusupportgroup.quipu.publish.Snapshot;

/**
 * Sends a {@link Snapshot} with HTTP caching: strong ETag, Last-Modified, 304 for If-None-Match
 * (either variant's tag) or If-Modified-Since, Cache-Control, the pre-compressed body for clients that
 * accept gzip, and CORS for partners' widgets.
 */
final class SnapshotSender {

    private final String cacheControl;

    SnapshotSender(Duration maxAge) {
        this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    }

    void send(RoutingContext ctx, Snapshot snapshot) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        boolean gzip = acceptsGzip(request.getHeader("Accept-Encoding"));
        MultiMap headers = response.headers();
        headers.set("Content-Type", snapshot.contentType());
        headers.set("ETag", gzip ? snapshot.gzipEtag() : snapshot.etag());
        if (settled(snapshot)) {
            headers.set("Last-Modified", snapshot.lastModifiedHttp());
        }
        headers.set("Cache-Control", cacheControl);
        headers.set("Vary", "Accept-Encoding");
        headers.set("Access-Control-Allow-Origin", "*");
        headers.set("Access-Control-Expose-Headers", "ETag, Last-Modified");
        if (notModified(request, snapshot)) {
            response.setStatusCode(304).end();
            return;
        }
        byte[] body = gzip ? snapshot.gzipped() : snapshot.body();
        if (gzip) {
            headers.set("Content-Encoding", "gzip");
        }
        if (request.method() == HttpMethod.HEAD) {
            headers.set("Content-Length", String.valueOf(body.length));
            response.end();
        } else {
            response.end(Buffer.buffer(body));
        }
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
        try {
            Instant since = ZonedDateTime.parse(ifModifiedSince.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !snapshot.lastModified().isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
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

    /** True when gzip is acceptable: listed without {@code q=0} (or {@code *} is). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
                for (int i = 1; i < pieces.length; i++) {
                    String parameter = pieces[i].strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                    if (parameter.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
