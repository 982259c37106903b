package uk.org.perusupportgroup.quipu.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Two instances on one PostgreSQL database: an article written through one is in the other's cached feed within a
 * second (LISTEN/NOTIFY), and in its search; both serve the same bytes and ETag.
 */
class FeedCoherenceIT {

    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void start() throws Exception {
        QuipuConfig.Db db = TestDatabases.postgresConfig("coherence");
        Map<String, String> shared = Map.of("QUIPU_DB_URL", db.url(), "QUIPU_BASE_URL", "https://feeds.example.org",
                "QUIPU_ALERTS_ENABLED", "false");
        first = TestServer.start(shared);
        second = TestServer.start(shared);
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        first.close();
    }

    @Test
    void aChangeThroughOneInstanceReachesTheOthersCachedFeedWithinASecond() throws Exception {
        HttpResponse<byte[]> before = second.getBytes("/feeds/all.atom");
        assertEquals(200, before.statusCode());
        assertEquals(before.headers().firstValue("ETag"), second.getBytes("/feeds/all.atom").headers().firstValue("ETag"),
                "served from the cache");

        JsonObject article = new JsonObject().put("slug", "coherence-check").put("title", "Written through the first instance")
                .put("summary", "Zanahoria.").put("body", "Body.").put("published", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("topics", new JsonArray().add("human-rights")).put("regions", new JsonArray().add("lima")).put("language", "en");
        assertEquals(201, first.api("POST", "/api/articles", article.encode()).statusCode());
        long written = System.nanoTime();

        HttpResponse<byte[]> after = await("the article on the other instance's feed").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20)).until(() -> second.getBytes("/feeds/all.atom"),
                        response -> new String(response.body(), StandardCharsets.UTF_8).contains("coherence-check"));
        long seenMs = (System.nanoTime() - written) / 1_000_000;
        assertTrue(seenMs <= 1_000, "seen on the other instance after " + seenMs + " ms");

        // the other instance's search index has it too: its saved-search feeds and previews find it
        await("the article in the other instance's search").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> second.get("/feeds/search.atom?q=zanahoria").body().contains("coherence-check"));
        long foundMs = (System.nanoTime() - written) / 1_000_000;
        assertTrue(foundMs <= 1_000, "found by the other instance's search after " + foundMs + " ms");

        HttpResponse<byte[]> fromFirst = first.getBytes("/feeds/all.atom");
        assertArrayEquals(fromFirst.body(), after.body(), "the same bytes on both instances");
        assertEquals(fromFirst.headers().firstValue("ETag"), after.headers().firstValue("ETag"));
    }
}
