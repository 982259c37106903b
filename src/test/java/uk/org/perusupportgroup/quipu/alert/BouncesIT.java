package uk.org.perusupportgroup.quipu.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.Mailboxes;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.mail.ReportFixtures;

/**
 * Bounces and complaints end to end: subscribers' messages go out with their VERP Return-Path through GreenMail's SMTP,
 * real DSN and ARF reports about them are put in GreenMail's IMAP bounce mailbox, the admin API runs the "bounces" job,
 * and then a hard bounce has suppressed its address, three soft bounces in the window have and two have not, a
 * complaint has ended the alerts, a message that is no report is left there (marked read) while the rest are processed
 * and gone, and nobody suppressed or complaining gets another message.
 */
class BouncesIT {

    private static final String PUBLIC = "https://alerts.example.org";
    private static final String BOUNCES = ReportFixtures.BOUNCE_ADDRESS;

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(BOUNCES, "bounces", "bounce-password"))
            .withPerMethodLifecycle(false);

    @RegisterExtension
    @Order(2)
    static final RunningServer SERVER = new RunningServer(() -> Map.ofEntries(
            Map.entry("QUIPU_MAIL_SMTP_HOST", "127.0.0.1"),
            Map.entry("QUIPU_MAIL_SMTP_PORT", Integer.toString(MAIL.getSmtp().getPort())),
            Map.entry("QUIPU_MAIL_SMTP_STARTTLS", "false"),
            Map.entry("QUIPU_MAIL_BOUNCES_ADDRESS", BOUNCES),
            Map.entry("QUIPU_MAIL_BOUNCES_IMAP_HOST", "127.0.0.1"),
            Map.entry("QUIPU_MAIL_BOUNCES_IMAP_PORT", Integer.toString(MAIL.getImap().getPort())),
            Map.entry("QUIPU_MAIL_BOUNCES_IMAP_SECURITY", "none"),
            Map.entry("QUIPU_MAIL_BOUNCES_IMAP_USERNAME", "bounces"),
            Map.entry("QUIPU_MAIL_BOUNCES_IMAP_PASSWORD", "bounce-password"),
            // the timer waits a day: only the admin API's "now" reads the mailbox here
            Map.entry("QUIPU_MAIL_BOUNCES_IMAP_POLL_INTERVAL", "1d"),
            Map.entry("QUIPU_BASE_URL", PUBLIC),
            Map.entry("QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1000")), running -> server = running);
    private static TestServer server;

    @Test
    void reportsInTheBounceMailboxSuppressEndAlertsAndLeaveOnlyWhatIsNoReport() throws Exception {
        String hard = "no-such-user@example.net";
        String softThree = "full-mailbox@example.net";
        String softTwo = "slow-server@example.net";
        String noToken = "gone@example.net";
        String complainer = "complainer@example.net";
        String redacted = "yahoo-reader@example.net";
        List<String> everyone = List.of(hard, softThree, softTwo, noToken, complainer, redacted);
        Map<String, String> tokens = new java.util.HashMap<>();
        for (String address : everyone) {
            tokens.put(address, subscribe(address));
        }
        int unsubscribedBefore = state("unsubscribed");

        deliver("postfix-user-unknown.eml", tokens.get(hard), hard, "hard-1");
        deliver("postfix-user-unknown.eml", tokens.get(hard), hard, "hard-1"); // the same report twice
        deliver("exim-mailbox-full.eml", tokens.get(softThree), softThree, "soft3-1");
        deliver("garbage.eml", "", "", "garbage-1");
        deliver("exim-mailbox-full.eml", tokens.get(softThree), softThree, "soft3-2");
        deliver("postfix-delayed.eml", tokens.get(softThree), softThree, "soft3-3");
        deliver("exim-mailbox-full.eml", tokens.get(softTwo), softTwo, "soft2-1");
        deliver("postfix-delayed.eml", tokens.get(softTwo), softTwo, "soft2-2");
        deliver("exchange-no-token.eml", "", noToken, "notoken-1");
        deliver("arf-abuse.eml", tokens.get(complainer), complainer, "arf-1");
        deliver("yahoo-arf-redacted.eml", tokens.get(redacted), "redacted@yahoo.example", "yahoo-1");
        deliver("vacation.eml", tokens.get(softTwo), softTwo, "vacation-1");
        deliver("postfix-user-unknown.eml", "zz-aaaaaaaaaaaaaaaa", "stranger@example.net", "forged-1");

        JsonObject poll = runBounces();
        assertEquals(13, poll.getInteger("read"), poll.encode());
        assertEquals(2, poll.getInteger("hard"), "the one read twice counts once, and the one tied by its recipient: " + poll.encode());
        assertEquals(5, poll.getInteger("soft"), poll.encode());
        assertEquals(3, poll.getInteger("suppressed"), poll.encode());
        assertEquals(2, poll.getInteger("complaints"), poll.encode());
        assertEquals(2, poll.getInteger("alerts_ended"), poll.encode());
        assertEquals(1, poll.getInteger("auto_replies"), poll.encode());
        assertEquals(1, poll.getInteger("untied"), "the forged token names nobody: " + poll.encode());
        assertEquals(1, poll.getInteger("unreadable"), poll.encode());
        assertFalse(poll.getBoolean("stopped"));
        assertEquals(unsubscribedBefore + 2, state("unsubscribed"), "both complainers' alerts ended");
        io.vertx.core.json.JsonArray rows = server.reachRows();
        assertEquals(Map.of("mail_bounced hard", 2L, "mail_bounced soft", 5L, "mail_complained ", 2L, "unsubscribed complaint", 2L,
                "mail_suppressed hard", 2L, "mail_suppressed soft", 1L), reach(rows, "mail_bounced", "mail_complained",
                "unsubscribed", "mail_suppressed"), "the same figures on the reach dashboard");

        List<StoredMessage> left = inbox().getMessages();
        assertEquals(1, left.size(), "only what is no report stays");
        assertEquals("Returned mail", left.get(0).getMimeMessage().getSubject());
        assertTrue(left.get(0).getFlags().contains(Flags.Flag.SEEN), "marked read");
        assertEquals(0, runBounces().getInteger("read"), "what was left is not read again");

        // a new article for everyone: only the address with two soft bounces still gets mail
        publish("bambas-bounces", "Las Bambas corridor reopens");
        assertEquals("Alert: Las Bambas corridor reopens", Mailboxes.await(MAIL, softTwo, 2).get(1).getSubject());
        await("no mail to suppressed or complaining addresses").during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(6))
                .until(() -> everyone.stream().filter(a -> !a.equals(softTwo))
                        .allMatch(a -> MAIL.getReceivedMessagesForDomain(a).length == 1));
    }

    /** The reach figures of these metrics, "metric label" → value summed over days. */
    private static Map<String, Long> reach(io.vertx.core.json.JsonArray rows, String... metrics) {
        Map<String, Long> figures = new java.util.TreeMap<>();
        for (Object each : rows) {
            JsonObject row = (JsonObject) each;
            if (List.of(metrics).contains(row.getString("metric"))) {
                figures.merge(row.getString("metric") + " " + row.getString("label"), row.getLong("value"), Long::sum);
            }
        }
        return figures;
    }

    /** Subscribes and confirms {@code address}; returns the VERP token of its confirmation's Return-Path. */
    private static String subscribe(String address) throws Exception {
        HttpResponse<String> sent = server.send(server.request("/subscriptions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", address).put("query", "bambas")
                        .put("frequency", "immediate").put("language", "en").encode())).build());
        assertEquals(202, sent.statusCode(), sent.body());
        MimeMessage confirmation = Mailboxes.await(MAIL, address, 1).get(0);
        String returnPath = confirmation.getHeader("Return-Path", null);
        Matcher verp = Pattern.compile("<bounces\\+([0-9a-z]+-[a-z2-7]{16})@psg\\.example>").matcher(String.valueOf(returnPath));
        assertTrue(verp.matches(), "the VERP envelope sender arrives as the Return-Path: " + returnPath);
        assertEquals("Peru Support Group <alerts@perusupportgroup.org.uk>", confirmation.getHeader("From", null),
                "the From is unchanged");
        Matcher confirm = Pattern.compile(Pattern.quote(PUBLIC) + "(/subscriptions/confirm\\?token=[A-Za-z0-9_-]+)")
                .matcher((String) ((jakarta.mail.Multipart) confirmation.getContent()).getBodyPart(0).getContent());
        assertTrue(confirm.find());
        HttpResponse<String> confirmed = server.send(server.request(confirm.group(1))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        return verp.group(1);
    }

    private static void deliver(String fixture, String token, String recipient, String id) throws Exception {
        byte[] raw = ReportFixtures.load(fixture, token, recipient, id);
        user().deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    private static GreenMailUser user() {
        return MAIL.getUserManager().getUser("bounces");
    }

    private static MailFolder inbox() throws Exception {
        return MAIL.getManagers().getImapHostManager().getInbox(user());
    }

    private static JsonObject runBounces() {
        HttpResponse<String> ran = server.api("POST", "/api/bounces/run", null);
        assertEquals(200, ran.statusCode(), ran.body());
        return new JsonObject(ran.body());
    }

    private static int state(String state) {
        return new JsonObject(server.api("GET", "/api/subscriptions", null).body()).getJsonObject("subscriptions").getInteger(state);
    }

    private static void publish(String slug, String title) {
        JsonObject article = new JsonObject().put("slug", slug).put("title", title).put("summary", title + ".")
                .put("body", title + ". More to follow.").put("published", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("topics", new JsonArray().add("extractive-industries")).put("regions", new JsonArray().add("apurimac"))
                .put("language", "en");
        HttpResponse<String> response = server.api("POST", "/api/articles", article.encode());
        assertEquals(201, response.statusCode(), response.body());
        server.runAlerts();
    }
}
