package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * The whole alert flow against a real SMTP server (GreenMail): subscribe, confirm through the link in the received
 * mail, publish matching and non-matching articles, receive exactly the right emails with every header, unsubscribe
 * by one-click POST to the List-Unsubscribe URL, and receive nothing more.
 */
class AlertsIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    /** Links in mail use the public https base-url; the test reaches the same paths over http. */
    private static final String PUBLIC = "https://alerts.example.org";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("QUIPU_MAIL_SMTP_HOST", "127.0.0.1",
                "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()), "QUIPU_MAIL_SMTP_STARTTLS", "false",
                "QUIPU_BASE_URL", PUBLIC, "QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1000"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void subscribeConfirmReceiveExactlyTheMatchesThenUnsubscribeByOneClick() throws Exception {
        String address = "reporter@example.org";
        HttpResponse<String> subscribed = postJson("/subscriptions", new JsonObject().put("email", address)
                .put("query", "\"las bambas\" OR apurímac").put("regions", new JsonArray().add("apurimac"))
                .put("frequency", "immediate").put("language", "en"));
        assertEquals(202, subscribed.statusCode(), subscribed.body());

        MimeMessage confirmation = awaitMail(address, 1).get(0);
        assertTrue(confirmation.getSubject().startsWith("Confirm your alert: \"las bambas\" OR apurímac"), confirmation.getSubject());
        assertEquals(null, confirmation.getHeader("List-Unsubscribe"), "no list headers before confirmation");
        String confirm = link(text(confirmation), "/subscriptions/confirm?token=");
        assertFalse(confirm.contains("reporter") || confirm.contains("bambas"), "no address or query in a link: " + confirm);

        HttpResponse<String> page = server.get(local(confirm));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<button type=\"submit\">Confirm</button>"), page.body());
        assertEquals(0, counts().getJsonObject("subscriptions").getInteger("confirmed"), "a GET changes nothing");
        HttpResponse<String> confirmed = post(local(confirm), "");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertTrue(confirmed.body().contains("Your alert is on"));
        assertEquals(1, counts().getJsonObject("subscriptions").getInteger("confirmed"));

        publish("bambas-road-blockade", "Communities block the Las Bambas mining corridor", "apurimac");
        publish("espinar-water", "Water monitoring in Espinar", "cusco");
        List<MimeMessage> mails = awaitMail(address, 2);
        MimeMessage alert = mails.get(1);
        assertEquals("Alert: Communities block the Las Bambas mining corridor", alert.getSubject());
        assertTrue(alert.getMessageID().matches("<alert\\.\\d+\\.\\d+@perusupportgroup\\.org\\.uk>"), alert.getMessageID());
        assertEquals("Peru Support Group alerts <alerts.perusupportgroup.org.uk>", alert.getHeader("List-Id", null));
        assertEquals("List-Unsubscribe=One-Click", alert.getHeader("List-Unsubscribe-Post", null));
        assertEquals("auto-generated", alert.getHeader("Auto-Submitted", null));
        String unsubscribe = alert.getHeader("List-Unsubscribe", null);
        assertTrue(unsubscribe.matches("<" + Pattern.quote(PUBLIC) + "/subscriptions/unsubscribe\\?token=[A-Za-z0-9_-]+>"), unsubscribe);
        assertTrue(alert.isMimeType("multipart/alternative"), alert.getContentType());
        Multipart parts = (Multipart) alert.getContent();
        assertEquals(2, parts.getCount());
        BodyPart plain = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertTrue(plain.isMimeType("text/plain") && html.isMimeType("text/html"));
        assertTrue(((String) plain.getContent()).contains(PUBLIC + "/articles/bambas-road-blockade"), (String) plain.getContent());
        String htmlBody = (String) html.getContent();
        assertTrue(htmlBody.contains("href=\"" + PUBLIC + "/articles/bambas-road-blockade\""), htmlBody);
        assertFalse(htmlBody.contains("<img"), "no tracking pixel");

        server.app().runAlerts();
        Thread.sleep(2_500); // several sender rounds: nothing else is due
        assertEquals(2, SMTP.getReceivedMessagesForDomain(address).length, "the non-matching article sent nothing");

        String oneClick = unsubscribe.substring(1, unsubscribe.length() - 1);
        HttpResponse<String> done = server.send(server.request(local(oneClick))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build());
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(1, counts().getJsonObject("subscriptions").getInteger("unsubscribed"));

        publish("bambas-dialogue", "Dialogue table on Las Bambas resumes", "apurimac");
        server.app().runAlerts();
        Thread.sleep(2_500);
        assertEquals(2, SMTP.getReceivedMessagesForDomain(address).length, "nothing after unsubscribing");
    }

    private static JsonObject counts() {
        return new JsonObject(server.api("GET", "/api/subscriptions", null).body());
    }

    private static void publish(String slug, String title, String region) {
        JsonObject article = new JsonObject().put("slug", slug).put("title", title).put("summary", title + ".")
                .put("body", title + ". More to follow.").put("published", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("topics", new JsonArray().add("extractive-industries")).put("regions", new JsonArray().add(region))
                .put("language", "en");
        HttpResponse<String> response = server.api("POST", "/api/articles", article.encode());
        assertEquals(201, response.statusCode(), response.body());
        server.app().runAlerts();
    }

    static HttpResponse<String> postJson(String path, JsonObject body) {
        return server.send(server.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    static HttpResponse<String> post(String path, String form) {
        return server.send(server.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** The messages received for {@code address}, waiting up to 15 s until there are {@code count}. */
    static List<MimeMessage> awaitMail(String address, int count) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            MimeMessage[] received = SMTP.getReceivedMessagesForDomain(address);
            if (received.length >= count) {
                return List.of(received);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " messages for " + address + ", got "
                + SMTP.getReceivedMessagesForDomain(address).length);
    }

    static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof Multipart multipart) {
            return (String) multipart.getBodyPart(0).getContent();
        }
        return (String) content;
    }

    static String link(String text, String path) {
        Matcher m = Pattern.compile(Pattern.quote(PUBLIC + path) + "[A-Za-z0-9_-]+").matcher(text);
        assertTrue(m.find(), "no " + path + " link in:\n" + text);
        return m.group();
    }

    /** The path and query of a public link, to request from the test server. */
    static String local(String publicUrl) {
        assertTrue(publicUrl.startsWith(PUBLIC), publicUrl);
        return publicUrl.substring(PUBLIC.length());
    }

    @SuppressWarnings("unused")
    private static List<String> subjects(List<MimeMessage> mails) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage mail : mails) {
            out.add(mail.getSubject());
        }
        assertNotNull(out);
        return out;
    }
}
