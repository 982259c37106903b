package uk.org.perusupportgroup.quipu.aggregate;

import uk.org.perusupportgroup.quipu.reach.Metric;
import uk.org.perusupportgroup.quipu.reach.Tally;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.perusupportgroup.quipu.article.PartnerItem;
import uk.org.perusupportgroup.quipu.article.PartnerSource;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.SourceState;
import uk.org.perusupportgroup.quipu.mail.Template;
import uk.org.perusupportgroup.quipu.publish.ArticleService;
import uk.org.perusupportgroup.quipu.store.ArticleStore;
import uk.org.perusupportgroup.quipu.store.PartnerStore;

/**
 * Polls every partner source when it is due: fetch (conditional) → parse or scrape → normalise →
 * store through {@link ArticleService}, so that new partner items reach the feeds and alerts by the
 * same path as PSG's articles. Keeps each source's state in the store, tells staff once per incident
 * (failing too long, gone, a page that stopped yielding items, and recovery), and never drops a
 * source: a failing one is retried with backoff, a gone one waits for staff to refresh it.
 * Runs on one Vert.x context; storage and parsing run on worker threads.
 */
public final class PartnerPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerPoller.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration RELEASE_EVERY = Duration.ofMinutes(1);
    /** Longer than any poll can take (redirects, robots.txt, a slow body); a dead instance's lease lapses after it. */
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration RETELL_EVERY = Duration.ofMinutes(10);
    /** Items dated up to this far ahead are taken as clock skew, not as scheduled. */
    private static final Duration SKEW = Duration.ofMinutes(5);
    /** The memory bodies in flight may take together: it bounds how many polls run at once. */
    /** The poller's worker pool, shared by name with the partner host lookups ({@link HostResolver#system}). */
    static final String WORKERS = "quipu-partners";
    static final int WORKER_THREADS = 4;
    static final long BODY_BUDGET = 192L * 1024 * 1024;

    /** Items stored and failed polls per source, counted for reach. */
    private final Tally tally;
    private final Vertx vertx;
    private final Map<String, PartnerSource> sources = new LinkedHashMap<>();
    private final Fetcher fetcher;
    private final PartnerStore store;
    private final ArticleStore articles;
    private final ArticleService service;
    private final ItemNormaliser normaliser;
    private final StaffNotifier staff;
    private final Clock clock;
    private final Duration notifyAfter;
    private final boolean enabled;
    private final RandomGenerator random;
    private final Map<String, SourceState> states = new ConcurrentHashMap<>();
    private final Map<String, Future<Void>> inFlight = new HashMap<>();
    private final Map<String, URI> discovered = new ConcurrentHashMap<>();
    /** Each source's RSS ttl from its last full response, still in force while it answers 304. */
    private final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    /** When an unsent "gone" notice was last tried again, by source. */
    private final Map<String, Instant> retold = new HashMap<>();
    private final FetchSlots slots;
    private long timer = -1;
    private final io.vertx.core.Context context;
    /** Storage, parsing and name lookups of polls run here, apart from the web's workers: a flood of searches cannot delay polls. */
    private final io.vertx.core.WorkerExecutor workers;
    private Instant lastRelease = Instant.EPOCH;
    /** This poller's name on its leases. */
    private final String owner = java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "-"
            + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffff);

    /**
     * Make it on the context that is to own it (a verticle's): every poll runs there.
     *
     * @param enabled false: nothing is polled (partners.enabled), health is still reported
     * @param maxBody the fetcher's body limit: polls run at once are as many as fit {@link #BODY_BUDGET}
     */
    public PartnerPoller(Vertx vertx, List<PartnerSource> sources, Fetcher fetcher, PartnerStore store, ArticleStore articles,
            ArticleService service, ItemNormaliser normaliser, StaffNotifier staff, Clock clock, Duration notifyAfter,
            boolean enabled, RandomGenerator random, long maxBody, Tally tally) {
        this.tally = tally;
        this.vertx = vertx;
        sources.forEach(source -> this.sources.put(source.id(), source));
        this.fetcher = fetcher;
        this.store = store;
        this.articles = articles;
        this.service = service;
        this.normaliser = normaliser;
        this.staff = staff;
        this.clock = clock;
        this.notifyAfter = notifyAfter;
        this.enabled = enabled;
        this.random = random;
        this.context = vertx.getOrCreateContext();
        this.workers = vertx.createSharedWorkerExecutor(WORKERS, WORKER_THREADS);
        this.slots = new FetchSlots(FetchSlots.forBudget(BODY_BUDGET, maxBody));
    }

    /** Loads the sources' states and starts the schedule, on the context the poller was made on. */
    public Future<Void> start() {
        return workers.executeBlocking(store::states, false).map(loaded -> {
            states.putAll(loaded);
            if (enabled && !sources.isEmpty()) {
                timer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
                context.runOnContext(v -> tick());
                LOG.info("partners: polling {} sources: {}", sources.size(), sources.keySet());
            } else {
                LOG.info("partners: polling is off ({} sources configured)", sources.size());
            }
            return null;
        });
    }

    /** Stops the schedule; completes when the polls under way have been recorded (at most 30 s). */
    public Future<Void> stop() {
        return Future.<Void>future(promise -> context.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            Future.join(List.copyOf(inFlight.values())).onComplete(done -> promise.complete());
        })).timeout(30, java.util.concurrent.TimeUnit.SECONDS).recover(e -> Future.succeededFuture())
                .compose(stopped -> workers.close().recover(e -> Future.succeededFuture()));
    }

    /** Every configured source's health, in configuration order. Blocking (counts stored items). */
    public List<SourceHealth> health() {
        List<SourceHealth> health = new ArrayList<>();
        for (PartnerSource source : sources.values()) {
            SourceState state = state(source);
            health.add(new SourceHealth(source, state, SourceHealth.status(state, enabled), articles.count(Scope.partner(source.id()),
                    uk.org.perusupportgroup.quipu.article.Origin.ANY), enabled));
        }
        return health;
    }

    /** How many sources are in the given status ({@code ok}, {@code failing}, …), from memory: never blocks. */
    public int count(String status) {
        return (int) sources.values().stream().filter(source -> SourceHealth.status(state(source), enabled).equals(status)).count();
    }

    /** One line per source that needs a person (failing, gone, empty page), from memory: never blocks. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (PartnerSource source : sources.values()) {
            SourceState state = state(source);
            String status = SourceHealth.status(state, enabled);
            if (status.equals("failing") || status.equals("gone") || status.equals("empty")) {
                problems.add(source.id() + ": " + status + state.lastError().map(e -> ": " + e).orElse("")
                        + (status.equals("failing") ? " (" + state.consecutiveErrors() + " failed polls)" : ""));
            }
        }
        return problems;
    }

    /**
     * Polls a source now, even one that is gone or backing off; completes when the poll has been
     * recorded. Works when polling is off too (staff asked for it).
     *
     * @return empty when no source has that id
     */
    public Optional<Future<Void>> refresh(String id) {
        PartnerSource source = sources.get(id);
        if (source == null) {
            return Optional.empty();
        }
        // everything the poller holds is touched on its own context only, whoever asks
        Future<Void> done = Future.future(promise -> context.runOnContext(v -> {
            Future<Void> running = inFlight.getOrDefault(id, Future.succeededFuture());
            // a poll already under way finishes first; then this one starts
            running.onComplete(ignored -> {
                states.put(id, state(source).with(false, state(source).failureNotified(), state(source).emptyNotified()));
                discovered.remove(id);
                (inFlight.containsKey(id) ? inFlight.get(id) : poll(source)).onComplete(polled -> promise.complete());
            });
        }));
        return Optional.of(done);
    }

    /** The source's state; a fresh one when it was never polled or its url has changed since. */
    private SourceState state(PartnerSource source) {
        SourceState state = states.get(source.id());
        String url = source.url().toString();
        return state != null && state.url().filter(url::equals).isPresent() ? state : SourceState.fresh(source.id(), url);
    }

    private void tick() {
        Instant now = clock.instant();
        for (PartnerSource source : sources.values()) {
            SourceState state = state(source);
            if (state.gone() && !state.failureNotified() && !inFlight.containsKey(source.id())) {
                retellGone(source, state, now);
            }
            if (inFlight.containsKey(source.id()) || state.gone()) {
                continue;
            }
            if (state.nextCheckAt().map(next -> !next.isAfter(now)).orElse(true)) {
                claimThenPoll(source, now);
            }
        }
        if (Duration.between(lastRelease, now).compareTo(RELEASE_EVERY) >= 0) {
            lastRelease = now;
            // in the queue of fetched bodies: one thing parsed and stored at a time
            workers.executeBlocking(() -> releaseHeld(now), true)
                    .onFailure(e -> LOG.error("partners: releasing held items failed", e));
        }
    }

    /**
     * Polls a source once this instance holds its lease: instances sharing a database poll each source once per
     * interval. Losing the claim means another instance polled it (or is polling it): its shared state is taken over.
     */
    private void claimThenPoll(PartnerSource source, Instant now) {
        Promise<Void> claiming = Promise.promise();
        inFlight.put(source.id(), claiming.future());
        workers.executeBlocking(() -> store.claim(source.id(), owner, now, now.plus(LEASE)), false).onComplete(result -> {
            inFlight.remove(source.id());
            if (result.failed()) {
                LOG.warn("partners: source={} could not be leased: {}", source.id(), result.cause().toString());
                claiming.complete();
                return;
            }
            result.result().state().ifPresent(shared -> states.put(source.id(), shared));
            if (result.result().won()) {
                poll(source).onComplete(ignored -> claiming.complete());
            } else {
                claiming.complete();
            }
        });
    }

    // --- one poll ----------------------------------------------------------------------------------

    /** What a successful poll found. */
    private record Fetched(int status, Optional<String> etag, Optional<String> lastModified, Optional<Duration> maxAge,
            Optional<Duration> ttl, boolean notModified, int items, int added, int updated, int held) {}

    private Future<Void> poll(PartnerSource source) {
        SourceState before = state(source);
        // a slot is held from the request to the stored items, so that bodies waiting to be parsed count too
        Future<Fetched> fetched = slots.run(() -> target(source).compose(url -> fetcher.fetch(new Fetcher.FetchRequest(url,
                        before.etag(), before.lastModified(), source.kind() != PartnerSource.Kind.FEED)))
                .compose(result -> result.notModified()
                        ? Future.succeededFuture(new Fetched(304, result.etag().or(before::etag),
                                result.lastModified().or(before::lastModified), result.maxAge(),
                                Optional.ofNullable(ttls.get(source.id())), true, before.itemsLast(), 0, 0, 0))
                        // one body parsed and stored at a time: bounded memory, and no two sources racing to store one story
                        : workers.executeBlocking(() -> ingest(source, result), true)));
        Future<Void> done = fetched.transform(outcome -> workers.executeBlocking(() -> record(source, before,
                        outcome.succeeded() ? outcome.result() : null, outcome.cause()), false))
                .compose(notices -> {
                    notices.forEach(notice -> tell(source, notice));
                    return Future.<Void>succeededFuture();
                })
                .onFailure(e -> LOG.error("partners: source={} poll not recorded", source.id(), e))
                .onComplete(ignored -> inFlight.remove(source.id()));
        if (!done.isComplete()) {
            inFlight.put(source.id(), done);
        }
        return done;
    }

    /** The URL to fetch: an {@code auto} source's feed is found on its page first, then remembered. */
    private Future<URI> target(PartnerSource source) {
        if (source.kind() != PartnerSource.Kind.AUTO) {
            return Future.succeededFuture(source.url());
        }
        URI known = discovered.get(source.id());
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return fetcher.fetch(new Fetcher.FetchRequest(source.url(), Optional.empty(), Optional.empty(), true)).compose(page -> {
            Optional<URI> feed = PageScraper.discover(FeedReader.decode(page.body(), page.contentType()), page.url());
            if (feed.isEmpty()) {
                return Future.failedFuture(new FetchException("the page " + source.url()
                        + " advertises no feed (no <link rel=\"alternate\"> of an RSS or Atom type)"));
            }
            LOG.info("partners: source={} feed discovered at {}", source.id(), feed.get());
            discovered.put(source.id(), feed.get());
            return Future.succeededFuture(feed.get());
        });
    }

    /** Parses, normalises and stores one fetched body. Blocking. */
    private Fetched ingest(PartnerSource source, Fetcher.FetchResult result) throws SourceFormatException {
        Instant now = clock.instant();
        ParsedSource parsed = source.kind() == PartnerSource.Kind.HTML
                ? PageScraper.scrape(FeedReader.decode(result.body(), result.contentType()), result.url(), source.html().orElseThrow())
                : FeedReader.read(result.body(), result.contentType(), result.url());
        parsed.ttl().ifPresentOrElse(ttl -> ttls.put(source.id(), ttl), () -> ttls.remove(source.id()));
        List<PartnerItem> items = normaliser.normaliseAll(source, parsed.items(), now);
        List<PartnerItem> due = new ArrayList<>();
        int held = 0;
        for (PartnerItem item : items) {
            if (item.published().isAfter(now.plus(SKEW))) {
                store.hold(source.id(), item.key(), item.published(), HeldItems.encode(item));
                held++;
            } else {
                due.add(item);
            }
        }
        PartnerStore.Ingest ingest = service.savePartnerItems(store, source, due);
        if (ingest.added() > 0 || ingest.updated() > 0 || held > 0) {
            LOG.info("partners: source={} items={} added={} updated={} held={}", source.id(), items.size(), ingest.added(),
                    ingest.updated(), held);
        }
        return new Fetched(200, result.etag(), result.lastModified(), result.maxAge(), parsed.ttl(), false, items.size(),
                ingest.added(), ingest.updated(), held);
    }

    /** A notice for staff, and the state to go back to should it not be sent. */
    private record Notice(String subject, String text, SourceState unsent) {}

    /** The staff notices' mails, {@code templates/mail/partner-{kind}.txt}: the subject, a blank line, the text. */
    private static final Map<String, Template> NOTICES = Map.of("empty", Template.load("partner-empty.txt"),
            "working-again", Template.load("partner-working-again.txt"), "failing", Template.load("partner-failing.txt"),
            "gone", Template.load("partner-gone.txt"));

    /** The notice of {@code kind} about {@code source} (its name, id and url), with these other values. */
    private static Notice notice(String kind, PartnerSource source, Map<String, ?> values, SourceState unsent) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("name", source.name());
        all.put("id", source.id());
        all.put("url", source.url().toString());
        String mail = NOTICES.get(kind).render(all);
        int blank = mail.indexOf("\n\n");
        return new Notice(mail.substring(0, blank), mail.substring(blank + 2).stripTrailing(), unsent);
    }

    /**
     * Records a poll's outcome; returns the staff notices it calls for (an incident begun, a page
     * gone empty, a recovery), which are marked sent in the state only once they are. Blocking.
     */
    private List<Notice> record(PartnerSource source, SourceState started, Fetched fetched, Throwable failure) {
        Instant now = clock.instant();
        // the notice flags as they are now: a notice that failed while this poll ran has been taken back
        SourceState current = states.getOrDefault(source.id(), started);
        SourceState before = started.with(started.gone(), current.failureNotified(), current.emptyNotified());
        SourceState after;
        List<Notice> notices = new ArrayList<>();
        String url = source.url().toString();
        if (fetched != null) {
            if (fetched.added() > 0) {
                tally.add(Metric.PARTNER_STORED, source.id(), fetched.added());
            }
            boolean html = source.kind() == PartnerSource.Kind.HTML;
            boolean empty = html && !fetched.notModified() && fetched.items() == 0;
            boolean emptyIncident = empty && (before.yieldedItems() || before.emptyNotified());
            after = new SourceState(source.id(), Optional.of(url), fetched.etag(), fetched.lastModified(), Optional.of(now),
                    Optional.of(fetched.status()), Optional.empty(), fetched.items(),
                    fetched.added() > 0 ? Optional.of(now) : before.lastNewItemAt(), 0, Optional.empty(),
                    Optional.of(Schedule.afterSuccess(now, source.interval(), fetched.maxAge(), fetched.ttl())), false,
                    before.yieldedItems() || fetched.items() > 0, false, fetched.notModified() ? before.emptyNotified() : emptyIncident);
            if (emptyIncident && !before.emptyNotified()) {
                LOG.warn("partners: source={} page yielded no items (it used to): the page may have been redesigned", source.id());
                notices.add(notice("empty", source, Map.of("selector", source.html().map(PartnerSource.HtmlRules::item)
                        .orElse("?")), after.with(false, false, false)));
            }
            if (before.failureNotified()) {
                notices.add(notice("working-again", source, Map.of("now", now.toString(), "errors",
                        before.consecutiveErrors()), after));
            }
        } else {
            tally.add(Metric.PARTNER_POLL_FAILED, source.id());
            FetchException fetch = failure instanceof FetchException f ? f : null;
            String error = failure instanceof SourceFormatException || fetch != null ? failure.getMessage()
                    : "unexpected failure: " + failure;
            boolean gone = fetch != null && fetch.gone();
            int errors = before.consecutiveErrors() + 1;
            Instant since = before.failingSince().orElse(now);
            Optional<Integer> status = fetch != null ? fetch.status() : failure instanceof SourceFormatException ? Optional.of(200)
                    : Optional.empty();
            boolean tellNow = !before.failureNotified() && (gone || !since.plus(notifyAfter).isAfter(now));
            after = new SourceState(source.id(), Optional.of(url), before.etag(), before.lastModified(), Optional.of(now), status,
                    Optional.of(error), before.itemsLast(), before.lastNewItemAt(), errors, Optional.of(since),
                    gone ? Optional.empty() : Optional.of(Schedule.afterFailure(now, source.interval(), errors, status,
                            fetch == null ? Optional.empty() : fetch.retryAfter(), Schedule.jitter(random))),
                    gone, before.yieldedItems(), before.failureNotified() || tellNow, before.emptyNotified());
            if (gone) {
                LOG.warn("partners: source={} status=410 gone: polling stopped; fix the url in config/partners.yaml or"
                        + " POST /api/partners/{}/refresh", source.id(), source.id());
            } else if (failure instanceof FetchException || failure instanceof SourceFormatException) {
                LOG.warn("partners: source={} status={} errors={} next={} error={}", source.id(), status.map(String::valueOf)
                        .orElse("-"), errors, after.nextCheckAt().map(Instant::toString).orElse("-"), error);
            } else {
                LOG.error("partners: source={} poll failed", source.id(), failure);
            }
            if (tellNow) {
                notices.add(notice(gone ? "gone" : "failing", source, Map.of("since", since.toString(), "errors", errors,
                        "error", error), after.with(after.gone(), false, after.emptyNotified())));
            }
        }
        states.put(source.id(), after);
        store.save(after);
        return notices;
    }

    /**
     * A gone source is not polled, so its notice, when it could not be sent, is tried again from
     * here, at most every {@link #RETELL_EVERY}.
     */
    private void retellGone(PartnerSource source, SourceState state, Instant now) {
        Instant last = retold.get(source.id());
        if (last != null && Duration.between(last, now).compareTo(RETELL_EVERY) < 0) {
            return;
        }
        retold.put(source.id(), now);
        SourceState told = state.with(true, true, state.emptyNotified());
        states.put(source.id(), told);
        workers.executeBlocking(() -> {
            store.save(told);
            return null;
        }, false);
        tell(source, notice("gone", source, Map.of("error", state.lastError().orElse("")), state));
    }

    /** Mails a notice; when it cannot be sent, the state forgets it was, so that the next poll tries again. */
    private void tell(PartnerSource source, Notice notice) {
        Future<Void> sent;
        try {
            sent = staff.notify(notice.subject(), notice.text());
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onFailure(e -> {
            LOG.error("partners: source={} staff notice not sent: {}", source.id(), e.getMessage());
            context.runOnContext(v -> {
                SourceState now = states.get(source.id());
                if (now != null && now.lastFetchAt().equals(notice.unsent().lastFetchAt())) {
                    SourceState unsent = now.with(now.gone(), notice.unsent().failureNotified(), notice.unsent().emptyNotified());
                    states.put(source.id(), unsent);
                    workers.executeBlocking(() -> {
                        // the latest state, whichever save runs last
                        store.save(states.getOrDefault(source.id(), unsent));
                        return null;
                    }, false);
                }
            });
        });
    }

    /** Stores the held items whose date has come; should storing fail, they are held again. Blocking. */
    private Void releaseHeld(Instant now) {
        List<PartnerStore.Held> due = store.releaseDue(now);
        Map<String, List<PartnerStore.Held>> bySource = new LinkedHashMap<>();
        for (PartnerStore.Held held : due) {
            if (sources.containsKey(held.source())) {
                bySource.computeIfAbsent(held.source(), s -> new ArrayList<>()).add(held);
            }
        }
        bySource.forEach((id, held) -> {
            try {
                PartnerStore.Ingest ingest = service.savePartnerItems(store, sources.get(id),
                        held.stream().map(h -> HeldItems.decode(h.payload())).toList());
                LOG.info("partners: source={} released held items={} added={}", id, held.size(), ingest.added());
            } catch (RuntimeException e) {
                LOG.error("partners: source={} held items not stored; holding them again", id, e);
                held.forEach(h -> store.hold(h.source(), h.key(), h.due(), h.payload()));
            }
        });
        return null;
    }

    /** The JSON kept for an item held until its date. */
    static final class HeldItems {
        private HeldItems() {}

        static String encode(PartnerItem item) {
            return new JsonObject()
                    .put("key", item.key())
                    .put("link", item.link().map(URI::toString).orElse(null))
                    .put("title", item.title())
                    .put("summary", item.summary())
                    .put("bodyText", item.bodyText())
                    .put("contentHtml", item.contentHtml())
                    .put("published", item.published().toString())
                    .put("updated", item.updated().map(Instant::toString).orElse(null))
                    .put("dated", item.dated())
                    .put("topics", new JsonArray(item.topics()))
                    .put("regions", new JsonArray(item.regions()))
                    .put("language", item.language())
                    .put("author", item.author().orElse(null))
                    .encode();
        }

        static PartnerItem decode(String payload) {
            JsonObject json = new JsonObject(payload);
            return new PartnerItem(json.getString("key"), Optional.ofNullable(json.getString("link")).map(URI::create),
                    json.getString("title"), json.getString("summary"), json.getString("bodyText"), json.getString("contentHtml"),
                    Instant.parse(json.getString("published")), Optional.ofNullable(json.getString("updated")).map(Instant::parse),
                    json.getBoolean("dated"), strings(json.getJsonArray("topics")), strings(json.getJsonArray("regions")),
                    json.getString("language"), Optional.ofNullable(json.getString("author")));
        }

        private static List<String> strings(JsonArray array) {
            List<String> list = new ArrayList<>();
            array.forEach(value -> list.add(String.valueOf(value)));
            return list;
        }
    }
}
