package uk.org.perusupportgroup.quipu.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.publish.FeedChecks;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;

/** Feeds over real HTTP: content types, validators, conditional GET both ways, gzip, CORS, errors. */
class FeedServingIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/feeds/all.rss, RSS", "/feeds/all.atom, ATOM", "/feeds/all.json, JSON",
        "/feeds/topics/extractive-industries.rss, RSS", "/feeds/topics/extractive-industries.atom, ATOM",
        "/feeds/topics/extractive-industries.json, JSON", "/feeds/regions/puno.atom, ATOM", "/feeds/regions/cusco.rss, RSS",
        "/feeds/regions/apurimac.json, JSON", "/feeds/all.atom?origin=psg, ATOM", "/feeds/topics/migration.atom, ATOM",
        "/es/feeds/all.rss, RSS", "/es/feeds/all.atom, ATOM", "/es/feeds/all.json, JSON",
        "/es/feeds/topics/extractive-industries.atom, ATOM", "/es/feeds/regions/puno.rss, RSS",
        "/es/feeds/regions/apurimac.json, JSON", "/es/feeds/partners.atom, ATOM", "/es/feeds/partners/amnesty.rss, RSS",
        "/es/feeds/all.atom?origin=partners, ATOM"
    })
    void feedsAreServedValidWithCachingHeaders(String path, FeedFormat format) {
        HttpResponse<byte[]> response = server.getBytes(path);
        assertEquals(200, response.statusCode());
        assertEquals(format.contentType(), response.headers().firstValue("Content-Type").orElseThrow());
        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), "strong ETag: " + etag);
        assertTrue(response.headers().firstValue("Cache-Control").orElseThrow().matches("public, max-age=\\d+"));
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(response.headers().firstValue("Vary").orElseThrow().contains("Accept-Encoding"));
        FeedChecks.check(format, response.body(), server.base + path);
    }

    @Test
    void ifNoneMatchGives304ForEitherEncodingsEtag() {
        HttpResponse<byte[]> plain = server.getBytes("/feeds/topics/human-rights.atom");
        HttpResponse<byte[]> gzip = server.getBytes("/feeds/topics/human-rights.atom", "Accept-Encoding", "gzip");
        String plainTag = plain.headers().firstValue("ETag").orElseThrow();
        String gzipTag = gzip.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(plainTag, gzipTag);
        for (String tag : List.of(plainTag, gzipTag)) {
            for (String encoding : List.of("identity", "gzip")) {
                HttpResponse<String> response = server.get("/feeds/topics/human-rights.atom", "If-None-Match", tag,
                        "Accept-Encoding", encoding);
                assertEquals(304, response.statusCode(), tag + " with " + encoding);
                assertTrue(response.body().isEmpty());
                assertTrue(response.headers().firstValue("ETag").isPresent());
            }
        }
        assertEquals(304, server.get("/feeds/topics/human-rights.atom", "If-None-Match", "\"other\", " + plainTag).statusCode());
        assertEquals(200, server.get("/feeds/topics/human-rights.atom", "If-None-Match", "\"other\"").statusCode());
    }

    @Test
    void ifModifiedSinceGives304UntilTheFeedChanges() throws Exception {
        String lastModified = settledLastModified("/feeds/regions/ucayali.rss");
        assertEquals(304, server.get("/feeds/regions/ucayali.rss", "If-Modified-Since", lastModified).statusCode());
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse("2020-01-01T00:00:00Z").atOffset(ZoneOffset.UTC));
        assertEquals(200, server.get("/feeds/regions/ucayali.rss", "If-Modified-Since", earlier).statusCode());
        assertEquals(200, server.get("/feeds/regions/ucayali.rss", "If-Modified-Since", "not a date").statusCode());
        assertEquals(200, server.get("/feeds/regions/ucayali.rss", "If-Modified-Since", lastModified,
                "If-None-Match", "\"stale\"").statusCode(), "If-None-Match decides when both are sent");
    }

    @Test
    void ifModifiedSinceIsReadInEveryFormOfHttpDate() throws Exception {
        String lastModified = settledLastModified("/feeds/regions/ucayali.atom");
        Instant date = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(lastModified));
        var utc = date.atOffset(ZoneOffset.UTC);
        java.util.Locale en = java.util.Locale.ENGLISH;
        for (String form : List.of(
                DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", en).format(utc),     // RFC 850, obsolete
                DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", en).format(utc),           // asctime, obsolete
                DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss 'GMT'", en).format(utc))) {    // one-digit day
            assertEquals(304, server.get("/feeds/regions/ucayali.atom", "If-Modified-Since", form).statusCode(), form);
        }
    }

    /** Every feed the OPML lists sends an RFC 9110 IMF-fixdate, empty feeds too, and none is dated 1970. */
    @Test
    void everyFeedSendsLastModifiedAsAnImfFixdate() throws Exception {
        String opml = server.get("/feeds.opml").body();
        List<String> feeds = java.util.regex.Pattern.compile("xmlUrl=\"([^\"]+)\\.atom\"").matcher(opml).results()
                .map(m -> m.group(1).substring(server.base.length()))
                .flatMap(scope -> java.util.stream.Stream.of(".rss", ".atom", ".json").map(ext -> scope + ext)).toList();
        assertEquals(135, feeds.size(), "45 scopes in three formats");
        var imfFixdate = java.util.regex.Pattern.compile(
                "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        int empty = 0;
        for (String feed : feeds) {
            String lastModified = settledLastModified(feed);
            assertTrue(imfFixdate.matcher(lastModified).matches(), feed + ": " + lastModified);
            assertFalse(lastModified.contains("1970"), feed + ": " + lastModified);
            String body = server.get(feed).body();
            assertFalse(body.contains("1970-01-01") || body.contains("01 Jan 1970"), feed + " is dated 1970");
            if (!body.contains(":articles/")) {   // no item id (tag:…:articles/{slug}): an empty feed
                empty++;
            }
        }
        assertTrue(empty > 0, "the sample content leaves some feeds empty, and those were checked too");
    }

    @Test
    void anEmptyFeedIsDatedTheSameByAnotherInstanceAndAfterARestart() throws Exception {
        String empty = "/feeds/regions/tacna.atom";
        assertFalse(server.get(empty).body().contains(":articles/"), "no sample article is about Tacna");
        String lastModified = settledLastModified(empty);
        try (TestServer other = TestServer.start(java.util.Map.of("QUIPU_DB_URL", server.config.db().url()))) {
            assertEquals(lastModified, other.get(empty).headers().firstValue("Last-Modified").orElseThrow());
            java.util.function.Function<String, String> updated = body -> body.replaceAll("(?s).*?<updated>([^<]+)</updated>.*", "$1");
            assertEquals(updated.apply(server.get(empty).body()), updated.apply(other.get(empty).body()));
        }
    }

    /** The feed's Last-Modified, once the second of its last change is over (it is sent only then). */
    private static String settledLastModified(String path) {
        return await(path + " sends Last-Modified").atMost(Duration.ofSeconds(3))
                .until(() -> server.get(path).headers().firstValue("Last-Modified"), java.util.Optional::isPresent).get();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /feeds/all.atom", "GET, /feeds/all.atom?page=9999", "GET, /feeds/all.atom?page=x", "GET, /no/such/path",
        "GET, /api/articles", "GET, /admin/articles", "GET, /health", "GET, /metrics", "GET, /", "GET, /subscribe",
        "HEAD, /feeds/all.rss", "OPTIONS, /feeds/all.json", "DELETE, /feeds/all.json", "GET, /feeds.opml"
    })
    void everyResponseForbidsTypeSniffing(String method, String path) {
        HttpResponse<String> response = server.send(server.request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(List.of("nosniff"), response.headers().allValues("X-Content-Type-Options"), method + " " + path + " → "
                + response.statusCode());
    }

    @Test
    void gzipIsSentWhenAskedAndHoldsTheSameBytes() throws IOException {
        byte[] plain = server.getBytes("/feeds/all.json").body();
        HttpResponse<byte[]> gzip = server.getBytes("/feeds/all.json", "Accept-Encoding", "gzip, deflate");
        assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElseThrow());
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertArrayEquals(plain, in.readAllBytes());
        }
        assertTrue(gzip.body().length < plain.length / 2);
        HttpResponse<byte[]> refused = server.getBytes("/feeds/all.json", "Accept-Encoding", "gzip;q=0");
        assertTrue(refused.headers().firstValue("Content-Encoding").isEmpty());
        assertArrayEquals(plain, refused.body());
        assertTrue(server.getBytes("/feeds/all.json", "Accept-Encoding", "*, gzip;q=0").headers().firstValue("Content-Encoding").isEmpty(),
                "gzip's own q=0 wins over *");
        HttpResponse<byte[]> deflate = server.getBytes("/feeds/all.json", "Accept-Encoding", "deflate");
        assertTrue(deflate.headers().firstValue("Content-Encoding").isEmpty(), "no on-the-fly compression under the identity ETag");
        assertArrayEquals(plain, deflate.body());
    }

    @Test
    void corsPreflightAllowsConditionalRequestsFromWidgets() {
        HttpResponse<String> preflight = server.send(server.request("/feeds/topics/environment.json")
                .header("Origin", "https://partner.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("If-None-Match"));
    }

    @Test
    void headAnswersWithHeadersOnly() {
        HttpResponse<String> head = server.send(server.request("/feeds/all.atom").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertTrue(head.body().isEmpty());
        assertEquals(server.get("/feeds/all.atom").headers().firstValue("ETag"), head.headers().firstValue("ETag"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/feeds/topics/mining.atom, 404, unknown topic 'mining'",
        "/feeds/regions/atlantis.rss, 404, unknown region 'atlantis'",
        "/feeds/all.xml, 404, .rss, .atom or .json",
        "/feeds/everything.atom, 404, no such feed",
        "/feeds/topics/environment, 404, .rss, .atom or .json",
        "/feeds/all.atom?page=999, 404, fewer pages",
        "/feeds/all.atom?page=0, 400, page must be",
        "/feeds/all.atom?page=abc, 400, page must be",
        "/feeds/all.atom?page=-1, 400, page must be",
        "/feeds/all.atom?origin=amnesty, 400, origin must be psg or partners",
        "/nothing/here, 404, not found"
    })
    void badFeedRequestsGetAShortPlainMessage(String path, int status, String message) {
        HttpResponse<String> response = server.get(path);
        assertEquals(status, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(response.body().contains(message), response.body());
        assertTrue(response.body().length() < 200);
    }

    @Test
    void opmlListsEveryFeedGroupedByTopicsAndRegions() {
        HttpResponse<byte[]> response = server.getBytes("/feeds.opml");
        assertEquals(200, response.statusCode());
        var opml = FeedChecks.dom(response.body()).getDocumentElement();
        assertEquals("2.0", opml.getAttribute("version"));
        NodeList outlines = opml.getElementsByTagName("outline");
        int feeds = 0;
        for (int i = 0; i < outlines.getLength(); i++) {
            Element outline = (Element) outlines.item(i);
            if (!outline.getAttribute("xmlUrl").isEmpty()) {
                feeds++;
                assertTrue(outline.getAttribute("xmlUrl").startsWith(server.base + "/feeds/"));
            }
        }
        assertEquals(1 + 12 + 28 + 1 + 3, feeds, "all, topics, regions, all partners and the three shipped partner sources");
        assertEquals(200, server.get("/feeds/regions/lima-metropolitana.atom").statusCode());
        assertEquals(304, server.get("/feeds.opml", "If-None-Match", response.headers().firstValue("ETag").orElseThrow()).statusCode());
    }

    @Test
    void theSpanishFeedsAreFeedsOfTheirOwnWithSpanishTitlesDescriptionsAndLabels() {
        var english = FeedChecks.dom(server.getBytes("/feeds/topics/extractive-industries.atom").body()).getDocumentElement();
        var spanish = FeedChecks.dom(server.getBytes("/es/feeds/topics/extractive-industries.atom").body()).getDocumentElement();
        assertEquals("Peru Support Group: Industrias extractivas", text(spanish, "title"));
        assertTrue(text(spanish, "subtitle").startsWith("Noticias y análisis sobre industrias extractivas en el Perú"),
                text(spanish, "subtitle"));
        assertEquals("es", spanish.getAttribute("xml:lang"));
        assertNotEquals(text(english, "id"), text(spanish, "id"), "a feed of its own");
        assertEquals(server.base + "/es/feeds/topics/extractive-industries.atom", link(spanish, "self"));
        assertEquals(server.base + "/es/topics/extractive-industries", link(spanish, "alternate"));
        String entryLink = ((Element) ((Element) spanish.getElementsByTagName("entry").item(0)).getElementsByTagName("link").item(0))
                .getAttribute("href");
        assertTrue(entryLink.startsWith(server.base + "/es/articles/") || !entryLink.startsWith(server.base),
                "PSG's articles linked to their Spanish pages: " + entryLink);
        Element category = (Element) spanish.getElementsByTagName("category").item(0);
        Element englishCategory = (Element) english.getElementsByTagName("category").item(0);
        assertEquals(englishCategory.getAttribute("term"), category.getAttribute("term"), "the same terms");
        assertNotEquals(englishCategory.getAttribute("label"), category.getAttribute("label"), "labelled in Spanish");
        assertEquals(english.getElementsByTagName("entry").getLength(), spanish.getElementsByTagName("entry").getLength(),
                "the same articles");
        String rss = server.get("/es/feeds/regions/puno.rss").body();
        assertTrue(rss.contains("<language>es</language>") && rss.contains("<title>Peru Support Group: Puno</title>"), rss);
        assertEquals(404, server.get("/es/feeds/topics/mining.atom").statusCode());
        assertFalse(server.get("/es/feeds/topics/mining.atom").body().equals(server.get("/feeds/topics/mining.atom").body()),
                "the error told in Spanish");
    }

    @Test
    void languageKeepsOnlyTheArticlesWrittenInIt() throws Exception {
        try (TestServer own = TestServer.start()) {
            HttpResponse<String> created = own.api("POST", "/api/articles", "{\"slug\":\"informe-puno\",\"title\":\"Informe sobre Puno\","
                    + "\"summary\":\"Un informe.\",\"published\":\"2025-03-01\",\"topics\":[\"environment\"],\"regions\":[\"puno\"],"
                    + "\"language\":\"es\"}");
            assertEquals(201, created.statusCode(), created.body());
            for (String base : List.of("/feeds", "/es/feeds")) {
                String path = base + "/regions/puno.atom?language=es";
                HttpResponse<byte[]> spanish = own.getBytes(path);
                assertEquals(200, spanish.statusCode());
                FeedChecks.check(FeedFormat.ATOM, spanish.body(), own.base + path);
                var feed = FeedChecks.dom(spanish.body()).getDocumentElement();
                assertEquals(1, feed.getElementsByTagName("entry").getLength(), path);
                assertTrue(text(feed, "title").endsWith(base.startsWith("/es") ? "(artículos en español)" : "(articles in Spanish)"),
                        text(feed, "title"));
                assertEquals(own.base + path, link(feed, "self"));
            }
            var english = FeedChecks.dom(own.getBytes("/feeds/regions/puno.atom?language=en").body()).getDocumentElement();
            var all = FeedChecks.dom(own.getBytes("/feeds/regions/puno.atom").body()).getDocumentElement();
            assertEquals(all.getElementsByTagName("entry").getLength() - 1, english.getElementsByTagName("entry").getLength());
            assertNotEquals(text(all, "id"), text(english, "id"), "a feed of its own");
            HttpResponse<String> bad = own.get("/feeds/all.atom?language=fr");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("language must be en or es, not 'fr'"), bad.body());
            assertEquals(404, own.get("/feeds/all.atom?language=es&page=2").statusCode(), "one page of Spanish articles only");
        }
    }

    @Test
    void theSpanishOpmlListsTheSpanishFeeds() {
        var opml = FeedChecks.dom(server.getBytes("/es/feeds.opml").body()).getDocumentElement();
        NodeList outlines = opml.getElementsByTagName("outline");
        int feeds = 0;
        List<String> groups = new java.util.ArrayList<>();
        for (int i = 0; i < outlines.getLength(); i++) {
            Element outline = (Element) outlines.item(i);
            if (outline.getAttribute("xmlUrl").isEmpty()) {
                groups.add(outline.getAttribute("text"));
            } else {
                feeds++;
                assertTrue(outline.getAttribute("xmlUrl").startsWith(server.base + "/es/feeds/"), outline.getAttribute("xmlUrl"));
                assertTrue(outline.getAttribute("htmlUrl").startsWith(server.base + "/es/"), outline.getAttribute("htmlUrl"));
            }
        }
        assertEquals(1 + 12 + 28 + 1 + 3, feeds);
        assertEquals(List.of("Temas", "Regiones", "Socios"), groups);
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagName(name).item(0).getTextContent();
    }

    private static String link(Element feed, String rel) {
        NodeList links = feed.getElementsByTagName("link");
        for (int i = 0; i < links.getLength(); i++) {
            Element link = (Element) links.item(i);
            if (link.getParentNode() == feed && rel.equals(link.getAttribute("rel"))) {
                return link.getAttribute("href");
            }
        }
        return "";
    }

    @Test
    void healthAndMetricsReport() {
        HttpResponse<String> health = server.get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\" : \"up\""), health.body());
        assertTrue(health.body().contains("\"database\""));
        server.get("/feeds/all.atom");
        HttpResponse<String> metrics = server.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("quipu_feed_requests_total{cache=\"hit\"}"), metrics.body());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"));
        assertFalse(metrics.body().contains(TestServer.TOKEN));
    }
}
