package uk.org.perusupportgroup.quipu.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.rss.Channel;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import uk.org.perusupportgroup.quipu.article.Facet;
import uk.org.perusupportgroup.quipu.article.Origin;
import uk.org.perusupportgroup.quipu.article.Scope;
import uk.org.perusupportgroup.quipu.article.Term;

/** Every feed of the sample content, in every format, is what feed readers and validators expect. */
class FeedServiceTest {

    private static TestPublishing publishing;

    @BeforeAll
    static void samples() {
        publishing = new TestPublishing().withSamples();
    }

    @AfterAll
    static void close() {
        publishing.close();
    }

    static Stream<Arguments> everyFeed() {
        List<Arguments> feeds = new ArrayList<>();
        List<Scope> scopes = new ArrayList<>(List.of(Scope.ALL));
        TestPublishing vocabulary = publishing == null ? new TestPublishing() : publishing;
        for (Facet facet : Facet.values()) {
            for (Term term : vocabulary.vocabulary.terms(facet)) {
                scopes.add(Scope.of(facet, term.slug()));
            }
        }
        for (Scope scope : scopes) {
            for (FeedFormat format : FeedFormat.values()) {
                feeds.add(Arguments.of(scope.key(), format, scope));
            }
        }
        return feeds.stream();
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("everyFeed")
    void everyFeedIsValidAndHoldsItsArticles(String key, FeedFormat format, Scope scope) {
        Snapshot snapshot = publishing.feeds.snapshot(new FeedRequest(scope, Origin.ANY, format, 1)).join().orElseThrow();
        assertEquals(format.contentType(), snapshot.contentType());
        List<String> ids = FeedChecks.check(format, snapshot.body(), publishing.links.feed(scope, format));
        int expected = Math.min(30, publishing.store.count(scope, Origin.ANY));
        assertEquals(expected, ids.size(), "items in " + key);
    }

    @Test
    void theSampleTopicsAndRegionsNamedInTheIssueHaveTheirArticles() {
        assertTrue(publishing.store.count(Scope.of(Facet.TOPIC, "extractive-industries"), Origin.ANY) >= 3);
        assertTrue(publishing.store.count(Scope.of(Facet.REGION, "puno"), Origin.ANY) >= 1);
        assertTrue(publishing.store.count(Scope.of(Facet.REGION, "cusco"), Origin.ANY) >= 3);
        assertEquals(22, publishing.store.count(Scope.ALL, Origin.ANY));
        assertEquals(22, publishing.store.count(Scope.ALL, Origin.PSG));
        assertEquals(0, publishing.store.count(Scope.ALL, Origin.PARTNERS));
    }

    @Test
    void idsAreTheContractsTagIdsAndTheSameInEveryFormat() {
        Map<FeedFormat, List<String>> ids = new HashMap<>();
        for (FeedFormat format : FeedFormat.values()) {
            byte[] body = publishing.feeds.snapshot(new FeedRequest(Scope.ALL, Origin.ANY, format, 1)).join().orElseThrow().body();
            ids.put(format, FeedChecks.check(format, body, publishing.links.feed(Scope.ALL, format)));
        }
        assertEquals(ids.get(FeedFormat.ATOM), ids.get(FeedFormat.RSS));
        assertEquals(ids.get(FeedFormat.ATOM), ids.get(FeedFormat.JSON));
        assertEquals("tag:perusupportgroup.org.uk,2026-11-24:articles/accusation-against-public-prosecutor-proceeds",
                ids.get(FeedFormat.ATOM).get(0), "newest first; ties broken by slug");
        assertEquals("tag:perusupportgroup.org.uk,2026-11-24:articles/universal-periodic-review-peru-session-8-november",
                ids.get(FeedFormat.ATOM).get(1));
    }

    @Test
    void atomCarriesLanguageCategoriesSummaryAndContent() {
        byte[] body = publishing.feeds.snapshot(new FeedRequest(Scope.of(Facet.REGION, "cusco"), Origin.ANY, FeedFormat.ATOM, 1))
                .join().orElseThrow().body();
        Feed feed = (Feed) FeedChecks.rome(body);
        assertEquals("Peru Support Group: Cusco", feed.getTitle());
        var espinar = feed.getEntries().stream().filter(e -> e.getTitle().startsWith("Mining: unconvincing")).findFirst().orElseThrow();
        assertTrue(espinar.getSummary().getValue().startsWith("The huge copper enterprise in Espinar"));
        assertTrue(espinar.getContents().get(0).getValue().contains("<p>The huge copper enterprise"));
        assertTrue(espinar.getCategories().stream().anyMatch(c -> c.getTerm().equals("cusco")
                && c.getScheme().equals("tag:perusupportgroup.org.uk,2026:regions") && c.getLabel().equals("Cusco")));
        assertTrue(espinar.getCategories().stream().anyMatch(c -> c.getTerm().equals("extractive-industries")
                && c.getScheme().equals("tag:perusupportgroup.org.uk,2026:topics")));
        assertTrue(new String(body, StandardCharsets.UTF_8).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    }

    @ParameterizedTest
    @EnumSource(FeedFormat.class)
    void titlesWithMarkupCharactersAndNonLatinTextComeOutEscapedAndIntact(FeedFormat format) {
        try (TestPublishing own = new TestPublishing()) {
            String title = "Quechua <b>bold</b> & “Perú” — 日本語 · العربية";
            var outcome = own.articles.create(Map.of("title", title, "summary", "A & B < C", "body", "Text & <em>more</em>",
                    "published", "2024-05-01", "topics", List.of("human-rights"), "regions", List.of("national"), "language", "es"), "editor");
            assertTrue(outcome instanceof ArticleService.Outcome.Saved, outcome.toString());
            byte[] body = own.feeds.snapshot(new FeedRequest(Scope.ALL, Origin.ANY, format, 1)).join().orElseThrow().body();
            FeedChecks.check(format, body, own.links.feed(Scope.ALL, format));
            String parsedTitle = switch (format) {
                case RSS -> ((Channel) FeedChecks.rome(body)).getItems().get(0).getTitle();
                case ATOM -> ((Feed) FeedChecks.rome(body)).getEntries().get(0).getTitle();
                case JSON -> new JsonObject(new String(body, StandardCharsets.UTF_8)).getJsonArray("items").getJsonObject(0).getString("title");
            };
            assertEquals(title, parsedTitle);
            if (format == FeedFormat.RSS) {
                assertEquals("A &amp; B &lt; C", ((Channel) FeedChecks.rome(body)).getItems().get(0).getDescription().getValue(),
                        "the plain-text summary is escaped for RSS's HTML description");
            }
            if (format != FeedFormat.JSON) {
                assertFalse(new String(body, StandardCharsets.UTF_8).contains("<b>bold</b>"), "markup in an XML title is escaped");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FeedFormat.class)
    void olderArticlesAreReachedThroughPagedFeedLinks(FeedFormat format) {
        try (TestPublishing own = new TestPublishing()) {
            for (int i = 1; i <= 75; i++) {
                own.articles.create(Map.of("title", "Puno report " + i, "summary", "Summary " + i, "published",
                        String.format("2020-01-%02dT%02d:00:00Z", 1 + i / 24, i % 24), "topics", List.of("environment"),
                        "regions", List.of("puno"), "language", "en"), "editor");
            }
            Scope puno = Scope.of(Facet.REGION, "puno");
            List<String> seen = new ArrayList<>();
            for (int page = 1; page <= 3; page++) {
                byte[] body = own.feeds.snapshot(new FeedRequest(puno, Origin.ANY, format, page)).join().orElseThrow().body();
                String text = new String(body, StandardCharsets.UTF_8);
                seen.addAll(FeedChecks.check(format, body, own.links.feed(puno, format, Origin.ANY, page)));
                String next = own.links.feed(puno, format, Origin.ANY, page + 1).replace("&", "&amp;");
                assertEquals(page < 3, text.contains(next), "page " + page + " links to the next page only if there is one");
                if (page > 1 && format != FeedFormat.JSON) {
                    assertTrue(text.contains("rel=\"previous\""), "page " + page + " links back");
                }
            }
            assertEquals(75, seen.size());
            assertEquals(75, seen.stream().distinct().count(), "no item on two pages");
            assertTrue(own.feeds.snapshot(new FeedRequest(puno, Origin.ANY, format, 4)).join().isEmpty(), "no page 4");
        }
    }

    @Test
    void aChangeInvalidatesExactlyTheFeedsItTouches() {
        try (TestPublishing own = new TestPublishing().withSamples()) {
            FeedRequest puno = new FeedRequest(Scope.of(Facet.REGION, "puno"), Origin.ANY, FeedFormat.ATOM, 1);
            FeedRequest cusco = new FeedRequest(Scope.of(Facet.REGION, "cusco"), Origin.ANY, FeedFormat.ATOM, 1);
            FeedRequest all = new FeedRequest(Scope.ALL, Origin.ANY, FeedFormat.RSS, 1);
            Snapshot punoBefore = own.feeds.snapshot(puno).join().orElseThrow();
            Snapshot cuscoBefore = own.feeds.snapshot(cusco).join().orElseThrow();
            Snapshot allBefore = own.feeds.snapshot(all).join().orElseThrow();
            assertSame(punoBefore, ((FeedService.Cached.Ready) own.feeds.cached(puno)).snapshot(), "served from the cache");

            own.articles.create(Map.of("title", "Juliaca victims meet ministers", "summary", "New", "published", "2025-01-10",
                    "topics", List.of("justice-and-impunity"), "regions", List.of("puno"), "language", "en"), "editor");

            assertInstanceOf(FeedService.Cached.NotReady.class, own.feeds.cached(puno), "puno feed dropped");
            assertInstanceOf(FeedService.Cached.NotReady.class, own.feeds.cached(all), "all-news feed dropped");
            assertSame(cuscoBefore, ((FeedService.Cached.Ready) own.feeds.cached(cusco)).snapshot(), "cusco feed untouched");
            Snapshot punoAfter = own.feeds.snapshot(puno).join().orElseThrow();
            assertNotEquals(punoBefore.etag(), punoAfter.etag());
            assertTrue(new String(punoAfter.body(), StandardCharsets.UTF_8).contains("Juliaca victims meet ministers"));
            assertNotEquals(allBefore.etag(), own.feeds.snapshot(all).join().orElseThrow().etag());
        }
    }

    @ParameterizedTest
    @EnumSource(FeedFormat.class)
    void linksInsideContentAreAbsoluteOnTheBaseUrl(FeedFormat format) {
        try (TestPublishing own = new TestPublishing()) {
            own.articles.create(Map.of("title", "Links", "summary", "s", "body", "See [the petition](/articles/petition)"
                    + " and ![map](/images/map.png) and [elsewhere](https://example.org/x).", "published", "2024-05-01",
                    "topics", List.of("human-rights"), "regions", List.of("national"), "language", "en"), "editor");
            String body = new String(own.feeds.snapshot(new FeedRequest(Scope.ALL, Origin.ANY, format, 1)).join().orElseThrow().body(),
                    StandardCharsets.UTF_8);
            String quote = format == FeedFormat.JSON ? "\\\"" : "\"";
            assertTrue(body.contains("href=" + quote + TestPublishing.BASE + "/articles/petition" + quote), body);
            assertTrue(body.contains("src=" + quote + TestPublishing.BASE + "/images/map.png" + quote), body);
            assertTrue(body.contains("href=" + quote + "https://example.org/x" + quote));
        }
    }

    @Test
    void identicalContentGivesIdenticalBytesAndEtags() {
        FeedRequest request = new FeedRequest(Scope.ALL, Origin.ANY, FeedFormat.ATOM, 1);
        Snapshot first = publishing.feeds.render(request).orElseThrow();
        Snapshot second = publishing.feeds.render(request).orElseThrow();
        assertNotSame(first, second);
        assertTrue(java.util.Arrays.equals(first.body(), second.body()));
        assertEquals(first.etag(), second.etag());
        assertEquals(first.gzipEtag(), second.gzipEtag());
        assertNotEquals(first.etag(), first.gzipEtag(), "each encoding has its own strong ETag");
    }

    @Test
    void cachedDocumentsExpireOnTheInjectedClock() {
        try (TestPublishing own = new TestPublishing().withSamples()) {
            FeedRequest request = new FeedRequest(Scope.ALL, Origin.ANY, FeedFormat.JSON, 1);
            own.feeds.snapshot(request).join();
            assertInstanceOf(FeedService.Cached.Ready.class, own.feeds.cached(request));
            own.nanos.addAndGet(FeedService.MAX_AGE_IN_CACHE.plus(Duration.ofSeconds(1)).toNanos());
            assertInstanceOf(FeedService.Cached.NotReady.class, own.feeds.cached(request));
        }
    }

    /** Entry id → its translations as "hreflang href", read back from any format. */
    static Map<String, List<String>> translationLinks(FeedFormat format, byte[] body) {
        Map<String, List<String>> links = new HashMap<>();
        if (format == FeedFormat.JSON) {
            for (Object item : new JsonObject(new String(body, StandardCharsets.UTF_8)).getJsonArray("items")) {
                JsonObject json = (JsonObject) item;
                List<String> found = new ArrayList<>();
                for (Object translation : json.getJsonObject("_quipu").getJsonArray("translations", new io.vertx.core.json.JsonArray())) {
                    found.add(((JsonObject) translation).getString("language") + " " + ((JsonObject) translation).getString("url"));
                }
                links.put(json.getString("id"), found);
            }
            return links;
        }
        org.w3c.dom.Element root = FeedChecks.dom(body).getDocumentElement();
        boolean atom = format == FeedFormat.ATOM;
        List<org.w3c.dom.Element> entries = atom ? FeedChecks.children(root, FeedChecks.ATOM_NS, "entry")
                : FeedChecks.children(FeedChecks.children(root, null, "channel").get(0), null, "item");
        for (org.w3c.dom.Element entry : entries) {
            String id = atom ? FeedChecks.children(entry, FeedChecks.ATOM_NS, "id").get(0).getTextContent()
                    : FeedChecks.children(entry, null, "guid").get(0).getTextContent();
            List<String> found = new ArrayList<>();
            for (org.w3c.dom.Element link : FeedChecks.children(entry, FeedChecks.ATOM_NS, "link")) {
                if (link.getAttribute("rel").equals("alternate") && link.hasAttribute("hreflang")) {
                    assertEquals("text/html", link.getAttribute("type"));
                    found.add(link.getAttribute("hreflang") + " " + link.getAttribute("href"));
                }
            }
            links.put(id, found);
        }
        return links;
    }

    @ParameterizedTest
    @EnumSource(FeedFormat.class)
    void eachEntryLinksItsTranslationAndAFeedShowsTheVersionInItsLanguage(FeedFormat format) {
        try (TestPublishing own = new TestPublishing()) {
            own.articles.create(Map.of("slug", "report", "title", "Report", "summary", "s", "published", "2024-05-01",
                    "topics", List.of("human-rights"), "regions", List.of("puno"), "language", "en"), "editor");
            own.articles.create(Map.of("slug", "english-only", "title", "Only in English", "summary", "s", "published", "2024-05-02",
                    "topics", List.of("human-rights"), "regions", List.of("puno"), "language", "en"), "editor");
            FeedRequest environment = new FeedRequest(Scope.of(Facet.TOPIC, "human-rights"), Origin.ANY, format, 1);
            own.feeds.snapshot(environment).join();
            own.articles.create(Map.of("slug", "informe", "title", "Informe", "summary", "s", "published", "2024-05-03",
                    "topics", List.of("corruption"), "regions", List.of("puno"), "language", "es-PE", "translation", "report"), "editor");
            assertInstanceOf(FeedService.Cached.NotReady.class, own.feeds.cached(environment),
                    "report's topic feed is dropped: its entry now links informe");
            String report = own.store.find("report").orElseThrow().tagId(own.links.tagAuthority());
            String informe = own.store.find("informe").orElseThrow().tagId(own.links.tagAuthority());
            String englishOnly = own.store.find("english-only").orElseThrow().tagId(own.links.tagAuthority());

            FeedRequest english = new FeedRequest(Scope.of(Facet.REGION, "puno"), Origin.ANY, format, 1);
            byte[] body = own.feeds.snapshot(english).join().orElseThrow().body();
            assertEquals(List.of(englishOnly, report), FeedChecks.check(format, body, own.links.feed(english.scope(), format)),
                    "the English feed: report, not informe");
            assertEquals(Map.of(report, List.of("es-PE " + TestPublishing.BASE + "/articles/informe"), englishOnly, List.of()),
                    translationLinks(format, body));

            FeedRequest spanish = new FeedRequest(english.scope(), Origin.ANY, format, 1, uk.org.perusupportgroup.quipu.article.Language.ES);
            body = own.feeds.snapshot(spanish).join().orElseThrow().body();
            assertEquals(List.of(informe, englishOnly), FeedChecks.check(format, body,
                    own.links.feed(english.scope(), format, uk.org.perusupportgroup.quipu.article.Language.ES)),
                    "the Spanish feed: informe, not report; an article without a Spanish version stays");
            assertEquals(Map.of(informe, List.of("en " + TestPublishing.BASE + "/articles/report"), englishOnly, List.of()),
                    translationLinks(format, body));

            FeedRequest topic = new FeedRequest(environment.scope(), Origin.ANY, format, 1, uk.org.perusupportgroup.quipu.article.Language.ES);
            assertEquals(List.of(englishOnly, report), FeedChecks.check(format, own.feeds.snapshot(topic).join().orElseThrow().body(),
                    own.links.feed(topic.scope(), format, uk.org.perusupportgroup.quipu.article.Language.ES)),
                    "informe is not on human rights: its Spanish feed keeps report");
            var writtenInEnglish = new FeedRequest(english.scope(), Origin.ANY, format, 1, uk.org.perusupportgroup.quipu.article.Language.ES,
                    java.util.Optional.of(uk.org.perusupportgroup.quipu.article.Language.EN));
            assertEquals(List.of(englishOnly, report), FeedChecks.check(format, own.feeds.snapshot(writtenInEnglish).join().orElseThrow()
                    .body(), own.links.feed(english.scope(), format, Origin.ANY, 1, uk.org.perusupportgroup.quipu.article.Language.ES,
                    writtenInEnglish.written())), "?language=en: every article written in English");
        }
    }

    @Test
    void originNarrowsTheFeedAndNamesItself() {
        FeedRequest partners = new FeedRequest(Scope.ALL, Origin.PARTNERS, FeedFormat.ATOM, 1);
        byte[] body = publishing.feeds.snapshot(partners).join().orElseThrow().body();
        List<String> ids = FeedChecks.check(FeedFormat.ATOM, body, publishing.links.feed(Scope.ALL, FeedFormat.ATOM, Origin.PARTNERS, 1));
        assertTrue(ids.isEmpty(), "no partner items yet");
        assertTrue(new String(body, StandardCharsets.UTF_8).contains("<id>tag:perusupportgroup.org.uk,2026:feeds/all?origin=partners</id>"));
        FeedRequest psg = new FeedRequest(Scope.ALL, Origin.PSG, FeedFormat.ATOM, 1);
        assertEquals(22, FeedChecks.check(FeedFormat.ATOM, publishing.feeds.snapshot(psg).join().orElseThrow().body(),
                publishing.links.feed(Scope.ALL, FeedFormat.ATOM, Origin.PSG, 1)).size());
    }
}
