package uk.org.perusupportgroup.quipu.web;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.LongSupplier;

/**
 * How many answers of 400 to 499 each client has had in the current clock minute, counted in a fixed table of
 * {@link #SLOTS} counters indexed by a hash of the client: a one-row count-min sketch of 256 KiB, whatever the number
 * of clients, with no entry to make per client (a flood from a million addresses costs what one from one address
 * does). Clients that share a counter are counted together, so when very many addresses miss at once they all pass
 * their allowance together; what they lose is a second on an error answer. Thread-safe.
 */
final class MissCounter {

    static final int SLOTS = 1 << 16;

    private final AtomicIntegerArray counts = new AtomicIntegerArray(SLOTS);
    private final LongSupplier millis;
    private volatile long minute;

    MissCounter() {
        this(System::currentTimeMillis);
    }

    /** @param millis the wall clock, in milliseconds */
    MissCounter(LongSupplier millis) {
        this.millis = millis;
        this.minute = millis.getAsLong() / 60_000;
    }

    /** Counts one miss of {@code client}; returns how many it (with any client sharing its counter) had this minute. */
    int count(String client) {
        long now = millis.getAsLong() / 60_000;
        if (now != minute) {
            synchronized (this) {
                if (now != minute) {
                    for (int i = 0; i < SLOTS; i++) {
                        counts.set(i, 0);
                    }
                    minute = now;
                }
            }
        }
        int h = client.hashCode() * 0x9E3779B9;   // spread the bits of similar addresses over the table
        return counts.incrementAndGet((h ^ (h >>> 16)) & (SLOTS - 1));
    }
}
