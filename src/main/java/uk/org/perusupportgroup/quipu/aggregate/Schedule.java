package uk.org.perusupportgroup.quipu.aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to poll a source next. After a success: its interval, unless the partner asked for a longer
 * wait (Cache-Control max-age, RSS ttl). After a failure: exponential backoff from one minute, with
 * jitter, never sooner than a Retry-After.
 */
final class Schedule {

    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_BACKOFF = Duration.ofHours(24);
    /** A partner may ask for a longer gap, up to this. */
    static final Duration LONGEST_REQUESTED = Duration.ofDays(7);

    private Schedule() {}

    static Instant afterSuccess(Instant now, Duration interval, Optional<Duration> maxAge, Optional<Duration> ttl) {
        Duration wait = interval;
        for (Optional<Duration> asked : java.util.List.of(maxAge, ttl)) {
            if (asked.isPresent() && asked.get().compareTo(wait) > 0) {
                wait = asked.get().compareTo(LONGEST_REQUESTED) > 0 ? LONGEST_REQUESTED : asked.get();
            }
        }
        return now.plus(wait);
    }

    /**
     * @param failures consecutive failures, this one included (1 or more)
     * @param status the HTTP status of this failure, when the partner answered
     * @param jitter a number in [0, 1): the wait is scaled by 0.8 to 1.2
     */
    static Instant afterFailure(Instant now, Duration interval, int failures, Optional<Integer> status,
            Optional<Duration> retryAfter, double jitter) {
        Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(20, Math.max(0, failures - 1)));
        if (backoff.compareTo(LONGEST_BACKOFF) > 0) {
            backoff = LONGEST_BACKOFF;
        }
        // a failing source is never polled more often than a healthy one; a partner that says it is
        // overloaded (429, 503) is left alone at least as long as usual
        boolean overloaded = status.filter(s -> s == 429 || s == 503).isPresent();
        long millis = (long) (backoff.toMillis() * (0.8 + 0.4 * jitter));
        Duration wait = Duration.ofMillis(millis);
        if ((failures > 1 || overloaded) && wait.compareTo(interval) < 0) {
            wait = interval;
        }
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get().compareTo(LONGEST_REQUESTED) > 0 ? LONGEST_REQUESTED : retryAfter.get();
        }
        return now.plus(wait);
    }

    static double jitter(RandomGenerator random) {
        return random.nextDouble();
    }
}
