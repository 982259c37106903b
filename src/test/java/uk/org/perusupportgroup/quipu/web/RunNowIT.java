package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.config.ConfigLoader;

/**
 * The admin API's "now" for timed work (a scan of the article files, a round of alerts, the daily clean-up), on a
 * server with alerts turned off; and the port answering 503 while the service starts.
 */
class RunNowIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_ALERTS_ENABLED", "false"),
            running -> server = running);
    private static TestServer server;

    @Test
    void aScanNowImportsAnAddedFileAndSaysSo() throws Exception {
        Files.writeString(server.articles.resolve("ilave-water-march.md"), """
                ---
                title: "March for water in Ilave"
                published: %s
                topics: [environment]
                regions: [puno]
                language: en
                summary: "Ilave marches for clean water."
                ---
                Ilave marches for clean water.
                """.formatted(LocalDate.now()));
        HttpResponse<String> anonymous = server.send(server.request("/api/articles/scan")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(401, anonymous.statusCode(), "the admin token is needed");
        assertEquals(404, server.get("/articles/ilave-water-march").statusCode(), "nothing imported by a refused request");

        JsonObject report = server.scanArticles();
        assertEquals(1, report.getInteger("imported"), report.encode());
        assertEquals(0, report.getInteger("removed"), report.encode());
        assertEquals(200, server.get("/articles/ilave-water-march").statusCode());
        assertEquals(0, server.scanArticles().getInteger("imported"), "nothing new the second time");
    }

    @Test
    void aRoundOfAlertsNowIsRefusedWhenAlertsAreOff() {
        HttpResponse<String> refused = server.api("POST", "/api/alerts/run", null);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("alerts.enabled=false"), refused.body());
    }

    @Test
    void aPollOfTheBounceMailboxIsRefusedWhenNoneIsRead() {
        HttpResponse<String> refused = server.api("POST", "/api/bounces/run", null);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("mail.bounces.imap.host"), refused.body());
    }

    @Test
    void theCleanUpNowRunsOnceADay() {
        JsonObject first = server.runCleanUp();
        assertTrue(first.containsKey("messages") && first.containsKey("removed articles"), first.encode());
        assertEquals(Map.of(), server.runCleanUp().getMap(), "done for the day");
    }

    @Test
    void aBoundPortAnswers503UntilItsRoutesAreInstalled() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var http = new ConfigLoader(Map.of("QUIPU_HTTP_PORT", "0", "QUIPU_HTTP_HOST", "127.0.0.1"))
                    .load(Optional.empty()).http();
            WebServer bound = WebServer.bind(vertx, http).toCompletionStage().toCompletableFuture().get();
            HttpResponse<String> starting = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bound.port() + "/feeds/all.atom")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, starting.statusCode());
            assertEquals("1", starting.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("nosniff", starting.headers().firstValue("X-Content-Type-Options").orElseThrow());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
