package uk.org.perusupportgroup.quipu.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * At most {@code limit} alert requests per client ({@link ClientKeys#of}: an IPv4 address or an IPv6 /64), and
 * {@link #PER_48} times as many per IPv6 /48: in any hour at this instance (a sliding window, in memory, so that a flood
 * is turned away without touching the database), and in each clock hour at all the instances sharing the database
 * together ({@link #acquireShared}). The table in memory is bounded by what it holds ({@link #TABLE_BYTES}; each client
 * is weighed at its full window), each client forgotten an hour after its last request; a client pushed out by a flood
 * is still counted in the database. Thread-safe.
 */
public final class SignupLimiter {

    private static final Duration WINDOW = Duration.ofHours(1);
    /** How many more requests an IPv6 /48 (one site's 65,536 networks) may make than one /64. */
    static final int PER_48 = 8;
    static final long TABLE_BYTES = 8L * 1024 * 1024;

    /** Counts a request in the shared hourly allowance; false when it is used up. Blocking. */
    @FunctionalInterface
    public interface SharedCount {
        boolean count(String client, Instant hourStart, int limit);
    }

    /** One allowance a request counts against: its key and how many requests an hour it allows. */
    private record Allowance(String key, int limit) {}

    private final int limit;
    private final Clock clock;
    private final SharedCount shared;
    private final Cache<String, Deque<Instant>> recent;

    public SignupLimiter(int limit, Clock clock, SharedCount shared) {
        this.limit = limit;
        this.clock = clock;
        this.shared = shared;
        // a window holds at most as many times as its allowance lets in: weighed full (node, key, deque, times)
        this.recent = Caffeine.newBuilder().maximumWeight(TABLE_BYTES)
                .<String, Deque<Instant>>weigher((key, times) -> (int) Math.min(Integer.MAX_VALUE, 120L + 2L * key.length()
                        + 40L * (long) limit * (key.endsWith("/48") ? PER_48 : 1)))
                .expireAfterAccess(WINDOW).build();
    }

    private List<Allowance> allowances(String client) {
        List<Allowance> all = new ArrayList<>(2);
        all.add(new Allowance(ClientKeys.of(client), limit));
        ClientKeys.network48(client).ifPresent(network -> all.add(new Allowance(network, limit * PER_48)));
        return all;
    }

    /**
     * Counts a request from {@code client} against its own allowance and its /48's.
     *
     * @return empty when it may go ahead; else how long until it may
     */
    public Optional<Duration> acquire(String client) {
        Instant now = clock.instant();
        List<Allowance> allowances = allowances(client);
        List<Deque<Instant>> windows = allowances.stream().map(a -> recent.get(a.key(), key -> new ArrayDeque<>())).toList();
        synchronized (this) {
            Duration wait = Duration.ZERO;
            for (int i = 0; i < windows.size(); i++) {
                Deque<Instant> times = windows.get(i);
                while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                    times.pollFirst();
                }
                if (times.size() >= allowances.get(i).limit()) {
                    Duration until = Duration.between(now, times.peekFirst().plus(WINDOW));
                    wait = until.compareTo(wait) > 0 ? until : wait;
                }
            }
            if (!wait.isZero()) {
                return Optional.of(wait.isNegative() ? Duration.ofSeconds(1) : wait);
            }
            windows.forEach(times -> times.addLast(now));
            return Optional.empty();
        }
    }

    /**
     * Counts a request from {@code client} in the allowances all instances share (after {@link #acquire} let it pass
     * here): its own, then its /48's. Blocking: it asks the database.
     *
     * @return empty when it may go ahead; else how long until the next clock hour
     */
    public Optional<Duration> acquireShared(String client) {
        Instant now = clock.instant();
        Instant hourStart = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        for (Allowance allowance : allowances(client)) {
            if (!shared.count(allowance.key(), hourStart, allowance.limit())) {
                return Optional.of(Duration.between(now, hourStart.plus(WINDOW)));
            }
        }
        return Optional.empty();
    }
}
