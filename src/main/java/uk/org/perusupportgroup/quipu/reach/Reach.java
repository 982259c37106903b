package uk.org.perusupportgroup.quipu.reach;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.ReachStore;

/**
 * The reach package's assembly: this instance's {@link Readership} and {@link Tally}, written to the database every
 * {@code reach.write-every} on its own thread ({@code quipu-reach}) and when it stops; the day's reader keys; the
 * levels (alerts by state…) read when it writes; the Prometheus figures; the clean-up of old days; the {@link
 * ReachReport}s of the dashboard and the exports. With {@code reach.counting: false} nothing is counted or written,
 * and {@link #readership()} is empty.
 */
public final class Reach {

    private static final Logger LOG = LoggerFactory.getLogger(Reach.class);
    /** Counts kept for the next write while the database does not answer; beyond this the oldest are dropped. */
    static final int MOST_UNWRITTEN = 100_000;

    private final QuipuConfig.Reach config;
    private final ReachStore store;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Readership readership;
    private final DailyTally tally;
    private final Map<Metric, Supplier<Map<String, Long>>> levels = new LinkedHashMap<>();
    private final ScheduledExecutorService thread;
    private final Map<String, Counter> counters = new java.util.HashMap<>();
    private final AtomicLong readersToday = new AtomicLong();
    private final AtomicLong statedToday = new AtomicLong();
    /** Counts a failed write left, by place, written with the next batch (at most {@link #MOST_UNWRITTEN}). */
    private Map<Key, ReachStore.Count> unwritten = new LinkedHashMap<>();
    /** The latest stated figures a failed write left, by day, feed and aggregator. */
    private Map<String, ReachStore.Stated> unwrittenStated = new LinkedHashMap<>();
    /** The latest sketch of each day and feed a failed write left: merging one again changes nothing. */
    private Map<String, ReachStore.Sketch> unwrittenSketches = new LinkedHashMap<>();
    /** The labels of each level written today, "metric|day" → labels: one that is gone is written 0. */
    private final Map<String, java.util.Set<String>> levelLabels = new java.util.HashMap<>();
    private LocalDate cleaned = LocalDate.MIN;
    /** Levels (the alerts by state…) take a query each: read at most this often, and on every write asked for. */
    static final java.time.Duration LEVELS_EVERY = java.time.Duration.ofMinutes(5);
    private long levelsRead = Long.MIN_VALUE / 2;

