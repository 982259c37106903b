package uk.org.perusupportgroup.quipu.alert;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.ConfigException;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.mail.BounceMailbox;
import uk.org.perusupportgroup.quipu.mail.Mailer;
import uk.org.perusupportgroup.quipu.mail.Reports;
import uk.org.perusupportgroup.quipu.reach.Tally;
import uk.org.perusupportgroup.quipu.publish.Publishing;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.JdbcBounceStore;
import uk.org.perusupportgroup.quipu.store.JdbcDeliveryStore;
import uk.org.perusupportgroup.quipu.store.JdbcInstanceStore;
import uk.org.perusupportgroup.quipu.store.JdbcRetentionStore;
import uk.org.perusupportgroup.quipu.store.JdbcAlertStore;

/**
 * Alerts, assembled: subscribers' alerts and the index of their queries, searches and previews, matching and digests,
 * the outbox and its sender, the heartbeat by which sending instances share the send rate, the daily clean-up, and
 * the bounce mailbox's reader.
 * Owns its timers and threads: {@link #start} runs them, {@link #stop} ends them and lets sends under way finish.
 */
public final class Alerting {

    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    private final QuipuConfig.Alerts config;
    private final Vertx vertx;
    private final Alerts alerts;
    private final SearchService search;
    private final AlertRounds rounds;
    /** Null when alerts are disabled. */
    private final AlertSender sender;
    private final CleanUp cleanUp;
    private final JdbcInstanceStore instances;
    private final Clock clock;
    private final String instance;
    private final ExecutorService blocking;
    /** Matching, digests and the heartbeat, on a thread of their own: nothing on the web's side delays them. */
    private final ExecutorService alertWork = Executors.newSingleThreadExecutor(new DefaultThreadFactory("quipu-alerts", true));
    /** The daily clean-up, on a thread of its own: a long one delays neither alerts nor the web. */
    private final ExecutorService cleanUpWork = Executors.newSingleThreadExecutor(new DefaultThreadFactory("quipu-clean-up", true));
    /** The bounce mailbox's polls, on a thread of their own: a slow IMAP server delays nothing else. */
    private final ExecutorService bounceWork = Executors.newSingleThreadExecutor(new DefaultThreadFactory("quipu-bounces", true));
    /** Empty when no bounce mailbox is configured (mail.bounces.imap.host). */
    private final Optional<BounceReader> bounces;
    private final Duration bouncePoll;
    private final AtomicBoolean roundRunning = new AtomicBoolean();
    private final List<Long> timers = new ArrayList<>();
    private volatile int liveInstances = 1;

    private Alerting(QuipuConfig.Alerts config, Vertx vertx, Alerts alerts, SearchService search, AlertRounds rounds,
            AlertSender sender, CleanUp cleanUp, JdbcInstanceStore instances, Clock clock, String instance,
            ExecutorService blocking, Optional<BounceReader> bounces, Duration bouncePoll) {
        this.bounces = bounces;
        this.bouncePoll = bouncePoll;
        this.config = config;
        this.vertx = vertx;
        this.alerts = alerts;
        this.search = search;
        this.rounds = rounds;
        this.sender = sender;
        this.cleanUp = cleanUp;
        this.instances = instances;
        this.clock = clock;
        this.instance = instance;
        this.blocking = blocking;
    }

