package uk.org.perusupportgroup.quipu.reach;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import uk.org.perusupportgroup.quipu.store.ReachStore;

/**
 * Feed readership of this instance, counted in memory on the event loops and handed over in batches: per feed and
 * day (UTC), the answers in full and not modified, their bytes, the requests per client family, the latest subscriber
 * count each aggregator stated, and a sketch of the distinct direct readers (those that state no count). A reader is
 * folded into the sketch as the day's keyed hash of their address and User-Agent ({@link ReaderHash}); neither the
 * address, nor the User-Agent, nor the hash is kept.
 */
public final class Readership {

    private static final long DAY_MILLIS = 86_400_000L;
    /** How much of a User-Agent {@link UserAgents#read} reads. */
    private static final int UA_READ = 512;
    /**
     * Families whose "N subscribers" is not believed: browsers, command-line tools and libraries fetch for one reader,
     * whatever their User-Agent says; they are counted as readers. An aggregator Quipu does not know by name ("Other":
     * Overcast, NewsGator…) is believed.
     */
    static final java.util.Set<String> NOT_AGGREGATORS = java.util.Set.of("Chrome", "Edge", "Firefox", "Safari", "curl",
            "Wget", "Python", "Java", "Node", "Go http client", "feedparser", UserAgents.UNKNOWN);

    private final Clock clock;
    /**
     * What each User-Agent said, for the next request with the same one (most readers share a few browsers' and
     * aggregators' strings): in memory only, the least used forgotten first.
     */
    private final Cache<String, Client> clients = Caffeine.newBuilder().maximumSize(10_000).build();
    private volatile Day current;
    /** Days that are over, whose last counts are not yet handed over. */
    private final ConcurrentLinkedQueue<Day> ended = new ConcurrentLinkedQueue<>();
    /** The keys of today and tomorrow, when known: until then readers are not folded into the sketch. */
    private volatile ReaderHash today;
    private volatile ReaderHash tomorrow;

    public Readership(Clock clock) {
        this.clock = clock;
        this.current = new Day(Math.floorDiv(clock.millis(), DAY_MILLIS));
    }

    /**
     * Counts one answer of {@code feed} (its path). Only 200 and 304 are counted; {@code userAgent} and {@code address}
     * are read and forgotten.
     */
    public void record(String feed, int status, long bytes, String userAgent, String address) {
        if (status != 200 && status != 304) {
            return;
        }
        Day day = day();
        FeedDay tally = day.feeds.get(feed);
        if (tally == null) {
            tally = day.feeds.computeIfAbsent(feed, f -> new FeedDay());
        }
        (status == 200 ? tally.full : tally.notModified).increment();
        if (bytes > 0) {
            tally.bytes.add(bytes);
        }
        // what is read is in the first 512 characters: a longer User-Agent is not kept whole
        Client client = userAgent == null ? UserAgents.read(null)
                : clients.get(userAgent.length() > UA_READ ? userAgent.substring(0, UA_READ) : userAgent, UserAgents::read);
        LongAdder family = tally.clients.get(client.family());
        if (family == null) {
            family = tally.clients.computeIfAbsent(client.family(), f -> new LongAdder());
        }
        family.increment();
        if (client.subscribers().isPresent() && !NOT_AGGREGATORS.contains(client.family())) {
            tally.stated.put(client.family(), new Figure(client.subscribers().getAsLong(), clock.millis()));
            return;
        }
        ReaderHash hash = hashOf(day.epochDay);
        if (hash != null) {
            tally.reader(hash.of(address, userAgent == null ? "" : userAgent));
        }
    }

    /** The day's hash keys, as the store gives them (called by the flushing thread, before the day begins). */
    void keys(ReaderHash today, ReaderHash tomorrow) {
        this.today = today;
        this.tomorrow = tomorrow;
    }

    /** The day being counted (UTC). */
    LocalDate today() {
        return LocalDate.ofEpochDay(day().epochDay);
    }

    private ReaderHash hashOf(long epochDay) {
        ReaderHash hash = today;
        if (hash != null && hash.epochDay() == epochDay) {
            return hash;
        }
        hash = tomorrow;
        return hash != null && hash.epochDay() == epochDay ? hash : null;
    }

