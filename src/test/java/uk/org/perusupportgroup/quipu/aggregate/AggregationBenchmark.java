package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.MarkdownRenderer;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;
import uk.org.perusupportgroup.quipu.store.JdbcPartnerStore;
import uk.org.perusupportgroup.quipu.store.PartnerStore;

/**
 * Benchmarks of partner aggregation; run with {@code src/bench/aggregation.sh}.
 * <ul>
 * <li>{@code serve PORT}: the fixture partner sites, in their own JVM: {@code /feed/{i}} is a small
 *     feed with an ETag (304 when it matches), {@code /big/{i}} a 16 MiB feed body.
 * <li>{@code refresh PORT [sources]}: that many feed sources, each on its own loopback address
 *     127.0.x.y, polled through the real fetcher and poller with the politeness limits on; after a
 *     first cycle that stores their items, full cycles of conditional requests (all 304) are timed.
 * <li>{@code ingest [feeds] [items] [excerpt|full]}: feeds parsed, sanitised, tagged and stored into
 *     the embedded database, timed as items per second: three passes, the median reported.
 * <li>{@code memory PORT [sources]}: every source's body is over the 15 MiB limit; the peak heap in
 *     use while all are polled is reported (run the JVM with -Xmx512m).
 * </ul>
 */
public final class AggregationBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private AggregationBenchmark() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve" -> serve(Integer.parseInt(args[1]));
            case "refresh" -> refresh(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1000);
            case "ingest" -> ingest(args.length > 1 ? Integer.parseInt(args[1]) : 40, args.length > 2 ? Integer.parseInt(args[2]) : 250,
                    args.length > 3 ? PartnerSource.Reuse.valueOf(args[3].toUpperCase(java.util.Locale.ROOT)) : PartnerSource.Reuse.EXCERPT);
            case "memory" -> memory(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1000);
            default -> throw new IllegalArgumentException("mode: serve, refresh, ingest or memory");
        }
    }

    // --- the partner sites -------------------------------------------------------------------------

    static void serve(int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        byte[] big = bigFeed(16 * 1024 * 1024);
        Buffer bigBuffer = Buffer.buffer(big);
        AtomicLong served = new AtomicLong();
        AtomicLong notModified = new AtomicLong();
        int servers = Runtime.getRuntime().availableProcessors();
        for (int n = 0; n < servers; n++) {
            vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(port)).requestHandler(request -> {
                String path = request.path();
                if (path.startsWith("/big/")) {
                    served.incrementAndGet();
                    request.response().putHeader("Content-Type", "application/rss+xml").end(bigBuffer);
                    return;
                }
                String id = path.substring(path.lastIndexOf('/') + 1);
                String etag = "\"feed-" + id + "\"";
                if (etag.equals(request.getHeader("If-None-Match"))) {
                    notModified.incrementAndGet();
                    request.response().setStatusCode(304).putHeader("ETag", etag).end();
                    return;
                }
                served.incrementAndGet();
                request.response().putHeader("Content-Type", "application/rss+xml; charset=utf-8").putHeader("ETag", etag)
                        .end(feed("Partner " + id, "https://partner" + id + ".example/", 5, Integer.parseInt(id) * 1000, false));
            }).listen().toCompletionStage().toCompletableFuture().get();
        }
        System.out.println("serving on port " + port);
        vertx.setPeriodic(5000, t -> System.out.println("served " + served.get() + " bodies, " + notModified.get() + " 304s"));
    }

    // --- the full refresh cycle of 1,000 sources -----------------------------------------------------

    static void refresh(int port, int count) throws Exception {
        List<PartnerSource> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sources.add(source("p" + i, URI.create("http://" + loopback(i) + ":" + port + "/feed/" + i), PartnerSource.Reuse.EXCERPT));
        }
        try (Rig rig = new Rig(sources)) {
            long first = rig.cycle(sources);
            System.out.printf("first cycle (every body new, %d items stored): %.2f s%n", rig.stored(), first / 1e9);
            long[] cycles = new long[5];
            for (int c = 0; c < cycles.length; c++) {
                // as on the schedule, a source's next poll comes after its host's interval has passed
                Thread.sleep(rig.hostInterval.toMillis());
                cycles[c] = rig.cycle(sources);
            }
            long notModified = rig.poller.health().stream().filter(h -> h.state().lastStatus().orElse(0) == 304).count();
            Arrays.sort(cycles);
            System.out.printf("conditional cycles of %d sources on %d loopback addresses, host interval %s, %d requests at once:"
                    + " median %.2f s (min %.2f, max %.2f); sources answered 304: %d%n", count, count, rig.hostInterval,
                    rig.fetcherSlots(), cycles[2] / 1e9, cycles[0] / 1e9, cycles[4] / 1e9, notModified);
        }
    }

    // --- ingest ------------------------------------------------------------------------------------

    /** Three passes of {@code feeds} new feeds each, after a warm-up, into one database; the median pass is the figure. */
    static void ingest(int feeds, int items, PartnerSource.Reuse reuse) throws Exception {
        try (Rig rig = new Rig(List.of())) {
            // warm up the JIT on the same kind of work, into the same database
            for (int f = 0; f < Math.min(4, feeds); f++) {
                rig.ingest(source("warm" + f, URI.create("https://warm" + f + ".example/feed"), reuse),
                        feed("Warm " + f, "https://warm" + f + ".example/", items, 900_000 + f * items, true).getBytes(StandardCharsets.UTF_8));
            }
            List<Double> rates = new ArrayList<>();
            for (int pass = 0; pass < 3; pass++) {
                List<PartnerSource> sources = new ArrayList<>();
                List<byte[]> bodies = new ArrayList<>();
                for (int f = 0; f < feeds; f++) {
                    String id = "p" + pass + "-" + f;
                    sources.add(source(id, URI.create("https://" + id + ".example/feed"), reuse));
                    bodies.add(feed("Partner " + id, "https://" + id + ".example/", items, (pass * feeds + f) * items, true)
                            .getBytes(StandardCharsets.UTF_8));
                }
                rig.parseNanos = 0;
                rig.normaliseNanos = 0;
                rig.storeNanos = 0;
                // as the poller does: one body parsed and stored at a time
                long start = System.nanoTime();
                int stored = 0;
                for (int f = 0; f < feeds; f++) {
                    stored += rig.ingest(sources.get(f), bodies.get(f));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long bytes = bodies.stream().mapToLong(b -> b.length).sum();
                rates.add(stored / seconds);
                System.out.printf("pass %d: %,d new items from %d feeds (%.1f MiB), reuse %s, in %.2f s: %,.0f items/s"
                        + " (parse %.2f s, sanitise and tag %.2f s, store %.2f s)%n", pass + 1, stored, feeds, bytes / 1048576.0,
                        reuse.value(), seconds, stored / seconds, rig.parseNanos / 1e9, rig.normaliseNanos / 1e9, rig.storeNanos / 1e9);
            }
            List<Double> sorted = rates.stream().sorted().toList();
            System.out.printf("ingest, median of 3 passes: %,.0f new items/s (parse, sanitise, tag, store; H2 file database)%n",
                    sorted.get(1));
        }
    }

    // --- memory ------------------------------------------------------------------------------------

    static void memory(int port, int count) throws Exception {
        List<PartnerSource> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sources.add(source("b" + i, URI.create("http://" + loopback(i) + ":" + port + "/big/" + i), PartnerSource.Reuse.EXCERPT));
        }
        AtomicLong peak = new AtomicLong();
        AtomicLong peakLive = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = 0;
                long live = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        live += pool.getCollectionUsage() == null ? 0 : pool.getCollectionUsage().getUsed();
                    }
                }
                peak.accumulateAndGet(used, Math::max);
                peakLive.accumulateAndGet(live, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        try (Rig rig = new Rig(sources)) {
            long took = rig.cycle(sources);
            long cut = rig.poller.health().stream().filter(h -> h.state().lastError().orElse("").contains("larger than the limit")).count();
            sampler.interrupt();
            long max = Runtime.getRuntime().maxMemory();
            long live = peakLive.get();
            System.out.printf("%d sources with 16 MiB bodies (limit 15 MiB), %d polls at once: polled in %.1f s; bodies cut off at"
                    + " the limit: %d; peak heap in use (garbage included) %.0f MiB of %.0f MiB max; largest in use just"
                    + " after a collection %.0f MiB%n", count, rig.fetcherSlots(), took / 1e9, cut, peak.get() / 1048576.0, max / 1048576.0,
                    live / 1048576.0);
        }
    }

    // --- the machinery -----------------------------------------------------------------------------

    /** The real poller, fetcher, normaliser and stores on an embedded H2 database in a temporary directory. */
    static final class Rig implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();
        final Database database;
        final JdbcPartnerStore partners;
        final ArticleService articles;
        final ItemNormaliser normaliser = Fixtures.normaliser();
        final PartnerPoller poller;
        final Duration hostInterval = Duration.ofSeconds(2);
        final WebFetcher fetcher;
        final Path dir;

        Rig(List<PartnerSource> sources) throws Exception {
            dir = Files.createTempDirectory("quipu-aggregation-bench");
            database = Database.open(new QuipuConfig.Db("jdbc:h2:file:" + dir.resolve("quipu") + ";DB_CLOSE_ON_EXIT=FALSE" + System.getProperty("h2.extra", ""), "", "", 8));
            JdbcArticleStore store = new JdbcArticleStore(database.dataSource());
            partners = new JdbcPartnerStore(database.dataSource());
            articles = new ArticleService(store, partners, new uk.org.perusupportgroup.quipu.publish.ArticleMedia(
                    new uk.org.perusupportgroup.quipu.store.JdbcMediaStore(database.dataSource())), new ArticleValidator(Fixtures.VOCABULARY, new MarkdownRenderer()), Clock.systemUTC());
            // the fixture sites are on loopback addresses: partners.allow-private-addresses: true
            fetcher = new WebFetcher(vertx, "bench", "https://bench.example/contact", Duration.ofSeconds(30), 15L * 1024 * 1024,
                    hostInterval, HostResolver.system(vertx), AddressPolicy.of(true));
            PartnerPoller[] made = new PartnerPoller[1];
            vertx.runOnContext(v -> made[0] = new PartnerPoller(vertx, sources, fetcher, partners, store, articles, normaliser,
                    (subject, text) -> Future.succeededFuture(), Clock.systemUTC(), Duration.ofDays(1), false, new Random(1),
                    15L * 1024 * 1024, uk.org.perusupportgroup.quipu.reach.Tally.NONE));
            while (made[0] == null) {
                Thread.sleep(1);
            }
            poller = made[0];
            poller.start().toCompletionStage().toCompletableFuture().get();
        }

        int fetcherSlots() {
            return FetchSlots.forBudget(PartnerPoller.BODY_BUDGET, 15L * 1024 * 1024);
        }

        /** Polls every source once, all at once, as the schedule does when all are due; nanoseconds. */
        long cycle(List<PartnerSource> sources) throws Exception {
            long start = System.nanoTime();
            List<Future<Void>> polls = new ArrayList<>();
            for (PartnerSource source : sources) {
                polls.add(poller.refresh(source.id()).orElseThrow());
            }
            Future.join(polls).toCompletionStage().toCompletableFuture().get();
            return System.nanoTime() - start;
        }

        long stored() {
            return poller.health().stream().mapToLong(SourceHealth::stored).sum();
        }

        /** The poller's work on one fetched body: parse, normalise (sanitise, tag), store. */
        int ingest(PartnerSource source, byte[] body) throws SourceFormatException {
            long t0 = System.nanoTime();
            ParsedSource parsed = FeedReader.read(body, Optional.of("application/rss+xml; charset=utf-8"), source.url());
            long t1 = System.nanoTime();
            List<PartnerItem> items = normaliser.normaliseAll(source, parsed.items(), NOW);
            long t2 = System.nanoTime();
            PartnerStore.Ingest ingest = articles.savePartnerItems(partners, source, items);
            long t3 = System.nanoTime();
            synchronized (this) {
                parseNanos += t1 - t0;
                normaliseNanos += t2 - t1;
                storeNanos += t3 - t2;
            }
            return ingest.added();
        }

        volatile long parseNanos;
        volatile long normaliseNanos;
        volatile long storeNanos;

        @Override
        public void close() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get();
            database.close();
        }
    }

    static String loopback(int i) {
        return "127.0." + (i / 250) + "." + (i % 250 + 1);
    }

    static PartnerSource source(String id, URI url, PartnerSource.Reuse reuse) {
        return new PartnerSource(id, "Partner " + id, URI.create("https://" + id + ".example/"), PartnerSource.Kind.FEED, url,
                Duration.ofHours(1), "en", reuse, PartnerSource.Filter.NONE,
                Map.of("indigenous peoples", new PartnerSource.Tags(List.of("indigenous-peoples"), List.of())),
                new PartnerSource.Tags(List.of(), List.of("national")), Optional.empty());
    }

    private static final String[] PLACES = {"Puno", "Cusco", "Las Bambas", "Ayacucho", "Loreto", "Lima", "Ucayali", "Piura"};
    private static final String[] SUBJECTS = {"mining conflict", "indigenous rights", "oil spill", "protest killings",
            "human rights defenders", "election", "deforestation", "corruption case"};

    /**
     * An RSS feed of {@code items} items shaped like Amnesty's WordPress feed: an HTML excerpt with
     * WordPress's footer as description, the full item (with a script, a handler and a tracking
     * pixel to sanitise) as content:encoded, categories.
     */
    static String feed(String title, String home, int items, int first, boolean rich) {
        StringBuilder rss = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""
                + " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>").append(title)
                .append("</title><link>").append(home).append("</link><description>Partner news</description><language>en</language>\n");
        for (int i = first; i < first + items; i++) {
            String place = PLACES[i % PLACES.length];
            String subject = SUBJECTS[(i / PLACES.length) % SUBJECTS.length];
            String link = home + "news/" + i + "/?utm_source=rss&utm_medium=rss";
            String body = "<p><strong>" + place + ":</strong> new developments in the " + subject + " reported on " + i
                    + ", with <a href=\"/reports/" + i + "\">the report</a> and a <em>statement</em> from local organisations.</p>"
                    + (rich ? "<p>Community leaders in " + place + " asked the authorities to act. The regional government said it"
                    + " would open a dialogue table; human rights groups called for an independent investigation.</p>"
                    + "<figure><img src=\"http://" + "cdn.example/img/" + i + ".jpg\" width=\"800\" height=\"450\" alt=\"\"></figure>"
                    + "<script>track(" + i + ")</script><p onclick=\"x()\">More details follow.</p>"
                    + "<img src=\"https://stats.wordpress.com/g.gif?x=" + i + "\" width=\"1\" height=\"1\">"
                    + "<p>The post <a href=\"" + link + "\">" + subject + "</a> appeared first on <a href=\"" + home + "\">" + title
                    + "</a>.</p>" : "");
            rss.append("<item><title>Peru: ").append(subject).append(" in ").append(place).append(" (").append(i)
                    .append(")</title><link>").append(link.replace("&", "&amp;")).append("</link><guid isPermaLink=\"false\">")
                    .append(home).append("?p=").append(i).append("</guid><pubDate>Mon, 13 Jul 2026 09:00:00 +0000</pubDate>")
                    .append("<category>Peru</category><category>Indigenous Peoples</category><description><![CDATA[")
                    // as WordPress writes it: the excerpt, then its footer; the whole item in content:encoded
                    .append("<p>").append(place).append(": new developments in the ").append(subject).append(" reported on ")
                    .append(i).append(", with a statement from local organisations [&#8230;]</p>\n<p>The post <a href=\"")
                    .append(link.replace("&", "&amp;")).append("\">").append(subject).append("</a> appeared first on <a href=\"")
                    .append(home).append("\">").append(title).append("</a>.</p>")
                    .append("]]></description>");
            if (rich) {
                rss.append("<content:encoded><![CDATA[").append(body).append(body).append("]]></content:encoded>");
            }
            rss.append("</item>\n");
        }
        return rss.append("</channel></rss>\n").toString();
    }

    /** A well-formed feed of about {@code size} bytes. */
    static byte[] bigFeed(int size) {
        StringBuilder rss = new StringBuilder(size + 4096).append(feed("Big", "https://big.example/", 0, 0, false));
        rss.setLength(rss.length() - "</channel></rss>\n".length());
        int i = 0;
        while (rss.length() < size) {
            rss.append("<item><title>Item ").append(i).append("</title><link>https://big.example/").append(i++)
                    .append("</link><description>").append("x".repeat(900)).append("</description></item>\n");
        }
        return rss.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
