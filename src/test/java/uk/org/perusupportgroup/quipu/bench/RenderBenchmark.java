package uk.org.perusupportgroup.quipu.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.MarkdownRenderer;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.config.VocabularyLoader;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.FeedRequest;
import uk.org.perusupportgroup.quipu.publish.FeedService;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;

/**
 * Benchmark: a 30-item feed rendered on a cache miss (store query, ROME or JSON writing, gzip,
 * hashing) from a store of N articles (default 100,000), each request a random feed and format.
 * Run with {@code src/bench/render.sh}; arguments: {@code [articles] [database: h2|postgres] [samples]}.
 */
public final class RenderBenchmark {

    private RenderBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String backend = args.length > 1 ? args[1] : "h2";
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        Path dir = System.getenv("BENCH_DIR") != null ? Path.of(System.getenv("BENCH_DIR")) : Files.createTempDirectory("quipu-render-bench");
        QuipuConfig.Db db = backend.equals("postgres")
                ? uk.org.perusupportgroup.quipu.store.TestDatabases.postgresConfig("render-bench")
                : new QuipuConfig.Db("jdbc:h2:file:" + dir.resolve("quipu") + ";DB_CLOSE_ON_EXIT=FALSE", "", "", 8);
        Vocabulary vocabulary = VocabularyLoader.load(new QuipuConfig.VocabularyFiles(
                Optional.of(Path.of("config/topics.yaml")), Optional.of(Path.of("config/regions.yaml"))));
        try (Database database = Database.open(db)) {
            JdbcArticleStore store = new JdbcArticleStore(database.dataSource());
            long seedStart = System.nanoTime();
            seed(store, vocabulary, count);
            System.out.printf("seeded %,d articles into %s in %.1f s%n", count, backend, (System.nanoTime() - seedStart) / 1e9);

            var feed = new QuipuConfig.Feed("perusupportgroup.org.uk", "Peru Support Group", "en", 30, Duration.ofMinutes(5), 64, 16);
            FeedService feeds = new FeedService(store, new uk.org.perusupportgroup.quipu.publish.ArticleMedia(new uk.org.perusupportgroup.quipu.store.JdbcMediaStore(database.dataSource())), vocabulary, java.util.List.of(), new SiteLinks("https://feeds.example.org", feed.tagAuthority()),
                    feed, Optional.empty(), Runnable::run, Ticker.systemTicker());
            List<Scope> scopes = new ArrayList<>(List.of(Scope.ALL));
            for (Facet facet : Facet.values()) {
                vocabulary.terms(facet).forEach(term -> scopes.add(Scope.of(facet, term.slug())));
            }
            Random random = new Random(7);
            for (int i = 0; i < 2_000; i++) {   // warm-up: JIT and database caches
                feeds.snapshot(request(scopes, random)).join();
                feeds.invalidate(java.util.Set.copyOf(scopes));
            }
            Map<FeedFormat, List<Long>> byFormat = new EnumMap<>(FeedFormat.class);
            long[] all = new long[samples];
            long bytes = 0;
            for (int i = 0; i < samples; i++) {
                FeedRequest request = request(scopes, random);
                long start = System.nanoTime();
                var snapshot = feeds.snapshot(request).join().orElseThrow();   // a miss: the cache was emptied
                long took = System.nanoTime() - start;
                feeds.invalidate(java.util.Set.of(request.scope()));
                all[i] = took;
                bytes += snapshot.body().length;
                byFormat.computeIfAbsent(request.format(), f -> new ArrayList<>()).add(took);
            }
            System.out.printf("%,d cache-miss renders of 30-item feeds (random feed of %d, random format), mean %,d bytes%n",
                    samples, scopes.size(), bytes / samples);
            System.out.println("| feeds | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            row("all formats", all);
            byFormat.forEach((format, times) -> row(format.label(), times.stream().mapToLong(Long::longValue).toArray()));
        } finally {
            if (System.getenv("BENCH_DIR") != null) {
                return;
            }
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static FeedRequest request(List<Scope> scopes, Random random) {
        return new FeedRequest(scopes.get(random.nextInt(scopes.size())), Origin.ANY,
                FeedFormat.values()[random.nextInt(3)], 1);
    }

    private static void row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f |%n", name, percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Articles of realistic size: a title, a two-sentence summary, four paragraphs; 1-3 topics, 1-2 regions. */
    private static void seed(JdbcArticleStore store, Vocabulary vocabulary, int count) {
        if (store.count(Scope.ALL, Origin.ANY) >= count) {
            return;
        }
        Random random = new Random(42);
        List<Term> topics = vocabulary.terms(Facet.TOPIC);
        List<Term> regions = vocabulary.terms(Facet.REGION);
        MarkdownRenderer markdown = new MarkdownRenderer();
        String paragraph = "Human rights defenders in the region remained at risk, particularly Indigenous leaders, and"
                + " protection mechanisms were lacking. Investigations continued into deaths during protests, while bills"
                + " before Congress threatened to restrict civil society and the work of organisations that receive"
                + " international funding.";
        String body = String.join("\n\n", paragraph, "*" + paragraph + "*", paragraph, "[Read more](/articles/source) " + paragraph);
        String html = markdown.render(body);
        Instant start = Instant.parse("2006-01-01T00:00:00Z");
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        for (int i = 0; i < count; i++) {
            List<String> t = pick(topics, 1 + random.nextInt(3), random);
            List<String> r = pick(regions, 1 + random.nextInt(2), random);
            Instant published = start.plusSeconds((long) (random.nextDouble() * 20 * 365 * 86400));
            store.insert(new Article("bench-article-" + i, "Benchmark article " + i + " on " + t.get(0) + " in " + r.get(0),
                    "Summary of benchmark article " + i + ". " + paragraph.substring(0, 120), body, html, published,
                    Optional.empty(), t, r, "en", Optional.empty(), Optional.empty(), Optional.empty()), now);
        }
    }

    private static List<String> pick(List<Term> terms, int n, Random random) {
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < n) {
            String slug = terms.get(random.nextInt(terms.size())).slug();
            if (!chosen.contains(slug)) {
                chosen.add(slug);
            }
        }
        return chosen;
    }
}