    private Reach(QuipuConfig.Reach config, ReachStore store, Clock clock, MeterRegistry metrics) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.readership = new Readership(clock);
        this.tally = new DailyTally(clock);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "quipu-reach");
            t.setDaemon(true);
            return t;
        });
        if (config.counting()) {
            Gauge.builder("quipu_reach_readers_today", readersToday, AtomicLong::get)
                    .description("Distinct direct feed readers today (UTC), all instances, estimated").register(metrics);
            Gauge.builder("quipu_reach_stated_subscribers_today", statedToday, AtomicLong::get)
                    .description("Feed subscriptions aggregators stated today, summed over feeds, all instances").register(metrics);
        }
    }

    public static Reach assemble(QuipuConfig config, ReachStore store, Clock clock, MeterRegistry metrics) {
        return of(config.reach(), store, clock, metrics);
    }

    static Reach of(QuipuConfig.Reach config, ReachStore store, Clock clock, MeterRegistry metrics) {
        return new Reach(config, store, clock, metrics);
    }

    /** Feed readership, when counting is on. */
    public Optional<Readership> readership() {
        return config.counting() ? Optional.of(readership) : Optional.empty();
    }

    /** Where the working packages count; {@link Tally#NONE} when counting is off. */
    public Tally tally() {
        return config.counting() ? tally : Tally.NONE;
    }

    /** A level read at each write, such as the alerts by state: label to figure. */
    public void level(Metric metric, Supplier<Map<String, Long>> source) {
        if (metric.kind() != Metric.Kind.LEVEL) {
            throw new IllegalArgumentException(metric.id() + " is a count, not a level");
        }
        synchronized (levels) {
            levels.put(metric, source);
        }
    }

    public void start() {
        if (!config.counting()) {
            return;
        }
        long every = config.writeEvery().toMillis();
        thread.execute(this::keys);
        thread.scheduleWithFixedDelay(this::writeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Writes what was counted, then stops (waiting for the write). */
    public void stop() {
        thread.shutdown();   // not interrupted: a write under way finishes (an interrupt can close H2's files)
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (config.counting()) {
            writeQuietly();
        }
    }

    /** Writes now, on the reach thread (the admin API's "reach" job, and the tests). */
    public java.util.concurrent.CompletableFuture<Void> writeNow() {
        if (!config.counting() || thread.isShutdown()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return java.util.concurrent.CompletableFuture.runAsync(() -> write(true), thread);
    }

    private void writeQuietly() {
        try {
            write(false);
        } catch (RuntimeException e) {
            LOG.warn("reach figures not written, kept for the next write: {}", e.getMessage());
        }
    }

    /** A figure's place: its day, metric, feed and label. */
    private record Key(LocalDate day, String metric, String feed, String label) {
        static Key of(ReachStore.Count c) {
            return new Key(c.day(), c.metric(), c.feed(), c.label());
        }
    }

    private static final java.util.Comparator<Key> ORDER = java.util.Comparator.comparing(Key::day).thenComparing(Key::metric)
            .thenComparing(Key::feed).thenComparing(Key::label);

    /**
     * Day keys, counts, levels, sketches: one batch in one transaction, each figure once (counts of the same place added
     * up, with those a failed write left), in one order for every instance; the Prometheus figures after it.
     */
    private synchronized void write(boolean asked) {
        keys();
        LocalDate today = readership.today();
        Readership.Batch batch = readership.drain();
        List<ReachStore.Count> deltas = new ArrayList<>(batch.counts());
        tally.drain(deltas, today);
        Map<Key, ReachStore.Count> counts = new java.util.TreeMap<>(ORDER);
        for (ReachStore.Count count : unwritten.values()) {
            counts.put(Key.of(count), count);
        }
        for (ReachStore.Count count : deltas) {
            counts.merge(Key.of(count), count, (a, b) -> new ReachStore.Count(a.day(), a.metric(), a.feed(), a.label(),
                    a.n() + b.n(), false));
        }
        Map<Metric, Supplier<Map<String, Long>>> sources = Map.of();
        long now = clock.millis();
        if (now - levelsRead >= LEVELS_EVERY.toMillis() || asked) {
            synchronized (levels) {
                sources = new LinkedHashMap<>(levels);
            }
            levelsRead = now;
        }
        for (var source : sources.entrySet()) {
            String metric = source.getKey().id();
            Map<String, Long> figures = new java.util.TreeMap<>(source.getValue().get());
            // a label that was there today and is gone now (the last alert on a topic ended) is 0, not its old figure
            for (String before : levelLabels.getOrDefault(metric + "|" + today, java.util.Set.of())) {
                figures.putIfAbsent(before, 0L);
            }
            levelLabels.keySet().removeIf(k -> !k.endsWith("|" + today));
            levelLabels.computeIfAbsent(metric + "|" + today, k -> new java.util.TreeSet<>()).addAll(figures.keySet());
            figures.forEach((label, n) -> counts.put(new Key(today, metric, "", label),
                    new ReachStore.Count(today, metric, "", label, n, true)));
        }
        Map<String, ReachStore.Stated> stated = new java.util.TreeMap<>(unwrittenStated);
        for (ReachStore.Stated figure : batch.stated()) {
            stated.merge(figure.day() + "|" + figure.feed() + "|" + figure.aggregator(), figure,
                    (a, b) -> b.statedAt().isBefore(a.statedAt()) ? a : b);
        }
        Map<String, ReachStore.Sketch> sketches = new java.util.TreeMap<>(unwrittenSketches);
        for (ReachStore.Sketch sketch : batch.sketches()) {
            sketches.put(sketch.day() + "|" + sketch.feed(), sketch);   // each holds its whole day: the latest is enough
        }
        try {
            store.write(List.copyOf(counts.values()), List.copyOf(stated.values()), List.copyOf(sketches.values()), Readers::merge);
            unwritten = new LinkedHashMap<>();
            unwrittenStated = new LinkedHashMap<>();
            unwrittenSketches = new LinkedHashMap<>();
        } catch (RuntimeException e) {
            unwritten = new LinkedHashMap<>();
            counts.forEach((key, count) -> {
                if (!count.level() && unwritten.size() < MOST_UNWRITTEN) {
                    unwritten.put(key, count);
                }
            });
            unwrittenStated = stated.size() > MOST_UNWRITTEN ? new LinkedHashMap<>() : new LinkedHashMap<>(stated);
            unwrittenSketches = sketches.size() > MOST_UNWRITTEN ? new LinkedHashMap<>() : new LinkedHashMap<>(sketches);
            throw e;
        } finally {
            deltas.forEach(this::countForPrometheus);
        }
        refreshGauges(today);
        if (!cleaned.equals(today)) {
            int deleted = store.deleteBefore(today.minusDays(config.keep().toDays()));
            cleaned = today;
            if (deleted > 0) {
                LOG.info("reach: {} figures older than {} days deleted", deleted, config.keep().toDays());
            }
        }
    }

    /** Loads (or makes) the keys of today and tomorrow, so the key of a new day is known before it begins. */
    private void keys() {
        try {
            LocalDate today = readership.today();
            LocalDate tomorrow = today.plusDays(1);
            readership.keys(new ReaderHash(today.toEpochDay(), store.dayKey(today, today, ReaderHash.freshSecret(), clock.instant())),
                    new ReaderHash(tomorrow.toEpochDay(), store.dayKey(tomorrow, today, ReaderHash.freshSecret(), clock.instant())));
        } catch (RuntimeException e) {
            LOG.warn("reach: the day's reader key could not be read; readers are not counted until it can: {}", e.getMessage());
        }
    }

    private void countForPrometheus(ReachStore.Count count) {
        String name = "quipu_reach_" + count.metric();
        String key = name + "|" + count.feed() + "|" + count.label();
        Counter counter = counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name).description(Metric.byId(count.metric()).map(Metric::description).orElse(""));
            if (!count.feed().isEmpty()) {
                builder.tag("feed", count.feed());
            }
            builder.tag(count.metric().equals(Metric.FEED_CLIENT.id()) ? "client" : "label", count.label());
            return builder.register(metrics);
        });
        counter.increment(count.n());
    }

    private void refreshGauges(LocalDate today) {
        ReachReport report = report(today, today);
        readersToday.set(report.total(today, ReachReport.READERS));
        statedToday.set(report.total(today, ReachReport.STATED));
    }

    /** The figures of the days {@code from} to {@code to} as stored (what every instance wrote). */
    public ReachReport report(LocalDate from, LocalDate to) {
        return ReachReport.of(from, to, store.counts(from, to), store.stated(from, to), store.sketches(from, to));
    }

    /** Today, as this instance counts days (UTC). */
    public LocalDate today() {
        return readership.today();
    }

    public boolean counting() {
        return config.counting();
    }
}
