package uk.org.perusupportgroup.quipu.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Each client's fair share of the reads that cost work: saved-search feeds, alert previews and listing pages past the
 * first. A client is an IPv4 address or an IPv6 /64 (as the proxy gave it when {@code http.behind-proxy} is set); it
 * may make {@code perMinute} such requests a minute, at a steady pace after a first burst of as many (a token bucket,
 * Bucket4j); then {@code 429} with {@code Retry-After}. Cached feeds never come here. The buckets are kept in a table
 * bounded in bytes; a bucket left alone for two minutes is full again and is forgotten. Thread-safe.
 */
public final class ReadLimiter {

    /** What one client's entry holds: its key, the bucket and its state, the table's node. */
    static final int CLIENT_BYTES = 400;
    /** The table's bound: some 10,000 clients active in the same two minutes. */
    static final long TABLE_BYTES = 4L * 1024 * 1024;

    private final int perMinute;
    private final Cache<String, Bucket> buckets;

    public ReadLimiter(int perMinute) {
        this.perMinute = perMinute;
        this.buckets = Caffeine.newBuilder().maximumWeight(TABLE_BYTES)
                .<String, Bucket>weigher((client, bucket) -> CLIENT_BYTES + 2 * client.length())
                .expireAfterAccess(Duration.ofMinutes(2)).build();
    }

    /** A route handler: lets the request through, or answers 429. */
    void handle(RoutingContext ctx) {
        String client = Clients.key(ctx);
        ConsumptionProbe probe = buckets.get(client, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            ctx.next();
            return;
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        ErrorResponder.send(ctx, Problem.of(429, "too many searches, previews or listing pages from your address (at most "
                + perMinute + " a minute): try again in " + seconds + (seconds == 1 ? " second" : " seconds")
                + "; feeds themselves are never limited"));
    }

    /** The same, for listing pages: only past the first ({@code ?page=}); the first page is served like a feed. */
    void handlePaged(RoutingContext ctx) {
        if (ctx.request().getParam("page") == null) {
            ctx.next();
        } else {
            handle(ctx);
        }
    }
}
