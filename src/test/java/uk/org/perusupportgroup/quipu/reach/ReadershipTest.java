package uk.org.perusupportgroup.quipu.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.store.ReachStore;

/** Feed readership in memory: what a drain hands over, the readers' sketch, a new day. */
class ReadershipTest {

    private static final String FEED = "/feeds/topics/mining.atom";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String FEEDLY = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; like FeedFetcher-Google)";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final Readership readership = new Readership(clock);

    private void keys() {
        LocalDate today = readership.today();
        readership.keys(new ReaderHash(today.toEpochDay(), ReaderHash.freshSecret()),
                new ReaderHash(today.plusDays(1).toEpochDay(), ReaderHash.freshSecret()));
    }

    private static Map<String, Long> counts(Readership.Batch batch) {
        return batch.counts().stream().collect(Collectors.toMap(c -> c.day() + " " + c.metric() + " " + c.feed() + " " + c.label(),
                ReachStore.Count::n));
    }

    @Test
    void aDrainHandsOverWhatWasCountedSinceTheLastOne() {
        keys();
        readership.record(FEED, 200, 5000, FIREFOX, "203.0.113.7");
        readership.record(FEED, 304, 0, FIREFOX, "203.0.113.7");
        readership.record(FEED, 200, 4000, FEEDLY, "198.51.100.1");
        readership.record(FEED, 404, 100, FIREFOX, "203.0.113.8");   // not counted
        Readership.Batch batch = readership.drain();
        assertEquals(Map.of("2026-12-06 feed_200 " + FEED + " ", 2L, "2026-12-06 feed_304 " + FEED + " ", 1L,
                "2026-12-06 feed_bytes " + FEED + " ", 9000L, "2026-12-06 feed_client " + FEED + " Firefox", 2L,
                "2026-12-06 feed_client " + FEED + " Feedly", 1L), counts(batch));
        assertEquals(List.of(new ReachStore.Stated(LocalDate.parse("2026-12-06"), FEED, "Feedly", 16, clock.instant())),
                batch.stated());
        assertEquals(2, batch.sketches().size(), "the feed's readers and all feeds' readers");
        assertEquals(1, Readers.estimate(batch.sketches().get(0).bytes()), "one direct reader; Feedly states its own");

        Readership.Batch next = readership.drain();
        assertEquals(List.of(), next.counts(), "nothing new");
        assertEquals(List.of(), next.sketches(), "the sketch did not change");
    }

    @Test
    void distinctReadersAreEstimatedOverFeeds() {
        keys();
        for (int i = 0; i < 5000; i++) {
            String address = "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
            readership.record(i % 2 == 0 ? FEED : "/feeds/all.rss", 200, 10, FIREFOX, address);
            readership.record("/feeds/all.json", 304, 0, FIREFOX, address);   // the same readers again
        }
        Readership.Batch batch = readership.drain();
        long all = batch.sketches().stream().filter(s -> s.feed().isEmpty()).mapToLong(s -> Readers.estimate(s.bytes()))
                .findFirst().orElseThrow();
        assertTrue(Math.abs(all - 5000) <= 5000 * 0.05, "5,000 readers, estimated " + all);
        long mining = batch.sketches().stream().filter(s -> s.feed().equals(FEED)).mapToLong(s -> Readers.estimate(s.bytes()))
                .findFirst().orElseThrow();
        assertTrue(Math.abs(mining - 2500) <= 2500 * 0.05, "2,500 readers of the mining feed, estimated " + mining);
    }

    @Test
    void withoutTheDaysKeyReadersAreNotCountedButRequestsAre() {
        readership.record(FEED, 200, 10, FIREFOX, "203.0.113.7");
        Readership.Batch batch = readership.drain();
        assertEquals(1L, counts(batch).get("2026-12-06 feed_200 " + FEED + " "));
        assertEquals(List.of(), batch.sketches());
    }

    @Test
    void aDayThatEndedIsHandedOverUnderItsOwnDate() {
        keys();
        readership.record(FEED, 200, 10, FIREFOX, "203.0.113.7");
        clock.advance(Duration.ofHours(14));   // 2026-12-07T00:00Z: tomorrow's key is ready
        readership.record(FEED, 200, 10, FIREFOX, "203.0.113.7");
        Readership.Batch batch = readership.drain();
        assertEquals(1L, counts(batch).get("2026-12-06 feed_200 " + FEED + " "));
        assertEquals(1L, counts(batch).get("2026-12-07 feed_200 " + FEED + " "));
        assertEquals(4, batch.sketches().size(), "each day's sketches");
        assertEquals(LocalDate.parse("2026-12-07"), readership.today());
    }

    @Test
    void theSameReaderHashesAlikeUnderOneKeyAndUnlikeUnderAnother() {
        String secret = ReaderHash.freshSecret();
        ReaderHash one = new ReaderHash(1, secret);
        assertEquals(one.of("203.0.113.7", FIREFOX), new ReaderHash(1, secret).of("203.0.113.7", FIREFOX),
                "two instances with the day's key count one reader once");
        assertTrue(one.of("203.0.113.7", FIREFOX) != new ReaderHash(2, ReaderHash.freshSecret()).of("203.0.113.7", FIREFOX));
        assertTrue(one.of("203.0.113.7", FIREFOX) != one.of("203.0.113.8", FIREFOX));
    }
}
