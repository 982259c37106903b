package uk.org.perusupportgroup.quipu.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.FeedService;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.publish.Snapshot;
import uk.org.perusupportgroup.quipu.store.ArticleChange;
import uk.org.perusupportgroup.quipu.store.ArticleStore;
import uk.org.perusupportgroup.quipu.store.DeliveryStore;

/**
 * Queries over the stored articles, with the alert language: the preview of an alert before anyone subscribes, the
 * public saved-search feeds ({@code /feeds/search.atom?q=}) and each alert's private feed of its matches. Search
 * feeds are cached for a minute and dropped whenever an article changes. Blocking: call it off the event loop.
 */
public final class SearchService {

    private static final Logger LOG = LoggerFactory.getLogger(SearchService.class);
    public static final int PREVIEW = 10;

    private final ArticleSearch search;
    private final ArticleStore store;
    private final DeliveryStore deliveries;
    private final FeedService feeds;
    private final SiteLinks links;
    private final int pageSize;
    private final Clock clock;
    private final Cache<String, Snapshot> cache;
    /**
     * Raised after every change to the index and part of every cache key: a feed worked out from the index before a
     * change is never served after it, even if it is stored in the cache once the cache was emptied.
     */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    /** Articles changed while a build runs: the build neither puts back what it read of them earlier nor removes them. */
    private final java.util.Set<String> changedDuringBuild = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean building;
    private volatile boolean ready;

    /** @param cacheBytes bound of the saved-search feed cache: documents, their keys and what each entry holds */
    public SearchService(ArticleSearch search, ArticleStore store, DeliveryStore deliveries, FeedService feeds, SiteLinks links,
            int pageSize, long cacheBytes, Clock clock) {
        this.search = search;
        this.store = store;
        this.deliveries = deliveries;
        this.feeds = feeds;
        this.links = links;
        this.pageSize = pageSize;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .<String, Snapshot>weigher((key, feed) -> (int) Math.min(Integer.MAX_VALUE,
                        FeedService.ENTRY_BYTES + 2L * key.length() + feed.weight()))
                .expireAfterWrite(Duration.ofMinutes(1)).build();
    }

    /** Indexes every stored article (at start-up, off the event loop); searches wait for nothing, but find less until then. */
    public synchronized void build() {
        long start = System.nanoTime();
        changedDuringBuild.clear();
        building = true;
        int offset = 0;
        List<StoredArticle> batch;
        java.util.Set<String> stored = new java.util.HashSet<>();
        try {
            do {
                batch = store.newest(Scope.ALL, Origin.ANY, offset, 1_000);
                search.put(batch.stream().map(StoredArticle::article)
                        .filter(article -> !changedDuringBuild.contains(article.slug())).toList());
                batch.forEach(article -> stored.add(article.article().slug()));
                offset += batch.size();
            } while (batch.size() == 1_000);
            stored.addAll(changedDuringBuild);
            search.retainOnly(stored);   // built again: articles deleted since the last build go
        } finally {
            building = false;
        }
        changed();
        ready = true;
        LOG.info("search: {} articles indexed in {} ms", offset, (System.nanoTime() - start) / 1_000_000);
    }

    public boolean ready() {
        return ready;
    }

    /** Keeps the index in step with the store. */
    public void changed(List<ArticleChange> changes) {
        if (building) {
            changedDuringBuild.addAll(uk.org.perusupportgroup.quipu.publish.ArticleService.slugs(changes));
        }
        List<uk.org.perusupportgroup.quipu.article.Article> put = new ArrayList<>();
        for (ArticleChange change : changes) {
            if (change.after().isPresent()) {
                put.add(change.after().get().article());
            } else {
                change.before().ifPresent(before -> search.remove(before.article().slug()));
            }
        }
        if (!put.isEmpty()) {
            search.put(put);
        }
        changed();
    }

    /**
     * Brings the index in step with articles another instance wrote or deleted: each is read again from the store
     * ({@code *}: every article). Blocking.
     */
    public void changedElsewhere(java.util.Set<String> slugs) {
        if (slugs.isEmpty()) {
            return;
        }
        if (slugs.contains(uk.org.perusupportgroup.quipu.store.FeedChangeSignal.EVERYTHING)) {
            build();
            return;
        }
        if (building) {
            changedDuringBuild.addAll(slugs);
        }
        List<uk.org.perusupportgroup.quipu.article.Article> put = store.findAll(List.copyOf(slugs)).stream()
                .map(StoredArticle::article).toList();
        java.util.Set<String> found = put.stream().map(uk.org.perusupportgroup.quipu.article.Article::slug)
                .collect(Collectors.toSet());
        slugs.stream().filter(slug -> !found.contains(slug)).forEach(search::remove);
        if (!put.isEmpty()) {
            search.put(put);
        }
        changed();
    }

