package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/** The public pages in Spanish under /es/, each naming its English twin and the twin naming it. */
class SpanishPagesIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;

    private static Document page(String path, String... headers) {
        HttpResponse<String> response = server.get(path, headers);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), path);
        return Jsoup.parse(response.body(), server.base + path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/articles", "/topics/extractive-industries", "/regions/puno",
            "/partners", "/partners/amnesty", "/subscribe", "/subscribe?topics=environment", "/subscriptions/preview?q=bambas"})
    void everyPublicPageHasASpanishTwinAndEachNamesTheOther(String path) {
        String es = "/es" + path;
        Document english = page(path);
        Document spanish = page(es);
        assertEquals("en", english.selectFirst("html").attr("lang"), path);
        assertEquals("es", spanish.selectFirst("html").attr("lang"), es);
        for (Document page : List.of(english, spanish)) {
            assertEquals(path, page.selectFirst("head link[rel=alternate][hreflang=en]").attr("href"), "hreflang en of " + path);
            assertEquals(es, page.selectFirst("head link[rel=alternate][hreflang=es]").attr("href"), "hreflang es of " + path);
        }
        Element toSpanish = english.selectFirst("header a[hreflang=es]");
        assertEquals(es, toSpanish.attr("href"));
        assertEquals("Español", toSpanish.text());
        assertEquals("es", toSpanish.attr("lang"));
        Element toEnglish = spanish.selectFirst("header a[hreflang=en]");
        assertEquals(path, toEnglish.attr("href"));
        assertEquals("English", toEnglish.text());
        assertFalse(english.selectFirst("main").text().equals(spanish.selectFirst("main").text()),
                "the Spanish page has its own words: " + spanish.selectFirst("main").text());
        // the site's own links stay in Spanish
        for (Element link : spanish.select("main a[href^=/], main form[action^=/], header a[href^=/]:not([hreflang])")) {
            String target = link.hasAttr("href") ? link.attr("href") : link.attr("action");
            assertTrue(target.startsWith("/es/") || target.startsWith("/feeds") || target.startsWith("/media/"),
                    es + " links out of Spanish: " + link.outerHtml());
        }
    }

    @Test
    void spanishPagesAreWrittenInSpanish() {
        Document directory = page("/es/");
        assertEquals("/es/", directory.selectFirst("header a").attr("href"), "the site's name leads home in Spanish");
        assertTrue(directory.selectFirst("main").text().contains("Industrias extractivas"), directory.text());
        Element region = directory.selectFirst("a[href=/es/regions/puno]");
        assertNotNull(region, "the directory links to the Spanish region pages");
        Document signUp = page("/es/subscribe");
        assertEquals("es", signUp.selectFirst("input[name=language][checked]").val(), "a sign-up in Spanish asks for Spanish emails");
        assertEquals("/es/subscriptions", signUp.selectFirst("form").attr("action"));
        Document topic = page("/es/topics/extractive-industries");
        assertEquals("Industrias extractivas", topic.selectFirst("h1").text());
        assertEquals("en", topic.selectFirst("main p.meta span[lang]").attr("lang"), "the English name, marked as English");
        Document article = page("/es/articles");
        assertTrue(article.select("ol.articles time").stream().anyMatch(time -> time.text().contains(" de ")),
                "days written the Spanish way: " + article.select("ol.articles time").eachText());
    }

    @Test
    void aSpanishArticlePageIsItsOwnCanonicalPageAndAnErrorPageLeadsHomeInSpanish() {
        Document article = page("/es/articles/amnesty-publishes-annual-report");
        assertEquals(server.base + "/es/articles/amnesty-publishes-annual-report",
                article.selectFirst("head link[rel=canonical]").attr("href"));
        assertEquals(server.base + "/es/articles/amnesty-publishes-annual-report",
                article.selectFirst("meta[property=og:url]").attr("content"));
        HttpResponse<String> missing = server.get("/es/topics/mining", "Accept", "text/html");
        assertEquals(404, missing.statusCode());
        Document error = Jsoup.parse(missing.body());
        assertEquals("es", error.selectFirst("html").attr("lang"));
        assertNotNull(error.selectFirst("main a[href=/es/]"), missing.body());
        HttpResponse<String> feed = server.get("/es/feeds/topics/mining.atom", "Accept", "text/html");
        assertEquals(404, feed.statusCode());
        assertTrue(feed.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"), "a feed's error stays text");
    }

    @Test
    void aLinkThatIsNotOursIsRefusedInSpanish() {
        HttpResponse<String> refused = server.get("/es/subscriptions/manage?token=not-a-link-of-ours");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("este enlace no es válido: puede que se haya cortado o cambiado"), refused.body());
        assertTrue(server.get("/subscriptions/manage?token=not-a-link-of-ours").body().contains("this link is not valid"));
    }

    @Test
    void theAnswerToAFormHasNoTwinToFollow() {
        HttpResponse<String> refused = server.send(server.request("/es/subscriptions")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("email=nobody&query=%22unclosed")).build());
        assertEquals(400, refused.statusCode());
        Document page = Jsoup.parse(refused.body());
        assertEquals("es", page.selectFirst("html").attr("lang"));
        assertTrue(page.select("link[hreflang], header a[hreflang]").isEmpty(), "no switch to a GET of a POST-only address");
        assertEquals("la dirección no es una dirección de correo electrónico (nombre@ejemplo.org)",
                page.selectFirst("#email-error").ownText().strip(), "the refusal in Spanish");
        assertEquals("comillas sin cerrar en la posición 1", page.selectFirst("#query-error").ownText().strip());
    }

    @Test
    void theDirectorySuggestsSpanishToASpanishBrowserWithoutSendingItThere() {
        HttpResponse<String> asked = server.get("/", "Accept-Language", "es-PE,es;q=0.9,en;q=0.5");
        assertEquals(200, asked.statusCode(), "no redirect");
        assertTrue(asked.headers().firstValue("Vary").orElseThrow().contains("Accept-Language"));
        Element suggestion = Jsoup.parse(asked.body()).selectFirst("main a[href=/es/][hreflang=es]");
        assertNotNull(suggestion, asked.body());
        assertEquals("es", suggestion.parent().attr("lang"));
        assertNull(Jsoup.parse(server.get("/", "Accept-Language", "en-GB,en;q=0.9,es;q=0.5").body())
                .selectFirst("main a[href=/es/][hreflang=es]"), "no suggestion to a browser that puts English first");
        assertNull(Jsoup.parse(server.get("/es/", "Accept-Language", "es").body()).selectFirst("main a[hreflang=en]"));
        assertNotNull(Jsoup.parse(server.get("/es/", "Accept-Language", "en").body()).selectFirst("main a[href=/][hreflang=en]"),
                "and English to an English browser on the Spanish page");
    }

    @Test
    void errorsUnderEsAreInSpanishAndEsAloneLeadsToTheSpanishDirectory() {
        HttpResponse<String> english = server.get("/topics/mining");
        HttpResponse<String> spanish = server.get("/es/topics/mining");
        assertEquals(404, english.statusCode());
        assertEquals(404, spanish.statusCode());
        assertFalse(english.body().equals(spanish.body()), spanish.body());
        assertTrue(spanish.body().contains("mining"), spanish.body());
        HttpResponse<String> bare = server.get("/es");
        assertEquals(301, bare.statusCode());
        assertEquals("/es/", bare.headers().firstValue("Location").orElseThrow());
    }
}
