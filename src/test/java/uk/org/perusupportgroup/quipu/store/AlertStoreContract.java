package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.alert.AlertIndex;
import uk.org.perusupportgroup.quipu.alert.AlertMatcher;
import uk.org.perusupportgroup.quipu.alert.DigestSchedule;
import uk.org.perusupportgroup.quipu.alert.AlertService;
import uk.org.perusupportgroup.quipu.alert.TextAnalysis;
import uk.org.perusupportgroup.quipu.alert.Tokens;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * From a stored article to queued messages, on a real database under an injected clock: new articles only, one match
 * per alert, one delivery per subscriber at the soonest frequency, the immediate cap, digests at the digest hour (none
 * when empty), and the consent record through confirmation, change, withdrawal and erasure.
 */
abstract class AlertStoreContract extends DatabaseContract {

    /** Monday 2 March 2026, 10:00 in London (GMT). */
    static final Instant MONDAY = Instant.parse("2026-03-02T10:00:00Z");
    static final QuipuConfig.Alerts CONFIG = new QuipuConfig.Alerts(true, Duration.ofDays(7), Duration.ofDays(7), 7,
            ZoneId.of("Europe/London"), DayOfWeek.MONDAY, 2, 100, Optional.empty(), 20, 3, 5, Optional.empty(), Duration.ofMinutes(2));

