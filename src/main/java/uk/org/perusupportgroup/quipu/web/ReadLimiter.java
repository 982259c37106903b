package uk.org.perusupportgroup.quipu.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Each client's fair share of the reads that cost work: saved-search feeds, alert previews and listing pages past the
 * first. A client is an IPv4 address or an IPv6 /64 (as the proxy gave it when {@code http.behind-proxy} is set); it
 * may make {@code perMinute} such requests a minute, at a steady pace after a first burst of as many (a token bucket,
 * Bucket4j); then {@code 429} with {@code Retry-After}. Cached feeds never come here. Thread-safe.
 */
public final class ReadLimiter {

    private final int perMinute;
    private final ClientBuckets buckets;

    public ReadLimiter(int perMinute) {
        this.perMinute = perMinute;
        this.buckets = new ClientBuckets(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                .build(), Duration.ofMinutes(2));
    }

    /** A route handler: lets the request through, or answers 429. */
    void handle(RoutingContext ctx) {
        String client = Clients.key(ctx);
        ConsumptionProbe probe = buckets.of(client).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            ctx.next();
            return;
        }
        long seconds = ClientBuckets.secondsUntilNext(probe.getNanosToWaitForRefill());
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
