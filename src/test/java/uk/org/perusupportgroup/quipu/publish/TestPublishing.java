package uk.org.perusupportgroup.quipu.publish;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.MarkdownRenderer;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.config.VocabularyLoader;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;

/**
 * The publishing side wired as in production, on an in-memory H2 database, with the shipped
 * vocabulary, a controllable cache clock and a direct executor.
 */
final class TestPublishing implements AutoCloseable {

    static final String BASE = "https://feeds.example.org";
    static final QuipuConfig.Feed FEED = new QuipuConfig.Feed("perusupportgroup.org.uk", "Peru Support Group", "en", 30,
            Duration.ofMinutes(5), 16, 4);

    final Vocabulary vocabulary = VocabularyLoader.load(new QuipuConfig.VocabularyFiles(
            Optional.of(Path.of("config/topics.yaml")), Optional.of(Path.of("config/regions.yaml"))));
    final Database database;
    final JdbcArticleStore store;
    final ArticleService articles;
    final SiteLinks links = new SiteLinks(BASE, FEED.tagAuthority());
    final FeedService feeds;
    final AtomicLong nanos = new AtomicLong();
    final Ticker ticker = nanos::get;

    TestPublishing() {
        database = Database.open(new QuipuConfig.Db("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4));
        store = new JdbcArticleStore(database.dataSource());
        articles = new ArticleService(store, new uk.org.perusupportgroup.quipu.store.JdbcPartnerStore(database.dataSource()),
                new ArticleMedia(new uk.org.perusupportgroup.quipu.store.JdbcMediaStore(database.dataSource())), validator(), Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        feeds = new FeedService(store, new ArticleMedia(new uk.org.perusupportgroup.quipu.store.JdbcMediaStore(database.dataSource())), vocabulary, java.util.List.of(), links, FEED, Optional.empty(), Runnable::run, ticker);
        articles.onChange(changes -> feeds.invalidate(ArticleService.affected(changes)));
    }

    ArticleValidator validator() {
        return new ArticleValidator(vocabulary, new MarkdownRenderer());
    }

    /** Imports the shipped sample articles from {@code feeds/articles}. */
    TestPublishing withSamples() {
        var report = new ArticleFileImporter(new ArticleFiles(Path.of("feeds/articles"), new ArticleFileParser(validator())), articles, store,
                n -> Math.max(5, n / 10)).scan();
        if (!report.problems().isEmpty() || report.imported() != 22) {
            throw new AssertionError("sample import: " + report);
        }
        return this;
    }

    @Override
    public void close() {
        database.close();
    }
}
