package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Fetches a partner's URL politely: conditional, bounded in time and size, one request per host at a time. */
public interface Fetcher {

    /**
     * @return the response (200 or 304); fails with {@link FetchException} for every other outcome
     */
    Future<FetchResult> fetch(FetchRequest request);

    /**
     * @param etag the ETag of the last response, sent back as {@code If-None-Match}
     * @param lastModified the Last-Modified of the last response, sent back as {@code If-Modified-Since}
     * @param obeyRobots whether robots.txt must allow the URL first ({@code html} and {@code auto} sources)
     */
    record FetchRequest(URI url, Optional<String> etag, Optional<String> lastModified, boolean obeyRobots) {}

    /**
     * A 200 or 304 response.
     *
     * @param url where the body came from, after redirects
     * @param maxAge the response's {@code Cache-Control: max-age}
     * @param body empty for 304
     */
    record FetchResult(int status, URI url, Optional<String> etag, Optional<String> lastModified,
            Optional<String> contentType, Optional<Duration> maxAge, byte[] body) {

        public boolean notModified() {
            return status == 304;
        }
    }
}