    /**
     * Builds alerts on the published articles: the synonyms of {@code alerts.synonyms} (or the built-in ones), the
     * stores, the email composer on {@code links}, and the searches kept up to date with every article change, here
     * and on other instances.
     *
     * @param blocking the threads that build and update the search index
     * @param instance this instance's name on its leases and heartbeat
     */
    public static Alerting assemble(QuipuConfig config, Vertx vertx, Database database, Vocabulary vocabulary,
            Publishing publishing, SiteLinks links, Mailer mailer, Clock clock, ExecutorService blocking, String instance,
            MeterRegistry metrics, Tally tally) {
        QuipuConfig.Alerts settings = config.alerts();
        var analysis = new TextAnalysis(synonyms(settings));
        var index = new AlertIndex(analysis);
        var alertStore = new JdbcAlertStore(database.dataSource());
        var deliveries = new JdbcDeliveryStore(database.dataSource());
        var instances = new JdbcInstanceStore(database.dataSource());
        var service = new AlertService(alertStore, index, vocabulary, settings, config.feed().tagAuthority(),
                clock, mailer::forget, tally);
        var matcher = new AlertMatcher(deliveries, index, new DigestSchedule(settings.digestHour(), settings.timeZone(),
                settings.weeklyDay()), settings.maxAge(), settings.immediatePerDay(), config.feed().tagAuthority(), clock);
        var feeds = publishing.feeds();
        var composer = new AlertComposer(links, service.tokens(), config.mail().from(),
                id -> feeds.partner(id).map(PartnerSource::name).orElse(id), config.mail().bounces().address());
        var search = new SearchService(new ArticleSearch(analysis), publishing.store(), deliveries, feeds, links,
                config.feed().pageSize(), config.feed().searchCacheMib() * 1024L * 1024L, clock);
        publishing.articles().onChange(search::changed);
        publishing.onChangeElsewhere(search::changedElsewhere);
        var alerts = new Alerts(settings.enabled(), service, deliveries, composer,
                new SignupLimiter(settings.signupsPerHour(), clock, instances::countSignup), search);
        // the sender (and its mail threads) only when alerts are on; the rounds always, for their figures
        AlertSender sender = settings.enabled() ? new AlertSender(vertx, deliveries, alertStore, composer, mailer,
                settings.sendRate(), settings.lease(), clock, instance, tally) : null;
        var rounds = new AlertRounds(service, matcher, deliveries, sender == null ? () -> false : sender::paused, clock);
        var cleanUp = new CleanUp(new JdbcRetentionStore(database.dataSource()), service, publishing.store(),
                config.retention(), clock, instance);
        QuipuConfig.Bounces bounceSettings = config.mail().bounces();
        Optional<BounceReader> bounces = bounceSettings.imap().map(imap -> new BounceReader(new BounceMailbox(imap),
                new Reports(bounceSettings.address()), new JdbcBounceStore(database.dataSource()), service, bounceSettings,
                tally, clock));
        var alerting = new Alerting(settings, vertx, alerts, search, rounds, sender, cleanUp, instances, clock, instance,
                blocking, bounces, bounceSettings.imap().map(QuipuConfig.Imap::pollInterval).orElse(Duration.ofMinutes(5)));
        alerting.measure(metrics);
        return alerting;
    }

    private void measure(MeterRegistry metrics) {
        for (String state : List.of("pending", "sent", "failed", "dropped")) {
            Gauge.builder("quipu_outbox_messages", rounds, r -> r.outboxCounts().getOrDefault(state, 0)).tag("state", state)
                    .description("Alert and confirmation emails by outbox state").register(metrics);
        }
        for (Alert.State state : Alert.State.values()) {
            Gauge.builder("quipu_subscriptions", rounds, r -> r.alertCounts().getOrDefault(state, 0))
                    .tag("state", state.value()).description("Alert subscriptions by state").register(metrics);
        }
        if (config.enabled()) {
            Gauge.builder("quipu_instances", this, a -> a.liveInstances)
                    .description("Instances sending alert mail from this database, seen alive in the last 30 s")
                    .register(metrics);
        }
    }

    /**
     * Builds the search index (searches find less until it is built); when alerts are enabled, matches and sends every
     * second and beats the heart every 10 s; asks for the daily clean-up every 10 minutes, the first a minute from now.
     */
    public void start() {
        blocking.execute(() -> {
            try {
                search.build();
            } catch (RuntimeException e) {
                LOG.error("search: the article index could not be built", e);
            }
        });
        if (config.enabled()) {
            timers.add(vertx.setPeriodic(1_000, tick -> round()));
            startHeartbeat();
        } else {
            LOG.info("alerts: disabled (alerts.enabled=false): nothing is matched or sent");
        }
        // due once a day (one instance runs it); every instance asks
        timers.add(vertx.setPeriodic(60_000, 600_000, tick -> cleanUpWork.execute(cleanUp::runIfDue)));
        bounces.ifPresent(reader -> timers.add(vertx.setPeriodic(bouncePoll.toMillis(), tick -> bounceWork.execute(() -> {
            try {
                reader.poll();
            } catch (RuntimeException e) {
                LOG.warn("bounces: {}", e.getMessage());
            }
        }))));
    }

    /** One round of matching and digests (unless one is still running), then whatever is due is sent. */
    private void round() {
        if (roundRunning.compareAndSet(false, true)) {
            alertWork.execute(() -> {
                try {
                    if (rounds.run() > 0) {
                        sender.sendDue();
                    }
                } finally {
                    roundRunning.set(false);
                }
            });
        }
        sender.sendDue();
    }

