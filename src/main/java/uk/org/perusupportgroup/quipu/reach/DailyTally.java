package uk.org.perusupportgroup.quipu.reach;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import uk.org.perusupportgroup.quipu.store.ReachStore;

/**
 * The {@link Tally} of alerts, mail and partner items: counts per day, metric and label, added in memory and handed
 * over in batches. A count is filed under the day (UTC) it happened on.
 */
final class DailyTally implements Tally {

    private record Key(LocalDate day, Metric metric, String label) {}

    private final Clock clock;
    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

    DailyTally(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void add(Metric metric, String label, long n) {
        if (metric.kind() != Metric.Kind.COUNT) {
            throw new IllegalArgumentException(metric.id() + " is a level, not a count");
        }
        counts.computeIfAbsent(new Key(LocalDate.now(clock.withZone(ZoneOffset.UTC)), metric, label == null ? "" : label),
                k -> new LongAdder()).add(n);
    }

    /**
     * Adds what was counted since the last call to {@code into}; forgets the days before yesterday (yesterday's stay one
     * more day, so that a count that took its counter just before midnight is not lost).
     */
    void drain(List<ReachStore.Count> into, LocalDate today) {
        for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
            Key key = entry.getKey();
            if (key.day().isBefore(today.minusDays(1))) {
                counts.remove(key);
            }
            long n = entry.getValue().sumThenReset();
            if (n != 0) {
                into.add(new ReachStore.Count(key.day(), key.metric().id(), "", key.label(), n, false));
            }
        }
    }
}
