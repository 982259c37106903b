package uk.org.perusupportgroup.quipu.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * At most {@code limit} subscription requests per client address: in any hour at this instance (a sliding window, in
 * memory, so that a flood is turned away without touching the database), and in each clock hour at all the instances
 * sharing the database together ({@link #acquireShared}). The table in memory is bounded (100,000 addresses, each
 * forgotten an hour after its last request). Thread-safe.
 */
public final class SignupLimiter {

    private static final Duration WINDOW = Duration.ofHours(1);

    /** An IPv4 address, or the /64 network of an IPv6 one (one household or server has a whole /64 to hop through). */
    static String key(String client) {
        if (client.indexOf(':') < 0) {
            return client;
        }
        try {
            byte[] address = java.net.InetAddress.getByName(client.replaceAll("[\\[\\]]", "").replaceAll("%.*$", "")).getAddress();
            if (address.length != 16) {
                return client;
            }
            return java.util.HexFormat.of().formatHex(address, 0, 8) + "::/64";
        } catch (java.net.UnknownHostException e) {
            return client;
        }
    }

    /** Counts a request in the shared hourly allowance; false when it is used up. Blocking. */
    @FunctionalInterface
    public interface SharedCount {
        boolean count(String client, Instant hourStart, int limit);
    }

    private final int limit;
    private final Clock clock;
    private final SharedCount shared;
    private final Cache<String, Deque<Instant>> recent;

    public SignupLimiter(int limit, Clock clock, SharedCount shared) {
        this.limit = limit;
        this.clock = clock;
        this.shared = shared;
        this.recent = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(WINDOW).build();
    }

    /**
     * Counts a request from {@code client}.
     *
     * @return empty when it may go ahead; else how long until it may
     */
    public Optional<Duration> acquire(String client) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.get(key(client), key -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                Duration wait = Duration.between(now, times.peekFirst().plus(WINDOW));
                return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
            }
            times.addLast(now);
            return Optional.empty();
        }
    }

    /**
     * Counts a request from {@code client} in the allowance all instances share (after {@link #acquire} let it pass
     * here). Blocking: it asks the database.
     *
     * @return empty when it may go ahead; else how long until the next clock hour
     */
    public Optional<Duration> acquireShared(String client) {
        Instant now = clock.instant();
        Instant hourStart = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        if (shared.count(key(client), hourStart, limit)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, hourStart.plus(WINDOW)));
    }
}