    /** Every 10 s this sending instance tells the database it is alive; the live ones share {@code alerts.send-rate}. */
    private void startHeartbeat() {
        Instant started = clock.instant();
        Runnable beat = () -> {
            try {
                liveInstances = instances.heartbeat(instance, started, clock.instant(), Duration.ofSeconds(30));
                sender.share(liveInstances);
            } catch (RuntimeException e) {
                LOG.warn("instances: could not record this instance as alive: {}", e.getMessage());
            }
        };
        alertWork.execute(beat);
        timers.add(vertx.setPeriodic(10_000, tick -> alertWork.execute(beat)));
    }

    /** Cancels the timers; completes once sends under way are recorded and the threads have stopped. */
    public Future<Void> stop() {
        timers.forEach(vertx::cancelTimer);
        Future<Void> sends = config.enabled() ? sender.stop() : Future.succeededFuture();
        return sends.recover(e -> Future.succeededFuture()).compose(sent -> vertx.executeBlocking(() -> {
            alertWork.shutdown();
            cleanUpWork.shutdown();
            bounceWork.shutdown();
            alertWork.awaitTermination(10, TimeUnit.SECONDS);
            cleanUpWork.awaitTermination(10, TimeUnit.SECONDS);
            bounceWork.awaitTermination(10, TimeUnit.SECONDS);
            return null;
        }, false));
    }

    /** Whether alerts are matched and sent here ({@code alerts.enabled}). */
    public boolean enabled() {
        return config.enabled();
    }

    /**
     * What a round run at an operator's request did: articles matched and digests queued, messages this request handed
     * to the relay (the others due go with the next rounds; none when the sender's own round was claiming them), and
     * whether sending is paused because the relay is not answering.
     */
    public record Round(int queued, int sent, boolean relayPaused) {}

    /**
     * One round now on the rounds' own thread, with digests checked whatever the time since the last check; then what is
     * due is sent. Only when alerts are {@linkplain #enabled enabled}. Fails when the round fails.
     */
    public Future<Round> runNow() {
        var round = CompletableFuture.supplyAsync(rounds::runNow, alertWork);
        return Future.fromCompletionStage(round, vertx.getOrCreateContext())
                .compose(queued -> sender.sendDue().map(sent -> new Round(queued, sent, sender.paused())));
    }

    /**
     * The daily clean-up now, on its own thread, unless it already ran today (here or on another instance): how many
     * rows each retention removed, empty when it was not due. Fails when it failed (or the last run here failed and
     * holds its lease until it is tried again).
     */
    public Future<Map<String, Integer>> cleanUpNow() {
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> {
            Map<String, Integer> done = cleanUp.runIfDue();
            if (done.isEmpty() && !cleanUp.problems().isEmpty()) {
                throw new IllegalStateException(String.join("; ", cleanUp.problems()));
            }
            return done;
        }, cleanUpWork), vertx.getOrCreateContext());
    }

    /** Whether a bounce mailbox is read here ({@code mail.bounces.imap.host}). */
    public boolean readsBounces() {
        return bounces.isPresent();
    }

    /**
     * A poll of the bounce mailbox now, on its own thread (after one waiting for the timer). Only when
     * {@linkplain #readsBounces one is read}. Fails when the mailbox cannot be read.
     */
    public Future<BounceReader.Poll> bouncesNow() {
        BounceReader reader = bounces.orElseThrow(() -> new IllegalStateException("no bounce mailbox is configured"));
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(reader::poll, bounceWork), vertx.getOrCreateContext());
    }

    /** What the web offers of alerts: sign-up, confirmation, management, previews and searches. */
    public Alerts web() {
        return alerts;
    }

    /** The alerts as figures for reach ({@link AlertService#figures}); reads the database. */
    public Map<String, Long> figures() {
        return alerts.service().figures();
    }

    /** What /health says of alerts and of the daily clean-up of what they leave behind. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(config.enabled() ? rounds.problems() : List.of());
        problems.addAll(cleanUp.problems());
        return problems;
    }

    private static List<List<String>> synonyms(QuipuConfig.Alerts settings) {
        String name = settings.synonyms().map(Object::toString).orElse("the built-in synonyms");
        String text;
        try {
            if (settings.synonyms().isPresent()) {
                text = Files.readString(settings.synonyms().get());
            } else {
                try (InputStream in = Alerting.class.getResourceAsStream("/defaults/synonyms.txt")) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("alerts.synonyms: " + name + " could not be read", e);
        }
        try {
            return Synonyms.parse(text, name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("alerts.synonyms: " + e.getMessage()));
        }
    }
}
