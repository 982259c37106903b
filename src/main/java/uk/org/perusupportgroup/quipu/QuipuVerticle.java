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
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.aggregate.AddressPolicy;
import uk.org.perusupportgroup.quipu.aggregate.Aggregation;
import uk.org.perusupportgroup.quipu.aggregate.HostResolver;
import uk.org.perusupportgroup.quipu.alert.Alerting;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.AdminToken;
import uk.org.perusupportgroup.quipu.config.PartnersLoader;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.config.VocabularyLoader;
import uk.org.perusupportgroup.quipu.mail.Mailer;
import uk.org.perusupportgroup.quipu.mail.Mailers;
import uk.org.perusupportgroup.quipu.media.Media;
import uk.org.perusupportgroup.quipu.media.MediaLibrary;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException;
import uk.org.perusupportgroup.quipu.media.Upload;
import uk.org.perusupportgroup.quipu.publish.MediaImport;
import uk.org.perusupportgroup.quipu.web.MediaRefusals;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;
import uk.org.perusupportgroup.quipu.publish.Publishing;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.DatabaseWatch;
import uk.org.perusupportgroup.quipu.store.JdbcStaffStore;
import uk.org.perusupportgroup.quipu.staff.PasswordHasher;
import uk.org.perusupportgroup.quipu.staff.StaffAccounts;
import uk.org.perusupportgroup.quipu.web.ReadLimiter;
import uk.org.perusupportgroup.quipu.web.SearchWorkers;
import uk.org.perusupportgroup.quipu.web.WebServer;
import uk.org.perusupportgroup.quipu.web.WebServices;
import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.Reach;
import uk.org.perusupportgroup.quipu.store.JdbcReachStore;

/**
 * Start-up, top-down: binds the port (so the base URL is known before anything needs it), opens the database, then
 * assembles each package from the configuration and the store (media, publishing, alerts, aggregation), gives the web its
 * routes, and starts each package's timers. Stops them in reverse. Each package owns its own rounds and timers.
 */