    private final MutableClock clock = new MutableClock(MONDAY);
    private JdbcArticleStore articles;
    private JdbcAlertStore alertStore;
    private JdbcDeliveryStore deliveries;
    private JdbcInstanceStore instances;
    private AlertIndex index;
    private AlertService service;
    private AlertMatcher matcher;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        articles = new JdbcArticleStore(dataSource);
        alertStore = new JdbcAlertStore(dataSource);
        deliveries = new JdbcDeliveryStore(dataSource);
        instances = new JdbcInstanceStore(dataSource);
    }

    /** Runs after the tables are emptied: a fresh clock, index and services for each test. */
    @BeforeEach
    void freshServices() {
        clock.set(MONDAY);
        index = new AlertIndex(new TextAnalysis(List.of()));
        Vocabulary vocabulary = new Vocabulary(List.of(new Term(uk.org.perusupportgroup.quipu.article.Facet.TOPIC, "environment",
                "Environment", "Medio ambiente", List.of())), List.of(new Term(uk.org.perusupportgroup.quipu.article.Facet.REGION,
                "apurimac", "Apurímac", "Apurímac", List.of())));
        service = new AlertService(alertStore, index, vocabulary, CONFIG, "example.org", clock);
        matcher = new AlertMatcher(deliveries, index, new DigestSchedule(7, ZoneId.of("Europe/London"), DayOfWeek.MONDAY),
                Duration.ofDays(7), 2, "example.org", clock);
    }

    /** Requests and confirms an alert; returns its id. */
    private long subscribe(String email, String query, String frequency) {
        service.request(new AlertService.Form(email, query, List.of(), List.of(), frequency, "en"), "192.0.2.1", false);
        long id = newest(email);
        String token = service.tokens().sign(Tokens.Purpose.CONFIRM, id, 0, Optional.of(clock.instant().plus(Duration.ofDays(7))));
        assertEquals(Optional.of(AlertStore.Confirmation.CONFIRMED), service.confirm(token, "192.0.2.1").outcome());
        return id;
    }

    private long newest(String email) {
        List<Alert> all = alertStore.ofSubscriber(subscriberOf(email));
        return all.get(all.size() - 1).id();
    }

    private long subscriberOf(String email) {
        try (Connection connection = database.dataSource().getConnection();
                var statement = connection.prepareStatement("SELECT id FROM subscriber WHERE email = ?")) {
            statement.setString(1, email);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void store(String slug, String title, Instant published) {
        articles.insert(new Article(slug, title, "Summary of " + slug, "Body of " + slug, "<p>Body</p>", published,
                Optional.empty(), List.of("environment"), List.of("apurimac"), "en", Optional.empty(), Optional.empty(),
                Optional.empty()), clock.instant());
    }

    private Map<String, Integer> outbox() {
        return deliveries.outboxCounts();
    }

    private int pendingOfKind(String kind) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                var statement = connection.prepareStatement("SELECT COUNT(*) FROM outbox WHERE kind = ? AND state = 'pending'")) {
            statement.setString(1, kind);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void aRequestQueuesOneConfirmationAndAtMostThreeADay() throws SQLException {
        for (int i = 0; i < 4; i++) {
            service.request(new AlertService.Form("Victim@Example.org", "mining " + i, List.of(), List.of(), "daily", "en"),
                    "192.0.2.9", false);
        }
        assertEquals(3, pendingOfKind("confirm"), "the fourth request that day sends nothing");
        clock.advance(Duration.ofHours(25));
        service.request(new AlertService.Form("victim@example.org", "mining", List.of(), List.of(), "daily", "en"),
                "192.0.2.9", false);
        assertEquals(4, pendingOfKind("confirm"), "a day later, one more; the address is one subscriber whatever its case");
        assertEquals(5, alertStore.ofSubscriber(subscriberOf("Victim@Example.org")).size());
    }

    @Test
    void everySpellingOfOneMailboxSharesItsThreeConfirmationsADay() throws SQLException {
        for (String email : List.of("v.ictim+1@gmail.com", "Victim@GoogleMail.com", "victim+psg@gmail.com", "vic.tim@gmail.com")) {
            service.request(new AlertService.Form(email, "mining", List.of(), List.of(), "daily", "en"), "192.0.2.9", false);
        }
        assertEquals(3, pendingOfKind("confirm"), "four spellings of one Gmail mailbox: three emails");
        assertEquals("v.ictim+1@gmail.com", emailOf(subscriberOf("v.ictim+1@gmail.com")), "each is sent to as typed");
        service.request(new AlertService.Form("victim@example.org", "mining", List.of(), List.of(), "daily", "en"),
                "192.0.2.9", false);
        assertEquals(4, pendingOfKind("confirm"), "another mailbox has its own three");
    }

    @Test
    void subscribersStoredBeforeAddressKeysAreKeyedAtStartAndCountWithTheOtherSpellings() throws SQLException {
        for (int i = 0; i < 2; i++) {
            service.request(new AlertService.Form("ana@example.org", "mining " + i, List.of(), List.of(), "daily", "en"),
                    "192.0.2.9", false);
        }
        try (Connection connection = database.dataSource().getConnection();
                var statement = connection.prepareStatement("UPDATE subscriber SET address_key = NULL")) {
            statement.executeUpdate();
        }
        freshServices();   // a start after the migration
        service.request(new AlertService.Form("Ana+x@example.org", "mining", List.of(), List.of(), "daily", "en"),
                "192.0.2.9", false);
        service.request(new AlertService.Form("ana+y@example.org", "mining", List.of(), List.of(), "daily", "en"),
                "192.0.2.9", false);
        assertEquals(3, pendingOfKind("confirm"), "the two from before count");
    }

    @Test
    void theHourlyCapOfConfirmationEmailsPausesSignUpForEveryoneUntilTheHourHasPassed() {
        for (int i = 0; i < 4; i++) {
            service.request(new AlertService.Form("flood" + i + "@example.org", "mining", List.of(), List.of(), "daily",
                    "en"), "10.0.0." + i, false);
        }
        assertEquals(Optional.empty(), service.confirmationsPaused(), "four of the five an hour");
        clock.advance(Duration.ofMinutes(30));
        service.request(new AlertService.Form("flood4@example.org", "mining", List.of(), List.of(), "daily", "en"),
                "10.0.0.4", false);
        assertEquals(Optional.of(AlertService.PAUSE), service.confirmationsPaused(), "five in the last hour: paused");
        clock.advance(Duration.ofMinutes(31));
        assertEquals(Optional.empty(), service.confirmationsPaused(), "the first four are over an hour old");
    }

    private String emailOf(long subscriber) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                var statement = connection.prepareStatement("SELECT email FROM subscriber WHERE id = ?")) {
            statement.setLong(1, subscriber);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    @Test
    void onlyNewArticlesAlertAndEachOnlyOnce() throws SQLException {
        subscribe("a@example.org", "bambas", "immediate");
        store("old-import", "Las Bambas in 2019", MONDAY.minus(Duration.ofDays(30)));
        store("fresh", "Las Bambas today", MONDAY.minus(Duration.ofHours(2)));
        store("other", "Cusco news", MONDAY);
        assertEquals(2, matcher.matchPending(), "the back-dated import is let go unmatched");
        assertEquals(1, pendingOfKind("alert"), "the back-dated import alerts nobody");

        articles.update(new Article("fresh", "Las Bambas today (updated)", "Summary", "Body", "<p>Body</p>",
                MONDAY.minus(Duration.ofHours(2)), Optional.empty(), List.of("environment"), List.of("apurimac"), "en",
                Optional.empty(), Optional.empty(), Optional.empty()), clock.instant());
        assertEquals(0, matcher.matchPending(), "an edited article is not matched again");
        assertEquals(1, pendingOfKind("alert"));
    }

    @Test
    void severalMatchingAlertsOfOneSubscriberMakeOneMessageAtTheSoonestFrequency() throws SQLException {
        long weekly = subscribe("b@example.org", "bambas", "weekly");
        long immediate = subscribe("b@example.org", "apurimac OR bambas", "immediate");
        store("story", "Las Bambas road", MONDAY);
        matcher.matchPending();
        assertEquals(1, pendingOfKind("alert"));
        var claimed = deliveries.claim("test", clock.instant(), Duration.ofMinutes(1), 10);
        assertEquals(List.of(DeliveryStore.Kind.CONFIRM, DeliveryStore.Kind.CONFIRM, DeliveryStore.Kind.ALERT),
                claimed.stream().map(DeliveryStore.Envelope::kind).toList(), "two confirmations and one alert");
        var alert = claimed.get(2);
        assertEquals(List.of(weekly, immediate), alert.items().get(0).alertIds());
        assertTrue(alert.messageId().matches("<alert\\.\\d+\\.\\d+@example\\.org>"), alert.messageId());
    }

    @Test
    void dailyMatchesWaitForTheDigestHourAndAnEmptyDigestSendsNothing() throws SQLException {
        subscribe("c@example.org", "bambas", "daily");
        store("one", "Las Bambas one", MONDAY);
        clock.advance(Duration.ofHours(3));
        store("two", "Las Bambas two", clock.instant());
        matcher.matchPending();
        assertEquals(0, matcher.queueDigests(), "not yet 07:00 Tuesday");
        clock.set(Instant.parse("2026-03-03T06:59:59Z"));
        assertEquals(0, matcher.queueDigests());
        clock.set(Instant.parse("2026-03-03T07:00:00Z"));
        assertEquals(1, matcher.queueDigests());
        assertEquals(1, pendingOfKind("digest"));
        var digest = deliveries.claim("test", clock.instant(), Duration.ofMinutes(1), 10).stream()
                .filter(e -> e.kind() == DeliveryStore.Kind.DIGEST).findFirst().orElseThrow();
        assertEquals(List.of("two", "one"), digest.items().stream().map(i -> i.article().article().slug()).toList());
        clock.set(Instant.parse("2026-03-04T07:00:00Z"));
        assertEquals(0, matcher.queueDigests(), "nothing new: no digest");
    }

    @Test
    void aClaimThatWaitedPastItsLeaseCannotSendOnceTheMessageIsClaimedAgain() throws SQLException {
        subscribe("f@example.org", "bambas", "immediate");
        store("story", "Las Bambas story", MONDAY);
        matcher.matchPending();
        var first = deliveries.claim("same-sender", clock.instant(), Duration.ofMinutes(2), 10).stream()
                .filter(e -> e.kind() == DeliveryStore.Kind.ALERT).findFirst().orElseThrow();
        clock.advance(Duration.ofMinutes(3));
        var second = deliveries.claim("same-sender", clock.instant(), Duration.ofMinutes(2), 10).stream()
                .filter(e -> e.kind() == DeliveryStore.Kind.ALERT).findFirst().orElseThrow();
        assertEquals(first.id(), second.id());
        assertFalse(deliveries.renew(first.id(), "same-sender", first.attempts(), clock.instant().plusSeconds(120)),
                "the stale claim must not send");
        assertTrue(deliveries.renew(second.id(), "same-sender", second.attempts(), clock.instant().plusSeconds(120)));
        assertTrue(deliveries.claim("other-sender", clock.instant().plusSeconds(60), Duration.ofMinutes(2), 10).stream()
                .noneMatch(e -> e.id() == first.id()), "a renewed lease is held");
    }

    @Test
    void threeInstancesMakingDigestsAndClaimingAtOnceNeverShareWork() throws Exception {
        for (int i = 0; i < 30; i++) {
            subscribe("s" + i + "@example.org", "bambas", "daily");
        }
        store("story", "Las Bambas story", MONDAY);
        matcher.matchPending();
        clock.set(Instant.parse("2026-03-03T07:00:00Z"));
        List<AlertMatcher> instances = List.of(matcher, otherMatcher(), otherMatcher());
        List<Integer> made = inParallel(instances.size(), i -> List.of(instances.get(i).queueDigests()));
        assertEquals(30, made.stream().mapToInt(Integer::intValue).sum(), "each subscriber's digest made once: " + made);
        assertEquals(30, pendingOfKind("digest"));
        assertEquals(0, matcher.queueDigests(), "and not again in the same window");

        // 30 confirmations and 30 digests, claimed by three senders seven at a time
        List<Long> claimed = inParallel(3, i -> {
            List<Long> mine = new java.util.ArrayList<>();
            List<DeliveryStore.Envelope> batch;
            do {
                batch = deliveries.claim("sender-" + i, clock.instant(), Duration.ofMinutes(5), 7);
                batch.forEach(envelope -> mine.add(envelope.id()));
            } while (!batch.isEmpty());
            return mine;
        });
        assertEquals(60, claimed.size(), "no message claimed twice");
        assertEquals(60, new java.util.HashSet<>(claimed).size());
    }

    @Test
    void signUpsCountedByThreeInstancesAtOnceStopAtTheLimitForTheHour() throws Exception {
        Instant hour = Instant.parse("2026-03-02T10:00:00Z");
        List<Boolean> counted = inParallel(3, i -> {
            List<Boolean> mine = new java.util.ArrayList<>();
            for (int n = 0; n < 10; n++) {
                mine.add(instances.countSignup("192.0.2.7", hour, 20));
            }
            return mine;
        });
        assertEquals(20, counted.stream().filter(Boolean::booleanValue).count(), "20 of 30 let through: " + counted);
        assertFalse(instances.countSignup("192.0.2.7", hour, 20));
        assertTrue(instances.countSignup("192.0.2.8", hour, 20), "another client has its own allowance");
        assertTrue(instances.countSignup("192.0.2.7", hour.plus(Duration.ofHours(1)), 20), "and the next hour a new one");
    }

    @Test
    void instancesSeeEachOtherAliveUntilOneStopsSayingSo() {
        Duration live = Duration.ofSeconds(30);
        assertEquals(1, instances.heartbeat("a", MONDAY, MONDAY, live));
        assertEquals(2, instances.heartbeat("b", MONDAY, MONDAY.plusSeconds(1), live));
        assertEquals(2, instances.heartbeat("a", MONDAY, MONDAY.plusSeconds(10), live));
        assertEquals(1, instances.heartbeat("a", MONDAY, MONDAY.plusSeconds(40), live), "b went quiet 39 s ago");
    }

    private AlertMatcher otherMatcher() {
        return new AlertMatcher(deliveries, new AlertIndex(new TextAnalysis(List.of())), new DigestSchedule(7,
                ZoneId.of("Europe/London"), DayOfWeek.MONDAY), Duration.ofDays(7), 2, "example.org", clock);
    }

    /** Runs {@code work} on {@code threads} threads released together; returns everything they returned. */
    private static <T> List<T> inParallel(int threads, java.util.function.IntFunction<List<T>> work) throws Exception {
        var start = new java.util.concurrent.CyclicBarrier(threads);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<T>>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.apply(n);
                }));
            }
            List<T> out = new java.util.ArrayList<>();
            for (var future : futures) {
                out.addAll(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAlertConfirmedThroughOneInstanceMatchesTheNextArticleWhicheverInstanceMatchesIt() throws SQLException {
        AlertIndex otherIndex = new AlertIndex(new TextAnalysis(List.of()));
        var otherRounds = new uk.org.perusupportgroup.quipu.alert.AlertRounds(new AlertService(alertStore, otherIndex,
                new Vocabulary(List.of(), List.of()), CONFIG, "example.org", clock), new AlertMatcher(deliveries, otherIndex,
                new DigestSchedule(7, ZoneId.of("Europe/London"), DayOfWeek.MONDAY), Duration.ofDays(7), 2, "example.org", clock),
                deliveries, () -> false, clock);
        otherRounds.run();    // the other instance's index is loaded: no alerts yet
        clock.advance(Duration.ofSeconds(2));
        subscribe("h@example.org", "bambas", "immediate");
        store("story", "Las Bambas story", clock.instant());
        otherRounds.run();    // 2 s after its last sync, well within the 10 s between routine syncs
        assertEquals(1, pendingOfKind("alert"), "the other instance caught up before matching");
    }

    @Test
    void anotherInstanceLearnsOfAlertsConfirmedHere() throws SQLException {
        // a second instance: its own index over the same database
        AlertIndex otherIndex = new AlertIndex(new TextAnalysis(List.of()));
        AlertService other = new AlertService(alertStore, otherIndex, new Vocabulary(List.of(), List.of()), CONFIG,
                "example.org", clock);
        AlertMatcher otherMatcher = new AlertMatcher(deliveries, otherIndex, new DigestSchedule(7, ZoneId.of("Europe/London"),
                DayOfWeek.MONDAY), Duration.ofDays(7), 2, "example.org", clock);
        Instant before = clock.instant();
        long id = subscribe("g@example.org", "bambas", "immediate");
        assertEquals(0, otherIndex.size());
        assertEquals(1, other.syncIndex(before.minus(Duration.ofMinutes(1))));
        store("story", "Las Bambas story", MONDAY);
        otherMatcher.matchPending();
        assertEquals(1, pendingOfKind("alert"), "matched on the other instance");
        clock.advance(Duration.ofMinutes(1));
        Instant later = clock.instant();
        service.unsubscribe(id, "192.0.2.1");
        other.syncIndex(later);
        assertEquals(0, otherIndex.size(), "and of alerts ended here");
    }

    @Test
    void digestHourIsLondonTimeInSummerToo() {
        DigestSchedule schedule = new DigestSchedule(7, ZoneId.of("Europe/London"), DayOfWeek.MONDAY);
        Instant summer = Instant.parse("2026-07-01T12:00:00Z");
        assertEquals(Instant.parse("2026-07-02T06:00:00Z"), schedule.next(uk.org.perusupportgroup.quipu.subscriber.Frequency.DAILY, summer));
        assertEquals(Instant.parse("2026-07-06T06:00:00Z"), schedule.next(uk.org.perusupportgroup.quipu.subscriber.Frequency.WEEKLY, summer));
        assertEquals(Instant.parse("2026-08-01T06:00:00Z"), schedule.next(uk.org.perusupportgroup.quipu.subscriber.Frequency.MONTHLY, summer));
    }

    @Test
    void immediateEmailsPastTheDailyCapJoinTheNextDailyDigest() throws SQLException {
        subscribe("d@example.org", "bambas", "immediate");
        for (int i = 1; i <= 3; i++) {
            store("n" + i, "Las Bambas " + i, clock.instant());
            matcher.matchPending();
        }
        assertEquals(2, pendingOfKind("alert"), "the cap is 2 a day");
        clock.set(Instant.parse("2026-03-03T07:00:00Z"));
        assertEquals(1, matcher.queueDigests());
        assertEquals(1, pendingOfKind("digest"));
    }

    @Test
    void anUnconfirmedRequestLapsesLeavingOnlyAnAnonymousRecord() {
        service.request(new AlertService.Form("late@example.org", "mining", List.of(), List.of(), "daily", "en"),
                "192.0.2.5", false);
        long id = newest("late@example.org");
        String token = service.tokens().sign(Tokens.Purpose.CONFIRM, id, 0, Optional.of(clock.instant().plus(Duration.ofDays(7))));
        clock.advance(Duration.ofDays(6));
        assertEquals(0, service.expire(), "not yet");
        clock.advance(Duration.ofDays(1));
        assertEquals(Optional.of(AlertStore.Confirmation.EXPIRED), alertStore.confirm(id, clock.instant(), "192.0.2.5"));
        assertEquals(1, service.expire());
        assertTrue(alertStore.find(id).isEmpty());
        String hash = uk.org.perusupportgroup.quipu.alert.AlertStoreAccess.addressHash(service, "late@example.org");
        List<AlertStore.ConsentEvent> record = alertStore.consent(hash);
        assertEquals(List.of("requested", "expired"), record.stream().map(AlertStore.ConsentEvent::kind).toList());
        assertTrue(record.stream().allMatch(e -> e.ip().isEmpty() && e.detail().isEmpty()), record.toString());
        assertThrows(uk.org.perusupportgroup.quipu.alert.Tokens.InvalidTokenException.class, () -> service.confirm(token, "192.0.2.5"));
    }

    @Test
    void aLapsedRequestOfAnAddressWithOtherAlertsKeepsNoIpAddressOrQuery() {
        long kept = subscribe("both@example.org", "bambas", "daily");
        service.request(new AlertService.Form("both@example.org", "tia maria", List.of(), List.of(), "daily", "en"),
                "192.0.2.9", false);
        long lapsing = newest("both@example.org");
        clock.advance(Duration.ofDays(8));
        assertEquals(1, service.expire());
        assertTrue(alertStore.find(lapsing).isEmpty());
        assertTrue(alertStore.find(kept).isPresent(), "the confirmed alert stays");
        String hash = uk.org.perusupportgroup.quipu.alert.AlertStoreAccess.addressHash(service, "both@example.org");
        List<AlertStore.ConsentEvent> record = alertStore.consent(hash);
        List<AlertStore.ConsentEvent> ofLapsed = record.stream().filter(e -> e.alertId().equals(Optional.of(lapsing))).toList();
        assertEquals(List.of("requested", "expired"), ofLapsed.stream().map(AlertStore.ConsentEvent::kind).toList());
        assertTrue(ofLapsed.stream().allMatch(e -> e.ip().isEmpty() && e.detail().isEmpty()), "no IP, no query: " + ofLapsed);
        assertTrue(record.stream().filter(e -> e.alertId().equals(Optional.of(kept))).anyMatch(e -> e.ip().isPresent()),
                "the consent record of the alert still on is kept whole: " + record);
    }

    @Test
    void unsubscribingStopsMatchingAndErasureLeavesOnlyAnAnonymousRecord() throws SQLException {
        long id = subscribe("e@example.org", "bambas", "immediate");
        service.unsubscribe(id, "192.0.2.7");
        store("after", "Las Bambas after", clock.instant());
        matcher.matchPending();
        assertEquals(0, pendingOfKind("alert"));

        Alert alert = alertStore.find(id).orElseThrow();
        String hash = uk.org.perusupportgroup.quipu.alert.AlertStoreAccess.addressHash(service, "e@example.org");
        service.erase(alert);
        assertTrue(alertStore.find(id).isEmpty());
        List<AlertStore.ConsentEvent> record = alertStore.consent(hash);
        assertEquals(List.of("requested", "confirmed", "withdrawn", "erased"), record.stream().map(AlertStore.ConsentEvent::kind).toList());
        assertTrue(record.stream().allMatch(e -> e.ip().isEmpty() && e.detail().isEmpty()), "nothing that names the person: " + record);
        assertFalse(outbox().isEmpty());
    }
}
