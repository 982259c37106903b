package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The reach figures on a real database: counts add up across writes (and across writers racing for a new row), levels
 * are replaced, a stated figure is kept unless a later one is stored, sketches are merged with the stored one, the day's
 * key is the same for every caller and gone once its day is over, and old days are deleted.
 */
abstract class ReachStoreContract extends DatabaseContract {

    private static final LocalDate DAY = LocalDate.parse("2026-12-06");
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String FEED = "/feeds/topics/mining.atom";

    private ReachStore store;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        store = new JdbcReachStore(dataSource);
    }

    private static ReachStore.Count count(String metric, String label, long n) {
        return new ReachStore.Count(DAY, metric, FEED, label, n, false);
    }

    private void write(List<ReachStore.Count> counts) {
        store.write(counts, List.of(), List.of(), (a, b) -> b);
    }

    @Test
    void countsAddUpAndLevelsAreReplaced() {
        write(List.of(count("feed_200", "", 3), count("feed_client", "Feedly", 1)));
        write(List.of(count("feed_200", "", 4), new ReachStore.Count(DAY, "subscriptions", "", "state=confirmed", 10, true)));
        write(List.of(new ReachStore.Count(DAY, "subscriptions", "", "state=confirmed", 12, true)));
        assertEquals(List.of(new ReachStore.Count(DAY, "feed_200", FEED, "", 7, false),
                new ReachStore.Count(DAY, "feed_client", FEED, "Feedly", 1, false),
                new ReachStore.Count(DAY, "subscriptions", "", "state=confirmed", 12, false)), store.counts(DAY, DAY));
        assertEquals(List.of(), store.counts(DAY.plusDays(1), DAY.plusDays(5)), "other days are apart");
    }

    @Test
    void instancesRacingForTheSameNewRowsLoseNothing() throws Exception {
        int writers = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 10; i++) {
                    write(List.of(count("feed_200", "", 1), count("feed_bytes", "", 100)));
                }
            }));
        }
        start.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        assertEquals(List.of(new ReachStore.Count(DAY, "feed_200", FEED, "", 40, false),
                new ReachStore.Count(DAY, "feed_bytes", FEED, "", 4000, false)), store.counts(DAY, DAY));
    }

    @Test
    void theLatestStatedFigureStays() {
        store.write(List.of(), List.of(new ReachStore.Stated(DAY, FEED, "Feedly", 16, NOW)), List.of(), (a, b) -> b);
        store.write(List.of(), List.of(new ReachStore.Stated(DAY, FEED, "Feedly", 12, NOW.minusSeconds(60))), List.of(), (a, b) -> b);
        store.write(List.of(), List.of(new ReachStore.Stated(DAY, FEED, "Inoreader", 3, NOW)), List.of(), (a, b) -> b);
        assertEquals(List.of(new ReachStore.Stated(DAY, FEED, "Feedly", 16, NOW), new ReachStore.Stated(DAY, FEED, "Inoreader", 3, NOW)),
                store.stated(DAY, DAY), "an earlier figure written later by another instance does not replace a later one");
        store.write(List.of(), List.of(new ReachStore.Stated(DAY, FEED, "Feedly", 17, NOW.plusSeconds(60))), List.of(), (a, b) -> b);
        assertEquals(17, store.stated(DAY, DAY).get(0).subscribers());
    }

    @Test
    void aSketchIsMergedWithTheStoredOne() {
        store.write(List.of(), List.of(), List.of(new ReachStore.Sketch(DAY, FEED, new byte[] {1, 2})), (a, b) -> {
            throw new AssertionError("nothing stored yet to merge with");
        });
        store.write(List.of(), List.of(), List.of(new ReachStore.Sketch(DAY, FEED, new byte[] {3})), (stored, added) -> {
            assertArrayEquals(new byte[] {1, 2}, stored);
            return new byte[] {1, 2, 3};
        });
        List<ReachStore.Sketch> sketches = store.sketches(DAY, DAY);
        assertEquals(1, sketches.size());
        assertArrayEquals(new byte[] {1, 2, 3}, sketches.get(0).bytes());
    }

    @Test
    void theDaysKeyIsSharedAndForgottenOnceItsDayIsOver() {
        String first = store.dayKey(DAY, DAY, "key-a", NOW);
        assertEquals("key-a", first);
        assertEquals("key-a", store.dayKey(DAY, DAY, "key-b", NOW), "a second instance takes the stored key");
        assertEquals("key-c", store.dayKey(DAY.plusDays(1), DAY, "key-c", NOW));
        assertEquals("key-c", store.dayKey(DAY.plusDays(1), DAY.plusDays(1), "key-d", NOW));
        assertNotEquals("key-a", store.dayKey(DAY, DAY.plusDays(1), "key-e", NOW),
                "yesterday's key was deleted: it cannot be had again");
    }

    @Test
    void oldDaysAreDeleted() {
        store.write(List.of(new ReachStore.Count(DAY.minusDays(10), "feed_200", FEED, "", 1, false), count("feed_200", "", 2)),
                List.of(new ReachStore.Stated(DAY.minusDays(10), FEED, "Feedly", 1, NOW)),
                List.of(new ReachStore.Sketch(DAY.minusDays(10), "", new byte[] {1})), (a, b) -> b);
        assertEquals(3, store.deleteBefore(DAY.minusDays(1)));
        assertEquals(List.of(count("feed_200", "", 2)), store.counts(DAY.minusDays(30), DAY));
        assertEquals(List.of(), store.stated(DAY.minusDays(30), DAY));
        assertEquals(List.of(), store.sketches(DAY.minusDays(30), DAY));
    }
}
