package uk.org.perusupportgroup.quipu.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.ArticleChange;
import uk.org.perusupportgroup.quipu.store.ArticleStore;

/**
 * A flood of URLs for pages that do not exist costs neither memory nor reading: they are answered from each scope's
 * count, and never cached.
 */
class PagesPastTheEndTest {

    /** A feed cache of 1 MiB: anything kept per page past the end would push the real feeds out of it. */
    private static final QuipuConfig.Feed SMALL = new QuipuConfig.Feed("perusupportgroup.org.uk", "Peru Support Group", "en",
            30, Duration.ofMinutes(5), 1, 1);

    @Test
    void pagesPastTheEndAreAnsweredFromTheCountWithoutReadingOrKeepingAnything() {
        try (TestPublishing own = new TestPublishing().withSamples()) {
            var store = new CountingStore(own.store);
            var feeds = new FeedService(store, new ArticleMedia(new uk.org.perusupportgroup.quipu.store.JdbcMediaStore(own.database.dataSource())), own.vocabulary, List.of(), own.links, SMALL, Optional.empty(), Runnable::run, own.ticker);
            FeedRequest first = new FeedRequest(Scope.ALL, Origin.ANY, FeedFormat.ATOM, 1);
            Snapshot firstPage = feeds.snapshot(first).join().orElseThrow();

            for (int page = 2; page <= 20_001; page++) {
                for (FeedFormat format : FeedFormat.values()) {
                    assertTrue(feeds.snapshot(new FeedRequest(Scope.ALL, Origin.ANY, format, page)).join().isEmpty(), "page " + page);
                }
            }

            assertEquals(1, store.newest.get(), "only page 1 read articles");
            assertEquals(1, store.counts.get(), "the scope was counted once");
            assertInstanceOf(FeedService.Cached.NoSuchPage.class, feeds.cached(new FeedRequest(Scope.ALL, Origin.ANY, FeedFormat.RSS, 777)),
                    "known without a thread hop");
            assertSame(firstPage, ((FeedService.Cached.Ready) feeds.cached(first)).snapshot(), "60,000 missing pages pushed nothing out");
        }
    }

    @Test
    void aPageThatComesIntoBeingWithANewArticleIsServed() {
        try (TestPublishing own = new TestPublishing()) {
            Scope puno = Scope.of(Facet.REGION, "puno");
            FeedRequest second = new FeedRequest(puno, Origin.ANY, FeedFormat.RSS, 2);
            for (int i = 1; i <= 30; i++) {
                create(own, i);
            }
            assertTrue(own.feeds.snapshot(second).join().isEmpty(), "30 articles fill one page");
            assertInstanceOf(FeedService.Cached.NoSuchPage.class, own.feeds.cached(second));

            create(own, 31);

            assertInstanceOf(FeedService.Cached.NotReady.class, own.feeds.cached(second), "the count is forgotten with the change");
            assertTrue(own.feeds.snapshot(second).join().isPresent(), "page 2 now exists");
        }
    }

    @Test
    void aCountReadWhileAChangeHappensIsNotTrusted() {
        try (TestPublishing own = new TestPublishing().withSamples()) {
            Scope puno = Scope.of(Facet.REGION, "puno");
            AtomicInteger reads = new AtomicInteger();
            ScopeCounts[] scopeCounts = new ScopeCounts[1];
            ArticleStore racing = new CountingStore(own.store) {
                @Override
                public int count(Scope scope, Origin origin, java.util.Optional<uk.org.perusupportgroup.quipu.article.Language> written,
                        java.util.Optional<uk.org.perusupportgroup.quipu.article.Language> preferred) {
                    int count = super.count(scope, origin, written, preferred);
                    if (reads.incrementAndGet() == 1) {
                        scopeCounts[0].forget();   // a change committed while this count was being read
                    }
                    return count;
                }
            };
            scopeCounts[0] = new ScopeCounts(racing);

            scopeCounts[0].count(puno, Origin.ANY);

            assertEquals(OptionalInt.empty(), scopeCounts[0].known(puno, Origin.ANY), "read before the change ended: stale");
            int fresh = scopeCounts[0].count(puno, Origin.ANY);
            assertEquals(2, reads.get(), "read again");
            assertEquals(OptionalInt.of(fresh), scopeCounts[0].known(puno, Origin.ANY));
        }
    }

