package uk.org.perusupportgroup.quipu;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.aggregate.AddressPolicy;
import uk.org.perusupportgroup.quipu.aggregate.HostResolver;
import uk.org.perusupportgroup.quipu.aggregate.HtmlSanitizer;
import uk.org.perusupportgroup.quipu.aggregate.ItemNormaliser;
import uk.org.perusupportgroup.quipu.aggregate.PartnerPoller;
import uk.org.perusupportgroup.quipu.alert.AlertComposer;
import uk.org.perusupportgroup.quipu.alert.AlertIndex;
import uk.org.perusupportgroup.quipu.alert.AlertMatcher;
import uk.org.perusupportgroup.quipu.alert.AlertRounds;
import uk.org.perusupportgroup.quipu.alert.AlertSender;
import uk.org.perusupportgroup.quipu.alert.ArticleSearch;
import uk.org.perusupportgroup.quipu.alert.CleanUp;
import uk.org.perusupportgroup.quipu.alert.SearchService;
import uk.org.perusupportgroup.quipu.alert.Alerts;
import uk.org.perusupportgroup.quipu.alert.DigestSchedule;
import uk.org.perusupportgroup.quipu.alert.SignupLimiter;
import uk.org.perusupportgroup.quipu.alert.SubscriptionService;
import uk.org.perusupportgroup.quipu.alert.Synonyms;
import uk.org.perusupportgroup.quipu.alert.TextAnalysis;
import uk.org.perusupportgroup.quipu.aggregate.Tagger;
import uk.org.perusupportgroup.quipu.aggregate.WebFetcher;
import uk.org.perusupportgroup.quipu.article.ArticleValidator;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Subscription;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.MarkdownRenderer;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.AdminToken;
import uk.org.perusupportgroup.quipu.config.ConfigException;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.config.PartnersLoader;
import uk.org.perusupportgroup.quipu.config.VocabularyLoader;
import uk.org.perusupportgroup.quipu.mail.MailMessage;
import uk.org.perusupportgroup.quipu.mail.Mailer;
import uk.org.perusupportgroup.quipu.mail.Mailers;
import uk.org.perusupportgroup.quipu.publish.ArticleFileImporter;
import uk.org.perusupportgroup.quipu.publish.ArticleFileParser;
import uk.org.perusupportgroup.quipu.publish.ArticleFiles;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.publish.Catalogue;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.FeedService;
import uk.org.perusupportgroup.quipu.publish.OpmlRenderer;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.publish.Snapshot;
import uk.org.perusupportgroup.quipu.publish.WebSubNotifier;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;
import uk.org.perusupportgroup.quipu.store.DatabaseWatch;
import uk.org.perusupportgroup.quipu.store.FeedChangeSignal;
import uk.org.perusupportgroup.quipu.store.JdbcInstanceStore;
import uk.org.perusupportgroup.quipu.store.JdbcRetentionStore;
import uk.org.perusupportgroup.quipu.store.JdbcDeliveryStore;
import uk.org.perusupportgroup.quipu.store.JdbcPartnerStore;
import uk.org.perusupportgroup.quipu.store.JdbcSubscriptionStore;
import uk.org.perusupportgroup.quipu.web.WebServices;
import uk.org.perusupportgroup.quipu.web.WebVerticle;

/**
 * Start-up and wiring: opens the database, loads the vocabulary, imports the article files, builds every package's
 * services and hands them to one HTTP server per core; runs the timers of the article-file scan, the alert rounds
 * and sender, the instance heartbeat and the daily clean-up, and starts the partner poller; stops them in reverse.
 * (Issue 12 moves each package's assembly and timers into the package.)
 */
