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
        assertEquals("20010db800010002::/64", ClientKeys.of("2001:db8:1:2::1"));
    }

    @Test
    void oneIpv6SiteMayUseEightTimesTheAllowanceOfOneNetworkAndNoMore() {
        for (int network = 0; network < SignupLimiter.PER_48; network++) {
            for (int i = 0; i < 2; i++) {
                assertTrue(limiter.acquire("2001:db8:7:" + Integer.toHexString(network) + "::" + (i + 1)).isEmpty(),
                        "network " + network + " request " + i);
            }
        }
        assertTrue(limiter.acquire("2001:db8:7:ff::1").isPresent(), "a ninth /64 of the same /48 waits");
        assertTrue(limiter.acquire("2001:db8:8:ff::1").isEmpty(), "another /48 has its own");
        assertTrue(limiter.acquire("192.0.2.9").isEmpty());
        assertEquals(java.util.Optional.of("20010db80007::/48"), ClientKeys.network48("2001:db8:7:ff::1"));
        assertEquals(java.util.Optional.empty(), ClientKeys.network48("192.0.2.9"));
    }

    @Test
    void theSharedAllowanceOfAnIpv6ClientIsCountedForItsNetworkAndItsSite() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        SignupLimiter counting = new SignupLimiter(2, clock, (client, hour, limit) -> asked.add(client + " " + limit));
        assertTrue(counting.acquireShared("2001:db8:1:2::1").isEmpty());
        assertTrue(counting.acquireShared("192.0.2.1").isEmpty());
        assertEquals(java.util.List.of("20010db800010002::/64 2", "20010db80001::/48 16", "192.0.2.1 2"), asked);
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
