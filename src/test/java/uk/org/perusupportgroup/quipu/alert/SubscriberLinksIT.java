package uk.org.perusupportgroup.quipu.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.org.perusupportgroup.quipu.alert.AlertsIT.link;
import static uk.org.perusupportgroup.quipu.alert.AlertsIT.local;
import static uk.org.perusupportgroup.quipu.alert.AlertsIT.text;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.Mailboxes;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * Subscriber links that can be revoked, through the running service and a real SMTP server (GreenMail): the links in
 * an alert email work until the subscriber cancels them all or unsubscribes from everything; export and erasure need a
 * link emailed on request and at most 24 hours old. The service's clock runs on from real time and is moved a day on.
 */
class SubscriberLinksIT {

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    private static final ShiftedClock CLOCK = new ShiftedClock();
    @RegisterExtension
    @Order(2)
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_MAIL_SMTP_HOST", "127.0.0.1",
            "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()), "QUIPU_MAIL_SMTP_STARTTLS", "false",
            "QUIPU_BASE_URL", "https://alerts.example.org", "QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1000"), CLOCK,
            running -> server = running);
    private static TestServer server;

    @Test
    void anAlertEmailsLinksWorkUntilTheSubscriberCancelsThemAll() throws Exception {
        String address = "forwarder@example.org";
        confirmed(address, "tintaya", 1);
        publish("tintaya-spill", "Tintaya spill reported");
        MimeMessage alert = awaitMail(address, 2).get(1);
        String manage = local(link(text(alert), "/subscriptions/manage?token="));
        String unsubscribe = oneClick(alert);

        assertEquals(200, server.get(manage).statusCode(), "the alert email's manage link works");
        assertTrue(server.get(unsubscribe).body().contains("Stop the emails of this alert"), "and its unsubscribe link");
        String feed = local(link(server.get(manage).body(), "/subscriptions/feed?token="));
        assertEquals(200, server.get(feed).statusCode());

        HttpResponse<String> cancelled = post(manage, "action=cancel-links");
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertTrue(cancelled.body().contains("Your links are cancelled"), cancelled.body());

        for (String old : List.of(manage, unsubscribe, feed)) {
            assertEquals(410, server.get(old).statusCode(), old);
        }
        HttpResponse<String> page = server.get(manage);
        assertTrue(page.body().contains("This link has been cancelled") && page.body().contains("action=\"/subscriptions/links?token="),
                page.body());
        assertEquals(410, post(unsubscribe, "List-Unsubscribe=One-Click").statusCode(), "an old one-click link does nothing");
        assertEquals(403, post(manage, "action=erase&sure=yes").statusCode(), "nor can an old manage link erase");

        String fresh = local(link(text(awaitMail(address, 3).get(2)), "/subscriptions/manage?token="));
        HttpResponse<String> renewed = server.get(fresh);
        assertEquals(200, renewed.statusCode(), renewed.body());
        assertTrue(renewed.body().contains("<strong>on</strong>"), "still subscribed: " + renewed.body());
    }

    @Test
    void unsubscribingFromEverythingCancelsEveryOldLinkAndTheCancelledPageMailsANewOne() throws Exception {
        String address = "leaving@example.org";
        confirmed(address, "cerro", 1);
        confirmed(address, "verde", 2);
        publish("cerro-verde-strike", "Cerro Verde strike");
        MimeMessage alert = awaitMail(address, 3).get(2);
        String manage = local(link(text(alert), "/subscriptions/manage?token="));
        assertEquals(200, server.get(manage).statusCode());

        assertEquals(200, post(oneClick(alert), "List-Unsubscribe=One-Click").statusCode(), "one click stops both alerts");
        HttpResponse<String> old = server.get(manage);
        assertEquals(410, old.statusCode(), old.body());
        assertTrue(old.body().contains("This link has been cancelled"), old.body());

        HttpResponse<String> asked = post("/subscriptions/links?token=" + token(manage), "");
        assertEquals(202, asked.statusCode(), asked.body());
        String data = local(link(text(awaitMail(address, 4).get(3)), "/subscriptions/data?token="));
        HttpResponse<String> page = server.get(data);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains(address), page.body());
    }

    @Test
    void unsubscribingTheOnlyAlertOnItsManagePageCancelsTheLinks() throws Exception {
        String manage = confirmed("only-one@example.org", "antamina", 1);
        HttpResponse<String> done = post(manage, "action=unsubscribe");
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("No alert of yours is left"), done.body());
        assertEquals(410, server.get(manage).statusCode());
    }

    @Test
    void exportAndErasureNeedADataLinkEmailedInTheLastDay() throws Exception {
        String address = "data-owner@example.org";
        String manage = confirmed(address, "conga", 1);

        HttpResponse<String> refused = server.get("/subscriptions/export?token=" + token(manage));
        assertEquals(403, refused.statusCode(), "a manage link does not export");
        assertTrue(refused.body().contains("Email me a link to export or erase my data"), refused.body());
        assertEquals(303, post(manage, "action=data-link").statusCode());
        assertTrue(server.get(manage + "&done=data-link").body().contains("on its way to your address"));

        String data = local(link(text(awaitMail(address, 2).get(1)), "/subscriptions/data?token="));
        assertEquals(200, server.get(data).statusCode());
        HttpResponse<String> export = server.get(data.replace("/subscriptions/data", "/subscriptions/export"));
        assertEquals(200, export.statusCode(), export.body());
        assertEquals(address, new JsonObject(export.body()).getString("email"));

        settled(); // no message in flight when the day passes: its lease would lapse and it would go twice
        CLOCK.shift(Duration.ofHours(24).plusMinutes(1));
        HttpResponse<String> stale = server.get(data.replace("/subscriptions/data", "/subscriptions/export"));
        assertEquals(410, stale.statusCode(), "a data link over 24 hours old");
        assertTrue(stale.body().contains("This link has expired") && stale.body().contains("Email me a new link"), stale.body());
        assertEquals(410, post(data, "sure=yes").statusCode(), "nor does it erase");
        assertEquals(200, server.get(manage).statusCode(), "nothing erased; the manage link still works");

        assertEquals(202, post("/subscriptions/links?token=" + token(data), "").statusCode());
        String renewed = local(link(text(awaitMail(address, 3).get(2)), "/subscriptions/data?token="));
        assertEquals(400, post(renewed, "").statusCode(), "the box must be ticked");
        HttpResponse<String> erased = post(renewed, "sure=yes");
        assertEquals(200, erased.statusCode(), erased.body());
        assertTrue(erased.body().contains("Everything is erased"));
        for (String old : List.of(manage, renewed, renewed.replace("/subscriptions/data", "/subscriptions/export"))) {
            assertEquals(410, server.get(old).statusCode(), "after erasure: " + old);
        }
    }

    /** Subscribes (the {@code n}th request of the address) and confirms by the mailed link; returns the manage link. */
    private static String confirmed(String address, String query, int n) throws Exception {
        HttpResponse<String> requested = server.send(server.request("/subscriptions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", address).put("query", query)
                        .put("frequency", "immediate").encode())).build());
        assertEquals(202, requested.statusCode(), requested.body());
        HttpResponse<String> confirmed = post(local(link(text(awaitMail(address, n).get(n - 1)), "/subscriptions/confirm?token=")), "");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        return local(link(confirmed.body().replace("&amp;", "&"), "/subscriptions/manage?token="));
    }

    private static void publish(String slug, String title) {
        JsonObject article = new JsonObject().put("slug", slug).put("title", title).put("summary", title + ".")
                .put("body", title + ".").put("published", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("topics", new JsonArray().add("extractive-industries")).put("regions", new JsonArray().add("cusco"))
                .put("language", "en");
        assertEquals(201, server.api("POST", "/api/articles", article.encode()).statusCode());
        server.runAlerts();
    }

    /** Waits until the outbox has nothing left to send. */
    private static void settled() {
        await("no message pending in the outbox").atMost(Duration.ofSeconds(15)).until(() -> new JsonObject(server
                .api("GET", "/api/subscriptions", null).body()).getJsonObject("outbox").getInteger("pending", 0) == 0);
    }

    private static String oneClick(MimeMessage alert) throws Exception {
        String header = alert.getHeader("List-Unsubscribe", null);
        return local(header.substring(1, header.length() - 1));
    }

    private static String token(String path) {
        return path.substring(path.indexOf("token=") + 6);
    }

    private static HttpResponse<String> post(String path, String form) {
        return server.send(server.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static List<MimeMessage> awaitMail(String address, int count) {
        return Mailboxes.await(SMTP, address, count);
    }

    /** Real time, moved on by hand: the service's timers and leases keep running. */
    private static final class ShiftedClock extends Clock {
        private volatile Duration shift = Duration.ZERO;

        void shift(Duration more) {
            shift = shift.plus(more);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