public final class QuipuVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(QuipuVerticle.class);
    private static final java.nio.file.Path DEFAULT_PARTNERS = java.nio.file.Path.of("config", "partners.yaml");
    /** Embedded players kept (sandboxed) in partner content republished in full. */
    private static final java.util.Set<String> IFRAME_HOSTS = java.util.Set.of("www.youtube.com", "www.youtube-nocookie.com",
            "player.vimeo.com");

    private final QuipuConfig config;
    private final Clock clock;
    private final Ticker ticker;
    private final ExecutorService blocking;
    /** Alert matching, digests and the heartbeat, on a thread of their own: nothing on the web's side delays them. */
    private final ExecutorService alertWork = Executors.newSingleThreadExecutor(threads("quipu-alerts"));
    /** The daily clean-up, on a thread of its own: a long one delays neither alerts nor the web. */
    private final ExecutorService cleanUpWork = Executors.newSingleThreadExecutor(threads("quipu-clean-up"));
    private CleanUp cleanUp;
    private long cleanUpTimer = -1;
    private Database database;
    private Parts parts;
    private WebServices web;
    private long scanTimer = -1;
    private PartnerPoller poller;
    private WebFetcher fetcher;
    private HostResolver partnerResolver;
    private UnaryOperator<AddressPolicy> partnerPolicy = UnaryOperator.identity();
    private Mailer mailer;
    private AlertSender sender;
    private long alertTimer = -1;
    private long heartbeatTimer = -1;
    private volatile int liveInstances = 1;
    /**
     * This instance's name on its leases, in {@code quipu_instance} and on its change notifications: the JVM's process
     * and host, and a random part.
     */
    private final String instanceId = java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "-"
            + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffff);
    private final java.util.concurrent.atomic.AtomicBoolean alertRoundRunning = new java.util.concurrent.atomic.AtomicBoolean();
    private AlertRounds alertRounds;
    private FeedChangeSignal feedChanges;
    private DatabaseWatch databaseWatch;
    private volatile int port;

    private final CompletableFuture<Database> opening;

    private QuipuVerticle(QuipuConfig config, Clock clock, Ticker ticker) {
        this.config = config;
        this.clock = clock;
        this.ticker = ticker;
        this.blocking = Executors.newFixedThreadPool(config.db().poolSize(), threads("quipu-feeds"));
        this.opening = CompletableFuture.supplyAsync(() -> Database.open(config.db()), blocking);
    }

    /**
     * The service for this configuration, ready to deploy. The database (pool, schema) starts opening
     * at once, on its own thread, so that it overlaps the start of Vert.x.
     */
    public static QuipuVerticle prepare(QuipuConfig config, Clock clock, Ticker ticker) {
        return new QuipuVerticle(config, clock, ticker);
    }

    /** What is built before the port is known. */
    private record Parts(Vocabulary vocabulary, JdbcArticleStore store, ArticleService articles,
            ArticleFileImporter importer, String adminToken, PrometheusMeterRegistry metrics, List<PartnerSource> partners,
            JdbcPartnerStore partnerStore, AlertParts alerts, JdbcInstanceStore instances) {}

    /** Alerts: subscriptions, the index of their queries, matching and the outbox. */
    private record AlertParts(SubscriptionService subscriptions, JdbcSubscriptionStore subscriptionStore,
            JdbcDeliveryStore deliveries, AlertMatcher matcher, TextAnalysis analysis) {}

    @Override
    public Future<?> start() {
        mailer = Mailers.create(vertx, config.mail(), config.dataDir());
        return vertx.executeBlocking(this::assemble, false).compose(assembled -> {
            parts = assembled;
            cleanUp = new CleanUp(new JdbcRetentionStore(database.dataSource()), parts.alerts().subscriptions(), parts.store(),
                    config.retention(), clock, instanceId);
            poller = partnerPoller();
            for (String state : List.of("pending", "sent", "failed", "dropped")) {
                Gauge.builder("quipu_outbox_messages", this, v -> v.alertRounds == null ? 0
                        : v.alertRounds.outboxCounts().getOrDefault(state, 0)).tag("state", state)
                        .description("Alert and confirmation emails by outbox state").register(parts.metrics());
            }
            for (Subscription.State state : Subscription.State.values()) {
                Gauge.builder("quipu_subscriptions", this, v -> v.alertRounds == null ? 0
                        : v.alertRounds.subscriptionCounts().getOrDefault(state, 0))
                        .tag("state", state.value()).description("Alert subscriptions by state").register(parts.metrics());
            }
            for (String status : List.of("ok", "failing", "gone", "empty", "pending", "disabled")) {
                Gauge.builder("quipu_partner_sources", poller, p -> p.count(status)).tag("status", status)
                        .description("Partner sources by health").register(parts.metrics());
            }
            int instances = config.http().eventLoopsOrCores();
            int sharedPort = config.http().port() == 0 ? -1 : config.http().port();
            return vertx.deployVerticle(() -> new WebVerticle(config.http().host(), sharedPort, this::webServices),
                    new DeploymentOptions().setInstances(instances));
        }).map(id -> {
            // partner polling starts once the server is up; its first polls do not hold up the start
            poller.start().onFailure(e -> LOG.error("partners: polling did not start", e));
            startAlerts();
            if (sender != null) {
                startHeartbeat();
            }
            // the search index of the articles is built once the server is up (searches find less until then)
            blocking.execute(() -> {
                try {
                    web.alerts().search().build();
                } catch (RuntimeException e) {
                    LOG.error("search: the article index could not be built", e);
                }
            });
            scanTimer = vertx.setPeriodic(config.articles().scanInterval().toMillis(), tick ->
                    blocking.execute(this::scanQuietly));
            // due once a day (one instance runs it); every instance asks every 10 minutes, the first a minute after start
            cleanUpTimer = vertx.setPeriodic(60_000, 600_000, tick -> cleanUpWork.execute(cleanUp::runIfDue));
            return id;
        });
    }

    /** The bound port; valid once started. */
    public int port() {
        return port;
    }

    /** {@code http://HOST:PORT} with the configured host, for the "listening" line; valid once started. */
    public String listeningUrl() {
        String host = config.http().host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** An address this machine can connect to (a wildcard host becomes {@code localhost}); valid once started. */
    public String localUrl() {
        return "http://" + hostForUrl(config.http().host()) + ":" + port;
    }

    /** The partner poller, for tests. */
    public PartnerPoller poller() {
        return poller;
    }

    /**
     * For tests, before deploying: partner hosts are resolved by {@code resolver} instead of the system's resolver,
     * and the address policy of {@code partners.allow-private-addresses} is passed through {@code policy} (to let a
     * loopback address stand in for a partner on the internet).
     */
    QuipuVerticle partnerAddresses(HostResolver resolver, UnaryOperator<AddressPolicy> policy) {
        this.partnerResolver = resolver;
        this.partnerPolicy = policy;
        return this;
    }

    /**
     * The poller of the configured partner sources, through the polite fetcher; staff are told of
     * failing sources by mail.
     */
    private PartnerPoller partnerPoller() {
        String contact = config.partners().contact().or(config::baseUrl).map(Object::toString)
                .orElse("https://www.perusupportgroup.org.uk");
        String version = Optional.ofNullable(QuipuVerticle.class.getPackage().getImplementationVersion()).orElse("dev");
        fetcher = new WebFetcher(vertx, version, contact, config.partners().timeout(), config.partners().maxBodyBytes(),
                config.partners().hostInterval(), partnerResolver != null ? partnerResolver : HostResolver.system(vertx),
                partnerPolicy.apply(AddressPolicy.of(config.partners().allowPrivateAddresses())));
        var normaliser = new ItemNormaliser(new HtmlSanitizer(IFRAME_HOSTS), new Tagger(parts.vocabulary()));
        return new PartnerPoller(vertx, parts.partners(), fetcher, parts.partnerStore(), parts.store(), parts.articles(),
                normaliser, this::notifyStaff, clock, config.partners().notifyAfter(), config.partners().enabled(),
                new java.util.Random(), config.partners().maxBodyBytes());
    }

    /** A notice to the staff addresses of partners.notify; only logged when there are none. */
    private Future<Void> notifyStaff(String subject, String text) {
        List<String> staff = config.partners().staff();
        if (staff.isEmpty()) {
            LOG.warn("partners: {} (no partners.notify addresses: not mailed)", subject);
            return Future.succeededFuture();
        }
        String domain = config.partners().contact().or(config::baseUrl).map(URI::getHost).orElse("quipu.invalid");
        String id = "<partners." + clock.millis() + "." + Integer.toHexString(subject.hashCode()) + "@" + domain + ">";
        return mailer.send(new MailMessage(config.mail().from(), staff, subject.replaceAll("[\\r\\n]+", " "), text,
                Optional.empty(), java.util.Map.of("Auto-Submitted", "auto-generated"), id));
    }

    /** The article-file importer, for tests that change files and do not want to wait for the timer. */
    public ArticleFileImporter importer() {
        return parts.importer();
    }

    private Parts assemble() throws Exception {
        long start = System.nanoTime();
        // The database has been opening on another core since prepare(); meanwhile the rest is read.
        Vocabulary vocabulary;
        String token;
        ArticleValidator validator;
        ArticleFiles files;
        ArticleFiles.Listing listing;
        PrometheusMeterRegistry metrics;
        try {
            vocabulary = VocabularyLoader.load(config.vocabulary());
            token = AdminToken.resolve(config);
            validator = new ArticleValidator(vocabulary, new MarkdownRenderer());
            files = new ArticleFiles(config.articles().dir(), new ArticleFileParser(validator));
            listing = files.read();
            metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                    new ProcessorMetrics(), new UptimeMetrics()).forEach(binder -> binder.bindTo(metrics));
        } finally {
            database = join(opening);
        }
        LOG.info("database ready and article files read in {} ms: {}", (System.nanoTime() - start) / 1_000_000, database.describe());
        var store = new JdbcArticleStore(database.dataSource());
        checkStoredTags(store, vocabulary);
        var articles = new ArticleService(store, validator, clock);
        var importer = new ArticleFileImporter(files, articles, store, config.articles()::removalLimit);
        long scan = System.nanoTime();
        var report = importer.apply(listing);
        LOG.info("article files imported in {} ms: dir={} imported={} removed={} problems={}", (System.nanoTime() - scan) / 1_000_000,
                config.articles().dir().toAbsolutePath(), report.imported(), report.deleted(), report.problems().size());
        Gauge.builder("quipu_article_file_problems", importer, i -> i.currentProblems().size())
                .description("Article files that could not be imported").register(metrics);
        List<PartnerSource> partners = PartnersLoader.load(config.partners().file(),
                config.partners().file().equals(DEFAULT_PARTNERS), vocabulary);
        return new Parts(vocabulary, store, articles, importer, token, metrics, partners,
                new JdbcPartnerStore(database.dataSource()), alertParts(vocabulary), new JdbcInstanceStore(database.dataSource()));
    }

    private AlertParts alertParts(Vocabulary vocabulary) throws java.io.IOException {
        QuipuConfig.Alerts alerts = config.alerts();
        String synonymsName = alerts.synonyms().map(Object::toString).orElse("the built-in synonyms");
        String synonymsText;
        if (alerts.synonyms().isPresent()) {
            synonymsText = java.nio.file.Files.readString(alerts.synonyms().get());
        } else {
            try (var in = QuipuVerticle.class.getResourceAsStream("/defaults/synonyms.txt")) {
                synonymsText = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        List<List<String>> synonyms;
        try {
            synonyms = Synonyms.parse(synonymsText, synonymsName);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("alerts.synonyms: " + e.getMessage()));
        }
        var analysis = new TextAnalysis(synonyms);
        var index = new AlertIndex(analysis);
        var subscriptionStore = new JdbcSubscriptionStore(database.dataSource());
        var deliveries = new JdbcDeliveryStore(database.dataSource());
        var service = new SubscriptionService(subscriptionStore, index, vocabulary, alerts, config.feed().tagAuthority(), clock,
                mailer::forget);
        var matcher = new AlertMatcher(deliveries, index, new DigestSchedule(alerts.digestHour(), alerts.timeZone(),
                alerts.weeklyDay()), alerts.maxAge(), alerts.immediatePerDay(), config.feed().tagAuthority(), clock);
        return new AlertParts(service, subscriptionStore, deliveries, matcher, analysis);
    }

    /** Matching, digests, expiry and sending, every second, once the server is up. */
    private void startAlerts() {
        if (!config.alerts().enabled()) {
            LOG.info("alerts: disabled (alerts.enabled=false): nothing is matched or sent");
            return;
        }
        sender = new AlertSender(vertx, parts.alerts().deliveries(), parts.alerts().subscriptionStore(), web.alerts().composer(),
                mailer, config.alerts().sendRate(), config.alerts().lease(), clock, instanceId);
        alertRounds = new AlertRounds(parts.alerts().subscriptions(), parts.alerts().matcher(), parts.alerts().deliveries(),
                sender::paused, clock);
        alertTimer = vertx.setPeriodic(1_000, tick -> {
            if (alertRoundRunning.compareAndSet(false, true)) {
                alertWork.execute(() -> {
                    try {
                        if (alertRounds.run() > 0) {
                            sender.sendDue();
                        }
                    } finally {
                        alertRoundRunning.set(false);
                    }
                });
            }
            sender.sendDue();
        });
    }

    /** Every 10 s this sending instance tells the database it is alive; the live ones share {@code alerts.send-rate}. */
    private void startHeartbeat() {
        Instant started = clock.instant();
        Runnable beat = () -> {
            try {
                liveInstances = parts.instances().heartbeat(instanceId, started, clock.instant(), Duration.ofSeconds(30));
                sender.share(liveInstances);
            } catch (RuntimeException e) {
                LOG.warn("instances: could not record this instance as alive: {}", e.getMessage());
            }
        };
        alertWork.execute(beat);
        heartbeatTimer = vertx.setPeriodic(10_000, tick -> alertWork.execute(beat));
        Gauge.builder("quipu_instances", this, v -> v.liveInstances)
                .description("Instances sending alert mail from this database, seen alive in the last 30 s")
                .register(parts.metrics());
    }

    /** The outbox sender, for tests; null when alerts are disabled. */
    public AlertSender sender() {
        return sender;
    }

    /** What /health says of alerts and of the daily clean-up of what they leave behind. */
    private List<String> alertProblems() {
        List<String> problems = new ArrayList<>(alertRounds == null ? List.of() : alertRounds.problems());
        problems.addAll(cleanUp.problems());
        return problems;
    }

    /** The daily clean-up, for tests that run it now. */
    public CleanUp cleanUp() {
        return cleanUp;
    }

    /** The alert rounds of this instance, for tests that run one now. */
    public AlertRounds alertRounds() {
        return alertRounds;
    }

    /**
     * Refuses to start when stored articles carry a topic or region the vocabulary no longer has:
     * their feeds could not be written.
     */
    private void checkStoredTags(JdbcArticleStore store, Vocabulary vocabulary) {
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

    /** The opened database, or the reason it did not open (a config or store exception as it was thrown). */
    private static Database join(CompletableFuture<Database> opening) throws Exception {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The web collaborators for the bound port: built by the first server to bind, shared by all. */
    private synchronized WebServices webServices(int boundPort) {
        if (web != null) {
            return web;
        }
        port = boundPort;
        String base = config.baseUrl().map(Object::toString).orElseGet(this::localUrl);
        var links = new SiteLinks(base, config.feed().tagAuthority());
        Optional<String> hub = config.websubHub().map(Object::toString);
        var feeds = new FeedService(parts.store(), parts.vocabulary(), parts.partners(), links, config.feed(), hub, blocking,
                ticker);
        parts.articles().onChange(changes -> feeds.invalidate(ArticleService.affected(changes)));
        databaseWatch = DatabaseWatch.start(database::check, Duration.ofSeconds(2), clock);
        Gauge.builder("quipu_database_up", databaseWatch, watch -> watch.state().up() ? 1 : 0)
                .description("1 while the database answers, 0 while it does not").register(parts.metrics());
        config.websubHub().ifPresent(uri -> {
            var notifier = new WebSubNotifier(uri, links);
            parts.articles().onChange(notifier::changed);
        });
        if (config.alerts().enabled() && config.mail().smtp().isPresent() && !base.startsWith("https://")) {
            LOG.warn("base-url {} is not https: alert emails will carry http links, and mail programs offer one-click"
                    + " unsubscribe only for https ones; set base-url to the public https address", base);
        } else if (!base.startsWith("https://") && !isLoopback(base)) {
            LOG.warn("base-url {} is not https: feed and mail links will not be secure; set base-url to the public https address", base);
        }
        Snapshot opml = Snapshot.of(OpmlRenderer.render(config.feed().title() + " feeds", parts.vocabulary(),
                parts.partners().stream().map(PartnerSource::id).toList(), links, feeds::title),
                "text/x-opml; charset=utf-8", Instant.EPOCH);
        var composer = new AlertComposer(links, parts.alerts().subscriptions().tokens(), config.mail().from(),
                id -> feeds.partner(id).map(PartnerSource::name).orElse(id));
        var search = new SearchService(new ArticleSearch(parts.alerts().analysis()), parts.store(), parts.alerts().deliveries(),
                feeds, links, config.feed().pageSize(), config.feed().searchCacheMib() * 1024L * 1024L, clock);
        parts.articles().onChange(search::changed);
        // other instances on the same PostgreSQL database drop the same feeds and re-read the same articles into their
        // search index (LISTEN/NOTIFY); nothing on H2
        feedChanges = FeedChangeSignal.start(config.db(), database.dataSource(), instanceId, change -> {
            feeds.invalidateKeys(change.keys());
            // reading articles and indexing them is slower: not on the listening thread, which goes on hearing changes
            if (!change.slugs().isEmpty()) {
                blocking.execute(() -> {
                    try {
                        search.changedElsewhere(change.slugs());
                    } catch (RuntimeException e) {
                        LOG.error("search: another instance's change could not be indexed", e);
                    }
                });
            }
        });
        parts.articles().onChange(changes -> feedChanges.publish(ArticleService.affected(changes).stream().map(Scope::key)
                .collect(java.util.stream.Collectors.toSet()), ArticleService.slugs(changes)));
        var alerts = new Alerts(config.alerts().enabled(), parts.alerts().subscriptions(), parts.alerts().deliveries(), composer,
                new SignupLimiter(config.alerts().signupsPerHour(), clock, parts.instances()::countSignup), search);
        web = new WebServices(feeds, new Catalogue(parts.store(), config.feed().pageSize(), feeds.counts()), parts.articles(), parts.importer(), poller,
                parts.vocabulary(), links, config.feed().title(), config.feed().maxAge(), parts.adminToken(), opml,
                parts.importer()::currentProblems, databaseWatch::state, config.db().isPostgres() ? "postgresql" : "h2",
                feedChanges::problems,
                parts.metrics(), alerts, this::alertProblems, config.http().behindProxy(),
                new uk.org.perusupportgroup.quipu.web.ReadLimiter(config.http().searchesPerMinute()),
                new uk.org.perusupportgroup.quipu.web.SearchWorkers(vertx, uk.org.perusupportgroup.quipu.web.SearchWorkers
                        .threadsFor(config.http().eventLoopsOrCores())));
        LOG.info("serving feeds at {}{}", base, SiteLinks.feedPath(Scope.ALL, FeedFormat.ATOM));
        return web;
    }

    private void scanQuietly() {
        try {
            parts.importer().scan();
        } catch (RuntimeException e) {
            LOG.error("article file scan failed: dir={}", config.articles().dir(), e);
        }
    }

    @Override
    public Future<?> stop() {
        if (scanTimer >= 0) {
            vertx.cancelTimer(scanTimer);
        }
        if (alertTimer >= 0) {
            vertx.cancelTimer(alertTimer);
        }
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (cleanUpTimer >= 0) {
            vertx.cancelTimer(cleanUpTimer);
        }
        // polls and sends under way are recorded before the database closes
        Future<Void> polls = poller != null ? poller.stop() : Future.succeededFuture();
        Future<Void> sends = sender != null ? sender.stop() : Future.succeededFuture();
        return Future.join(polls, sends).compose(done -> {
            if (fetcher != null) {
                fetcher.close();
            }
            return mailer instanceof uk.org.perusupportgroup.quipu.mail.SmtpMailer smtp ? smtp.close() : Future.succeededFuture();
        }).recover(e -> Future.succeededFuture()).compose(closed -> vertx.executeBlocking(() -> {
            if (feedChanges != null) {
                feedChanges.close();
            }
            if (databaseWatch != null) {
                databaseWatch.close();
            }
            blocking.shutdown();
            alertWork.shutdown();
            cleanUpWork.shutdown();
            blocking.awaitTermination(10, TimeUnit.SECONDS);
            alertWork.awaitTermination(10, TimeUnit.SECONDS);
            cleanUpWork.awaitTermination(10, TimeUnit.SECONDS);
            if (database != null) {
                database.close();
            }
            return null;
        }, false));
    }

    private static boolean isLoopback(String base) {
        String host = URI.create(base).getHost();
        return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static String hostForUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
