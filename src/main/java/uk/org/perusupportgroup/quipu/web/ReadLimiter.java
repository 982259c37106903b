package uk.org.perusupportgroup.quipu.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;

/**
 * Each client's fair share of the reads that cost work: saved-search feeds, alert previews and listing pages past the
 * first. A client is an IPv4 address or an IPv6 /64 (as the proxy gave it when {@code http.behind-proxy} is set); it
 * may make {@code perMinute} such requests a minute, at a steady pace after a first burst of as many (a token bucket,
 * Bucket4j); then {@code 429} with {@code Retry-After}. Cached feeds never come here. Thread-safe.
 */
public final class ReadLimiter {

    /** Where a request's context keeps the limiter, for {@link ErrorResponder}. */
    static final String KEY = "quipu.read-limiter";
    /** Answers of 400 to 499 one client gets in a clock minute before the rest of that minute's go late. */
    static final int MISSES_PER_MINUTE = 120;
    /** How late the answer to a miss past the allowance goes. */
    static final Duration LATE = Duration.ofSeconds(1);

    private final int perMinute;
    private final ClientBuckets buckets;
    private final MissCounter misses = new MissCounter();

    public ReadLimiter(int perMinute) {
        this.perMinute = perMinute;
        this.buckets = new ClientBuckets(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                .build(), Duration.ofMinutes(2));
    }

    /** The first route: makes the limiter known to whatever answers the request, errors included. */
    void attach(RoutingContext ctx) {
        ctx.put(KEY, this);
        ctx.next();
    }

    /**
     * Counts an answer of 400 to 499 (a missing page or feed, a bad parameter, a refusal) to the request's client.
     *
     * @return whether the client is past {@link #MISSES_PER_MINUTE}: that answer goes {@link #LATE}, so that a client
     *     asking for what is not there again and again, as fast as it is answered, slows down to a few a second
     */
    boolean late(RoutingContext ctx) {
        return misses.count(Clients.key(ctx)) > MISSES_PER_MINUTE;
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
        ErrorResponder.send(ctx, Problem.error(429, seconds == 1 ? "read_limited_one" : "read_limited",
                Map.of("perMinute", perMinute, "seconds", seconds)));
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
