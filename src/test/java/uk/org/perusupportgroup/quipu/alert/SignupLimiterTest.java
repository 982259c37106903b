package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.MutableClock;

/** The hourly allowance per client: a sliding window here, clock hours shared; IPv6 clients counted by their /64. */
class SignupLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final SignupLimiter limiter = new SignupLimiter(2, clock, (client, hour, limit) -> true);

    @Test
    void theThirdRequestInAnHourWaitsUntilTheFirstIsAnHourOld() {
        assertTrue(limiter.acquire("192.0.2.1").isEmpty());
        clock.advance(Duration.ofMinutes(10));
        assertTrue(limiter.acquire("192.0.2.1").isEmpty());
        assertEquals(Duration.ofMinutes(50), limiter.acquire("192.0.2.1").orElseThrow());
        assertTrue(limiter.acquire("192.0.2.2").isEmpty(), "another client has its own allowance");
        clock.advance(Duration.ofMinutes(50));
        assertTrue(limiter.acquire("192.0.2.1").isEmpty());
    }

    @Test
    void addressesOfOneIpv6NetworkShareAnAllowance() {
        assertTrue(limiter.acquire("2001:db8:1:2::1").isEmpty());
        assertTrue(limiter.acquire("2001:db8:1:2:ffff::9").isEmpty());
        assertTrue(limiter.acquire("[2001:db8:1:2::77]").isPresent(), "the same /64");
        assertTrue(limiter.acquire("2001:db8:1:3::1").isEmpty(), "another /64");
        assertEquals("20010db800010002::/64", SignupLimiter.key("2001:db8:1:2::1"));
    }

    @Test
    void theSharedAllowanceIsCountedPerClockHourUnderTheClientsKey() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        SignupLimiter full = new SignupLimiter(2, clock, (client, hour, limit) -> {
            asked.add(client + " " + hour + " " + limit);
            return false;
        });
        clock.set(Instant.parse("2026-11-24T12:45:00Z"));
        assertEquals(Duration.ofMinutes(15), full.acquireShared("2001:db8:1:2::1").orElseThrow(), "until the next hour");
        assertEquals(java.util.List.of("20010db800010002::/64 2026-11-24T12:00:00Z 2"), asked);
        assertTrue(limiter.acquireShared("192.0.2.1").isEmpty());
    }
}
