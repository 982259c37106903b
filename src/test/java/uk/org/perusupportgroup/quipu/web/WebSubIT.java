package uk.org.perusupportgroup.quipu.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.TestServer;

/** With a hub configured, feeds name it and every change is announced to it. */
class WebSubIT {

    @Test
    void feedsCarryTheHubAndChangesArePinged() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<String> pings = new CopyOnWriteArrayList<>();
        HttpServer hub = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            pings.add(URLDecoder.decode(body.toString(), StandardCharsets.UTF_8));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String hubUrl = "http://127.0.0.1:" + hub.actualPort() + "/hub";
        try (TestServer server = TestServer.start(Map.of("QUIPU_WEBSUB_HUB", hubUrl))) {
            assertTrue(server.get("/feeds/all.atom").body().contains("<link rel=\"hub\" href=\"" + hubUrl + "\""));
            assertTrue(server.get("/feeds/regions/puno.rss").body().contains("<atom:link href=\"" + hubUrl + "\" rel=\"hub\""));
            assertTrue(server.get("/feeds/all.json").body().contains("\"type\" : \"WebSub\""));
            pings.clear();

            server.api("POST", "/api/articles", "{\"title\":\"Hub news\",\"summary\":\"s\",\"published\":\"2025-01-01\","
                    + "\"topics\":[\"environment\"],\"regions\":[\"puno\"],\"language\":\"en\"}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                for (String feed : List.of("/feeds/all.atom", "/feeds/all.rss", "/feeds/all.json", "/feeds/regions/puno.atom",
                        "/feeds/topics/environment.rss", "/es/feeds/all.atom", "/es/feeds/topics/environment.json")) {
                    assertTrue(pings.contains("hub.mode=publish&hub.url=" + server.base + feed), feed + " in " + pings);
                }
            });
            assertTrue(pings.stream().noneMatch(p -> p.contains("/feeds/regions/cusco")), "untouched feeds are not pinged");
            assertTrue(server.get("/es/feeds/all.atom").body().contains("<link rel=\"hub\" href=\"" + hubUrl + "\""),
                    "the Spanish feeds name the hub too");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
