package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/** Pages for people and the editor's pages, over HTTP, parsed as HTML. */
class PagesIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("editor:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8));

    private static Document page(String path) {
        HttpResponse<String> response = server.get(path);
        assertEquals(200, response.statusCode(), path);
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        return Jsoup.parse(response.body(), server.base + path);
    }

    @Test
    void directoryListsEveryFeedWithAutodiscovery() {
        Document directory = page("/");
        assertEquals(3 + 12 + 28 + 1, directory.select("head link[rel=alternate][type]").size());
        assertEquals(server.base + "/feeds/all.atom", directory.selectFirst("head link[rel=alternate][type=application/atom+xml]").attr("href"));
        for (String feed : new String[] {"/feeds/all.rss", "/feeds/topics/extractive-industries.atom", "/feeds/regions/puno.json"}) {
            assertFalse(directory.select("main a[href=" + server.base + feed + "]").isEmpty(), feed);
        }
        assertTrue(directory.text().contains("Industrias extractivas"));
        assertTrue(directory.select("script").isEmpty(), "no JavaScript");
        assertTrue(server.get("/").headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
    }

    @Test
    void listingPagesLinkToNewerAndOlderPages() throws Exception {
        try (TestServer small = TestServer.start(java.util.Map.of("QUIPU_FEED_PAGE_SIZE", "5"))) {
            Document first = Jsoup.parse(small.get("/articles").body());
            assertEquals(java.util.List.of(), first.select("nav a[rel=prev]").eachAttr("href"));
            assertEquals(java.util.List.of("/articles?page=2"), first.select("nav[aria-label=Pages] a[rel=next]").eachAttr("href"));
            assertEquals("Older articles", first.selectFirst("a[rel=next]").text());
            assertEquals(5, first.select("ol.articles > li").size());
            Document second = Jsoup.parse(small.get("/articles?page=2").body());
            assertEquals(java.util.List.of("/articles"), second.select("a[rel=prev]").eachAttr("href"), "page 1 has no ?page");
            assertEquals("Newer articles", second.selectFirst("a[rel=prev]").text());
            assertEquals(java.util.List.of("/articles?page=3"), second.select("a[rel=next]").eachAttr("href"));
            Document third = Jsoup.parse(small.get("/articles?page=3").body());
            assertEquals(java.util.List.of("/articles?page=2"), third.select("a[rel=prev]").eachAttr("href"));
        }
    }

    @Test
    void topicPageAdvertisesItsOwnFeedsFirstThenItsArticles() {
        Document topic = page("/topics/extractive-industries");
        Element main = topic.selectFirst("main");
        Element firstLink = main.selectFirst("a");
        assertEquals(server.base + "/feeds/topics/extractive-industries.rss", firstLink.attr("href"));
        assertEquals(3, topic.select("head link[rel=alternate][type]").size());
        assertTrue(topic.select("ol.articles li").size() >= 3);
        assertTrue(topic.text().contains("Mining: unconvincing efforts at consultation in Espinar"));
        assertEquals(404, server.get("/topics/mining").statusCode());
        assertEquals(404, server.get("/regions/puno?page=9").statusCode());
    }

    @Test
    void articlePageShowsTheArticle() {
        Document article = page("/articles/amnesty-publishes-annual-report");
        assertEquals("Amnesty publishes annual report", article.selectFirst("h1").text());
        assertTrue(article.text().contains("Quintino Cereceda"));
        assertEquals(server.base + "/articles/amnesty-publishes-annual-report", article.selectFirst("link[rel=canonical]").attr("href"));
        assertEquals(404, server.get("/articles/no-such-article").statusCode());
    }

    @Test
    void theRedirectToAnArticlesLinkDropsItsUserInfo() {
        // stored as written (staff's url), as partner links with user-info were before they lost it on the way in
        HttpResponse<String> created = server.api("POST", "/api/articles", new JsonObject()
                .put("title", "Redirected with user-info").put("summary", "s").put("body", "b").put("published", "2025-02-03")
                .put("topics", new JsonArray().add("human-rights")).put("regions", new JsonArray()
                        .add("national")).put("language", "en").put("url", "https://www.amnesty.org@evil.example/en/latest/?id=1#top")
                .encode());
        assertEquals(201, created.statusCode(), created.body());
        try {
            HttpResponse<String> redirect = server.get("/articles/redirected-with-user-info");
            assertEquals(302, redirect.statusCode());
            assertEquals("https://evil.example/en/latest/?id=1#top", redirect.headers().firstValue("Location").orElseThrow());
        } finally {
            assertEquals(204, server.api("DELETE", "/api/articles/redirected-with-user-info", null).statusCode());
        }
    }

    @Test
    void staffPagesNeedTheTokenAsBasicPassword() {
        HttpResponse<String> none = server.get("/admin/articles");
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
        String wrong = "Basic " + Base64.getEncoder().encodeToString("editor:nope".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, server.get("/admin/articles", "Authorization", wrong).statusCode());
        HttpResponse<String> list = server.get("/admin/articles", "Authorization", BASIC);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("2017/death-penalty-debate.md"));
    }

    @Test
    void theEditorCreatesEditsAndDeletesThroughForms() {
        HttpResponse<String> invalid = form("/admin/articles/new", "title=&summary=s&published=someday&language=en&topics=corruption");
        assertEquals(400, invalid.statusCode());
        Document page = Jsoup.parse(invalid.body());
        assertTrue(page.selectFirst("#published-error").text().contains("is not a date"), invalid.body());
        assertTrue(page.selectFirst("#regions-error").text().contains("required"));
        assertEquals("s", page.selectFirst("#summary").text(), "what was typed is kept");
        assertTrue(page.selectFirst("#topics-corruption").hasAttr("checked"));

        HttpResponse<String> created = form("/admin/articles/new", "title=Civic+space+law&summary=APCI+amendment&published=2025-05-01"
                + "&language=en&topics=civic-space&regions=national&body=The+**amendment**");
        assertEquals(303, created.statusCode(), created.body());
        assertTrue(server.get("/feeds/topics/civic-space.atom").body().contains("Civic space law"));

        HttpResponse<String> edited = form("/admin/articles/civic-space-law/edit", "title=Civic+space+law+passed&summary=APCI"
                + "&published=2025-05-01&language=en&topics=civic-space&regions=national");
        assertEquals(303, edited.statusCode());
        assertTrue(server.get("/feeds/topics/civic-space.atom").body().contains("Civic space law passed"));

        assertEquals(303, form("/admin/articles/civic-space-law/delete", "").statusCode());
        assertFalse(server.get("/feeds/topics/civic-space.atom").body().contains("Civic space law"));
    }

    @Test
    void twoEditorsOnOneArticleTheLaterSaveIsRefusedAndTheirTextKept() {
        assertEquals(303, form("/admin/articles/new", "title=Mining+consultation&summary=Prior+consultation&published=2025-06-01"
                + "&language=en&topics=extractive-industries&regions=apurimac").statusCode());
        String opened = Jsoup.parse(server.get("/admin/articles/mining-consultation/edit", "Authorization", BASIC).body())
                .selectFirst("input[name=version]").attr("value");
        String fields = "&summary=Prior+consultation&published=2025-06-01&language=en&topics=extractive-industries&regions=apurimac";
        assertEquals(303, form("/admin/articles/mining-consultation/edit", "title=First+editor" + fields + "&version="
                + encode(opened)).statusCode(), "the first save");
        HttpResponse<String> later = form("/admin/articles/mining-consultation/edit", "title=Second+editor" + fields + "&version="
                + encode(opened));
        assertEquals(412, later.statusCode());
        Document page = Jsoup.parse(later.body());
        assertTrue(page.text().contains("this article was changed by admin token at ") && page.text().contains("since you opened it: nothing was saved"), page.text());
        assertEquals("Second editor", page.selectFirst("#title").attr("value"), "their text is kept to copy");
        assertTrue(server.get("/feeds/topics/extractive-industries.atom").body().contains("First editor"));
        assertFalse(server.get("/feeds/topics/extractive-industries.atom").body().contains("Second editor"));
        assertEquals(303, form("/admin/articles/mining-consultation/delete", "").statusCode());
    }

    @Test
    void theEditorKeepsADraftThenSchedulesItInLondonTime() {
        String fields = "title=Puno+water+report&summary=Lake+Titicaca&language=en&topics=environment&regions=puno";
        HttpResponse<String> drafted = form("/admin/articles/new", fields + "&published=2025-03-01&status=draft");
        assertEquals(303, drafted.statusCode(), drafted.body());
        assertEquals("/admin/articles?done=drafted+puno-water-report", drafted.headers().firstValue("Location").orElseThrow());
        Document list = Jsoup.parse(server.get("/admin/articles?done=drafted+puno-water-report", "Authorization", BASIC).body());
        assertTrue(list.selectFirst("[role=status]").text().contains("Saved as a draft: puno-water-report"), list.text());
        assertTrue(list.selectFirst("#drafts + p + table").text().contains("Draft Puno water report"), list.text());
        assertEquals(404, server.get("/articles/puno-water-report").statusCode());
        Document edit = Jsoup.parse(server.get("/admin/articles/puno-water-report/edit", "Authorization", BASIC).body());
        assertEquals("draft", edit.selectFirst("#status option[selected]").attr("value"), "the form says it is a draft");

        // next year, 08:00 London time in summer: 07:00 UTC
        String version = encode(edit.selectFirst("input[name=version]").attr("value"));
        int year = java.time.Year.now().getValue() + 1;
        HttpResponse<String> scheduled = form("/admin/articles/puno-water-report/edit", fields + "&published=" + year
                + "-07-06+08:00&status=published&version=" + version);
        assertEquals(303, scheduled.statusCode(), scheduled.body());
        assertEquals("/admin/articles?done=scheduled+puno-water-report", scheduled.headers().firstValue("Location").orElseThrow());
        assertEquals(404, server.get("/articles/puno-water-report").statusCode(), "not before its time");
        assertEquals(year + "-07-06T07:00:00Z", new io.vertx.core.json.JsonObject(server.api("GET", "/api/articles/puno-water-report",
                null).body()).getString("published"));
        edit = Jsoup.parse(server.get("/admin/articles/puno-water-report/edit", "Authorization", BASIC).body());
        assertEquals(year + "-07-06 08:00", edit.selectFirst("#published").attr("value"), "shown in London time");
        list = Jsoup.parse(server.get("/admin/articles", "Authorization", BASIC).body());
        assertTrue(list.selectFirst("#drafts + p + table").text().contains("Scheduled for " + year + "-07-06 08:00"), list.text());
        assertEquals(303, form("/admin/articles/puno-water-report/delete", "").statusCode());
    }

    @Test
    void thePreviewShowsTheArticleAsItWillLookAndSavesNothing() {
        HttpResponse<String> preview = form("/admin/articles/preview", "title=Juliaca+families+meet+ministers&summary=Families"
                + "&published=2025-02-03&language=en&topics=justice-and-impunity&regions=puno&body=They+met+**twice**");
        assertEquals(200, preview.statusCode(), preview.body());
        Document page = Jsoup.parse(preview.body());
        assertEquals("Juliaca families meet ministers", page.selectFirst("article h1").text());
        assertEquals("twice", page.selectFirst("article strong").text(), "the Markdown as it will be rendered");
        assertTrue(page.selectFirst("[role=status]").text().contains("not saved or published"), preview.body());
        assertEquals("no-store", preview.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(404, server.get("/articles/juliaca-families-meet-ministers").statusCode(), "nothing saved");

        HttpResponse<String> invalid = form("/admin/articles/preview", "title=&summary=s&published=soon&language=en");
        assertEquals(400, invalid.statusCode());
        assertTrue(Jsoup.parse(invalid.body()).selectFirst("#published-error").text().contains("is not a date"));
        String form = server.get("/admin/articles/new", "Authorization", BASIC).body();
        assertTrue(form.contains("formaction=\"/admin/articles/preview\""), form);
    }

    @Test
    void aSlugThatCannotBeOneIsRefusedNotEchoed() {
        HttpResponse<String> response = form("/admin/articles/x%22%3E%3Cimg%20src%3Dx%3E/edit", "title=t");
        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("<img"));
    }

    @Test
    void crossSiteFormPostsAreRefused() {
        HttpResponse<String> response = server.send(server.request("/admin/articles/new").header("Authorization", BASIC)
                .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("title=Evil&summary=s&published=2025-01-01&language=en"
                        + "&topics=corruption&regions=lima")).build());
        assertEquals(403, response.statusCode());
        HttpResponse<String> opaque = server.send(server.request("/admin/articles/new").header("Authorization", BASIC)
                .header("Origin", "null").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("title=Evil")).build());
        assertEquals(403, opaque.statusCode());
        assertFalse(server.get("/feeds/all.atom").body().contains("Evil"));
    }

    private static HttpResponse<String> form(String path, String body) {
        return server.send(server.request(path).header("Authorization", BASIC).header("Origin", server.base)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