    private static void create(TestPublishing own, int i) {
        own.articles.create(Map.of("title", "Puno report " + i, "summary", "Summary " + i, "published",
                String.format("2020-01-%02dT%02d:00:00Z", 1 + i / 24, i % 24), "topics", List.of("environment"),
                "regions", List.of("puno"), "language", "en"), "editor");
    }

    /** The real store, counting how often articles are read and scopes counted. */
    static class CountingStore implements ArticleStore {
        final ArticleStore store;
        final AtomicInteger newest = new AtomicInteger();
        final AtomicInteger counts = new AtomicInteger();

        CountingStore(ArticleStore store) {
            this.store = store;
        }

        @Override
        public Optional<StoredArticle> find(String slug) {
            return store.find(slug);
        }

        @Override
        public List<StoredArticle> findAll(List<String> slugs) {
            return store.findAll(slugs);
        }

        @Override
        public Optional<StoredArticle> findForStaff(String slug) {
            return store.findForStaff(slug);
        }

        @Override
        public List<StoredArticle> held() {
            return store.held();
        }

        @Override
        public List<ArticleChange> releaseDue(Instant now) {
            return store.releaseDue(now);
        }

        @Override
        public List<StoredArticle> newest(Scope scope, Origin origin, java.util.Optional<uk.org.perusupportgroup.quipu.article.Language> written,
                java.util.Optional<uk.org.perusupportgroup.quipu.article.Language> preferred, int offset, int limit) {
            newest.incrementAndGet();
            return store.newest(scope, origin, written, preferred, offset, limit);
        }

        @Override
        public int count(Scope scope, Origin origin, java.util.Optional<uk.org.perusupportgroup.quipu.article.Language> written,
                java.util.Optional<uk.org.perusupportgroup.quipu.article.Language> preferred) {
            counts.incrementAndGet();
            return store.count(scope, origin, written, preferred);
        }

        @Override
        public Map<String, List<uk.org.perusupportgroup.quipu.article.Translation>> translations(List<StoredArticle> articles) {
            return store.translations(articles);
        }

        @Override
        public Map<String, Integer> counts(Facet facet) {
            return store.counts(facet);
        }

        @Override
        public Instant changedAt(Scope scope) {
            return store.changedAt(scope);
        }

        @Override
        public ArticleChange insert(Article article, String by, Instant now) {
            return store.insert(article, by, now);
        }

        @Override
        public Optional<ArticleChange> update(Article article, String by, Instant now, Optional<Instant> unchangedSince) {
            return store.update(article, by, now, unchangedSince);
        }

        @Override
        public List<uk.org.perusupportgroup.quipu.article.Revision> revisions(String slug) {
            return store.revisions(slug);
        }

        @Override
        public Optional<uk.org.perusupportgroup.quipu.article.Revision> revision(String slug, long id) {
            return store.revision(slug, id);
        }

        @Override
        public Optional<ArticleChange> remove(String slug, String why, Instant now) {
            return store.remove(slug, why, now);
        }

        @Override
        public Optional<ArticleChange> restore(String slug, String by, Instant now) {
            return store.restore(slug, by, now);
        }

        @Override
        public List<Removed> removed() {
            return store.removed();
        }

        @Override
        public Optional<Removed> removed(String slug) {
            return store.removed(slug);
        }

        @Override
        public int purgeRemoved(Instant before) {
            return store.purgeRemoved(before);
        }

        @Override
        public void holdRemovals(Map<String, String> fileBySlug, Instant now) {
            store.holdRemovals(fileBySlug, now);
        }

        @Override
        public List<HeldRemoval> heldRemovals() {
            return store.heldRemovals();
        }

        @Override
        public List<ArticleChange> saveAll(List<Article> articles, String by, Instant now) {
            return store.saveAll(articles, by, now);
        }

        @Override
        public Map<String, String> sourceFiles() {
            return store.sourceFiles();
        }
    }
}
