package uk.org.perusupportgroup.quipu.aggregate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.publish.FeedChecks;
import uk.org.perusupportgroup.quipu.publish.FeedFormat;

/**
 * The running server polling fixture partner sites over real HTTP: one well-behaved site serving the
 * Amnesty-shaped fixtures with ETags, and one hostile site. Every bad answer leaves the server
 * serving every other feed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerAggregationIT {

    private static final String CONTACT = "https://psg.example/contact";
    private FixturePartnerSite good;
    private FixturePartnerSite hostile;
    /** A site that answers 429: it asks to be left alone, so it has a host of its own. */
    private FixturePartnerSite busy;
    private FixturePartnerSite bare;
    private TestServer server;
    private final List<String> xssPayloads = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        good = new FixturePartnerSite()
                .fixture("/en/feed/", "amnesty-location-peru-feed.synthetic.xml", "application/rss+xml; charset=UTF-8")
                .fixture("/en/main-feed/", "amnesty-org-en-feed.sample.xml", "application/rss+xml; charset=UTF-8")
                .fixture("/en/search/", "amnesty-search-peru-news.synthetic.html", "text/html; charset=UTF-8")
                .fixture("/groups/south-america-team/peru", "amnesty-uk-peru.synthetic.html", "text/html; charset=utf-8")
                .text("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
                .text("/private/news", "text/html", "<html><body><article class=\"post--result\"><h1 class=\"post-title\"><a href=\"/x\">"
                        + "Secret</a></h1></article></body></html>")
                .text("/peru/", "text/html", "<!DOCTYPE html><html><head><title>Peru</title><link rel=\"alternate\""
                        + " type=\"application/rss+xml\" href=\"/en/feed/\"></head><body></body></html>");
        hostile = new FixturePartnerSite();
        busy = new FixturePartnerSite()
                .route("/429", r -> r.response().setStatusCode(429).putHeader("Retry-After", "3600").end());
        bare = new FixturePartnerSite().route("/429-bare", r -> r.response().setStatusCode(429).end());
        hostileRoutes();
        Path partners = Files.createTempFile("partners", ".yaml");
        Files.writeString(partners, partnersYaml());
        server = TestServer.start(Map.of(
                "QUIPU_PARTNERS_ENABLED", "true",
                "QUIPU_PARTNERS_FILE", partners.toString(),
                "QUIPU_PARTNERS_TIMEOUT", "2s",
                "QUIPU_PARTNERS_HOST_INTERVAL", "100ms",
                "QUIPU_PARTNERS_NOTIFY", "staff@psg.example",
                "QUIPU_PARTNERS_NOTIFY_AFTER", "1ms",
                "QUIPU_PARTNERS_CONTACT", CONTACT,
                // the fixture sites are on 127.0.0.1
                "QUIPU_PARTNERS_ALLOW_PRIVATE_ADDRESSES", "true"));
        for (String id : sourceIds()) {
            awaitPolled(id);
        }
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        good.close();
        hostile.close();
        busy.close();
        bare.close();
    }

    // --- the well-behaved partner ------------------------------------------------------------------

    @Test
    void theSecondPollIsConditionalAndAnswered304() {
        int before = good.requests("/en/feed/").size();
        refresh("amnesty");
        List<FixturePartnerSite.Seen> seen = good.requests("/en/feed/");
        assertEquals(before + 1, seen.size());
        FixturePartnerSite.Seen last = seen.get(seen.size() - 1);
        assertEquals("\"" + "amnesty-location-peru-feed.synthetic.xml".hashCode() + "\"", last.headers().get("If-None-Match"));
        JsonObject health = health("amnesty");
        assertEquals(304, health.getInteger("httpStatus"));
        assertEquals("ok", health.getString("status"));
        String agent = last.headers().get("User-Agent");
        assertTrue(agent.startsWith("Quipu/") && agent.contains(CONTACT), agent);
        assertTrue(last.headers().get("Accept-Encoding").contains("gzip"), last.headers().get("Accept-Encoding"));
    }

    @Test
    void requestsToOneHostNeverOverlapAndKeepTheirInterval() {
        List<FixturePartnerSite.Seen> seen = new ArrayList<>(good.requests());
        seen.sort(java.util.Comparator.comparingLong(FixturePartnerSite.Seen::startNanos));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).startNanos() >= seen.get(i - 1).endNanos(), "overlap: " + seen.get(i - 1).path() + " and " + seen.get(i).path());
            // the gate counts from the end of the last request; measured where requests arrive, a few ms are lost
            assertTrue(seen.get(i).startNanos() - seen.get(i - 1).endNanos() >= Duration.ofMillis(80).toNanos(),
                    "interval kept between " + seen.get(i - 1).path() + " and " + seen.get(i).path());
        }
    }

    @Test
    void thePeruFilterKeepsPeruItemsOnly() {
        JsonObject main = health("amnesty-main");
        assertEquals("ok", main.getString("status"));
        assertEquals(0, main.getInteger("items"), "the main feed's sample holds no Peru item");
        JsonArray items = feedJson("/feeds/partners/amnesty.json").getJsonArray("items");
        List<String> titles = items.stream().map(i -> ((JsonObject) i).getString("title")).toList();
        assertTrue(titles.contains("Peru: Authorities must protect Indigenous land defenders (fixture)"), titles.toString());
        assertTrue(titles.stream().allMatch(t -> t.startsWith("Peru")), titles.toString());
        assertFalse(titles.contains("Peru: Fixture item dated in the future"), "held until 2099: " + titles);
    }

    @Test
    void theHtmlListingYieldsItsItemsWithTheirDates() {
        JsonArray items = feedJson("/feeds/partners/amnesty-peru-news.json").getJsonArray("items");
        assertEquals(4, items.size(), items.encodePrettily());
        JsonObject card = items.stream().map(JsonObject.class::cast)
                .filter(i -> i.getString("url").endsWith("/2026/03/peru-fixture-protest-killings-accountability/")).findFirst().orElseThrow();
        assertTrue(card.getString("date_published").startsWith("2026-03-09T00:00:00"), card.encodePrettily());
    }

    @Test
    void theSameStoryThroughTwoSourcesIsStoredOnceAndCreditedToBoth() {
        String link = "https://www.amnesty.org/en/latest/news/2026/05/peru-fixture-indigenous-defenders-protection/";
        List<JsonObject> items = allItems("/feeds/all.json?origin=partners");
        assertEquals(1, items.stream().filter(i -> i.getString("url").equals(link)).count(), items.toString());
        assertTrue(allItems("/feeds/partners/amnesty-peru-news.json").stream().anyMatch(i -> i.getString("url").equals(link)));
        String page = server.get("/partners/amnesty-peru-news").body();
        assertTrue(page.contains("Peru: Authorities must protect Indigenous land defenders (fixture)"), page);
    }

    @Test
    void partnerItemsLandInTheirTopicAndRegionFeedsAttributed() {
        String topic = server.get("/feeds/topics/indigenous-peoples.atom").body();
        assertTrue(topic.contains("Peru: Authorities must protect Indigenous land defenders (fixture)"), topic);
        assertTrue(topic.contains("<source>") && topic.contains("<title type=\"text\">Amnesty International</title>"), topic);
        String region = server.get("/feeds/regions/ayacucho.rss").body();
        assertTrue(region.contains("<source url=\"" + good.base + "/groups/south-america-team/peru\"") 
                || region.contains("/feeds/partners/amnesty-uk.rss\">Amnesty International UK</source>"), region);
        String psgOnly = server.get("/feeds/topics/indigenous-peoples.atom?origin=psg").body();
        assertFalse(psgOnly.contains("(fixture)"), psgOnly);
        String partnersOnly = server.get("/feeds/all.json?origin=partners").body();
        assertFalse(partnersOnly.contains("\"/articles/"), "no PSG article among partners' items");
        String listing = server.get("/topics/indigenous-peoples").body();
        assertTrue(listing.contains("via <a class=\"via\" href=\"/partners/amnesty") && listing.contains("\">Amnesty International</a>"),
                listing);
        String excerpt = server.get("/feeds/partners/amnesty.atom").body();
        assertFalse(excerpt.contains("Invented lead paragraph"), "excerpt policy: Amnesty's full text is not republished");
    }

    @Test
    void amnestyUkMonthlyEntriesAreItemsOfTheirMonth() {
        JsonArray items = feedJson("/feeds/partners/amnesty-uk.json").getJsonArray("items");
        assertEquals(12, items.size());
        JsonObject july = items.getJsonObject(0);
        assertTrue(july.getString("title").startsWith("Amnesty has strongly criticised a new bill approved by Congress"), july.encode());
        assertEquals("2025-06-30T23:00:00Z", july.getString("date_published"));
        assertEquals("Amnesty International UK", july.getJsonArray("authors").getJsonObject(0).getString("name"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/feeds/partners.atom", "/feeds/partners.rss", "/feeds/partners.json", "/feeds/partners/amnesty-uk.atom",
            "/feeds/partners/amnesty-uk.rss", "/feeds/partners/amnesty.rss", "/feeds/partners/xss.atom", "/feeds/partners/xss.rss",
            "/feeds/regions/ayacucho.atom", "/feeds/regions/ayacucho.rss", "/feeds/all.atom?origin=partners"})
    void partnerFeedsAreValid(String path) {
        HttpResponse<byte[]> response = server.getBytes(path);
        assertEquals(200, response.statusCode());
        FeedFormat format = FeedFormat.byExtension(path.replaceAll("^.*\\.([a-z]+)(\\?.*)?$", "$1")).orElseThrow();
        List<String> ids = FeedChecks.check(format, response.body(), server.base + path);
        assertFalse(ids.isEmpty(), "the feed holds partner items");
    }

    @Test
    void theDirectoryAndOpmlListThePartnerFeeds() {
        assertTrue(server.get("/").body().contains("/feeds/partners/amnesty-uk.atom"));
        String opml = server.get("/feeds.opml").body();
        assertTrue(opml.contains("/feeds/partners.atom") && opml.contains("/feeds/partners/amnesty.atom"), opml);
        assertEquals(404, server.get("/feeds/partners/nobody.atom").statusCode());
        assertEquals(200, server.get("/feeds/partners.rss").statusCode());
    }

    @Test
    void autodiscoveryFollowsTheAdvertisedFeed() {
        JsonObject auto = health("amnesty-auto");
        assertEquals("ok", auto.getString("status"), auto.encodePrettily());
        assertTrue(auto.getInteger("items") > 0);
    }

    @Test
    void robotsTxtIsHonouredForHtmlSources() {
        JsonObject robots = health("private");
        assertEquals("failing", robots.getString("status"));
        assertTrue(robots.getString("lastError").contains("robots.txt"), robots.getString("lastError"));
        assertEquals(0, good.requests("/private/news").size(), "never fetched");
    }

    @Test
    void healthApiNeedsTheTokenAndStaffSeeTheSameOnTheirPage() throws Exception {
        assertEquals(401, server.get("/api/partners").statusCode());
        HttpResponse<String> api = server.api("GET", "/api/partners", null);
        assertEquals(200, api.statusCode());
        JsonArray sources = new JsonObject(api.body()).getJsonArray("sources");
        assertEquals(sourceIds().size(), sources.size());
        String basic = java.util.Base64.getEncoder().encodeToString(("staff:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        String page = server.get("/admin/partners", "Authorization", "Basic " + basic).body();
        assertTrue(page.contains("Amnesty International UK") && page.contains("Poll now"), page);
        assertEquals(404, server.api("POST", "/api/partners/nobody/refresh", null).statusCode());
        int before = good.requests("/groups/south-america-team/peru").size();
        HttpResponse<String> poll = server.send(server.request("/admin/partners/amnesty-uk/refresh")
                .header("Authorization", "Basic " + basic).header("Origin", server.base)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(303, poll.statusCode(), poll.body());
        assertEquals("/admin/partners?polled=amnesty-uk", poll.headers().firstValue("Location").orElseThrow());
        assertEquals(before + 1, good.requests("/groups/south-america-team/peru").size(), "the page's button polls the source");
        String after = server.get("/admin/partners?polled=amnesty-uk", "Authorization", "Basic " + basic).body();
        assertTrue(after.contains("<p role=\"status\">Polled amnesty-uk.</p>") && after.contains("<h1>Partner sources</h1>")
                && after.contains("<code>amnesty-uk</code>"), after);
        HttpResponse<String> crossSite = server.send(server.request("/admin/partners/amnesty-uk/refresh")
                .header("Authorization", "Basic " + basic).header("Origin", "https://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, crossSite.statusCode(), "a post from another site is refused");
    }

    @Test
    void healthWarnsOfTroubledSourcesWhileServing() {
        HttpResponse<String> health = server.get("/health");
        assertEquals(200, health.statusCode(), "a partner's trouble does not make the service unhealthy");
        JsonObject partners = new JsonObject(health.body()).getJsonObject("checks").getJsonObject("partners");
        assertEquals("warn", partners.getString("status"));
        String problems = partners.getJsonArray("problems").encode();
        assertTrue(problems.contains("http-410: gone") && problems.contains("http-500: failing"), problems);
        assertFalse(problems.contains("\"amnesty:"), problems);
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("quipu_partner_sources{status=\"gone\"} 1.0"), metrics.lines()
                .filter(l -> l.startsWith("quipu_partner")).toList().toString());
    }

    @Test
    void partnerItemsCannotBeEditedThroughTheApi() {
        String slug = feedJson("/feeds/partners/amnesty-uk.json").getJsonArray("items").getJsonObject(0).getString("id")
                .replaceAll("^.*:articles/", "");
        HttpResponse<String> delete = server.api("DELETE", "/api/articles/" + slug, null);
        assertEquals(409, delete.statusCode(), delete.body());
        assertTrue(delete.body().contains("partner's item"), delete.body());
        assertEquals(12, feedJson("/feeds/partners/amnesty-uk.json").getJsonArray("items").size(), "nothing lost");
        String basic = java.util.Base64.getEncoder().encodeToString(("staff:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));
        String edit = server.get("/admin/articles/" + slug + "/edit", "Authorization", "Basic " + basic).body();
        // no form to edit it; only the one to hide it (issue 13: moderation)
        assertTrue(edit.contains("partner source <code>amnesty-uk</code>") && !edit.contains("name=\"title\"")
                && edit.contains("/hide\""), edit);
    }

    // --- the hostile partner -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            500                               | http-500      | failing | HTTP 500
            404                               | http-404      | failing | HTTP 404
            410 stops polling and says so     | http-410      | gone    | 410
            429 with Retry-After              | http-429      | failing | HTTP 429
            429 without Retry-After           | http-429-bare | failing | HTTP 429
            a server that never answers       | hang          | failing | timed out
            a server that trickles bytes      | trickle       | failing | timed out
            a 20 MiB body                     | huge          | failing | larger than the limit
            a redirect loop                   | loop          | failing | more than 5 redirects
            a redirect to a non-HTTP scheme   | ftp           | failing | non-HTTP
            DOCTYPE with an external entity   | xxe           | failing | DOCTYPE
            billion laughs                    | billion       | failing | DOCTYPE
            malformed XML                     | malformed     | failing | not a readable feed
            an HTML page where a feed was expected | html-not-feed | failing | HTML page
            """)
    void aBadAnswerIsReportedAndEverythingElseKeepsServing(String name, String id, String status, String error) {
        JsonObject health = health(id);
        assertEquals(status, health.getString("status"), health.encodePrettily());
        assertTrue(health.getString("lastError").contains(error), health.getString("lastError"));
        assertTrue(health.getInteger("consecutiveErrors") >= 1);
        if (!status.equals("gone")) {
            assertTrue(Instant.parse(health.getString("nextCheck")).isAfter(Instant.now()), "retried later, not dropped");
        } else {
            assertEquals(null, health.getString("nextCheck"));
        }
        assertEquals(200, server.get("/feeds/all.atom").statusCode());
        assertEquals(200, server.get("/feeds/partners/amnesty.atom").statusCode());
    }

    @Test
    void retryAfterIsRespectedForEverySourceOnTheHost() {
        Instant next = Instant.parse(health("http-429").getString("nextCheck"));
        assertTrue(next.isAfter(Instant.now().plus(Duration.ofMinutes(50))), "Retry-After: 3600 → " + next);
        Instant bare = Instant.parse(health("http-429-bare").getString("nextCheck"));
        assertTrue(bare.isAfter(Instant.now().plus(Duration.ofMinutes(40))), "429 without Retry-After: at least the interval → " + bare);
        int seen = busy.requests().size();
        server.api("POST", "/api/partners/http-429/refresh", null);
        assertEquals(seen, busy.requests().size(), "the host asked for an hour's rest: not even a refresh reaches it");
        assertTrue(health("http-429").getString("lastError").contains("Retry-After"), health("http-429").encode());
    }

    @Test
    void aGoneSourceIsNotPolledAgainUntilStaffRefreshIt() throws Exception {
        int seen = hostile.requests("/410").size();
        // for 1.5 s (many poller ticks) it is not asked again
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> hostile.requests("/410").size() == seen);
        refresh("http-410");
        assertEquals(seen + 1, hostile.requests("/410").size());
    }

    @Test
    void theHugeBodyIsCutOffWhileItArrives() {
        assertTrue(health("huge").getString("lastError").contains("15 MiB"));
    }

    @Test
    void feedsThatAreEmptyOrLackTitlesOrLinksAreReadWithoutFuss() {
        assertEquals("ok", health("empty").getString("status"));
        assertEquals(0, health("empty").getInteger("items"));
        JsonObject partial = health("no-title");
        assertEquals("ok", partial.getString("status"));
        assertEquals(4, partial.getInteger("items"));
        String titles = feedJson("/feeds/partners/no-title.json").encode();
        assertTrue(titles.contains("An item with a link and a description but no title."), titles);
    }

    @Test
    void aLinkWithUserInfoIsStoredAndRedirectedToWithoutIt() {
        JsonObject item = feedJson("/feeds/partners/userinfo.json").getJsonArray("items").getJsonObject(0);
        String link = "https://evil.example/en/latest/news/2026/07/peru-userinfo/";
        assertEquals(link, item.getString("url"), "stored without 'www.amnesty.org@'");
        HttpResponse<String> redirect = server.get("/articles/" + item.getString("id").replaceAll("^.*:articles/", ""));
        assertEquals(302, redirect.statusCode());
        assertEquals(link, redirect.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void aWrongDeclaredCharsetStillReadsTheAccents() {
        String feed = server.get("/feeds/partners/wrong-charset.atom").body();
        assertTrue(feed.contains("Perú: consulta previa en Apurímac – comunidades"), feed);
    }

    @Test
    void staffAreMailedOncePerIncident() throws Exception {
        refresh("http-500");
        refresh("http-500");
        List<String> mails = mails();
        long failing = mails.stream().filter(m -> m.contains("http-500") && m.contains("has been failing")).count();
        assertEquals(1, failing, "one notice for the incident, not one per poll");
        assertTrue(mails.stream().anyMatch(m -> m.contains("is gone (HTTP 410)")), "410 is told at once");
        assertTrue(mails.stream().allMatch(m -> m.contains("To: staff@psg.example")));
    }

    @Test
    void aRedesignedPageThatStopsYieldingItemsIsToldOnce() throws Exception {
        hostile.text("/redesign", "text/html", "<html><body><p>Our new look!</p></body></html>");
        refresh("redesigned");
        refresh("redesigned");
        assertEquals("empty", health("redesigned").getString("status"));
        assertEquals(1, mails().stream().filter(m -> m.contains("no items found")).count());
    }

    @Test
    void noActiveContentFromTheXssCorpusReachesAnyFeedOrPage() {
        assertTrue(xssPayloads.size() >= 40, "corpus: " + xssPayloads.size());
        assertEquals("ok", health("xss").getString("status"), health("xss").encodePrettily());
        Set<String> iframes = Set.of("www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com");
        List<String> problems = new ArrayList<>();
        for (String path : List.of("/feeds/partners/xss.atom", "/feeds/partners/xss.rss", "/feeds/all.atom?origin=partners",
                "/feeds/topics/human-rights.rss")) {
            Document xml = Jsoup.parse(server.get(path).body(), "", Parser.xmlParser());
            for (Element element : xml.select("content, description, content|encoded, summary")) {
                ActiveContent.violations(element.text(), iframes).forEach(v -> problems.add(path + ": " + v));
            }
        }
        List<JsonObject> stored = allItems("/feeds/partners/xss.json");
        for (JsonObject item : stored) {
            ActiveContent.violations(item.getString("content_html"), iframes).forEach(v -> problems.add("json: " + v));
        }
        assertEquals(xssPayloads.size(), stored.size(), "every payload item stored and published");
        for (String path : List.of("/partners/xss", "/partners/xss?page=2", "/partners/xss?page=3", "/partners")) {
            Document page = Jsoup.parse(server.get(path).body());
            for (Element list : page.select("main, ol.articles")) {
                ActiveContent.violations(list.html(), iframes).forEach(v -> problems.add(path + ": " + v));
            }
            assertTrue(page.select("script").isEmpty(), path);
        }
        assertEquals(List.of(), problems);
    }

    // --- set-up ------------------------------------------------------------------------------------

    private void hostileRoutes() throws IOException {
        hostile.route("/500", r -> r.response().setStatusCode(500).end("boom"))
                .route("/404", r -> r.response().setStatusCode(404).end("no"))
                .route("/410", r -> r.response().setStatusCode(410).end("gone"))
                .route("/hang", r -> { })
                .route("/trickle", r -> {
                    r.response().setChunked(true).putHeader("Content-Type", "application/rss+xml");
                    long[] timer = new long[1];
                    timer[0] = hostile.vertx().setPeriodic(300, t -> {
                        if (r.response().closed()) {
                            hostile.vertx().cancelTimer(timer[0]);
                        } else {
                            r.response().write("<");
                        }
                    });
                })
                .route("/huge", r -> {
                    r.response().setChunked(true).putHeader("Content-Type", "application/rss+xml");
                    Buffer chunk = Buffer.buffer(new byte[1024 * 1024]);
                    writeChunks(r.response(), chunk, 20);
                })
                .route("/loop", r -> r.response().setStatusCode(302).putHeader("Location", "/loop").end())
                .route("/ftp", r -> r.response().setStatusCode(301).putHeader("Location", "ftp://partner.example/feed.xml").end())
                .fixture("/xxe.xml", "hostile/xxe.xml", "application/rss+xml")
                .fixture("/billion.xml", "hostile/billion-laughs.xml", "application/rss+xml")
                .fixture("/malformed.xml", "hostile/malformed.xml", "application/rss+xml")
                .fixture("/html-not-feed", "hostile/html-instead-of-feed.html", "text/html")
                .fixture("/empty.xml", "hostile/empty-feed.xml", "application/rss+xml")
                .fixture("/no-title.xml", "hostile/no-title-no-link.xml", "application/rss+xml")
                .fixture("/wrong-charset.xml", "hostile/wrong-charset.xml", "application/rss+xml; charset=utf-8")
                .text("/redesign", "text/html", "<html><body><article class=\"post--result\"><h1 class=\"post-title\">"
                        + "<a href=\"/a\">Peru: an item</a></h1></article></body></html>")
                .text("/xss.xml", "application/rss+xml", xssFeed())
                .text("/userinfo.xml", "application/rss+xml", "<rss version=\"2.0\"><channel><title>User-info</title>"
                        + "<link>https://partner.example/</link><description>hostile</description><item><title>Peru: a link that"
                        + " reads as Amnesty's</title><link>https://www.amnesty.org@evil.example/en/latest/news/2026/07/peru-userinfo/"
                        + "</link><pubDate>Mon, 13 Jul 2026 09:00:00 +0000</pubDate></item></channel></rss>");
    }

    private static void writeChunks(io.vertx.core.http.HttpServerResponse response, Buffer chunk, int left) {
        if (left == 0 || response.closed()) {
            if (!response.closed()) {
                response.end();
            }
            return;
        }
        response.write(chunk).onComplete(done -> writeChunks(response, chunk, left - 1));
    }

    private String xssFeed() throws IOException {
        StringBuilder rss = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""
                + " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>XSS</title>"
                + "<link>https://partner.example/</link><description>hostile</description>\n");
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/partners/hostile/xss-payloads.txt"), StandardCharsets.UTF_8);
        int n = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            xssPayloads.add(parts[1]);
            String escaped = escape(parts[1]);
            rss.append("<item><title>Human rights payload ").append(escape(parts[0])).append(' ').append(escaped)
                    .append("</title><link>https://partner.example/xss/").append(n).append("</link><description>")
                    .append(escaped).append("</description><content:encoded>").append(escaped)
                    .append("</content:encoded><pubDate>Mon, 13 Jul 2026 09:00:00 +0000</pubDate></item>\n");
            n++;
        }
        return rss.append("</channel></rss>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String partnersYaml() {
        String g = good.base;
        String h = hostile.base;
        StringBuilder yaml = new StringBuilder("sources:\n");
        yaml.append(source("amnesty", "Amnesty International", "feed", g + "/en/feed/", "excerpt",
                "    filter: {categories: [Peru]}\n    regions: [national]\n    categories:\n"
                        + "      Indigenous Peoples: {topics: [indigenous-peoples]}\n"));
        yaml.append(source("amnesty-main", "Amnesty International", "feed", g + "/en/main-feed/", "excerpt",
                "    filter: {categories: [Peru]}\n"));
        yaml.append(source("amnesty-peru-news", "Amnesty International", "html", g + "/en/search/", "excerpt",
                "    html: {item: article.post--result, title: h1.post-title, link: h1.post-title a, date: span.post-byline,"
                        + " date-format: d MMMM yyyy, locale: en-GB, summary: .post-excerpt}\n"));
        yaml.append(source("amnesty-uk", "Amnesty International UK", "html", g + "/groups/south-america-team/peru", "excerpt",
                "    html: {item: div.paragraph--type--text-block, date: 'h2, h3', date-format: MMMM yyyy, locale: en-GB, summary: p}\n"));
        yaml.append(source("amnesty-auto", "Amnesty International", "auto", g + "/peru/", "excerpt", ""));
        yaml.append(source("private", "Private", "html", g + "/private/news", "excerpt",
                "    html: {item: article.post--result, title: h1.post-title, link: h1.post-title a}\n"));
        yaml.append(source("redesigned", "Redesigned", "html", h + "/redesign", "excerpt",
                "    html: {item: article.post--result, title: h1.post-title, link: h1.post-title a}\n"));
        yaml.append(source("http-429", "Hostile http-429", "feed", busy.base + "/429", "excerpt", ""));
        yaml.append(source("http-429-bare", "Hostile http-429-bare", "feed", bare.base + "/429-bare", "excerpt", ""));
        for (String[] bad : new String[][] {{"http-500", "/500"}, {"http-404", "/404"}, {"http-410", "/410"}, {"hang", "/hang"}, {"trickle", "/trickle"}, {"huge", "/huge"}, {"loop", "/loop"},
                {"ftp", "/ftp"}, {"xxe", "/xxe.xml"}, {"billion", "/billion.xml"}, {"malformed", "/malformed.xml"},
                {"html-not-feed", "/html-not-feed"}, {"empty", "/empty.xml"}, {"no-title", "/no-title.xml"},
                {"wrong-charset", "/wrong-charset.xml"}, {"userinfo", "/userinfo.xml"}}) {
            yaml.append(source(bad[0], "Hostile " + bad[0], "feed", h + bad[1], "excerpt", ""));
        }
        yaml.append(source("xss", "Hostile XSS", "feed", h + "/xss.xml", "full", "    topics: [human-rights]\n"));
        return yaml.toString();
    }

    private static String source(String id, String name, String kind, String url, String reuse, String more) {
        return "  - id: " + id + "\n    name: " + name + "\n    home: " + url + "\n    kind: " + kind + "\n    url: " + url
                + "\n    interval: 1h\n    language: en\n    reuse: " + reuse + "\n" + more;
    }

    private List<String> sourceIds() {
        return Stream.of("amnesty", "amnesty-main", "amnesty-peru-news", "amnesty-uk", "amnesty-auto", "private", "redesigned",
                "http-500", "http-404", "http-410", "http-429", "http-429-bare", "hang", "trickle", "huge", "loop", "ftp", "xxe",
                "billion", "malformed", "html-not-feed", "empty", "no-title", "wrong-charset", "xss", "userinfo").toList();
    }

    // --- helpers -----------------------------------------------------------------------------------

    private void refresh(String id) {
        HttpResponse<String> response = server.api("POST", "/api/partners/" + id + "/refresh", null);
        assertEquals(200, response.statusCode(), response.body());
    }

    private JsonObject health(String id) {
        HttpResponse<String> response = server.api("GET", "/api/partners", null);
        return new JsonObject(response.body()).getJsonArray("sources").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("id").equals(id)).findFirst().orElseThrow();
    }

    private void awaitPolled(String id) {
        await("source " + id + " polled").atMost(Duration.ofSeconds(60)).until(() -> health(id).getString("lastFetch") != null);
    }

    /** Every item of a JSON feed, following its pages. */
    private List<JsonObject> allItems(String path) {
        List<JsonObject> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            HttpResponse<String> json = server.get(path + (path.contains("?") ? "&" : "?") + "page=" + page);
            if (json.statusCode() == 404) {
                return items;
            }
            new JsonObject(json.body()).getJsonArray("items").forEach(item -> items.add((JsonObject) item));
        }
    }

    private JsonObject feedJson(String path) {
        HttpResponse<String> response = server.get(path);
        assertEquals(200, response.statusCode(), path);
        return new JsonObject(response.body());
    }

    private List<String> mails() throws IOException {
        Path dir = server.dir.resolve("data/mail");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).map(f -> {
                try {
                    return decodeSubject(Files.readString(f, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** The .eml text with a quoted-printable body made readable enough to search. */
    private static String decodeSubject(String eml) {
        return eml.replace("=\r\n", "").replace("=\n", "");
    }

}
