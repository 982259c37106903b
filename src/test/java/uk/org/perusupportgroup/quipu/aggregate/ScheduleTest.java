package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a source is polled next, after a success and after a failure. */
class ScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the interval alone                    | 30 |    |    | 30
            max-age longer than the interval      | 30 | 60 |    | 60
            max-age shorter: the interval         | 30 | 5  |    | 30
            RSS ttl longer than the interval      | 30 |    | 90 | 90
            a partner's ask is capped at 7 days   | 30 | 20000 |  | 10080
            """)
    void afterSuccess(String name, long interval, Long maxAge, Long ttl, long expected) {
        assertEquals(NOW.plus(Duration.ofMinutes(expected)), Schedule.afterSuccess(NOW, Duration.ofMinutes(interval),
                Optional.ofNullable(maxAge).map(Duration::ofMinutes), Optional.ofNullable(ttl).map(Duration::ofMinutes)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            first failure: one minute (jitter 0.5)           | 30   | 1  |     |      | 0.5 | 60
            first failure, least jitter                      | 30   | 1  |     |      | 0.0 | 48
            first failure, most jitter                       | 30   | 1  |     |      | 1.0 | 72
            third failure: never sooner than the interval    | 30   | 3  |     |      | 0.0 | 1800
            ninth failure: 256 minutes, jittered             | 30   | 9  |     |      | 0.5 | 15360
            backoff capped at a day                          | 30   | 20 |     |      | 0.5 | 86400
            429 without Retry-After: at least the interval   | 1440 | 1  | 429 |      | 0.0 | 86400
            503 without Retry-After: at least the interval   | 30   | 1  | 503 |      | 1.0 | 1800
            Retry-After longer than the backoff wins         | 30   | 1  | 429 | 7200 | 0.5 | 7200
            Retry-After shorter than the interval: interval  | 30   | 1  | 429 | 120  | 0.5 | 1800
            """)
    void afterFailure(String name, long intervalMinutes, int failures, Integer status, Long retryAfterSeconds, double jitter,
            long expectedSeconds) {
        assertEquals(NOW.plusSeconds(expectedSeconds), Schedule.afterFailure(NOW, Duration.ofMinutes(intervalMinutes), failures,
                Optional.ofNullable(status), Optional.ofNullable(retryAfterSeconds).map(Duration::ofSeconds), jitter));
    }
}
