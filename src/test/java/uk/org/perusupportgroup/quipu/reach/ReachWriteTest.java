package uk.org.perusupportgroup.quipu.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.ReachStore;
import uk.org.perusupportgroup.quipu.store.StoreException;

/**
 * A write that fails (the database away) loses nothing: the counts, stated figures and sketches it held go with the
 * next write, and the Prometheus counters count them once. The store is a recording stand-in: the logic under test is
 * Reach's own; the SQL has its contract tests on H2 and PostgreSQL.
 */
class ReachWriteTest {

    private static final String FEED = "/feeds/all.atom";

    /** Records what it is asked to write; fails while {@code down}. */
    private static final class Recording implements ReachStore {
        boolean down;
        final List<Count> counts = new ArrayList<>();
        final List<Stated> stated = new ArrayList<>();
        final List<Sketch> sketches = new ArrayList<>();

        @Override
        public void write(List<Count> c, List<Stated> s, List<Sketch> k, BinaryOperator<byte[]> merge) {
            if (down) {
                throw new StoreException("reach figures write failed: connection refused", null);
            }
            // one row per place in a batch, as the table's primary key needs
            assertEquals(c.size(), c.stream().map(x -> x.day() + x.metric() + "|" + x.feed() + "|" + x.label()).distinct().count(),
                    "a place twice in one batch: " + c);
            counts.addAll(c);
            stated.addAll(s);
            sketches.addAll(k);
        }

        @Override
        public List<Count> counts(LocalDate from, LocalDate to) {
            return List.of();
        }

        @Override
        public List<Stated> stated(LocalDate from, LocalDate to) {
            return List.of();
        }

        @Override
        public List<Sketch> sketches(LocalDate from, LocalDate to) {
            return List.of();
        }

        @Override
        public String dayKey(LocalDate day, LocalDate today, String fresh, Instant now) {
            return fresh;
        }

        @Override
        public int deleteBefore(LocalDate before) {
            return 0;
        }
    }

    @Test
    void aFailedWriteKeepsEverythingForTheNext() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        Recording store = new Recording();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Reach reach = Reach.of(new QuipuConfig.Reach(true, Duration.ofHours(1), Duration.ofDays(1100)), store, clock, metrics);
        reach.writeNow().get();   // the day's keys
        Readership readership = reach.readership().orElseThrow();
        readership.record(FEED, 200, 1000, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "203.0.113.7");
        readership.record(FEED, 200, 1000, "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; like FeedFetcher-Google)",
                "198.51.100.1");
        reach.tally().add(Metric.CONFIRMED, "");

        store.down = true;
        ExecutionException failed = assertThrows(ExecutionException.class, () -> reach.writeNow().get());
        assertEquals(StoreException.class, failed.getCause().getClass());
        // another feed meanwhile: the first feed's sketch does not change, so it reaches the store only if it was kept
        readership.record("/feeds/all.rss", 304, 0, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "203.0.113.7");
        // and the same place as a count the failed write kept: one row, the two added up
        readership.record(FEED, 200, 1000, "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 17 subscribers; like FeedFetcher-Google)",
                "198.51.100.1");
        assertThrows(ExecutionException.class, () -> reach.writeNow().get(), "still down");
        store.down = false;
        reach.writeNow().get();

        long full = store.counts.stream().filter(c -> c.metric().equals("feed_200")).mapToLong(ReachStore.Count::n).sum();
        long notModified = store.counts.stream().filter(c -> c.metric().equals("feed_304")).mapToLong(ReachStore.Count::n).sum();
        long confirmed = store.counts.stream().filter(c -> c.metric().equals("confirmed")).mapToLong(ReachStore.Count::n).sum();
        assertEquals(List.of(3L, 1L, 1L), List.of(full, notModified, confirmed), "the failed writes' counts and the new ones");
        assertEquals(1, store.stated.size(), "Feedly's latest figure only");
        assertEquals(17, store.stated.get(0).subscribers());
        assertTrue(store.sketches.stream().anyMatch(s -> s.feed().equals(FEED) && Readers.estimate(s.bytes()) == 1),
                "the feed's reader reached the store");
        assertEquals(3.0, metrics.get("quipu_reach_feed_200").counter().count(), "counted once in Prometheus");
    }
}
