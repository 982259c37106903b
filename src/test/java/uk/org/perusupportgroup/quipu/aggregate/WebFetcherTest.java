package uk.org.perusupportgroup.quipu.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetcher against a real local site: the per-host gate and a host's Retry-After. */
class WebFetcherTest {

    private FixturePartnerSite site;
    private Vertx vertx;
    private WebFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        site = new FixturePartnerSite()
                .route("/a", r -> r.response().setStatusCode(429).putHeader("Retry-After", "3600").end())
                .text("/b", "application/rss+xml", "<rss version=\"2.0\"><channel><title>b</title></channel></rss>")
                .text("/c", "application/rss+xml", "<rss version=\"2.0\"><channel><title>c</title></channel></rss>");
        vertx = Vertx.vertx();
        // the site is on 127.0.0.1: partners.allow-private-addresses: true
        fetcher = new WebFetcher(vertx, "test", "https://psg.example/contact", Duration.ofSeconds(5), 1024 * 1024,
                Duration.ofMillis(300), HostResolver.system(vertx), AddressPolicy.of(true));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        site.close();
    }

    @Test
    void aRetryAfterHoldsBackTheRequestsAlreadyQueuedForTheHost() throws Exception {
        Future<List<Future<Fetcher.FetchResult>>> started = Future.future(promise -> vertx.runOnContext(v -> promise.complete(
                List.of("/a", "/b", "/c").stream().map(path -> fetcher.fetch(new Fetcher.FetchRequest(URI.create(site.base + path),
                        Optional.empty(), Optional.empty(), false))).toList())));
        List<Future<Fetcher.FetchResult>> fetches = started.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        long begin = System.nanoTime();
        Future.join(fetches).otherwiseEmpty().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - begin < Duration.ofSeconds(3).toNanos(), "the queued requests were not kept waiting");
        assertEquals(List.of("/a"), site.requests().stream().map(FixturePartnerSite.Seen::path).toList(),
                "after the 429, nothing more reached the host");
        for (Future<Fetcher.FetchResult> queued : fetches.subList(1, 3)) {
            FetchException e = assertInstanceOf(FetchException.class, queued.cause());
            assertTrue(e.getMessage().contains("HTTP 429 with a Retry-After"), e.getMessage());
            assertTrue(e.retryAfter().orElseThrow().compareTo(Duration.ofMinutes(59)) > 0);
        }
    }

    @Test
    void requestsToOneHostKeepTheirIntervalFromTheEndOfTheLast() throws Exception {
        Future<List<Future<Fetcher.FetchResult>>> started = Future.future(promise -> vertx.runOnContext(v -> promise.complete(
                List.of("/b", "/c").stream().map(path -> fetcher.fetch(new Fetcher.FetchRequest(URI.create(site.base + path),
                        Optional.empty(), Optional.empty(), false))).toList())));
        List<Future<Fetcher.FetchResult>> fetches = started.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Future.all(fetches).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<FixturePartnerSite.Seen> seen = site.requests();
        assertEquals(2, seen.size());
        assertTrue(seen.get(1).startNanos() - seen.get(0).endNanos() >= Duration.ofMillis(280).toNanos(),
                "gap " + (seen.get(1).startNanos() - seen.get(0).endNanos()) / 1_000_000 + " ms");
        assertEquals(200, fetches.get(1).result().status());
    }

    @Test
    void retryAfterIsReadAsSecondsOrInAnyOfTheThreeHttpDateForms() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), WebFetcher.retryAfter(Optional.of("120")));
        java.time.ZonedDateTime later = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(2).withNano(0);
        for (String pattern : List.of("EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy")) {
            String date = java.time.format.DateTimeFormatter.ofPattern(pattern, java.util.Locale.ROOT).format(later);
            Duration wait = WebFetcher.retryAfter(Optional.of(date)).orElseThrow(() -> new AssertionError("not read: " + date));
            assertTrue(wait.compareTo(Duration.ofMinutes(118)) > 0 && wait.compareTo(Duration.ofMinutes(121)) < 0, date + " gave " + wait);
        }
        assertEquals(Optional.empty(), WebFetcher.retryAfter(Optional.of("tomorrow, maybe")));
    }
}
