package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * PostgreSQL restarted under load: two instances keep answering (503 for what needs the database, with /health saying
 * why, at once), then carry on without a restart of their own: writes work again, /health is up again, and another
 * instance's change reaches the cached feeds again. Every write that was answered 201 is stored.
 */
class DatabaseRestartIT {

    @Test
    void instancesReconnectAndCarryOnAfterPostgresRestartsUnderLoad() throws Exception {
        Path data = Files.createTempDirectory("quipu-pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = postgres(data, port);
        try (Connection connection = pg.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE quipu");
        }
        Map<String, String> env = Map.of("QUIPU_DB_URL", pg.getJdbcUrl("postgres", "quipu"));
        AtomicBoolean loading = new AtomicBoolean(true);
        List<String> stored = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        try (TestServer first = TestServer.start(env); TestServer second = TestServer.start(env)) {
            // the load: feeds read from both instances and an article published every 100 ms
            Thread load = new Thread(() -> {
                for (int n = 0; loading.get(); n++) {
                    HttpResponse<String> response;
                    try {
                        first.get("/feeds/all.atom");
                        second.get("/feeds/topics/human-rights.rss");
                        response = publish(first, "under-load-" + n);
                    } catch (RuntimeException e) {
                        unexpected.add(e.toString());
                        sleep(100);
                        continue;
                    }
                    if (response.statusCode() == 201) {
                        stored.add("under-load-" + n);
                    } else if (response.statusCode() == 503) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.add(response.statusCode() + " " + response.body());
                    }
                    sleep(100);
                }
            }, "load");
            load.start();
            // and readers that never pause, each on a feed of its own on both instances
            AtomicInteger reads = new AtomicInteger();
            List<Thread> readers = new java.util.ArrayList<>();
            for (String feed : List.of("/feeds/regions/puno.rss", "/feeds/topics/environment.json", "/feeds/partners.atom")) {
                Thread reader = new Thread(() -> {
                    while (loading.get()) {
                        try {
                            int status = (reads.incrementAndGet() % 2 == 0 ? first : second).get(feed).statusCode();
                            if (status != 200 && status != 503) {
                                unexpected.add(feed + ": " + status);
                            }
                        } catch (RuntimeException e) {
                            unexpected.add(feed + ": " + e);
                        }
                    }
                }, "reader " + feed);
                reader.start();
                readers.add(reader);
            }
            // the load under way: articles stored and feeds read on both instances
            org.awaitility.Awaitility.await("the load under way").atMost(Duration.ofSeconds(15))
                    .until(() -> stored.size() >= 5 && reads.get() >= 100);
            assertEquals(200, first.get("/feeds/regions/cusco.atom").statusCode());   // cached; the load does not change it
            pg.close();
            Instant stopped = Instant.now();

            for (TestServer server : List.of(first, second)) {
                JsonObject health = await(() -> server.get("/health").statusCode() == 503, server, "database down");
                JsonObject db = health.getJsonObject("checks").getJsonObject("database");
                assertEquals("down", db.getString("status"), health.encodePrettily());
                assertFalse(db.getString("problem", "").isBlank(), "says why: " + health.encodePrettily());
                long started = System.nanoTime();
                server.get("/health");
                assertTrue(System.nanoTime() - started < 3_000_000_000L, "/health answers at once while the database is away");
            }
            assertEquals(200, first.get("/feeds/regions/cusco.atom").statusCode(), "a cached feed is still served");
            // a write while it is away, whatever the load thread managed on a busy machine
            HttpResponse<String> away = publish(second, "while-away");
            assertEquals(503, away.statusCode(), "a write while the database is away answers 503: " + away.body());
            assertTrue(Instant.now().isBefore(stopped.plusSeconds(30)));

            pg = postgres(data, port);
            for (TestServer server : List.of(first, second)) {
                await(() -> server.get("/health").statusCode() == 200, server, "database up again");
            }
            // another instance's change reaches this one's cached feed again: its listener is back
            second.get("/feeds/all.atom");
            assertEquals(201, publish(first, "after-restart").statusCode());
            await(() -> second.get("/feeds/all.atom").body().contains("/articles/after-restart"), second, "the change heard");
            await(() -> new JsonObject(second.get("/health").body()).getJsonObject("checks").getJsonObject("feed-changes")
                    .getString("status").equals("up"), second, "listening again");
            loading.set(false);
            load.join(30_000);
            for (Thread reader : readers) {
                reader.join(30_000);
            }

            assertEquals(List.of(), unexpected, "writes while the database is away answer 503");
            for (String slug : stored) {
                assertEquals(200, second.api("GET", "/api/articles/" + slug, null).statusCode(), slug + " was answered 201");
            }
            System.out.printf("database restart: %d feed reads; %d writes stored, %d refused with 503 while it was away%n",
                    reads.get(), stored.size(), refused.get());
        } finally {
            loading.set(false);
            pg.close();
            try (var walk = Files.walk(data)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static HttpResponse<String> publish(TestServer server, String slug) {
        JsonObject article = new JsonObject().put("slug", slug).put("title", "Report " + slug).put("summary", "Summary.")
                .put("body", "Body.").put("published", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("topics", new JsonArray().add("human-rights")).put("regions", new JsonArray().add("lima"))
                .put("language", "en");
        return server.api("POST", "/api/articles", article.encode());
    }

    /** Waits up to 30 s for {@code condition}; returns the server's /health then. */
    private static JsonObject await(BooleanSupplier condition, TestServer server, String what) {
        try {
            org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within 30 s; /health says " + server.get("/health").body(), e);
        }
        return new JsonObject(server.get("/health").body());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
