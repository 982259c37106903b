package uk.org.perusupportgroup.quipu.publish;

import uk.org.perusupportgroup.quipu.reach.Tally;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.MarkdownRenderer;
import uk.org.perusupportgroup.quipu.article.Language;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.ConfigException;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.FeedChangeSignal;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;
import uk.org.perusupportgroup.quipu.store.JdbcPartnerStore;

/**
 * Publishing, assembled: the article store and service, the article files (imported once here, then scanned on a
 * timer), the feeds and their cache, the listings, the OPML list, the WebSub pings, and the feed-change signal that
 * keeps other instances' caches true, and the release of scheduled articles. Built from the configuration, the database
 * and the site's links; the timers are started by {@link #start} and cancelled by {@link #stop}.
 */
public final class Publishing {

    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);

    private final QuipuConfig config;
    private final JdbcArticleStore store;
    private final JdbcPartnerStore partnerStore;
    private final ArticleService articles;
    private final ArticleFileImporter importer;
    private final FeedService feeds;
    private final ArticleMedia media;
    private final Catalogue catalogue;
    private final Map<Language, Snapshot> opml;
    private final FeedChangeSignal feedChanges;
    private final ExecutorService blocking;
    /** Who hears of the articles other instances changed: the signal's callback reads this list. */
    private final List<Consumer<Set<String>>> elsewhere;
    private final Vertx vertx;
    private long scanTimer = -1;
    private long releaseTimer = -1;
    /** A release round is under way: the next tick waits for the one after. */
    private final java.util.concurrent.atomic.AtomicBoolean releasing = new java.util.concurrent.atomic.AtomicBoolean();

    private Publishing(QuipuConfig config, JdbcArticleStore store, JdbcPartnerStore partnerStore, ArticleService articles, ArticleFileImporter importer,
            FeedService feeds, ArticleMedia media, Catalogue catalogue, Map<Language, Snapshot> opml, FeedChangeSignal feedChanges, List<Consumer<Set<String>>> elsewhere, Vertx vertx, ExecutorService blocking) {
        this.config = config;
        this.store = store;
        this.partnerStore = partnerStore;
        this.articles = articles;
        this.importer = importer;
        this.feeds = feeds;
        this.media = media;
        this.catalogue = catalogue;
        this.opml = Map.copyOf(opml);
        this.feedChanges = feedChanges;
        this.elsewhere = elsewhere;
        this.vertx = vertx;
        this.blocking = blocking;
    }

    /**
     * Reads and imports the article files, and builds the feeds on {@code links}. Refuses to start when stored articles
     * carry a topic or region the vocabulary no longer has.
     *
     * @param mediaImport how the photos and documents under the media directory beside the articles are checked, cleaned
     *     and stored (the media library's upload)
     * @param blocking the threads that render feeds and scan the article files
     * @param instance this instance's name on the change notifications it sends
     */
    public static Publishing assemble(QuipuConfig config, Vertx vertx, Database database, ArticleFilesRead read,
            MediaImport mediaImport, List<PartnerSource> partners, SiteLinks links, java.time.Clock clock, Ticker ticker,
            ExecutorService blocking, String instance, MeterRegistry metrics, Tally tally) {
        Vocabulary vocabulary = read.vocabulary();
        var validator = read.validator();
        var files = read.files();
        var listing = read.listing();
        var store = new JdbcArticleStore(database.dataSource());
        checkStoredTags(config, store, vocabulary);
        var partnerStore = new JdbcPartnerStore(database.dataSource());
        var mediaStore = new uk.org.perusupportgroup.quipu.store.JdbcMediaStore(database.dataSource());
        var media = new ArticleMedia(mediaStore);
        var articles = new ArticleService(store, partnerStore, media, validator, clock, tally);
        var mediaFiles = new MediaFiles(MediaFiles.besideArticles(config.articles().dir()),
                MediaFiles.shownBesideArticles(config.articles().dir()), config.media().maxBytes(), mediaImport,
                new uk.org.perusupportgroup.quipu.store.JdbcMediaSourceStore(database.dataSource()), mediaStore, clock);
        var importer = new ArticleFileImporter(files, mediaFiles, articles, store, config.articles()::removalLimit);
        long scan = System.nanoTime();
        var report = importer.apply(listing);
        LOG.info("article and media files imported in {} ms: dir={} media={} imported={} removed={} problems={}",
                (System.nanoTime() - scan) / 1_000_000, config.articles().dir().toAbsolutePath(),
                mediaFiles.root(), report.imported(), report.deleted(), report.problems().size());
        Gauge.builder("quipu_article_file_problems", importer, i -> i.currentProblems().size())
                .description("Article files that could not be imported").register(metrics);

        Optional<String> hub = config.websubHub().map(Object::toString);
        var feeds = new FeedService(store, media, vocabulary, partners, links, config.feed(), hub, blocking, ticker);
        articles.onChange(changes -> feeds.invalidate(ArticleService.affected(changes)));
        config.websubHub().ifPresent(uri -> articles.onChange(new WebSubNotifier(uri, links)::changed));
        Map<Language, Snapshot> opml = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            opml.put(language, Snapshot.of(OpmlRenderer.render(config.feed().title() + (language == Language.ES ? ": canales" : " feeds"),
                    vocabulary, partners.stream().map(PartnerSource::id).toList(), links,
                    (scope, origin) -> feeds.title(scope, origin, language), language), "text/x-opml; charset=utf-8", Instant.EPOCH));
        }
        var catalogue = new Catalogue(store, config.feed().pageSize(), feeds.counts());

        // other instances on the same PostgreSQL database drop the same feeds and re-read the same articles (LISTEN/NOTIFY);
        // nothing on H2
        List<Consumer<Set<String>>> elsewhere = new CopyOnWriteArrayList<>();
        var feedChanges = FeedChangeSignal.start(config.db(), database.dataSource(), instance, change -> {
            feeds.invalidateKeys(change.keys());
            // what listens for changed articles reads them again: not on the listening thread, which goes on hearing changes
            if (!change.slugs().isEmpty()) {
                for (Consumer<Set<String>> listener : elsewhere) {
                    blocking.execute(() -> {
                        try {
                            listener.accept(change.slugs());
                        } catch (RuntimeException e) {
                            LOG.error("another instance's change of {} could not be taken in", change.slugs(), e);
                        }
                    });
                }
            }
        });
        articles.onChange(changes -> feedChanges.publish(ArticleService.affected(changes).stream().map(Scope::key)
                .collect(Collectors.toSet()), ArticleService.slugs(changes)));
        return new Publishing(config, store, partnerStore, articles, importer, feeds, media, catalogue, opml, feedChanges, elsewhere,
                vertx, blocking);
    }

    /** Also tells {@code listener} of the articles another instance changed (their slugs), on a blocking thread. */
    public void onChangeElsewhere(Consumer<Set<String>> listener) {
        elsewhere.add(listener);
    }

    /** The article files as read before the database is open (start-up reads them meanwhile). */
    public record ArticleFilesRead(Vocabulary vocabulary, ArticleValidator validator, ArticleFiles files,
            ArticleFiles.Listing listing) {}

    /** Reads the article files, parsed and validated, for {@link #assemble}; needs no database. */
    public static ArticleFilesRead readArticleFiles(QuipuConfig config, Vocabulary vocabulary) {
        var validator = new ArticleValidator(vocabulary, new MarkdownRenderer());
        var files = new ArticleFiles(config.articles().dir(), new ArticleFileParser(validator));
        return new ArticleFilesRead(vocabulary, validator, files, files.read());
    }

    /**
     * Scans the article files every {@code articles.scan-interval}, and every second publishes the scheduled articles
     * whose time has come: the database says which (a scheduled article goes out within about a second on whichever
     * instance takes it first, even if the one that scheduled it is down).
     */
    public void start() {
        scanTimer = vertx.setPeriodic(config.articles().scanInterval().toMillis(), tick -> blocking.execute(this::scanQuietly));
        releaseTimer = vertx.setPeriodic(RELEASE_EVERY.toMillis(), tick -> {
            if (releasing.compareAndSet(false, true)) {
                blocking.execute(this::releaseQuietly);
            }
        });
    }

    /** How often each instance looks for scheduled articles whose time has come. */
    static final java.time.Duration RELEASE_EVERY = java.time.Duration.ofSeconds(1);

    /** Cancels the timers (a scan or release under way finishes on its thread). */
    public void stop() {
        if (releaseTimer >= 0) {
            vertx.cancelTimer(releaseTimer);
            releaseTimer = -1;
        }
        if (scanTimer >= 0) {
            vertx.cancelTimer(scanTimer);
            scanTimer = -1;
        }
    }

    /** Publishes the scheduled articles whose time has come now, on the blocking threads; how many it published. */
    public Future<Integer> releaseNow() {
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(articles::releaseDue, blocking), vertx.getOrCreateContext());
    }

    private void releaseQuietly() {
        try {
            articles.releaseDue();
        } catch (RuntimeException e) {
            LOG.error("scheduled articles could not be released (tried again in {} s)", RELEASE_EVERY.toSeconds(), e);
        } finally {
            releasing.set(false);
        }
    }

    /** Stops hearing other instances; last, before the database closes. Blocking. */
    public void close() {
        feedChanges.close();
    }

    /** A scan of the article files now, on the threads of the timer's scans, after the one under way if any. */
    public Future<ArticleFileImporter.Report> scanNow() {
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(importer::scanNow, blocking), vertx.getOrCreateContext());
    }

    private void scanQuietly() {
        try {
            importer.scan();
        } catch (RuntimeException e) {
            LOG.error("article file scan failed: dir={}", config.articles().dir(), e);
        }
    }

    public JdbcArticleStore store() {
        return store;
    }

    /** The partner items' store: what polls store, and which items staff hid. */
    public JdbcPartnerStore partnerStore() {
        return partnerStore;
    }

    public ArticleService articles() {
        return articles;
    }

    public ArticleFileImporter importer() {
        return importer;
    }

    public FeedService feeds() {
        return feeds;
    }

    /** The photos and documents articles carry, as feeds and pages show them. */
    public ArticleMedia media() {
        return media;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** The rendered {@code /feeds.opml} ({@code /es/feeds.opml} in Spanish). */
    public Snapshot opml(Language language) {
        return opml.get(language);
    }

    /** Why this instance is not hearing other instances' feed changes, if it is not. */
    public List<String> feedChangeProblems() {
        return feedChanges.problems();
    }

    private static void checkStoredTags(QuipuConfig config, JdbcArticleStore store, Vocabulary vocabulary) {
        List<String> problems = new ArrayList<>();
        for (Facet facet : Facet.values()) {
            store.counts(facet).forEach((slug, count) -> {
                if (vocabulary.find(facet, slug).isEmpty()) {
                    String file = (facet == Facet.TOPIC ? config.vocabulary().topics()
                            : config.vocabulary().regions()).map(Object::toString).orElse("the built-in vocabulary");
                    problems.add("vocabulary." + facet.plural() + ": '" + slug + "' is used by " + count + " stored article"
                            + (count == 1 ? "" : "s") + " but is missing from " + file
                            + ": put it back, or first retag those articles");
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
