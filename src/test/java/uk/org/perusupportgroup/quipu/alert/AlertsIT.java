package uk.org.perusupportgroup.quipu.alert;

import static org.awaitility.Awaitility.await;
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
import java.time.Duration;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.Mailboxes;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.ReachRows;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * The whole alert flow against a real SMTP server (GreenMail): subscribe, confirm through the link in the received
 * mail, publish matching and non-matching articles, receive exactly the right emails with every header, unsubscribe
 * by one-click POST to the List-Unsubscribe URL, and receive nothing more.
 */
class AlertsIT {

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    /** Links in mail use the public https base-url; the test reaches the same paths over http. */
    private static final String PUBLIC = "https://alerts.example.org";
    @RegisterExtension
    @Order(2)
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_MAIL_SMTP_HOST", "127.0.0.1",
                "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()), "QUIPU_MAIL_SMTP_STARTTLS", "false",
                "QUIPU_BASE_URL", PUBLIC, "QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1000"), running -> server = running);
    private static TestServer server;

    @Test
    void subscribeConfirmReceiveExactlyTheMatchesThenUnsubscribeByOneClick() throws Exception {
        String address = "reporter@example.org";
        int confirmedBefore = state("confirmed");
        int unsubscribedBefore = state("unsubscribed");
        HttpResponse<String> subscribed = postJson("/subscriptions", new JsonObject().put("email", address)
                .put("query", "\"las bambas\" OR apurímac").put("regions", new JsonArray().add("apurimac"))
                .put("frequency", "immediate").put("language", "en"));
        assertEquals(202, subscribed.statusCode(), subscribed.body());

        MimeMessage confirmation = awaitMail(address, 1).get(0);
        assertEquals("Confirm your Peru Support Group alert", confirmation.getSubject(), "no query in the subject");
        assertTrue(text(confirmation).contains("  > \"las bambas\" OR apurímac"), text(confirmation));
        assertEquals(null, confirmation.getHeader("List-Unsubscribe"), "no list headers before confirmation");
        String confirm = link(text(confirmation), "/subscriptions/confirm?token=");
        assertFalse(confirm.contains("reporter") || confirm.contains("bambas"), "no address or query in a link: " + confirm);

        HttpResponse<String> page = server.get(local(confirm));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<button type=\"submit\">Confirm</button>"), page.body());
        assertEquals(confirmedBefore, state("confirmed"), "a GET changes nothing");
        HttpResponse<String> confirmed = post(local(confirm), "");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertTrue(confirmed.body().contains("Your alert is on"));
        assertEquals(confirmedBefore + 1, state("confirmed"));

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

        server.runAlerts();
        // for several sender rounds nothing more arrives: nothing else is due
        await("the non-matching article sent nothing").during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.getReceivedMessagesForDomain(address).length == 2);

        String oneClick = unsubscribe.substring(1, unsubscribe.length() - 1);
        HttpResponse<String> done = server.send(server.request(local(oneClick))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build());
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(unsubscribedBefore + 1, state("unsubscribed"));

        publish("bambas-dialogue", "Dialogue table on Las Bambas resumes", "apurimac");
        server.runAlerts();
        await("nothing after unsubscribing").during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.getReceivedMessagesForDomain(address).length == 2);
    }

    @Test
    void confirmationsUnsubscriptionsAndMailSentAreCountedForReach() throws Exception {
        JsonArray before = server.reachRows();
        List<String> unsubscribeLinks = new ArrayList<>();
        for (String address : List.of("quillabamba-one@example.org", "quillabamba-two@example.org")) {
            assertEquals(202, postJson("/subscriptions", new JsonObject().put("email", address).put("query", "quillabamba")
                    .put("frequency", "immediate").put("language", "en")).statusCode());
            assertEquals(200, post(local(link(text(awaitMail(address, 1).get(0)), "/subscriptions/confirm?token=")), "").statusCode());
        }
        publish("quillabamba-floods", "Floods in Quillabamba", "cusco");
        for (String address : List.of("quillabamba-one@example.org", "quillabamba-two@example.org")) {
            String header = awaitMail(address, 2).get(1).getHeader("List-Unsubscribe", null);
            unsubscribeLinks.add(local(header.substring(1, header.length() - 1)));
        }
        // a mail program's one-click POST, then the button of the unsubscribe page
        assertEquals(200, post(unsubscribeLinks.get(0), "List-Unsubscribe=One-Click").statusCode());
        assertEquals(200, post(unsubscribeLinks.get(1), "").statusCode());
        JsonArray after = server.reachRows();
        assertEquals(2, delta(before, after, "confirmed", ""));
        assertEquals(1, delta(before, after, "unsubscribed", "one-click"));
        assertEquals(1, delta(before, after, "unsubscribed", "page"));
        // at least: a message of an earlier test of this class may still have been on its way
        assertTrue(delta(before, after, "mail_sent", "confirm") >= 2, "confirmations sent");
        assertTrue(delta(before, after, "mail_sent", "alert") >= 2, "alerts sent");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        long unsubscribedNow = 0;
        for (int i = 0; i < after.size(); i++) {
            JsonObject row = after.getJsonObject(i);
            if (row.getString("day").equals(today) && row.getString("metric").equals("subscriptions")
                    && row.getString("label").equals("state=unsubscribed")) {
                unsubscribedNow = row.getLong("value");
            }
        }
        assertEquals(state("unsubscribed"), unsubscribedNow, "the alerts by state, as they stand");
    }

    private static long delta(JsonArray before, JsonArray after, String metric, String label) {
        return ReachRows.sum(after, metric, null, label) - ReachRows.sum(before, metric, null, label);
    }

    /** Subscribes and confirms through the mailed link; returns the confirmed page's manage link (public form). */
    private static String subscribed(String address, String query) throws Exception {
        assertEquals(202, postJson("/subscriptions", new JsonObject().put("email", address).put("query", query)
                .put("frequency", "weekly").put("language", "es")).statusCode());
        // a Spanish subscriber's links lead to the Spanish pages
        String confirm = link(text(awaitMail(address, 1).get(0)), "/es/subscriptions/confirm?token=");
        HttpResponse<String> confirmed = post(local(confirm), "");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        return link(confirmed.body().replace("&amp;", "&"), "/es/subscriptions/manage?token=");
    }

    @Test
    void theManagePageEditsPausesOffersTheFeedAndMailsALinkToExportOrErase() throws Exception {
        String address = "editor@example.org";
        String manage = local(subscribed(address, "mining"));
        HttpResponse<String> page = server.get(manage);
        assertEquals(200, page.statusCode());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow(), "token links must not leak");
        assertTrue(page.body().contains("value=\"mining\""), page.body());

        HttpResponse<String> bad = post(manage, "action=save&query=%22unclosed&frequency=daily&language=en");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("comillas sin cerrar en la posición 1"), "told in her language: " + bad.body());
        HttpResponse<String> saved = post(manage, "action=save&query=tia%20maria&regions=arequipa&frequency=daily&language=en"
                + "&plain_text=on");
        assertEquals(303, saved.statusCode(), saved.body());
        page = server.get(manage);
        assertTrue(page.body().contains("value=\"tia maria\"") && page.body().contains("value=\"arequipa\" checked"), page.body());
        assertTrue(page.body().contains("name=\"plain_text\" checked"), page.body());
        assertEquals(303, post(manage, "action=pause").statusCode());
        assertTrue(server.get(manage).body().contains("en pausa"), "paused, on the subscriber's Spanish page");

        String feed = link(server.get(manage).body(), "/subscriptions/feed?token=");
        HttpResponse<String> atom = server.get(local(feed));
        assertEquals(200, atom.statusCode(), atom.body());
        assertTrue(atom.headers().firstValue("Cache-Control").orElseThrow().startsWith("private"));
        assertTrue(atom.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertTrue(atom.body().contains("<feed") && atom.body().contains("tia maria"), atom.body());
        assertFalse(atom.body().contains("/subscriptions/manage"), "the feed, shared with reader services, gives no control");

        assertEquals(303, post(manage, "action=data-link").statusCode());
        String dataLink = local(link(text(awaitMail(address, 2).get(1)), "/subscriptions/data?token="));   // English since the save above
        HttpResponse<String> export = server.get(dataLink.replace("/subscriptions/data", "/subscriptions/export"));
        assertEquals(200, export.statusCode());
        JsonObject data = new JsonObject(export.body());
        assertEquals(address, data.getString("email"));
        assertEquals("tia maria", data.getJsonArray("alerts").getJsonObject(0).getString("query"));
        List<String> events = data.getJsonArray("consent").stream().map(e -> ((JsonObject) e).getString("event")).toList();
        assertEquals(List.of("requested", "confirmed", "changed", "paused"), events);
        JsonObject request = data.getJsonArray("consent").getJsonObject(0);
        assertEquals("127.0.0.1", request.getString("ip"));
        assertTrue(request.getString("wording").startsWith("Quiero que el Peru Support Group"), "the wording shown, in Spanish");

        HttpResponse<String> unsure = post(dataLink, "");
        assertEquals(400, unsure.statusCode());
        assertTrue(unsure.body().contains("tick the box"), unsure.body());
        HttpResponse<String> erased = post(dataLink, "sure=yes");
        assertEquals(200, erased.statusCode());
        assertTrue(erased.body().contains("Everything is erased"));
        assertEquals(410, server.get(manage).statusCode());
        assertEquals(410, server.get(dataLink.replace("/subscriptions/data", "/subscriptions/export")).statusCode());
        assertEquals(410, server.get(local(feed)).statusCode());
    }

    @Test
    void oneClickOnAMessageOfSeveralAlertsStopsThemAll() throws Exception {
        String address = "two-alerts@example.org";
        for (String query : List.of("quellaveco", "moquegua")) {
            assertEquals(202, postJson("/subscriptions", new JsonObject().put("email", address).put("query", query)
                    .put("frequency", "immediate")).statusCode());
        }
        List<MimeMessage> confirmations = awaitMail(address, 2);
        for (MimeMessage confirmation : confirmations) {
            assertEquals(200, post(local(link(text(confirmation), "/subscriptions/confirm?token=")), "").statusCode());
        }
        publish("quellaveco-moquegua", "Quellaveco water dispute in Moquegua", "moquegua");
        MimeMessage alert = awaitMail(address, 3).get(2);
        assertTrue(text(alert).contains("Matched: quellaveco · moquegua"), text(alert));
        String header = alert.getHeader("List-Unsubscribe", null);
        HttpResponse<String> page = server.get(local(header.substring(1, header.length() - 1)));
        assertTrue(page.body().contains("all your alerts") && page.body().contains("quellaveco") && page.body().contains("moquegua"),
                page.body());
        int before = state("unsubscribed");
        assertEquals(200, post(local(header.substring(1, header.length() - 1)), "List-Unsubscribe=One-Click").statusCode());
        assertEquals(before + 2, state("unsubscribed"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no address          | {"query":"mining"}                                                            | email
            only exclusions     | {"email":"a@example.org","query":"-mining"}                                   | query
            invalid address     | {"email":"not-an-address","query":"mining"}                                  | email
            overlong address    | {"email":"LONG@example.org","query":"mining"}                                 | email
            header injection    | {"email":"a@example.org\\r\\nBcc: victim@example.org","query":"mining"}        | email
            NUL in the query    | {"email":"a@example.org","query":"mining\\u0000"}                             | query
            CR in a topic       | {"email":"a@example.org","query":"mining","topics":["environment\\r\\nX: y"]}  | topics
            unclosed quote      | {"email":"a@example.org","query":"\\"las bambas"}                             | query
            query too long      | {"email":"a@example.org","query":"LONGQUERY"}                                 | query
            unknown topic       | {"email":"a@example.org","query":"mining","topics":["gardening"]}             | topics
            unknown region      | {"email":"a@example.org","query":"mining","regions":["atlantis"]}             | regions
            bad frequency       | {"email":"a@example.org","query":"mining","frequency":"hourly"}               | frequency
            bad language        | {"email":"a@example.org","query":"mining","language":"fr"}                    | language
            topics not a list   | {"email":"a@example.org","query":"mining","topics":"environment"}             | topics
            not JSON            | '{"email":'                                                                   | JSON
            """)
    void badInputIs400SayingWhatIsWrongAndChangesNothing(String name, String body, String field) {
        JsonObject before = counts();
        int mails = SMTP.getReceivedMessages().length;
        String json = body.replace("LONGQUERY", "peru ".repeat(101)).replace("LONG", "x".repeat(250));
        HttpResponse<String> response = server.send(server.request("/subscriptions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains(field), response.body());
        assertEquals(before, counts(), "nothing stored");
        server.runAlerts();
        assertEquals(mails, SMTP.getReceivedMessages().length, "nothing sent");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            garbage               | /subscriptions/confirm?token=garbage              | not valid
            no token              | /subscriptions/manage                              | not valid
            cut short             | /subscriptions/unsubscribe?token=Y21hbmFnZQ        | not valid
            """)
    void aForgedTokenIs400AndChangesNothing(String name, String path, String message) {
        JsonObject before = counts();
        HttpResponse<String> page = server.get(path);
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains(message), page.body());
        assertEquals(400, post(path, "").statusCode());
        assertEquals(before, counts());
    }

    @Test
    void aTokenMadeForOnePageIsRefusedByAnother() throws Exception {
        String manage = local(subscribed("purpose@example.org", "amazon"));
        String token = manage.substring(manage.indexOf("token=") + 6);
        HttpResponse<String> refused = post("/subscriptions/unsubscribe?token=" + token, "");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("made for another page"), refused.body());
        assertTrue(server.get(manage).body().contains("<strong>activa</strong>"), "still subscribed (her page is in Spanish)");
    }

    private static int state(String state) {
        return counts().getJsonObject("subscriptions").getInteger(state);
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
        server.runAlerts();
    }

    @Test
    void anAlertWithNoWordsGetsEveryArticleOfItsRegionAndOneWithNothingGetsAllNews() throws Exception {
        String region = "all-of-huancavelica@example.org";
        String everything = "all-news@example.org";
        assertEquals(202, postJson("/subscriptions", new JsonObject().put("email", region)
                .put("regions", new JsonArray().add("huancavelica")).put("frequency", "immediate")).statusCode());
        HttpResponse<String> form = post("/subscriptions", "email=" + everything + "&query=&frequency=immediate&language=en");
        assertEquals(202, form.statusCode(), "the form takes an alert with nothing at all: " + form.body());
        for (String address : List.of(region, everything)) {
            MimeMessage confirmation = awaitMail(address, 1).get(0);
            assertTrue(text(confirmation).contains(address.equals(region) ? "> all news on huancavelica" : "> all news"),
                    text(confirmation));
            HttpResponse<String> page = server.get(local(link(text(confirmation), "/subscriptions/confirm?token=")));
            assertTrue(page.body().contains(address.equals(region) ? "All news on its topics and regions" : "All news"), page.body());
            assertEquals(200, post(local(link(text(confirmation), "/subscriptions/confirm?token=")), "").statusCode());
        }
        publish("huancavelica-mercury", "Mercury in the rivers of Huancavelica", "huancavelica");
        publish("tumbes-fishing", "Fishing families of Tumbes", "tumbes");
        List<MimeMessage> all = awaitMail(everything, 3);
        assertEquals(List.of("Alert: Mercury in the rivers of Huancavelica", "Alert: Fishing families of Tumbes"),
                List.of(all.get(1).getSubject(), all.get(2).getSubject()), "all news: both");
        List<MimeMessage> one = awaitMail(region, 2);
        assertEquals("Alert: Mercury in the rivers of Huancavelica", one.get(1).getSubject());
        await("nothing from Tumbes for Huancavelica").during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(4))
                .until(() -> SMTP.getReceivedMessagesForDomain(region).length == 2);
    }

    @Test
    void aSignUpOnTheSpanishFormIsAnsweredMailedAndManagedInSpanish() throws Exception {
        String address = "lectora@example.org";
        String form = server.get("/es/subscribe").body();
        assertTrue(form.contains("value=\"es\" checked"), "the Spanish form asks for Spanish emails: " + form);
        HttpResponse<String> sent = post("/es/subscriptions", "email=" + address + "&query=puno&frequency=weekly&language=es");
        assertEquals(202, sent.statusCode(), sent.body());
        assertTrue(sent.body().startsWith("<!DOCTYPE html>\n<html lang=\"es\">"), sent.body());

        MimeMessage confirmation = awaitMail(address, 1).get(0);
        assertEquals("Confirme su alerta del Peru Support Group", confirmation.getSubject());
        String html = (String) ((Multipart) confirmation.getContent()).getBodyPart(1).getContent();
        assertTrue(html.contains("<html lang=\"es\">"), html);
        String confirm = link(text(confirmation), "/es/subscriptions/confirm?token=");
        HttpResponse<String> page = server.get(local(confirm));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html lang=\"es\">") && page.body().contains("hreflang=\"en\""), page.body());
        HttpResponse<String> confirmed = post(local(confirm), "");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        String manage = link(confirmed.body().replace("&amp;", "&"), "/es/subscriptions/manage?token=");
        HttpResponse<String> managePage = server.get(local(manage));
        assertEquals(200, managePage.statusCode());
        assertTrue(managePage.body().contains("<html lang=\"es\">"), managePage.body());

        // her data: the emailed link opens the Spanish page, and its download works
        assertEquals(303, post(local(manage), "action=data-link").statusCode());
        String data = local(link(text(awaitMail(address, 2).get(1)), "/es/subscriptions/data?token="));
        HttpResponse<String> dataPage = server.get(data);
        assertEquals(200, dataPage.statusCode(), dataPage.body());
        Matcher export = Pattern.compile("href=\"([^\"]*/subscriptions/export\\?token=[^\"]+)\"").matcher(dataPage.body());
        assertTrue(export.find(), dataPage.body());
        HttpResponse<String> exported = server.get(export.group(1).replace("&amp;", "&"));
        assertEquals(200, exported.statusCode(), exported.body());
        assertTrue(exported.body().contains(address), "the export holds her address");
    }

    static HttpResponse<String> postJson(String path, JsonObject body) {
        return server.send(server.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    static HttpResponse<String> post(String path, String form) {
        return server.send(server.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** The messages received for {@code address}, once there are {@code count}. */
    static List<MimeMessage> awaitMail(String address, int count) {
        return Mailboxes.await(SMTP, address, count);
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
