package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Searches run on their own few threads, and past a bound of searches at once the answer is 503 at once. */
class SearchWorkersIT {

    @Test
    void searchesBeyondTheBoundAreTurnedAwayAtOnceAndTheOthersAnswered() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CountDownLatch release = new CountDownLatch(1);
            SearchWorkers workers = new SearchWorkers(vertx, 1, 3);
            Router router = Router.router(vertx);
            router.get("/search").handler(ctx -> workers.run(ctx, () -> {
                release.await();
                return Thread.currentThread().getName();
            }, thread -> ctx.response().end(thread)));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest search = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/search")).build();

            List<CompletableFuture<HttpResponse<String>>> taken = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                taken.add(http.sendAsync(search, HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 500 && workers.waiting() < 3; i++) {   // until the three are under way or waiting
                Thread.sleep(10);
            }
            assertEquals(3, workers.waiting(), "three searches under way or waiting");
            HttpResponse<String> refused = http.sendAsync(search, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);

            assertEquals(503, refused.statusCode(), "the fourth at once is refused");
            assertEquals("5", refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(refused.body().contains("too many searches at once"), refused.body());
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> response : taken) {
                HttpResponse<String> answered = response.get(10, TimeUnit.SECONDS);
                assertEquals(200, answered.statusCode());
                assertTrue(answered.body().startsWith("quipu-search"), "on the search threads: " + answered.body());
            }
            assertEquals(200, http.send(search, HttpResponse.BodyHandlers.ofString()).statusCode(), "room again");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
