package uk.org.perusupportgroup.quipu;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.aggregate.FixturePartnerSite;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Three instances on one embedded PostgreSQL database, as an operator scales out: two in this JVM (each its own Vert.x
 * and pool) and one in a process of its own, the fat jar, so that it can be killed outright. 1,000 subscriptions made
 * and confirmed through all three, 100 articles published through all three: every alert arrives exactly once; the
 * partner source is polled once between them; all serve the same bytes. Then the process is killed while it holds
 * messages: the other two send them once its lease lapses, and only a message it had on the wire can arrive twice, with
 * the same Message-ID.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    private static final String PUBLIC = "https://alerts.example.org";
    private static final int SUBSCRIBERS = 1_000;
    /** Subscriber i's alert is the word "zq" + (i % WORDS); article k carries "zq" + (k % WORDS). */
    private static final int WORDS = 50;
    private static final Pattern CONFIRM = Pattern.compile(Pattern.quote(PUBLIC) + "(/subscriptions/confirm\\?token=[A-Za-z0-9_-]+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FixturePartnerSite site;
    private static QuipuConfig.Db db;
    private static TestServer first;
    private static TestServer second;
    private static JarProcess third;
    private static List<String> bases;

    @BeforeAll
    static void start() throws Exception {
        site = new FixturePartnerSite()
                .text("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n")
                .fixture("/en/feed/", "amnesty-location-peru-feed.synthetic.xml", "application/rss+xml; charset=UTF-8");
        Path partners = Files.createTempFile("partners", ".yaml");
        Files.writeString(partners, "sources:\n  - id: amnesty\n    name: Amnesty International\n    home: " + site.base
                + "/en/feed/\n    kind: feed\n    url: " + site.base + "/en/feed/\n    interval: 1h\n    language: en\n"
                + "    reuse: excerpt\n");
        db = TestDatabases.postgresConfig("scale-out");
        Map<String, String> env = new HashMap<>(Map.of("QUIPU_DB_URL", db.url(), "QUIPU_BASE_URL", PUBLIC,
                "QUIPU_MAIL_SMTP_HOST", "127.0.0.1", "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()),
                "QUIPU_MAIL_SMTP_STARTTLS", "false", "QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1000000",
                "QUIPU_ALERTS_SEND_RATE", "100", "QUIPU_ALERTS_LEASE", "5s", "QUIPU_PARTNERS_ENABLED", "true",
                "QUIPU_PARTNERS_FILE", partners.toString()));
        env.put("QUIPU_ALERTS_CONFIRMATIONS_PER_HOUR", "1000000");   // 1,000 sign-ups in a minute: not a flood here
        env.put("QUIPU_PARTNERS_HOST_INTERVAL", "100ms");
        env.put("QUIPU_PARTNERS_ALLOW_PRIVATE_ADDRESSES", "true"); // the fixture site is on 127.0.0.1
        env.put("QUIPU_ADMIN_TOKEN", TestServer.TOKEN);
        env.put("QUIPU_ARTICLES_SCAN_INTERVAL", "1h");
        first = TestServer.start(env);
        second = TestServer.start(env);
        third = JarProcess.start(env);
        bases = List.of(first.base, second.base, third.base);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable each : new AutoCloseable[] {third, second, first, site}) {
            if (each != null) {
                each.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyAlertArrivesExactlyOnceAndEveryInstanceServesTheSameFeed() throws Exception {
        // 1,000 requests through the three instances; each confirmation link used on the next instance along
        for (int i = 0; i < SUBSCRIBERS; i++) {
            HttpResponse<String> response = post(bases.get(i % 3), "/subscriptions", "application/json", new JsonObject()
                    .put("email", address(i)).put("query", "zq" + (i % WORDS)).put("frequency", "immediate")
                    .put("language", "en").encode());
            assertEquals(202, response.statusCode(), response.body());
        }
        Map<String, List<MimeMessage>> confirmations = byRecipient(awaitMessages(SUBSCRIBERS));
        assertEquals(SUBSCRIBERS, confirmations.size(), "one confirmation per address");
        for (int i = 0; i < SUBSCRIBERS; i++) {
            List<MimeMessage> mine = confirmations.get(address(i));
            assertEquals(1, mine.size(), address(i));
            Matcher link = CONFIRM.matcher(text(mine.get(0)));
            assertTrue(link.find(), address(i));
            HttpResponse<String> confirmed = post(bases.get((i + 1) % 3), link.group(1), "application/x-www-form-urlencoded", "");
            assertEquals(200, confirmed.statusCode(), confirmed.body());
        }
        assertEquals(SUBSCRIBERS, new JsonObject(api(first.base, "GET", "/api/subscriptions", null).body())
                .getJsonObject("subscriptions").getInteger("confirmed"), "all confirmed, whichever instance is asked");

        for (int k = 0; k < 100; k++) {
            publish(bases.get(k % 3), k);
        }
        // each article matches 20 subscribers: 2,000 alerts, 2 per subscriber
        awaitMessages(SUBSCRIBERS + 2_000);
        // for several more rounds of every sender no more arrive: a duplicate would have by now
        await("no message twice").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> SMTP.getReceivedMessages().length == SUBSCRIBERS + 2_000);
        List<MimeMessage> alerts = alertsOnly(List.of(SMTP.getReceivedMessages()));
        assertEquals(2_000, alerts.size(), "every alert once, none twice");
        Set<String> ids = new HashSet<>();
        for (MimeMessage alert : alerts) {
            assertTrue(ids.add(alert.getMessageID()), "sent twice: " + alert.getMessageID());
        }
        assertExpected(byRecipient(alerts), 0, 100);

        assertEquals(1, site.requests("/en/feed/").size(), "the partner feed is polled once between three instances");
        assertSameFeed("/feeds/all.atom");
        assertSameFeed("/feeds/partners.atom");
    }

    @Test
    @Order(2)
    void killingAnInstanceWhileItSendsLosesNothingAndRepeatsOnlyWhatWasOnTheWire() throws Exception {
        int before = SMTP.getReceivedMessages().length;
        for (int k = 100; k < 200; k++) {
            publish(bases.get(k % 2), k); // through the two that will live on
        }
        int held = await("the process holds messages").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> heldBy(third.leasePrefix()), n -> n > 0);
        // the killed process's connections to the relay reset: GreenMail's handler threads throw, as expected, and
        // Awaitility (which fails an await on any thread's uncaught exception by default) is told to let them be
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        try {
            afterTheKill(before, held);
        } finally {
            Awaitility.reset();
        }
    }

    private void afterTheKill(int before, int held) throws Exception {
        third.kill();
        int orphaned = heldBy(third.leasePrefix());
        System.out.printf("killed the third instance holding %d messages (%d unsent after the kill)%n", held, orphaned);

        awaitMessages(before + 2_000);
        // the dead instance's lease (5 s) lapses and the others send what it held: nothing is left waiting in the outbox,
        // and for several more rounds nothing more arrives
        await("the outbox sent out").atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
        int sent = SMTP.getReceivedMessages().length;
        await("nothing more").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> SMTP.getReceivedMessages().length == sent);
        // GreenMail lists messages by mailbox, not in order of arrival: the second hundred are told by their subject
        List<MimeMessage> all = alertsOnly(List.of(SMTP.getReceivedMessages()));
        List<MimeMessage> late = new ArrayList<>();
        for (MimeMessage alert : all) {
            if (Integer.parseInt(alert.getSubject().replaceAll("^Alert: Field report (\\d+) .*$", "$1")) >= 100) {
                late.add(alert);
            }
        }
        Map<String, List<MimeMessage>> byId = new TreeMap<>();
        for (MimeMessage alert : late) {
            byId.computeIfAbsent(alert.getMessageID(), id -> new ArrayList<>()).add(alert);
        }
        assertEquals(2_000, byId.size(), "every alert of the second hundred arrived");
        long repeated = byId.values().stream().filter(same -> same.size() > 1).count();
        assertTrue(byId.values().stream().allMatch(same -> same.size() <= 2), "at most one repeat of any message");
        assertTrue(repeated <= orphaned, "only what the dead instance held unsent (" + orphaned + ") can be repeated: "
                + repeated);
        System.out.printf("%d messages arrived twice, with the same Message-ID%n", repeated);
        assertExpected(byRecipient(late), 100, 200);
        assertEquals(4_000, all.size() - repeated);
        try (Connection connection = DriverManager.getConnection(db.url());
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT state, COUNT(*) FROM outbox WHERE kind = 'alert' GROUP BY state")) {
            Map<String, Integer> states = new HashMap<>();
            while (rows.next()) {
                states.put(rows.getString(1), rows.getInt(2));
            }
            assertEquals(Map.of("sent", 4_000), states, "nothing left behind in the outbox");
        }
    }

    /** Each subscriber received exactly the articles of [from, to) that carry their word, each once. */
    private static void assertExpected(Map<String, List<MimeMessage>> received, int from, int to) throws Exception {
        assertEquals(SUBSCRIBERS, received.size(), "every subscriber got alerts");
        for (int i = 0; i < SUBSCRIBERS; i++) {
            Set<String> expected = new HashSet<>();
            for (int k = from; k < to; k++) {
                if (k % WORDS == i % WORDS) {
                    expected.add("Alert: " + title(k));
                }
            }
            Set<String> subjects = new HashSet<>();
            for (MimeMessage message : received.get(address(i))) {
                subjects.add(message.getSubject());
            }
            assertEquals(expected, subjects, address(i));
        }
    }

    private static void assertSameFeed(String path) {
        await(path + " the same on every instance").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<HttpResponse<byte[]>> feeds = new ArrayList<>();
            for (String base : bases) {
                feeds.add(HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            HttpResponse<byte[]> reference = feeds.get(0);
            boolean same = true;
            for (HttpResponse<byte[]> feed : feeds) {
                assertEquals(200, feed.statusCode(), path);
                same &= java.util.Arrays.equals(reference.body(), feed.body())
                        && reference.headers().firstValue("ETag").equals(feed.headers().firstValue("ETag"));
            }
            return same;
        });
    }

    /** Messages still waiting to go, whoever holds them. */
    private static int pending() throws Exception {
        try (Connection connection = DriverManager.getConnection(db.url());
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int heldBy(String ownerPrefix) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.url());
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"
                        + " AND lease_owner LIKE ? AND lease_until > now()")) {
            select.setString(1, ownerPrefix + "%");
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String address(int i) {
        return "reader" + i + "@example.org";
    }

    private static String title(int k) {
        return "Field report " + k + " on zq" + (k % WORDS);
    }

    private static void publish(String base, int k) {
        JsonObject article = new JsonObject().put("slug", "field-report-" + k).put("title", title(k))
                .put("summary", "Report " + k + ".").put("body", "Report " + k + " from the regions.")
                .put("published", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("topics", new JsonArray().add("human-rights")).put("regions", new JsonArray().add("lima"))
                .put("language", "en");
        HttpResponse<String> response = api(base, "POST", "/api/articles", article.encode());
        assertEquals(201, response.statusCode(), response.body());
    }

    private static HttpResponse<String> post(String base, String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> api(String base, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TestServer.TOKEN);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + base + path + ": " + e, e);
        }
    }

    /** Every message received so far, once there are at least {@code count} (waiting up to two minutes). */
    private static List<MimeMessage> awaitMessages(int count) {
        try {
            return Mailboxes.awaitAll(SMTP, count, Duration.ofMinutes(2));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " messages, got " + SMTP.getReceivedMessages().length
                    + "; the jar's log:\n" + third.log(), e);
        }
    }

    private static List<MimeMessage> alertsOnly(List<MimeMessage> messages) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage message : messages) {
            if (message.getSubject().startsWith("Alert: ")) {
                out.add(message);
            }
        }
        return out;
    }

    private static Map<String, List<MimeMessage>> byRecipient(List<MimeMessage> messages) throws Exception {
        Map<String, List<MimeMessage>> out = new HashMap<>();
        for (MimeMessage message : messages) {
            String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
            out.computeIfAbsent(to, key -> new ArrayList<>()).add(message);
        }
        return out;
    }

    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        return content instanceof Multipart multipart ? (String) multipart.getBodyPart(0).getContent() : (String) content;
    }
}
