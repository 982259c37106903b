package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MissCounterTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);   // on a minute's start
    private final MissCounter counter = new MissCounter(now::get);

    @Test
    void eachClientIsCountedForTheCurrentMinuteOnly() {
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, counter.count("203.0.113.7"));
        }
        assertEquals(1, counter.count("203.0.113.8"), "another address has its own count");
        assertEquals(1, counter.count("20010db800010002::/64"));
        now.addAndGet(59_999);
        assertEquals(6, counter.count("203.0.113.7"), "the same minute");
        now.addAndGet(1);
        assertEquals(1, counter.count("203.0.113.7"), "a new minute starts every count again");
        assertEquals(1, counter.count("203.0.113.8"));
    }

    @Test
    void neighbouringAddressesRarelyShareACounter() {
        int shared = 0;
        for (int i = 0; i < 4096; i++) {
            if (counter.count("10.0." + (i / 256) + "." + (i % 256)) > 1) {
                shared++;
            }
        }
        // 4,096 addresses over 65,536 counters: about 3% meet one already taken if the hash spreads them at random
        assertTrue(shared < 4096 * 6 / 100, shared + " of 4,096 shared a counter");
    }
}
