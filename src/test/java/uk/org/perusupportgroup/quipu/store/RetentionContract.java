package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import uk.org.perusupportgroup.quipu.alert.AlertStoreAccess;
import uk.org.perusupportgroup.quipu.alert.CleanUp;
import uk.org.perusupportgroup.quipu.alert.DigestSchedule;
import uk.org.perusupportgroup.quipu.alert.AlertService;
import uk.org.perusupportgroup.quipu.alert.TextAnalysis;
import uk.org.perusupportgroup.quipu.alert.Tokens;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;

/**
 * The daily clean-up on a real database under a moved clock: each retention setting deletes what is past it and
 * nothing else (never a message still waiting to go); an address with nothing left on is erased to its anonymous
 * record; a request that lapsed leaves nothing once its retention has passed; one instance at a time, once a day.
 */
abstract class RetentionContract extends DatabaseContract {

    private static final Instant START = AlertStoreContract.MONDAY;
    /** The defaults of config/quipu.yaml. */
    private static final QuipuConfig.Retention RETENTION = new QuipuConfig.Retention(Duration.ofDays(30), Duration.ofDays(30),
            Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30));

    private final MutableClock clock = new MutableClock(START);
    private JdbcArticleStore articles;
    private JdbcAlertStore alertStore;
    private JdbcDeliveryStore deliveries;
    private JdbcRetentionStore retention;
    private AlertService service;
    private AlertMatcher matcher;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        articles = new JdbcArticleStore(dataSource);
        alertStore = new JdbcAlertStore(dataSource);
        deliveries = new JdbcDeliveryStore(dataSource);
        retention = new JdbcRetentionStore(dataSource);
    }

    @BeforeEach
    void freshServices() throws SQLException {
        clock.set(START);
        execute("UPDATE quipu_job SET last_done = NULL, lease_owner = NULL, lease_until = NULL");
        AlertIndex index = new AlertIndex(new TextAnalysis(List.of()));
        Vocabulary vocabulary = new Vocabulary(List.of(new Term(Facet.TOPIC, "environment", "Environment", "Medio ambiente",
                List.of())), List.of(new Term(Facet.REGION, "apurimac", "Apurímac", "Apurímac", List.of())));
        service = new AlertService(alertStore, index, vocabulary, AlertStoreContract.CONFIG, "example.org", clock);
        matcher = new AlertMatcher(deliveries, index, new DigestSchedule(7, ZoneId.of("Europe/London"), DayOfWeek.MONDAY),
                Duration.ofDays(7), 10, "example.org", clock);
    }

    private CleanUp cleanUp(String instance) {
        return new CleanUp(retention, service, articles, RETENTION, clock, instance);
    }

    @Test
    void eachRetentionDeletesWhatIsPastItAndNothingElse() throws SQLException {
        long kept = subscribe("kept@example.org", "bambas");
        long dropped = subscribe("leaving@example.org", "bambas");
        long both = subscribe("both@example.org", "bambas");
        long other = subscribe("both@example.org", "tintaya");
        request("never@example.org", "conga");
        store("spill", "Las Bambas spill");
        matcher.matchPending();
        store("withdrawn", "Withdrawn story");
        articles.remove("withdrawn", "test", clock.instant());
        execute("UPDATE outbox SET state = 'sent', sent_at = created_at"); // everything so far has gone
        service.unsubscribe(dropped, "192.0.2.9");
        service.unsubscribe(other, "192.0.2.9");
        long late = subscribe("late@example.org", "bambas"); // its confirmation is still waiting to go
        assertEquals(3, count("SELECT COUNT(*) FROM alert_match"), "three alerts on 'bambas'");
        assertEquals(3, count("SELECT COUNT(*) FROM alert_delivery"));

        clock.advance(Duration.ofDays(8));
        assertEquals(1, service.expire(), "the unconfirmed request lapses after 7 days");
        clock.advance(Duration.ofDays(23)); // day 31
        Map<String, Integer> done = cleanUp("one").runIfDue();

        assertEquals(1, done.get("unsubscribed addresses erased"));
        assertTrue(alertStore.find(dropped).isEmpty(), "an address with nothing on for 30 days is erased");
        assertEquals(List.of("requested", "confirmed", "withdrawn", "erased"), kinds("leaving@example.org"));
        assertTrue(alertStore.consent(hash("leaving@example.org")).stream().allMatch(e -> e.ip().isEmpty() && e.detail().isEmpty()),
                "its anonymous record names nobody");
        assertEquals(1, done.get("unsubscribed alerts"));
        assertTrue(alertStore.find(other).isEmpty(), "an unsubscribed alert goes after 30 days");
        assertTrue(alertStore.find(both).isPresent() && alertStore.find(kept).isPresent(), "alerts that are on stay");
        assertEquals(List.of("requested", "confirmed", "withdrawn"), kindsOf("both@example.org", other),
                "the consent record of an address still subscribed keeps the withdrawn alert's events");
        assertEquals(0, done.get("lapsed requests"), "lapsed 23 days ago: kept 30");
        assertEquals(List.of("requested", "expired"), kinds("never@example.org"));
        assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE state <> 'pending'"), "messages that went, 31 days ago");
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND subscriber_id = "
                + alertStore.find(late).orElseThrow().subscriberId()), "a message still waiting to go is never deleted");
        assertEquals(0, count("SELECT COUNT(*) FROM alert_delivery"), "the deliveries went with their messages");
        assertEquals(2, count("SELECT COUNT(*) FROM alert_match"), "matches are kept 90 days (the erased address's went with it)");
        assertTrue(articles.removed("withdrawn").isEmpty(), "a removed article is purged after 30 days");
        assertTrue(articles.find("spill").isPresent());

        assertEquals(Map.of(), cleanUp("two").runIfDue(), "once a day, whichever instance asks");
        clock.advance(Duration.ofDays(8)); // day 39: the request lapsed 31 days ago
        Map<String, Integer> later = cleanUp("two").runIfDue();
        assertEquals(1, later.get("lapsed requests"));
        assertEquals(List.of(), kinds("never@example.org"), "nothing is left of a request that lapsed 30 days ago");
        assertEquals(2, count("SELECT COUNT(*) FROM alert_match"));
        clock.advance(Duration.ofDays(52)); // day 91
        assertEquals(2, cleanUp("one").runIfDue().get("matches"));
        assertEquals(0, count("SELECT COUNT(*) FROM alert_match"));
    }

    @Test
    void aDeletionLargerThanABatchIsDoneInBatches() throws SQLException {
        subscribe("many@example.org", "bambas");
        int n = AlertStoreAccess.cleanUpBatch() * 2 + 7;
        for (int i = 0; i < n; i++) {
            store("story-" + i, "Las Bambas story " + i);
        }
        matcher.matchPending();
        execute("UPDATE outbox SET state = 'sent', sent_at = created_at");
        assertEquals(n, count("SELECT COUNT(*) FROM alert_match"));
        clock.advance(Duration.ofDays(91));
        Map<String, Integer> done = cleanUp("one").runIfDue();
        assertEquals(n, done.get("matches"));
        assertEquals(0, count("SELECT COUNT(*) FROM alert_match"));
    }

    @Test
    void anotherInstanceWaitsForTheLeaseOfOneThatDiedRunningIt() {
        Instant now = clock.instant();
        assertTrue(retention.claim("clean-up", "died", now, now.minus(Duration.ofDays(1)), now.plus(Duration.ofMinutes(10))));
        assertEquals(Map.of(), cleanUp("one").runIfDue(), "the lease of the instance that died still holds");
        clock.advance(Duration.ofMinutes(11));
        assertTrue(cleanUp("one").runIfDue().containsKey("matches"), "its lease lapsed: another instance runs it");
        assertEquals(Optional.of(clock.instant()), retention.lastDone("clean-up"));
    }

    @Test
    void aFailedCleanUpIsShownUntilOneSucceedsOnceItsLeaseLapsed() throws SQLException {
        CleanUp cleanUp = cleanUp("one");
        execute("ALTER TABLE alert_match RENAME TO alert_match_away");
        try {
            assertEquals(Map.of(), cleanUp.runIfDue());
        } finally {
            execute("ALTER TABLE alert_match_away RENAME TO alert_match");
        }
        assertEquals(1, cleanUp.problems().size());
        assertTrue(cleanUp.problems().get(0).startsWith("the daily clean-up failed"), cleanUp.problems().toString());
        assertEquals(Optional.empty(), retention.lastDone("clean-up"));
        CleanUp other = cleanUp("two");
        assertEquals(Map.of(), other.runIfDue(), "another instance waits for the failed one's lease to lapse");
        clock.advance(Duration.ofMinutes(11));
        assertTrue(other.runIfDue().containsKey("matches"));
        assertEquals(1, cleanUp.problems().size(), "until the failed instance looks again");
        assertTrue(cleanUp.runIfDue().isEmpty(), "done for the day, by the other instance");
        assertEquals(List.of(), cleanUp.problems(), "so the failed one no longer warns");
    }

    private long subscribe(String email, String query) {
        long id = request(email, query);
        String token = service.tokens().sign(Tokens.Purpose.CONFIRM, id, 0, Optional.of(clock.instant().plus(Duration.ofDays(7))));
        assertEquals(Optional.of(AlertStore.Confirmation.CONFIRMED), service.confirm(token, "192.0.2.1").outcome());
        return id;
    }

    private long request(String email, String query) {
        service.request(new AlertService.Form(email, query, List.of(), List.of(), "immediate", "en"), "192.0.2.1", false);
        List<Alert> all = alertStore.ofSubscriber(count("SELECT id FROM subscriber WHERE email = '" + email + "'"));
        return all.get(all.size() - 1).id();
    }

    private void store(String slug, String title) {
        articles.insert(new Article(slug, title, "Summary of " + slug, "Body of " + slug, "<p>Body</p>", clock.instant(),
                Optional.empty(), List.of("environment"), List.of("apurimac"), "en", Optional.empty(), Optional.empty(),
                Optional.empty()), clock.instant());
    }

    private String hash(String email) {
        return AlertStoreAccess.addressHash(service, email);
    }

    private List<String> kinds(String email) {
        return alertStore.consent(hash(email)).stream().map(AlertStore.ConsentEvent::kind).toList();
    }

    private List<String> kindsOf(String email, long alert) {
        return alertStore.consent(hash(email)).stream().filter(e -> e.alertId().equals(Optional.of(alert)))
                .map(AlertStore.ConsentEvent::kind).toList();
    }

    private int count(String sql) {
        try (Connection connection = database.dataSource().getConnection();
                var statement = connection.prepareStatement(sql);
                var rows = statement.executeQuery()) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
