package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Term;
import uk.org.perusupportgroup.quipu.article.Vocabulary;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.mail.Mailer;
import uk.org.perusupportgroup.quipu.mail.SmtpMailer;
import uk.org.perusupportgroup.quipu.mail.SmtpStub;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;
import uk.org.perusupportgroup.quipu.store.Database;
import uk.org.perusupportgroup.quipu.store.DeliveryStore;
import uk.org.perusupportgroup.quipu.store.JdbcArticleStore;
import uk.org.perusupportgroup.quipu.store.JdbcDeliveryStore;
import uk.org.perusupportgroup.quipu.store.JdbcAlertStore;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * The outbox sender against real SMTP servers: GreenMail, and a stub that answers 451 or 550 5.1.1; with an injected
 * clock for the 72-hour limit and the lease. Includes the crash between the server's acceptance and the mark.
 */
class AlertSenderTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final QuipuConfig.Alerts CONFIG = new QuipuConfig.Alerts(true, Duration.ofDays(7), Duration.ofDays(7), 7,
            ZoneId.of("Europe/London"), DayOfWeek.MONDAY, 50, 1000, Optional.empty(), 20, 3, 300, Optional.empty(), Duration.ofMinutes(2));

    private final MutableClock clock = new MutableClock(T0);
    private Vertx vertx;
    private Database database;
    private JdbcArticleStore articles;
    private JdbcAlertStore alertStore;
    private JdbcDeliveryStore deliveries;
    private AlertService service;
    private AlertMatcher matcher;
    private AlertComposer composer;
    private final List<SmtpMailer> mailers = new ArrayList<>();

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        database = TestDatabases.h2Database("sender-" + System.nanoTime());
        articles = new JdbcArticleStore(database.dataSource());
        alertStore = new JdbcAlertStore(database.dataSource());
        deliveries = new JdbcDeliveryStore(database.dataSource());
        AlertIndex index = new AlertIndex(new TextAnalysis(List.of()));
        Vocabulary vocabulary = new Vocabulary(List.of(new Term(Facet.TOPIC, "environment", "Environment", "Medio ambiente",
                List.of())), List.of(new Term(Facet.REGION, "apurimac", "Apurímac", "Apurímac", List.of())));
        service = new AlertService(alertStore, index, vocabulary, CONFIG, "example.org", clock);
        matcher = new AlertMatcher(deliveries, index, new DigestSchedule(7, ZoneId.of("Europe/London"), DayOfWeek.MONDAY),
                Duration.ofDays(7), 50, "example.org", clock);
        composer = new AlertComposer(new SiteLinks("https://alerts.example.org", "example.org"), service.tokens(),
                "Peru Support Group <alerts@example.org>", id -> id);
    }

    @AfterEach
    void close() throws Exception {
        for (SmtpMailer mailer : mailers) {
            // a stub already stopped makes the pool's QUIT fail: that is no failure of the test
            mailer.close().otherwiseEmpty().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        database.close();
    }

    private Mailer smtp(int port) {
        SmtpMailer mailer = new SmtpMailer(vertx, new QuipuConfig.Smtp("127.0.0.1", port, false, "", ""), "alerts@example.org");
        mailers.add(mailer);
        return mailer;
    }

    private AlertSender sender(Mailer mailer, String owner) {
        return new AlertSender(vertx, deliveries, alertStore, composer, mailer, 1000, Duration.ofMinutes(2), clock, owner,
                uk.org.perusupportgroup.quipu.reach.Tally.NONE);
    }

    private static int await(Future<Integer> round) throws Exception {
        return round.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A confirmed immediate alert for {@code email} and {@code n} matching articles, all queued. */
    private void alerts(String email, int n) {
        service.request(new AlertService.Form(email, "bambas", List.of(), List.of(), "immediate", "en"), "192.0.2.1", false);
        long id = alertStore.ofSubscriber(subscriberId(email)).get(0).id();
        service.confirm(service.tokens().sign(Tokens.Purpose.CONFIRM, id, 0, Optional.of(T0.plus(Duration.ofDays(1)))), "192.0.2.1");
        for (int i = 1; i <= n; i++) {
            articles.insert(new Article(email.split("@")[0] + "-story-" + i, "Las Bambas story " + i, "Summary " + i, "Body " + i,
                    "<p>Body</p>", clock.instant(), Optional.empty(), List.of("environment"), List.of("apurimac"), "en",
                    Optional.empty(), Optional.empty(), Optional.empty()), clock.instant());
        }
        matcher.matchPending();
        // the confirmation went out before the confirmation click (a confirmation still queued would be dropped now)
        execute("DELETE FROM outbox WHERE kind = 'confirm'");
    }

    private void execute(String sql) {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.createStatement().executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long subscriberId(String email) {
        return query("SELECT id FROM subscriber WHERE email = '" + email + "'");
    }

    private long query(String sql) {
        try (Connection connection = database.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String state) {
        return query("SELECT COUNT(*) FROM outbox WHERE state = '" + state + "'");
    }

    @Test
    void sendsEachMessageOnceAndMarksItSent() throws Exception {
        alerts("one@example.org", 3);
        AlertSender sender = sender(smtp(SMTP.getSmtp().getPort()), "a");
        assertEquals(3, await(sender.sendDue()));
        assertEquals(0, await(sender.sendDue()));
        assertEquals(3, SMTP.getReceivedMessages().length);
        assertEquals(3, count("sent"));
    }

    @Test
    void aTemporaryRefusalIsRetriedWithBackoffThenGivenUpAfter72Hours() throws Exception {
        alerts("busy@example.org", 1);
        try (SmtpStub stub = new SmtpStub("451 4.3.0 try again later")) {
            AlertSender sender = sender(smtp(stub.port()), "a");
            assertEquals(0, await(sender.sendDue()));
            assertEquals(1, count("pending"));
            Instant next;
            long attempts = query("SELECT attempts FROM outbox");
            assertEquals(1, attempts);
            try (Connection connection = database.dataSource().getConnection();
                    ResultSet rows = connection.createStatement().executeQuery("SELECT next_attempt, last_error FROM outbox")) {
                rows.next();
                next = rows.getObject(1, java.time.OffsetDateTime.class).toInstant();
                assertTrue(rows.getString(2).contains("451"), rows.getString(2));
            }
            assertTrue(!next.isBefore(T0.plusSeconds(30)) && !next.isAfter(T0.plusSeconds(90)), "first retry in 1 min ±50 %: " + next);
            assertEquals(0, await(sender.sendDue()), "not due yet");
            assertEquals(1, query("SELECT attempts FROM outbox"));

            clock.set(T0.plus(Duration.ofHours(72)));
            assertEquals(0, await(sender.sendDue()));
            assertEquals(1, count("failed"), "given up after 72 h");
        }
    }

    @Test
    void aHardBounceSuppressesTheAddressAndNothingMoreIsTried() throws Exception {
        alerts("gone@example.org", 1);
        try (SmtpStub stub = new SmtpStub("550 5.1.1 <gone@example.org>: no such user")) {
            AlertSender sender = sender(smtp(stub.port()), "a");
            assertEquals(0, await(sender.sendDue()));
            assertEquals(1, count("failed"));
            assertTrue(alertStore.isSuppressed(AlertStoreAccess.addressHash(service, "GONE@example.org")));
            long rcpts = stub.commands().stream().filter(c -> c.startsWith("RCPT")).count();

            articles.insert(new Article("later", "Las Bambas later", "S", "B", "<p>B</p>", clock.instant(), Optional.empty(),
                    List.of("environment"), List.of("apurimac"), "en", Optional.empty(), Optional.empty(), Optional.empty()),
                    clock.instant());
            matcher.matchPending();
            assertEquals(0, await(sender.sendDue()));
            assertEquals(1, count("dropped"), "the later alert is dropped at send time");
            assertEquals(rcpts, stub.commands().stream().filter(c -> c.startsWith("RCPT")).count(), "no further attempt");
        }
    }

    @Test
    void aRelayThatIsDownPausesAllSending() throws Exception {
        alerts("patient@example.org", 6);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AlertSender sender = sender(smtp(closedPort), "a");
        assertEquals(0, await(sender.sendDue()));
        assertTrue(sender.paused(), "5 connection failures in a row open the breaker");
        assertEquals(6, count("pending"), "nothing is lost");
        long attempts = query("SELECT SUM(attempts) FROM outbox");
        assertEquals(0, await(sender.sendDue()));
        assertEquals(attempts, query("SELECT SUM(attempts) FROM outbox"), "no claims while paused");
        clock.advance(Duration.ofMinutes(5));
        assertFalse(sender.paused());
    }

    /**
     * The process dies after the SMTP server accepted some messages and before they were marked sent: a new sender, once
     * the lease has lapsed, repeats those messages with their Message-IDs, and only those. Sends overlap, so that can
     * be more than one.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} messages, sends {1} accepted but never marked")
    @org.junit.jupiter.params.provider.CsvSource({"3, 2", "4, 2 3"})
    void aCrashBetweenAcceptanceAndMarkRepeatsOnlyTheMessagesAcceptedAndNotMarked(int messages, String stuck) throws Exception {
        List<Integer> unmarked = java.util.Arrays.stream(stuck.split(" ")).map(Integer::valueOf).toList();
        alerts("crash@example.org", messages);
        Mailer real = smtp(SMTP.getSmtp().getPort());
        AtomicInteger sends = new AtomicInteger();
        Mailer dying = message -> {
            if (unmarked.contains(sends.incrementAndGet())) {
                // accepted by the server; the process dies before the answer is recorded
                Promise<Void> never = Promise.promise();
                return real.send(message).compose(accepted -> never.future());
            }
            return real.send(message);
        };
        AlertSender first = sender(dying, "a");
        Future<Integer> round = first.sendDue();
        int marked = messages - unmarked.size();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.getReceivedMessages().length >= messages && count("sent") >= marked);
        assertEquals(messages, SMTP.getReceivedMessages().length);
        assertFalse(round.isComplete(), "the first sender is stuck as if dead");
        assertEquals(marked, count("sent"));

        clock.advance(Duration.ofMinutes(3)); // the dead sender's lease lapses
        AlertSender restarted = sender(real, "b");
        assertEquals(unmarked.size(), await(restarted.sendDue()));
        assertEquals(0, await(restarted.sendDue()));
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(messages + unmarked.size(), received.length, "the unmarked messages repeated, none lost");
        List<String> ids = new ArrayList<>();
        for (MimeMessage message : received) {
            ids.add(message.getMessageID());
        }
        assertEquals(messages, ids.stream().distinct().count(), "a repeat carries the same Message-ID: " + ids);
        assertEquals(messages, count("sent"));
    }

    /**
     * The subscriber unsubscribes after the sender claimed the message and before it is handed to the relay (it waits
     * for its slot of the send rate meanwhile, up to half a lease): the sender reads the alert again and drops it.
     */
    @Test
    void anAlertUnsubscribedAfterItsMessageWasClaimedIsNotSent() throws Exception {
        alerts("changed-mind@example.org", 1);
        long alert = alertStore.ofSubscriber(subscriberId("changed-mind@example.org")).get(0).id();
        // the real store; the unsubscription lands between the claim and the send, as from the web meanwhile
        DeliveryStore claimThenUnsubscribe = (DeliveryStore) java.lang.reflect.Proxy.newProxyInstance(
                DeliveryStore.class.getClassLoader(), new Class<?>[] {DeliveryStore.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(deliveries, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("claim") && !((List<?>) result).isEmpty()) {
                        assertTrue(service.unsubscribe(alert, "192.0.2.9"));
                    }
                    return result;
                });
        AlertSender sender = new AlertSender(vertx, claimThenUnsubscribe, alertStore, composer, smtp(SMTP.getSmtp().getPort()),
                1000, Duration.ofMinutes(2), clock, "a", uk.org.perusupportgroup.quipu.reach.Tally.NONE);

        assertEquals(0, await(sender.sendDue()));

        assertEquals(0, SMTP.getReceivedMessages().length, "nothing handed to the relay");
        try (Connection connection = database.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery("SELECT state, last_error FROM outbox")) {
            rows.next();
            assertEquals("dropped", rows.getString(1));
            assertEquals("no confirmed alert wants it any more", rows.getString(2));
        }
    }

    @Test
    void backoffGrowsAndStaysUnderSixHours() {
        for (int attempts = 1; attempts < 40; attempts++) {
            Duration backoff = AlertSender.backoff(attempts);
            assertTrue(backoff.compareTo(Duration.ofSeconds(29)) > 0 && backoff.compareTo(Duration.ofHours(9)) <= 0, backoff.toString());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            550 5.1.1 no such user                               | 550 | 5.1.1 | true  | false
            553 mailbox name not allowed                         | 553 |       | true  | false
            550 relaying denied (a bare 550 may be policy)        | 550 |       | false | false
            552 5.2.2 mailbox full                               | 552 | 5.2.2 | false | false
            550 5.7.1 rejected by policy                         | 550 | 5.7.1 | false | false
            535 5.7.8 authentication failed (the relay, not him) | 535 | 5.7.8 | false | true
            530 5.7.0 must issue STARTTLS first                  | 530 | 5.7.0 | false | true
            """)
    void onlyBadMailboxAnswersSuppressAndRelayAnswersAreNotTheMessagesFault(String answer, int code, String enhanced,
            boolean suppress, boolean relay) {
        var failure = new uk.org.perusupportgroup.quipu.mail.MailException("smtp 10.5.1.20:25 refused <x@y>: " + answer, true,
                java.util.OptionalInt.of(code), Optional.ofNullable(enhanced), null);
        assertEquals(suppress, AlertSender.badMailbox(failure));
        assertEquals(relay, AlertSender.relayTrouble(failure));
    }

    @Test
    void aSuppressionKeepsTheAnswerButNotTheAddress() throws Exception {
        alerts("named@example.org", 1);
        try (SmtpStub stub = new SmtpStub("550 5.1.1 <named@example.org>: Recipient address rejected")) {
            AlertSender sender = sender(smtp(stub.port()), "a");
            assertEquals(0, await(sender.sendDue()));
            try (Connection connection = database.dataSource().getConnection();
                    ResultSet rows = connection.createStatement().executeQuery("SELECT reason FROM suppression")) {
                rows.next();
                assertEquals("hard bounce: SMTP 550 5.1.1", rows.getString(1));
            }
        }
    }

    @Test
    void anAlertWhoseOnlyArticleWasWithdrawnIsNotSentAndTheOutboxSaysWhy() throws Exception {
        alerts("withdrawn@example.org", 1);
        articles.remove("withdrawn-story-1", "deleted by staff", clock.instant());

        assertEquals(0, await(sender(smtp(SMTP.getSmtp().getPort()), "a").sendDue()));

        assertEquals(0, SMTP.getReceivedMessages().length);
        try (Connection connection = database.dataSource().getConnection();
                ResultSet rows = connection.createStatement().executeQuery("SELECT state, last_error FROM outbox")) {
            rows.next();
            assertEquals("dropped", rows.getString(1));
            assertEquals("every article in it was withdrawn since it matched: Las Bambas story 1", rows.getString(2));
        }
    }

    @Test
    void aDigestNamesTheArticleWithdrawnSinceItMatchedInsteadOfDroppingItUnsaid() throws Exception {
        service.request(new AlertService.Form("digest@example.org", "bambas", List.of(), List.of(), "daily", "en"),
                "192.0.2.1", false);
        long id = alertStore.ofSubscriber(subscriberId("digest@example.org")).get(0).id();
        service.confirm(service.tokens().sign(Tokens.Purpose.CONFIRM, id, 0, Optional.of(T0.plus(Duration.ofDays(1)))), "192.0.2.1");
        execute("DELETE FROM outbox WHERE kind = 'confirm'");
        for (String slug : List.of("kept-story", "pulled-story")) {
            articles.insert(new Article(slug, "Las Bambas " + slug, "Summary", "Body", "<p>Body</p>", clock.instant(),
                    Optional.empty(), List.of("environment"), List.of("apurimac"), "en", Optional.empty(), Optional.empty(),
                    Optional.empty()), clock.instant());
        }
        matcher.matchPending();
        articles.remove("pulled-story", "deleted by staff", clock.instant().plusSeconds(60));
        clock.set(Instant.parse("2026-03-03T07:00:00Z"));
        assertEquals(1, matcher.queueDigests());

        assertEquals(1, await(sender(smtp(SMTP.getSmtp().getPort()), "a").sendDue()));

        MimeMessage digest = SMTP.getReceivedMessages()[0];
        assertEquals("1 new article for your alerts", digest.getSubject());
        String text = (String) ((jakarta.mail.Multipart) digest.getContent()).getBodyPart(0).getContent();
        assertTrue(text.contains("https://alerts.example.org/articles/kept-story"), text);
        assertTrue(text.contains("Withdrawn by the Peru Support Group since it matched: Las Bambas pulled-story"), text);
        assertFalse(text.contains("/articles/pulled-story"), "no link to what is withdrawn");
    }
}
