package uk.org.perusupportgroup.quipu.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
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
            await("three searches under way or waiting").atMost(Duration.ofSeconds(5)).until(() -> workers.waiting() == 3);
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

    /**
     * Ten searches of 300 ms each on one thread: the first second of busy time goes at once, the rest at half the thread's
     * time, so they take at least (3 s - 1 s) / 0.5 = 4 s, not 3 (a lower bound: a slow machine only makes it longer).
     */
    @Test
    void sustainedSearchesKeepTheirThreadBusyAtMostItsShareOfTheTime() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            SearchWorkers workers = new SearchWorkers(vertx, 1);
            Router router = Router.router(vertx);
            router.get("/search").handler(ctx -> workers.run(ctx, () -> {
                Thread.sleep(300);
                return "done";
            }, done -> ctx.response().end(done)));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest search = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/search")).build();

            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                all.add(http.sendAsync(search, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : all) {
                assertEquals(200, response.get(30, TimeUnit.SECONDS).statusCode(), "every one is answered");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double least = (10 * 0.3 - SearchWorkers.BURST_NANOS / 1e9) / SearchWorkers.SHARE;
            assertTrue(seconds >= least - 0.2, "took " + seconds + " s; at the thread's share at least " + least + " s");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
