package uk.org.perusupportgroup.quipu.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.publish.FeedChecks;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;

/** The preview of an alert and the saved-search feeds, over the sample articles. */
class SearchIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;

    @BeforeAll
    static void indexBuilt() {
        // the index is built in the background at start-up
        await("the search index built").atMost(Duration.ofSeconds(10))
                .until(() -> server.get("/feeds/search.atom?q=peru").body().contains("<entry"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void thePreviewShowsTheNewestMatchesAndTheYearsCountThenTheFormAgain() {
        HttpResponse<String> page = server.get("/subscriptions/preview?q=" + encode("\"las bambas\" OR espinar") + "&region=apurimac");
        assertEquals(200, page.statusCode(), page.body());
        String body = page.body();
        assertTrue(body.contains("matched in the last 12 months"), body);
        assertTrue(body.contains("/articles/amnesty-publishes-annual-report"), body);
        assertTrue(body.contains("value=\"&quot;las bambas&quot; OR espinar\""), "the form keeps the query: " + body);
        assertTrue(body.contains("value=\"apurimac\" checked"), body);
    }

    @Test
    void aBadPreviewSaysWhatIsWrongBesideTheField() {
        HttpResponse<String> page = server.get("/subscriptions/preview?q=" + encode("\"las bambas") + "&region=atlantis");
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("unclosed quote at 1"), page.body());
        assertTrue(page.body().contains("unknown region &#39;atlantis&#39;"), page.body());
    }

    @ParameterizedTest
    @EnumSource(FeedFormat.class)
    void aSearchIsAValidFeedOfItsMatches(FeedFormat format) {
        String path = "/feeds/search." + format.extension() + "?q=" + encode("\"las bambas\"") + "&region=apurimac";
        HttpResponse<byte[]> response = server.getBytes(path);
        assertEquals(200, response.statusCode());
        assertEquals(format.contentType(), response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        List<String> ids = FeedChecks.check(format, response.body(), server.base + path);
        assertEquals(List.of("tag:perusupportgroup.org.uk," + firstStored() + ":articles/amnesty-publishes-annual-report"), ids);
        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, server.get(path, "If-None-Match", etag).statusCode());
    }

    @ParameterizedTest
    @EnumSource(FeedFormat.class)
    void aSearchInSpanishIsAValidFeedWithSpanishWords(FeedFormat format) {
        String path = "/es/feeds/search." + format.extension() + "?region=apurimac";
        HttpResponse<byte[]> response = server.getBytes(path);
        assertEquals(200, response.statusCode());
        List<String> ids = FeedChecks.check(format, response.body(), server.base + path);
        assertFalse(ids.isEmpty());
        String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(body.contains("Peru Support Group: todas las noticias (apurimac)"), body);
        assertTrue(body.contains(server.base + "/es/subscriptions/preview?"), "its page is the Spanish preview: " + body);
        assertFalse(body.equals(new String(server.getBytes("/feeds/search." + format.extension() + "?region=apurimac").body(),
                java.nio.charset.StandardCharsets.UTF_8)), "not the English document from the cache");
    }

    @Test
    void aSearchForNothingIsAllNewsAtItsOwnAddress() {
        HttpResponse<byte[]> response = server.getBytes("/feeds/search.atom");
        assertEquals(200, response.statusCode());
        assertFalse(FeedChecks.check(FeedFormat.ATOM, response.body(), server.base + "/feeds/search.atom").isEmpty());
    }

    @Test
    void languageKeepsOnlyTheMatchesWrittenInIt() {
        HttpResponse<String> created = server.api("POST", "/api/articles", "{\"slug\":\"agua-en-tacna\",\"title\":\"Agua en Tacna\","
                + "\"summary\":\"Un informe sobre el agua.\",\"published\":\"2025-04-01\",\"topics\":[\"environment\"],"
                + "\"regions\":[\"tacna\"],\"language\":\"es-PE\"}");
        assertEquals(201, created.statusCode(), created.body());
        String path = "/feeds/search.atom?region=tacna&language=es";
        await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<byte[]> spanish = server.getBytes(path);
            assertEquals(200, spanish.statusCode());
            List<String> ids = FeedChecks.check(FeedFormat.ATOM, spanish.body(), server.base + path);
            assertEquals(1, ids.size(), "only the article written in Spanish: " + ids);
            assertTrue(ids.get(0).endsWith(":articles/agua-en-tacna"), ids.toString());
        });
        HttpResponse<byte[]> english = server.getBytes("/feeds/search.atom?region=tacna&language=en");
        assertFalse(new String(english.body(), java.nio.charset.StandardCharsets.UTF_8).contains("agua-en-tacna"));
        assertEquals(400, server.get("/feeds/search.atom?region=tacna&language=qu").statusCode());
    }

    private static String firstStored() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            only spaces word     | q=%20%20&topic=gardening    | unknown topic 'gardening'
            unclosed quote       | q=%22las%20bambas           | unclosed quote at 1
            unknown topic        | q=mining&topic=gardening    | unknown topic 'gardening'
            only exclusions      | q=-mining                   | the query only excludes words
            """)
    void aBadSearchIs400SayingWhatIsWrong(String name, String query, String message) {
        HttpResponse<String> response = server.get("/feeds/search.atom?" + query);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains(message), response.body());
    }

    @Test
    void aSearchWithNoWordsIsEverythingItsFiltersLetThrough() {
        HttpResponse<String> puno = server.get("/feeds/search.json?region=puno");
        assertEquals(200, puno.statusCode(), puno.body());
        io.vertx.core.json.JsonObject feed = new io.vertx.core.json.JsonObject(puno.body());
        assertEquals("Peru Support Group: all news (puno)", feed.getString("title"));
        var items = feed.getJsonArray("items");
        HttpResponse<String> regionFeed = server.get("/feeds/regions/puno.json");
        assertEquals(new io.vertx.core.json.JsonObject(regionFeed.body()).getJsonArray("items").stream()
                .map(item -> ((io.vertx.core.json.JsonObject) item).getString("url")).collect(java.util.stream.Collectors.toSet()),
                items.stream().map(item -> ((io.vertx.core.json.JsonObject) item).getString("url"))
                        .collect(java.util.stream.Collectors.toSet()), "the same articles as the region's own feed");
        assertTrue(items.size() > 0);
    }

    @Test
    void aQueryOverTheLimitIsRefused() {
        HttpResponse<String> response = server.get("/feeds/search.rss?q=" + "peru%20".repeat(110));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("at most 500"), response.body());
        HttpResponse<String> words = server.get("/feeds/search.rss?q=" + "peru%20".repeat(60));
        assertEquals(400, words.statusCode());
        assertTrue(words.body().contains("more than 50 words"), words.body());
    }
}
