package uk.org.perusupportgroup.quipu.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Drafts and scheduled articles through the running service: a draft is seen by staff only (its public URL answers
 * 404, it is in no feed, listing or search) until it is published; a scheduled article goes out by itself within 5 s of
 * its time (the service's clock moved by hand), pinged to the WebSub hub once; three instances on one PostgreSQL release
 * it once between them: one ping per feed, one alert.
 */
class ScheduledArticlesIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("editor:" + TestServer.TOKEN)
            .getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Vertx vertx;
    private HttpServer hub;
    private final List<String> pings = new CopyOnWriteArrayList<>();
    private String hubUrl;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @BeforeEach
    void startHub() throws Exception {
        vertx = Vertx.vertx();
        hub = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            pings.add(URLDecoder.decode(body.toString(), StandardCharsets.UTF_8));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        hubUrl = "http://127.0.0.1:" + hub.actualPort() + "/hub";
    }

    @AfterEach
    void stopHub() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static String article(String slug, String title, String published, String status) {
        JsonObject article = new JsonObject().put("slug", slug).put("title", title).put("summary", "Summary of " + title)
                .put("body", "News on the Las Bambas mine.").put("published", published)
                .put("topics", new JsonArray().add("extractive-industries")).put("regions", new JsonArray().add("apurimac"))
                .put("language", "en");
        if (status != null) {
            article.put("status", status);
        }
        return article.encode();
    }

    private static HttpResponse<String> staff(TestServer server, String path) {
        return server.get(path, "Authorization", BASIC);
    }

    private long pingsOf(String base, String feed) {
        return pings.stream().filter(ping -> ping.equals("hub.mode=publish&hub.url=" + base + feed)).count();
    }

    private static void assertNotPublic(TestServer server, String slug, String title) {
        assertEquals(404, server.get("/articles/" + slug).statusCode(), "its public page");
        for (String feed : List.of("/feeds/all.atom", "/feeds/all.rss", "/feeds/all.json", "/feeds/topics/extractive-industries.atom",
                "/feeds/regions/apurimac.rss", "/feeds/search.atom?q=bambas")) {
            assertFalse(server.get(feed).body().contains(title), feed);
        }
        for (String page : List.of("/", "/topics/extractive-industries", "/regions/apurimac")) {
            assertFalse(server.get(page).body().contains(title), page);
        }
    }

    @Test
    void aDraftIsSeenByStaffOnlyUntilItIsPublished() throws Exception {
        try (TestServer server = TestServer.start(Map.of("QUIPU_WEBSUB_HUB", hubUrl), clock)) {
            String opml = server.get("/feeds.opml").body();
            HttpResponse<String> created = server.api("POST", "/api/articles", article("bambas-draft", "Draft on Las Bambas",
                    "2026-12-01", "draft"));
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("draft", new JsonObject(created.body()).getString("status"));

            assertNotPublic(server, "bambas-draft", "Draft on Las Bambas");
            assertEquals(opml, server.get("/feeds.opml").body(), "the OPML list counts no draft");
            assertEquals("draft", new JsonObject(server.api("GET", "/api/articles/bambas-draft", null).body()).getString("status"));
            assertEquals("bambas-draft", new JsonObject(server.api("GET", "/api/drafts", null).body()).getJsonArray("articles")
                    .getJsonObject(0).getString("slug"));
            String list = staff(server, "/admin/articles").body();
            assertTrue(list.contains("Drafts and scheduled articles") && list.contains("/admin/articles/bambas-draft/preview"), list);
            HttpResponse<String> preview = staff(server, "/admin/articles/bambas-draft/preview");
            assertEquals(200, preview.statusCode());
            assertTrue(preview.body().contains("Draft on Las Bambas") && preview.body().contains("Draft: only staff see this page"),
                    preview.body());
            assertEquals(0, pingsOf(server.base, "/feeds/all.atom"), "a draft is pinged to nobody");

            String published = article("bambas-draft", "Draft on Las Bambas", "2026-12-01", "published");
            assertEquals(200, server.api("PUT", "/api/articles/bambas-draft", published).statusCode());
            assertEquals(200, server.get("/articles/bambas-draft").statusCode());
            assertTrue(server.get("/feeds/topics/extractive-industries.atom").body().contains("Draft on Las Bambas"));
            await().atMost(Duration.ofSeconds(5)).until(() -> pingsOf(server.base, "/feeds/all.atom") == 1);

            // a draft deleted before it was ever published leaves no trace at its address: 404, not "withdrawn"
            assertEquals(201, server.api("POST", "/api/articles", article("never-out", "Never out", "2026-12-01", "draft"))
                    .statusCode());
            assertEquals(204, server.api("DELETE", "/api/articles/never-out", null).statusCode());
            assertEquals(404, server.get("/articles/never-out").statusCode());
            assertEquals(204, server.api("DELETE", "/api/articles/bambas-draft", null).statusCode());
            assertEquals(410, server.get("/articles/bambas-draft").statusCode(), "one that was out is withdrawn");
        }
    }

    @Test
    void aScheduledArticleGoesOutByItselfAtItsTime() throws Exception {
        try (TestServer server = TestServer.start(Map.of("QUIPU_WEBSUB_HUB", hubUrl), clock)) {
            Instant at = clock.instant().plus(Duration.ofHours(2));
            HttpResponse<String> created = server.api("POST", "/api/articles", article("embargoed", "Embargoed report on Apurímac",
                    at.toString(), null));
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("published", new JsonObject(created.body()).getString("status"));
            String list = staff(server, "/admin/articles").body();
            assertTrue(list.contains("Scheduled for"), list);
            assertTrue(staff(server, "/admin/articles/embargoed/preview").body().contains("Scheduled: this article goes out at"));

            clock.advance(Duration.ofHours(1));
            Thread.sleep(1_500);   // a release round or more passes: not yet its time
            assertNotPublic(server, "embargoed", "Embargoed report on Apurímac");

            clock.set(at);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> server.get("/feeds/topics/extractive-industries.atom").body().contains("Embargoed report on Apurímac"));
            assertEquals(200, server.get("/articles/embargoed").statusCode());
            assertTrue(server.get("/feeds/search.atom?q=bambas").body().contains("Embargoed report"), "found by search");
            await().atMost(Duration.ofSeconds(5)).until(() -> pingsOf(server.base, "/feeds/topics/extractive-industries.atom") == 1);
            assertEquals(0, new JsonObject(server.api("POST", "/api/articles/release", null).body()).getInteger("published"),
                    "released once");
            Thread.sleep(1_500);
            assertEquals(1, pingsOf(server.base, "/feeds/all.atom"), "pinged once");
        }
    }

    @Test
    void threeInstancesOnOnePostgresReleaseAScheduledArticleOnce() throws Exception {
        String publicBase = "https://news.example.org";
        Map<String, String> env = new HashMap<>(Map.of("QUIPU_DB_URL", TestDatabases.postgresConfig("scheduled").url(),
                "QUIPU_BASE_URL", publicBase, "QUIPU_WEBSUB_HUB", hubUrl,
                "QUIPU_MAIL_SMTP_HOST", "127.0.0.1", "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()),
                "QUIPU_MAIL_SMTP_STARTTLS", "false"));
        List<TestServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                servers.add(TestServer.start(env, clock));
            }
            TestServer first = servers.get(0);
            // a subscriber who wants everything on Las Bambas, at once
            HttpResponse<String> subscribed = post(first.base + "/subscriptions", "application/json", new JsonObject()
                    .put("email", "reader@example.org").put("query", "bambas").put("frequency", "immediate")
                    .put("language", "en").encode());
            assertEquals(202, subscribed.statusCode(), subscribed.body());
            MimeMessage confirmation = awaitMessages(1).get(0);
            Matcher link = Pattern.compile(Pattern.quote(publicBase) + "(/subscriptions/confirm\\?token=[A-Za-z0-9_-]+)")
                    .matcher(text(confirmation));
            assertTrue(link.find());
            assertEquals(200, post(servers.get(1).base + link.group(1), "application/x-www-form-urlencoded", "").statusCode());

            Instant at = clock.instant().plus(Duration.ofMinutes(30));
            assertEquals(201, first.api("POST", "/api/articles", article("bambas-embargo", "Las Bambas: the embargoed report",
                    at.toString(), null)).statusCode());
            clock.set(at);
            for (TestServer server : servers) {
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> server.get("/feeds/all.atom").body().contains("Las Bambas: the embargoed report"));
            }
            List<MimeMessage> mail = awaitMessages(2);
            // several more release and alert rounds of every instance: a second ping or alert would have come by now
            Thread.sleep(3_000);
            assertEquals(2, SMTP.getReceivedMessages().length, "one confirmation, one alert");
            assertTrue(mail.get(1).getSubject().startsWith("Alert: "), mail.get(1).getSubject());
            for (String feed : List.of("/feeds/all.atom", "/feeds/all.rss", "/feeds/topics/extractive-industries.atom",
                    "/feeds/regions/apurimac.json")) {
                assertEquals(1, pingsOf(publicBase, feed), feed + " pinged once: " + pings);
            }
        } finally {
            for (TestServer server : servers) {
                server.close();
            }
        }
    }

    private static HttpResponse<String> post(String url, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<MimeMessage> awaitMessages(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length >= count);
        return List.of(SMTP.getReceivedMessages());
    }

    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        return content instanceof Multipart multipart ? (String) multipart.getBodyPart(0).getContent() : (String) content;
    }
}
