package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.Mailboxes;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * The reads that cost work have a fair share per client, and nothing a flood of them does reaches the mail: searches,
 * previews and listing pages past the first are limited per client; cached feeds never are; the alert rounds and the
 * sender have threads of their own.
 */
class FairShareIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @Test
    void searchesPreviewsAndListingPagesShareEachClientsAllowanceWhileFeedsAreNeverLimited() throws Exception {
        try (TestServer server = TestServer.start(Map.of("QUIPU_HTTP_SEARCHES_PER_MINUTE", "5", "QUIPU_HTTP_BEHIND_PROXY", "true"))) {
            List<Integer> statuses = new ArrayList<>();
            for (String path : List.of("/feeds/search.atom?q=mining", "/feeds/search.rss?q=puno", "/subscriptions/preview?q=water",
                    "/articles?page=1", "/topics/environment?page=2", "/regions/puno?page=3", "/feeds/search.json?q=peru")) {
                statuses.add(server.get(path, "X-Forwarded-For", "203.0.113.7").statusCode());
            }
            assertEquals(List.of(200, 200, 200, 200, 404, 429, 429), statuses, "five a minute, whatever they are");
            HttpResponse<String> refused = server.get("/feeds/search.atom?q=again", "X-Forwarded-For", "203.0.113.7");
            assertEquals(429, refused.statusCode());
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertTrue(refused.body().contains("at most 5 a minute") && refused.body().contains("try again in"), refused.body());
            assertEquals(429, server.send(server.request("/subscriptions/preview").header("X-Forwarded-For", "203.0.113.7")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("q=water")).build()).statusCode(), "the form's preview too");

            for (int i = 0; i < 100; i++) {
                assertEquals(200, server.get("/feeds/all.atom", "X-Forwarded-For", "203.0.113.7").statusCode(), "feeds: never");
            }
            for (String page : List.of("/articles", "/topics/environment", "/regions/puno", "/partners")) {
                assertEquals(200, server.get(page, "X-Forwarded-For", "203.0.113.7").statusCode(), page + ": first pages are free");
            }
            assertEquals(200, server.get("/feeds/search.atom?q=mining", "X-Forwarded-For", "203.0.113.8").statusCode(),
                    "another client has its own allowance");
            for (int i = 0; i < 5; i++) {
                server.get("/feeds/search.atom?q=mining", "X-Forwarded-For", "2001:db8:1:2::" + (i + 1));
            }
            assertEquals(429, server.get("/feeds/search.atom?q=mining", "X-Forwarded-For", "2001:db8:1:2:ffff::9").statusCode(),
                    "one IPv6 /64 is one client");
            assertEquals(200, server.get("/feeds/search.atom?q=mining", "X-Forwarded-For", "2001:db8:1:3::1").statusCode(),
                    "the next /64 is another");
        }
    }

    @Test
    void aClientThatKeepsAskingForWhatIsNotThereIsAnsweredLateWhileItsFeedsAndOtherClientsAreNot() throws Exception {
        try (TestServer server = TestServer.start(Map.of("QUIPU_HTTP_BEHIND_PROXY", "true"))) {
            String prober = "203.0.113.50";
            // misses are counted per clock minute: all of these in one, with 15 s to spare
            org.awaitility.Awaitility.await("early in a clock minute").atMost(java.time.Duration.ofSeconds(20))
                    .pollInterval(java.time.Duration.ofMillis(200)).until(() -> java.time.LocalTime.now().getSecond() < 45);
            for (int i = 0; i < ReadLimiter.MISSES_PER_MINUTE; i++) {
                String path = i % 3 == 0 ? "/feeds/all.atom?page=" + (1000 + i) : i % 3 == 1 ? "/feeds/topics/nowhere-" + i + ".rss"
                        : "/no-such-page-" + i;
                long start = System.nanoTime();
                assertEquals(404, server.get(path, "X-Forwarded-For", prober).statusCode(), path);
                assertTrue(System.nanoTime() - start < 900_000_000L, "within its allowance, at once: " + path);
            }
            long start = System.nanoTime();
            HttpResponse<String> late = server.get("/feeds/regions/atlantis.json", "X-Forwarded-For", prober);
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(404, late.statusCode(), "the same answer");
            assertTrue(late.body().contains("unknown region 'atlantis'"), late.body());
            assertTrue(took >= 950, "past the allowance the answer goes a second late: " + took + " ms");

            start = System.nanoTime();
            assertEquals(200, server.get("/feeds/all.atom", "X-Forwarded-For", prober).statusCode());
            assertTrue(System.nanoTime() - start < 900_000_000L, "its feeds are never held back");
            start = System.nanoTime();
            assertEquals(404, server.get("/feeds/regions/atlantis.json", "X-Forwarded-For", "203.0.113.51").statusCode());
            assertTrue(System.nanoTime() - start < 900_000_000L, "another client's miss is answered at once");
        }
    }

    @Test
    void wrongAdminTokensAreThrottledPerClientEvenForTheRightTokenAfterwards() {
        try (TestServer server = TestServer.start(Map.of("QUIPU_HTTP_BEHIND_PROXY", "true"))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(401, server.get("/api/articles", "X-Forwarded-For", "198.51.100.4", "Authorization", "Bearer guess-" + i)
                        .statusCode(), "guess " + i);
            }
            HttpResponse<String> right = server.get("/api/articles", "X-Forwarded-For", "198.51.100.4",
                    "Authorization", "Bearer " + TestServer.TOKEN);
            assertEquals(429, right.statusCode(), "after 10 wrong tokens, even the right one waits");
            assertTrue(right.body().contains("too many wrong admin tokens"), right.body());
            long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 90, "one more try every 90 s: " + retryAfter);
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("staff:" + TestServer.TOKEN).getBytes());
            assertEquals(429, server.get("/admin/articles", "X-Forwarded-For", "198.51.100.4", "Authorization", basic).statusCode(),
                    "the staff pages count the same failures");

            assertEquals(200, server.get("/api/articles", "X-Forwarded-For", "198.51.100.5", "Authorization",
                    "Bearer " + TestServer.TOKEN).statusCode(), "another client is not held back");
            for (int i = 0; i < 20; i++) {
                assertEquals(401, server.get("/api/articles", "X-Forwarded-For", "198.51.100.6").statusCode(),
                        "no token at all is a question, not a guess");
            }
            assertEquals(200, server.get("/api/articles", "X-Forwarded-For", "198.51.100.6", "Authorization",
                    "Bearer " + TestServer.TOKEN).statusCode());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Every worker thread of the web is taken (as by a flood of slow searches) and an article is published: its alert
     * is still matched and mailed, on the alert and mail threads.
     */
    @Test
    void alertMailGoesOutWhileEveryWebWorkerIsBusy() throws Exception {
        try (TestServer server = TestServer.start(Map.of("QUIPU_MAIL_SMTP_HOST", "127.0.0.1",
                "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()), "QUIPU_MAIL_SMTP_STARTTLS", "false"))) {
            String address = "busy@example.org";
            HttpResponse<String> subscribed = server.send(server.request("/subscriptions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", address).put("query", "huancavelica")
                            .put("frequency", "immediate").put("language", "en").encode())).build());
            assertEquals(202, subscribed.statusCode(), subscribed.body());
            Matcher confirm = Pattern.compile("/subscriptions/confirm\\?token=[A-Za-z0-9_-]+").matcher(text(awaitMail(address, 1)));
            assertTrue(confirm.find());
            assertEquals(200, server.send(server.request(confirm.group()).POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());

            CountDownLatch release = new CountDownLatch(1);
            List<Future<Object>> occupied = new ArrayList<>();
            for (int i = 0; i < VertxOptions.DEFAULT_WORKER_POOL_SIZE; i++) {
                occupied.add(server.vertx().executeBlocking(() -> {
                    release.await();
                    return null;
                }, false));
            }
            try {
                Files.writeString(server.articles.resolve("huancavelica-mercury.md"), """
                        ---
                        title: "Mercury in Huancavelica's water"
                        published: %s
                        topics: [environment]
                        regions: [huancavelica]
                        language: en
                        summary: "Huancavelica residents ask for water testing."
                        ---
                        Huancavelica residents ask for water testing.
                        """.formatted(LocalDate.now()));
                server.scanArticles();
                MimeMessage alert = awaitMail(address, 2);
                assertEquals("Alert: Mercury in Huancavelica's water", alert.getSubject());
            } finally {
                release.countDown();
            }
            Future.all(occupied).await();
        }
    }

    /** The newest message for {@code address}, once there are {@code count}. */
    private static MimeMessage awaitMail(String address, int count) {
        return Mailboxes.await(SMTP, address, count).get(count - 1);
    }

    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        return content instanceof jakarta.mail.Multipart multipart ? (String) multipart.getBodyPart(0).getContent() : (String) content;
    }
}