public final class QuipuVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(QuipuVerticle.class);
    private static final Path DEFAULT_PARTNERS = Path.of("config", "partners.yaml");
    /** Passwords checked at once (19 MiB each): more sign-ins wait their turn. */
    private static final int SIGN_IN_THREADS = 2;

    private final QuipuConfig config;
    private final Clock clock;
    private final Ticker ticker;
    /** Renders feeds, scans the article files, builds the search index; opens the database first. */
    private final ExecutorService blocking;
    private final CompletableFuture<Database> opening;
    /**
     * This instance's name on its leases, in {@code quipu_instance} and on its change notifications: the JVM's process
     * and host, and a random part.
     */
    private final String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "-"
            + Long.toHexString(new SecureRandom().nextLong() & 0xffffff);
    private Optional<HostResolver> partnerResolver = Optional.empty();
    private UnaryOperator<AddressPolicy> partnerPolicy = UnaryOperator.identity();

    private Mailer mailer;
    private WebServer web;
    private Database database;
    private DatabaseWatch databaseWatch;
    private Publishing publishing;
    private Alerting alerting;
    private Aggregation aggregation;
    private Reach reach;

    private QuipuVerticle(QuipuConfig config, Clock clock, Ticker ticker) {
        this.config = config;
        this.clock = clock;
        this.ticker = ticker;
        this.blocking = Executors.newFixedThreadPool(config.db().poolSize(), new DefaultThreadFactory("quipu-feeds", true));
        this.opening = CompletableFuture.supplyAsync(() -> Database.open(config.db()), blocking);
    }

    /**
     * The service for this configuration, ready to deploy. The database (pool, schema) starts opening
     * at once, on its own thread, so that it overlaps the start of Vert.x.
     */
    public static QuipuVerticle prepare(QuipuConfig config, Clock clock, Ticker ticker) {
        return new QuipuVerticle(config, clock, ticker);
    }

    /**
     * For tests, before deploying: partner hosts are resolved by {@code resolver} instead of the system's resolver,
     * and the address policy of {@code partners.allow-private-addresses} is passed through {@code policy} (to let a
     * loopback address stand in for a partner on the internet).
     */
    QuipuVerticle partnerAddresses(HostResolver resolver, UnaryOperator<AddressPolicy> policy) {
        this.partnerResolver = Optional.of(resolver);
        this.partnerPolicy = policy;
        return this;
    }

    @Override
    public Future<?> start() {
        mailer = Mailers.create(vertx, config.mail(), config.dataDir());
        return WebServer.bind(vertx, config.http()).compose(bound -> {
            web = bound;
            String base = config.baseUrl().map(Object::toString).orElseGet(this::localUrl);
            warnUnlessHttps(base);
            var links = new SiteLinks(base, config.feed().tagAuthority());
            return vertx.executeBlocking(() -> assemble(links), false);
        }).compose(services -> web.serve(services).map(services.links())).map(links -> {
            publishing.start();
            alerting.start();
            aggregation.start();
            reach.start();
            LOG.info("serving feeds at {}", links.base() + SiteLinks.feedPath(Scope.ALL, FeedFormat.ATOM));
            return links;
        }).recover(failure -> stop().transform(stopped -> Future.failedFuture(failure)));  // Vert.x does not stop a failed start
    }

    /** Every package, assembled on the opened database; what the web is given of them. */
    private WebServices assemble(SiteLinks links) throws Exception {
        long start = System.nanoTime();
        // the database has been opening on another thread since prepare(); meanwhile the rest is read
        Vocabulary vocabulary;
        String token;
        PrometheusMeterRegistry metrics;
        List<PartnerSource> partners;
        Publishing.ArticleFilesRead files;
        try {
            vocabulary = VocabularyLoader.load(config.vocabulary());
            files = Publishing.readArticleFiles(config, vocabulary);
            token = AdminToken.resolve(config);
            partners = PartnersLoader.load(config.partners().file(), config.partners().file().equals(DEFAULT_PARTNERS),
                    vocabulary);
            metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                    new ProcessorMetrics(), new UptimeMetrics()).forEach(binder -> binder.bindTo(metrics));
        } finally {
            database = join(opening);
        }
        LOG.info("database ready and article files read in {} ms: {}", (System.nanoTime() - start) / 1_000_000,
                database.describe());
        databaseWatch = DatabaseWatch.start(database::check, Duration.ofSeconds(2), clock);
        Gauge.builder("quipu_database_up", databaseWatch, watch -> watch.state().up() ? 1 : 0)
                .description("1 while the database answers, 0 while it does not").register(metrics);
        // media before publishing: the article scan imports the photos and documents under feeds/media/ through it
        reach = Reach.assemble(config, new JdbcReachStore(database.dataSource()), clock, metrics);
        MediaLibrary media = MediaLibrary.assemble(config, database, clock, ticker);
        publishing = Publishing.assemble(config, vertx, database, files, mediaImport(media), partners, links, clock, ticker,
                blocking, instanceId, metrics, reach.tally());
        alerting = Alerting.assemble(config, vertx, database, vocabulary, publishing, links, mailer, clock, blocking,
                instanceId, metrics, reach.tally());
        reach.level(Metric.SUBSCRIPTIONS, alerting::figures);
        aggregation = Aggregation.assemble(config, vertx, database, vocabulary, partners, publishing, mailer, clock,
                partnerResolver, partnerPolicy, metrics, reach.tally());
        return new WebServices(publishing, alerting, aggregation.poller(), vocabulary, links, config.feed().title(),
                config.feed().maxAge(), token, databaseWatch::state, config.db().isPostgres() ? "postgresql" : "h2", metrics,
                config.http().behindProxy(), new ReadLimiter(config.http().searchesPerMinute()),
                new SearchWorkers(vertx, SearchWorkers.threadsFor(config.http().eventLoopsOrCores())),
                new StaffAccounts(new JdbcStaffStore(database.dataSource()), new PasswordHasher(), config.staff(), clock),
                vertx.createSharedWorkerExecutor("quipu-staff-sign-in", SIGN_IN_THREADS),
                media, vertx.createSharedWorkerExecutor("quipu-media", 1), config.dataDir().resolve("uploads"), reach);
    }

    /**
     * The media library as publishing imports the files under feeds/media/ through it: an upload in all but its origin,
     * refused with the sentence an upload would be answered with.
     */
    private static MediaImport mediaImport(MediaLibrary library) {
        return (content, name, alt, caption, credit, createdBy) -> {
            try {
                var stored = library.upload(new Upload(content, name, alt, caption, credit, createdBy));
                return new MediaImport.Imported(stored.media().id(), stored.media().kind() == Media.Kind.IMAGE, stored.created());
            } catch (MediaRefusedException e) {
                throw new MediaImport.Refused(MediaRefusals.sentence(e), e.reason() == MediaRefusedException.Reason.ALT_MISSING);
            }
        };
    }

    /** The bound port; valid once started. */
    public int port() {
        return web.port();
    }

    /** {@code http://HOST:PORT} with the configured host, for the "listening" line; valid once started. */
    public String listeningUrl() {
        String host = config.http().host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** An address this machine can connect to (a wildcard host becomes {@code localhost}); valid once started. */
    public String localUrl() {
        return "http://" + hostForUrl(config.http().host()) + ":" + port();
    }

    private void warnUnlessHttps(String base) {
        if (config.alerts().enabled() && config.mail().smtp().isPresent() && !base.startsWith("https://")) {
            LOG.warn("base-url {} is not https: alert emails will carry http links, and mail programs offer one-click"
                    + " unsubscribe only for https ones; set base-url to the public https address", base);
        } else if (!base.startsWith("https://") && !isLoopback(base)) {
            LOG.warn("base-url {} is not https: feed and mail links will not be secure; set base-url to the public https address", base);
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

    /** The scan timer first; polls and sends under way are recorded; then the threads stop and the database closes. */
    @Override
    public Future<?> stop() {
        if (publishing != null) {
            publishing.stop();
        }
        Future<Void> polls = aggregation != null ? aggregation.stop() : Future.succeededFuture();
        Future<Void> sends = alerting != null ? alerting.stop() : Future.succeededFuture();
        return Future.join(polls, sends).compose(done -> mailer instanceof uk.org.perusupportgroup.quipu.mail.SmtpMailer smtp
                ? smtp.close() : Future.succeededFuture()).recover(e -> Future.succeededFuture())
                .compose(closed -> vertx.executeBlocking(() -> {
                    if (reach != null) {
                        reach.stop();   // writes its last counts, while the database is open
                    }
                    if (publishing != null) {
                        publishing.close();
                    }
                    if (databaseWatch != null) {
                        databaseWatch.close();
                    }
                    blocking.shutdown();
                    blocking.awaitTermination(10, TimeUnit.SECONDS);
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
}
