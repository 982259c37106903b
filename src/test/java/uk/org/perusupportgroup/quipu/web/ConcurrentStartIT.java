package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.QuipuConfig;
import uk.org.perusupportgroup.quipu.store.TestDatabases;

/**
 * Three instances started at the same moment on one new PostgreSQL database: each migrates and imports the article
 * files at once, and all end with the same 22 articles, no problem reported, and the same feed bytes.
 */
class ConcurrentStartIT {

    @Test
    void threeInstancesStartingTogetherImportTheFilesOnce() throws Exception {
        QuipuConfig.Db db = TestDatabases.postgresConfig("concurrent-start");
        Map<String, String> shared = Map.of("QUIPU_DB_URL", db.url(), "QUIPU_BASE_URL", "https://feeds.example.org",
                "QUIPU_ALERTS_ENABLED", "false");
        ExecutorService starting = Executors.newFixedThreadPool(3);
        List<Future<TestServer>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(starting.submit(() -> TestServer.start(shared)));
        }
        List<TestServer> servers = new ArrayList<>();
        try {
            for (Future<TestServer> future : futures) {
                servers.add(future.get());
            }
            byte[] feed = null;
            for (TestServer server : servers) {
                JsonObject health = new JsonObject(server.get("/health").body());
                assertEquals(new JsonArray(), health.getJsonObject("checks").getJsonObject("article-files").getJsonArray("problems"),
                        health.encodePrettily());
                assertEquals(22, new JsonObject(server.api("GET", "/api/articles", null).body()).getInteger("total"));
                byte[] body = server.getBytes("/feeds/all.atom").body();
                if (feed != null) {
                    assertArrayEquals(feed, body, "the same feed on every instance");
                }
                feed = body;
            }
        } finally {
            starting.shutdown();
            for (TestServer server : servers) {
                server.close();
            }
        }
    }
}
