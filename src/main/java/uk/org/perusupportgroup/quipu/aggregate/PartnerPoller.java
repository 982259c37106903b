package uk.org.perusupportgroup.quipu.aggregate;

import io.vertx.core.Future;
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
    /** Items dated up to this far ahead are taken as clock skew, not as scheduled. */
    private static final Duration SKEW = Duration.ofMinutes(5);

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
    private long timer = -1;
    private Instant lastRelease = Instant.EPOCH;

    /** @param enabled false: nothing is polled (partners.enabled), health is still reported */
    public PartnerPoller(Vertx vertx, List<PartnerSource> sources, Fetcher fetcher, PartnerStore store, ArticleStore articles,
            ArticleService service, ItemNormaliser normaliser, StaffNotifier staff, Clock clock, Duration notifyAfter,
            boolean enabled, RandomGenerator random) {
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
    }

    /** Loads the sources' states and starts the schedule; call on the context that will own the poller. */
    public Future<Void> start() {
        return vertx.executeBlocking(store::states, false).map(loaded -> {
            states.putAll(loaded);
            if (enabled && !sources.isEmpty()) {
                timer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
                vertx.runOnContext(v -> tick());
                LOG.info("partners: polling {} sources: {}", sources.size(), sources.keySet());
            } else {
                LOG.info("partners: polling is off ({} sources configured)", sources.size());
            }
            return null;
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Every configured source's health, in configuration order. Blocking (counts stored items). */
    public List<SourceHealth> health() {
        List<SourceHealth> health = new ArrayList<>();
        for (PartnerSource source : sources.values()) {
            SourceState state = states.getOrDefault(source.id(), SourceState.fresh(source.id()));
            health.add(new SourceHealth(source, state, SourceHealth.status(state, enabled), articles.count(Scope.partner(source.id()),
                    uk.org.perusupportgroup.quipu.article.Origin.ANY), enabled));
        }
        return health;
    }

    public Optional<PartnerSource> source(String id) {
        return Optional.ofNullable(sources.get(id));
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
        Future<Void> done = Future.future(promise -> vertx.runOnContext(v -> {
            Future<Void> running = inFlight.getOrDefault(id, Future.succeededFuture());
            // a poll already under way finishes first; then this one starts
            running.onComplete(ignored -> {
                SourceState state = states.getOrDefault(id, SourceState.fresh(id));
                states.put(id, withGone(state, false));
                discovered.remove(id);
                (inFlight.containsKey(id) ? inFlight.get(id) : poll(source)).onComplete(polled -> promise.complete());
            });
        }));
        return Optional.of(done);
    }

    private void tick() {
        Instant now = clock.instant();
        for (PartnerSource source : sources.values()) {
            SourceState state = states.getOrDefault(source.id(), SourceState.fresh(source.id()));
            if (inFlight.containsKey(source.id()) || state.gone()) {
                continue;
            }
            if (state.nextCheckAt().map(next -> !next.isAfter(now)).orElse(true)) {
                poll(source);
            }
        }
        if (Duration.between(lastRelease, now).compareTo(RELEASE_EVERY) >= 0) {
            lastRelease = now;
            vertx.executeBlocking(() -> releaseHeld(now), false)
                    .onFailure(e -> LOG.error("partners: releasing held items failed", e));
        }
    }

    // --- one poll ----------------------------------------------------------------------------------

    /** What a successful poll found. */
    private record Fetched(int status, Optional<String> etag, Optional<String> lastModified, Optional<Duration> maxAge,
            Optional<Duration> ttl, boolean notModified, int items, int added, int updated, int held) {}

    private Future<Void> poll(PartnerSource source) {
        SourceState before = states.getOrDefault(source.id(), SourceState.fresh(source.id()));
        Future<Fetched> fetched = target(source).compose(url -> fetcher.fetch(new Fetcher.FetchRequest(url, before.etag(),
                before.lastModified(), source.kind() != PartnerSource.Kind.FEED)))
                .compose(result -> result.notModified()
                        ? Future.succeededFuture(new Fetched(304, result.etag().or(before::etag),
                                result.lastModified().or(before::lastModified), result.maxAge(), Optional.empty(), true,
                                before.itemsLast(), 0, 0, 0))
                        : vertx.executeBlocking(() -> ingest(source, result), false));
        Future<Void> done = fetched.transform(outcome -> vertx.executeBlocking(() -> {
            record(source, before, outcome.succeeded() ? outcome.result() : null, outcome.cause());
            return null;
        }, false)).<Void>mapEmpty().onFailure(e -> LOG.error("partners: source={} poll not recorded", source.id(), e))
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

    /** Records a poll's outcome and tells staff when an incident begins or ends. Blocking. */
    private void record(PartnerSource source, SourceState before, Fetched fetched, Throwable failure) {
        Instant now = clock.instant();
        SourceState after;
        if (fetched != null) {
            boolean html = source.kind() == PartnerSource.Kind.HTML;
            boolean empty = html && !fetched.notModified() && fetched.items() == 0;
            boolean emptyIncident = empty && (before.yieldedItems() || before.emptyNotified());
            after = new SourceState(source.id(), fetched.etag(), fetched.lastModified(), Optional.of(now),
                    Optional.of(fetched.status()), Optional.empty(), fetched.items(),
                    fetched.added() > 0 ? Optional.of(now) : before.lastNewItemAt(), 0, Optional.empty(),
                    Optional.of(Schedule.afterSuccess(now, source.interval(), fetched.maxAge(), fetched.ttl())), false,
                    before.yieldedItems() || fetched.items() > 0, false, fetched.notModified() ? before.emptyNotified() : emptyIncident);
            if (emptyIncident && !before.emptyNotified()) {
                LOG.warn("partners: source={} page yielded no items (it used to): the page may have been redesigned", source.id());
                tell(source, "no items found on " + source.name() + "'s page",
                        "The page " + source.url() + " used to yield items, but the last poll found none with the"
                                + " configured selectors (item: " + source.html().map(PartnerSource.HtmlRules::item).orElse("?")
                                + "). The page may have been redesigned: check it and update config/partners.yaml.");
            }
            if (before.failureNotified()) {
                tell(source, source.name() + " is working again", "The source " + source.id() + " (" + source.url()
                        + ") was fetched successfully again at " + now + " after " + before.consecutiveErrors() + " failed polls.");
            }
        } else {
            FetchException fetch = failure instanceof FetchException f ? f : null;
            String error = failure instanceof SourceFormatException || fetch != null ? failure.getMessage()
                    : "unexpected failure: " + failure;
            boolean gone = fetch != null && fetch.gone();
            int errors = before.consecutiveErrors() + 1;
            Instant since = before.failingSince().orElse(now);
            Optional<Integer> status = fetch != null ? fetch.status() : failure instanceof SourceFormatException ? Optional.of(200)
                    : Optional.empty();
            boolean tellNow = !before.failureNotified() && (gone || !since.plus(notifyAfter).isAfter(now));
            after = new SourceState(source.id(), before.etag(), before.lastModified(), Optional.of(now), status,
                    Optional.of(error), before.itemsLast(), before.lastNewItemAt(), errors, Optional.of(since),
                    gone ? Optional.empty() : Optional.of(Schedule.afterFailure(now, source.interval(), errors,
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
                tell(source, gone ? source.name() + " is gone (HTTP 410): polling stopped"
                                : source.name() + " has been failing since " + since,
                        "The source " + source.id() + " (" + source.url() + ") "
                                + (gone ? "answered 410 Gone: Quipu has stopped polling it. Fix its url in"
                                        + " config/partners.yaml, or POST /api/partners/" + source.id() + "/refresh to try again."
                                        : "has failed " + errors + " times in a row since " + since + ".")
                                + "\n\nLast error: " + error + "\n\nIts items already stored stay published.");
            }
        }
        states.put(source.id(), after);
        store.save(after);
    }

    private void tell(PartnerSource source, String subject, String text) {
        staff.notify("Quipu partner source: " + subject, text + "\n\nSource health: /admin/partners")
                .onFailure(e -> LOG.error("partners: source={} staff notice not sent: {}", source.id(), e.getMessage()));
    }

    /** Stores the held items whose date has come. Blocking. */
    private Void releaseHeld(Instant now) {
        List<PartnerStore.Held> due = store.releaseDue(now);
        Map<String, List<PartnerItem>> bySource = new LinkedHashMap<>();
        for (PartnerStore.Held held : due) {
            if (sources.containsKey(held.source())) {
                bySource.computeIfAbsent(held.source(), s -> new ArrayList<>()).add(HeldItems.decode(held.payload()));
            }
        }
        bySource.forEach((id, items) -> {
            PartnerStore.Ingest ingest = service.savePartnerItems(store, sources.get(id), items);
            LOG.info("partners: source={} released held items={} added={}", id, items.size(), ingest.added());
        });
        return null;
    }

    private static SourceState withGone(SourceState s, boolean gone) {
        return new SourceState(s.id(), s.etag(), s.lastModified(), s.lastFetchAt(), s.lastStatus(), s.lastError(), s.itemsLast(),
                s.lastNewItemAt(), s.consecutiveErrors(), s.failingSince(), s.nextCheckAt(), gone, s.yieldedItems(),
                s.failureNotified(), s.emptyNotified());
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