    /** After a change to the index: feeds worked out before it are not served again. */
    private void changed() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }

    /** The newest articles a query matches, of any age, and how many it matched in the last 12 months. */
    public record Preview(List<StoredArticle> newest, int lastYear) {}

    public Preview preview(AlertService.Checked checked) {
        Query query = QueryParser.parseOrEverything(checked.query());
        ArticleSearch.Hits newest = search.search(query, new LinkedHashSet<>(checked.topics()),
                new LinkedHashSet<>(checked.regions()), Optional.empty(), PREVIEW);
        Instant yearAgo = clock.instant().minus(Duration.ofDays(365));
        ArticleSearch.Hits lastYear = search.search(query, new LinkedHashSet<>(checked.topics()),
                new LinkedHashSet<>(checked.regions()), Optional.of(yearAgo), 1);
        return new Preview(store.findAll(newest.slugs()), lastYear.total());
    }

    /** The public feed of a query: the newest {@code feed.page-size} matches. */
    public Snapshot feed(AlertService.Checked checked, FeedFormat format) {
        return feed(checked, format, Language.EN);
    }

    /** The public feed of a query in {@code language} ({@code /es/feeds/search.*}): its title, labels and links. */
    public Snapshot feed(AlertService.Checked checked, FeedFormat format, Language language) {
        return feed(checked, format, language, Optional.empty());
    }

    /** The same, only the articles {@code written} in one language when given ({@code ?language=}). */
    public Snapshot feed(AlertService.Checked checked, FeedFormat format, Language language, Optional<Language> written) {
        String filters = parameters(checked);
        String parameters = filters + written.map(w -> (filters.isEmpty() ? "" : "&") + "language=" + w.code()).orElse("");
        return cache.get(generation.get() + " " + language.code() + " " + format.extension() + "?" + parameters, key -> {
            ArticleSearch.Hits hits = search.search(QueryParser.parseOrEverything(checked.query()), new LinkedHashSet<>(checked.topics()),
                    new LinkedHashSet<>(checked.regions()), Optional.empty(), written.map(Language::code), pageSize);
            boolean es = language == Language.ES;
            boolean words = !checked.query().isBlank();
            String what = words ? checked.query() : es ? "todas las noticias" : "all news";
            String title = "Peru Support Group: " + what + filters(checked);
            String subtitle = (words ? (es ? "Artículos que coinciden con " : "Articles matching ") + checked.query()
                    : es ? "Todos los artículos" : "All articles") + filters(checked);
            String base = links.base() + language.prefix();
            String query = parameters.isEmpty() ? "" : "?" + parameters;
            return feeds.list(base + "/feeds/search" + query, title, subtitle,
                    base + "/feeds/search." + format.extension() + query, base + "/subscriptions/preview" + query,
                    store.findAll(hits.slugs()), format, language);
        });
    }

    /**
     * An alert's private Atom feed of its matches, newest first. It links to the public sign-up page, never to
     * the manage page: a feed address is shared with feed-reading services, and must not give control of the alert.
     */
    public Snapshot matches(Alert alert, String selfUrl) {
        List<StoredArticle> matched = deliveries.matches(alert.id(), pageSize);
        return feeds.list(links.base() + "/subscriptions/" + alert.id() + "/matches", "Peru Support Group alert: "
                + AlertComposer.label(alert, "en"), "Articles that matched your alert", selfUrl, links.base() + "/subscribe", matched,
                FeedFormat.ATOM);
    }

    /** The query string of a search, in one order, so that equal searches share one cached document and one id. */
    static String parameters(AlertService.Checked checked) {
        List<String> parts = new ArrayList<>();
        if (!checked.query().isBlank()) {
            parts.add("q=" + encode(checked.query()));   // no words: no q at all
        }
        checked.topics().stream().sorted().forEach(topic -> parts.add("topic=" + encode(topic)));
        checked.regions().stream().sorted().forEach(region -> parts.add("region=" + encode(region)));
        return String.join("&", parts);
    }

    private static String filters(AlertService.Checked checked) {
        List<String> all = new ArrayList<>(checked.topics());
        all.addAll(checked.regions());
        return all.isEmpty() ? "" : " (" + all.stream().collect(Collectors.joining(", ")) + ")";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
