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
 * At most {@code limit} subscription requests per client address in any hour (a sliding window), per instance. The
 * table is bounded (100,000 addresses, each forgotten an hour after its last request). Thread-safe.
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

    private final int limit;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> recent;

    public SignupLimiter(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
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
}