    private Day day() {
        long now = Math.floorDiv(clock.millis(), DAY_MILLIS);
        Day day = current;
        if (now <= day.epochDay) {
            return day;
        }
        synchronized (this) {
            if (current.epochDay < now) {
                ended.add(current);
                current = new Day(now);
            }
            return current;
        }
    }

    /**
     * Hands over what was counted since the last call, and each day's sketches that gained readers (sketches hold the
     * whole day: merging one twice changes nothing). Days that are over are handed over a last time and forgotten.
     */
    Batch drain() {
        Batch batch = new Batch(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        day();   // a day that ended without requests is handed over too
        // a day that ended is handed over twice before it is forgotten: a request that took the day just before
        // midnight and counted just after the first hand-over is not lost
        for (var days = ended.iterator(); days.hasNext(); ) {
            Day day = days.next();
            day.drain(batch);
            if (++day.drainsSinceEnd >= 2) {
                days.remove();
            }
        }
        current.drain(batch);
        return batch;
    }

    /** What one drain hands over. */
    record Batch(List<ReachStore.Count> counts, List<ReachStore.Stated> stated, List<ReachStore.Sketch> sketches) {}

    private record Figure(long subscribers, long atMillis) {}

    private static final class Day {
        final long epochDay;
        final ConcurrentHashMap<String, FeedDay> feeds = new ConcurrentHashMap<>();
        /** Hand-overs since the day ended (by the draining thread only). */
        int drainsSinceEnd;

        Day(long epochDay) {
            this.epochDay = epochDay;
        }

        void drain(Batch batch) {
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            Union all = null;
            for (Map.Entry<String, FeedDay> entry : feeds.entrySet()) {
                String feed = entry.getKey();
                FeedDay tally = entry.getValue();
                count(batch, date, Metric.FEED_FULL, feed, "", tally.full.sumThenReset());
                count(batch, date, Metric.FEED_NOT_MODIFIED, feed, "", tally.notModified.sumThenReset());
                count(batch, date, Metric.FEED_BYTES, feed, "", tally.bytes.sumThenReset());
                tally.clients.forEach((family, n) -> count(batch, date, Metric.FEED_CLIENT, feed, family, n.sumThenReset()));
                for (var figure : tally.stated.entrySet()) {
                    if (tally.stated.remove(figure.getKey(), figure.getValue())) {
                        batch.stated().add(new ReachStore.Stated(date, feed, figure.getKey(), figure.getValue().subscribers(),
                                Instant.ofEpochMilli(figure.getValue().atMillis())));
                    }
                }
                byte[] sketch = tally.changedSketch();
                if (sketch != null) {
                    batch.sketches().add(new ReachStore.Sketch(date, feed, sketch));
                    if (all == null) {
                        all = Readers.union();
                        for (FeedDay each : feeds.values()) {
                            each.into(all);
                        }
                    }
                }
            }
            if (all != null) {
                batch.sketches().add(new ReachStore.Sketch(date, "", all.getResult(TgtHllType.HLL_4).toCompactByteArray()));
            }
        }

        private static void count(Batch batch, LocalDate day, Metric metric, String feed, String label, long n) {
            if (n != 0) {
                batch.counts().add(new ReachStore.Count(day, metric.id(), feed, label, n, false));
            }
        }
    }

    private static final class FeedDay {
        final LongAdder full = new LongAdder();
        final LongAdder notModified = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> clients = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Figure> stated = new ConcurrentHashMap<>();
        private HllSketch readers;
        private boolean changed;

        synchronized void reader(long hash) {
            if (readers == null) {
                readers = Readers.sketch();
            }
            readers.update(hash);
            changed = true;
        }

        /** The serialized sketch when it changed since the last call, else null. */
        synchronized byte[] changedSketch() {
            if (!changed) {
                return null;
            }
            changed = false;
            return readers.toCompactByteArray();
        }

        synchronized void into(Union union) {
            if (readers != null) {
                union.update(readers);
            }
        }
    }
}
